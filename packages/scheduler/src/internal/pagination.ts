/**
 * Pagination: one page from its wire form, and lazy Streams of pages and items.
 *
 * @internal
 */
import { Chunk, Effect, Option, Stream } from "effect"
import { DecodeError } from "../Errors.js"
import type { Page } from "../Page.js"

/** A decoded wire page as a `Page`: an empty `next_page_token` means the last page. */
export const toPage = <A>(wire: { readonly items: ReadonlyArray<A>; readonly nextPageToken?: string }): Page<A> => ({
  items: wire.items,
  nextPageToken: wire.nextPageToken === undefined || wire.nextPageToken === ""
    ? Option.none()
    : Option.some(wire.nextPageToken)
})

/**
 * The pages of a list, fetched one at a time as the consumer pulls, starting
 * from `query.nextPageToken` when given. A page token that repeats the one
 * just used fails the stream instead of looping forever.
 */
export const pages = <A, E, Q extends { readonly nextPageToken?: string }>(
  operation: string,
  list: (query: Q) => Effect.Effect<Page<A>, E>,
  query: Q
): Stream.Stream<Page<A>, E | DecodeError> =>
  Stream.paginateEffect(
    query.nextPageToken,
    (token: string | undefined): Effect.Effect<readonly [Page<A>, Option.Option<string | undefined>], E | DecodeError> => {
      const { nextPageToken: _, ...rest } = query
      const pageQuery = (token === undefined ? rest : { ...rest, nextPageToken: token }) as Q
      return Effect.flatMap(list(pageQuery), (page) =>
        Option.isSome(page.nextPageToken) && page.nextPageToken.value === token
          ? Effect.fail(
            new DecodeError({
              operation,
              status: 200,
              issue: "Zoom returned the same next_page_token as the request's",
              message: `${operation}: pagination does not advance`
            })
          )
          : Effect.succeed([page, page.nextPageToken] as const))
    }
  )

/** The items of a stream of pages, fetching `prefetch` pages ahead of the consumer. */
export const items = <A, E>(pageStream: Stream.Stream<Page<A>, E>, prefetch: number): Stream.Stream<A, E> =>
  (prefetch > 0 ? Stream.buffer(pageStream, { capacity: prefetch }) : pageStream).pipe(
    Stream.mapConcatChunk((page) => Chunk.unsafeFromArray(page.items as Array<A>))
  )
