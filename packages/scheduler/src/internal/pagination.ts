/**
 * Pagination: one page from its wire form, and lazy Streams of pages and items.
 *
 * @internal
 */
import { Chunk, Effect, Fiber, Option, Stream } from "effect"
import { DecodeError } from "../Errors.js"
import type { Page } from "../Page.js"

/** A decoded wire page as a `Page`: an empty `next_page_token` means the last page. */
export const toPage = <A>(wire: { readonly items: ReadonlyArray<A>; readonly nextPageToken?: string }): Page<A> => ({
  items: wire.items,
  nextPageToken: wire.nextPageToken === undefined || wire.nextPageToken === ""
    ? Option.none()
    : Option.some(wire.nextPageToken)
})

/** The query of the page after `token` (the first page's query without one). */
const pageQuery = <Q extends { readonly nextPageToken?: string }>(query: Q, token: string | undefined): Q => {
  const { nextPageToken: _, ...rest } = query
  return (token === undefined ? rest : { ...rest, nextPageToken: token }) as Q
}

/** Zoom answered the token it was asked with: following it would loop forever. */
const stalled = (operation: string, page: Page<unknown>, token: string | undefined): DecodeError | undefined =>
  Option.isSome(page.nextPageToken) && page.nextPageToken.value === token
    ? new DecodeError({
      operation,
      status: 200,
      issue: "Zoom returned the same next_page_token as the request's",
      message: `${operation}: pagination does not advance`
    })
    : undefined

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
    (token: string | undefined): Effect.Effect<readonly [Page<A>, Option.Option<string | undefined>], E | DecodeError> =>
      Effect.flatMap(list(pageQuery(query, token)), (page) => {
        const error = stalled(operation, page, token)
        return error === undefined ? Effect.succeed([page, page.nextPageToken] as const) : Effect.fail(error)
      })
  )

/** Where the items stream stands: the token of the page being fetched, and its fetch when started. */
interface Ahead<A, E> {
  readonly token: string | undefined
  readonly fetching: Fiber.Fiber<Effect.Effect<Page<A>, E>, E> | undefined
}

/**
 * The items of a list, fetching `prefetch` pages ahead of the consumer.
 *
 * The next page's request starts as soon as a page is handed to the
 * consumer, in a fiber of the stream's scope (ending the stream early
 * interrupts it). What is fetched ahead is the answer's bytes
 * (`fetchAhead`'s result decodes them when run): a page becomes objects
 * only when the consumer reaches it, so one page is held decoded at a time.
 * Beyond one page, decoded pages wait in a buffer of `prefetch - 1`.
 */
export const items = <A, E, Q extends { readonly nextPageToken?: string }>(
  operation: string,
  list: (query: Q) => Effect.Effect<Page<A>, E>,
  fetchAhead: (query: Q) => Effect.Effect<Effect.Effect<Page<A>, E>, E>,
  query: Q,
  prefetch: number
): Stream.Stream<A, E | DecodeError> => {
  if (prefetch <= 0) {
    return Stream.mapConcatChunk(pages(operation, list, query), (page) => Chunk.unsafeFromArray(page.items as Array<A>))
  }
  const ahead = Stream.unwrapScoped(
    Effect.map(Effect.scope, (scope) => {
      const fetch = (token: string | undefined) => Effect.forkIn(fetchAhead(pageQuery(query, token)), scope)
      type Step = Effect.Effect<Option.Option<readonly [Chunk.Chunk<A>, Ahead<A, E> | undefined]>, E | DecodeError>
      const start: Ahead<A, E> | undefined = { token: query.nextPageToken, fetching: undefined }
      return Stream.unfoldChunkEffect(start, (state): Step => {
        if (state === undefined) return Effect.succeed(Option.none())
        return Effect.flatMap(state.fetching === undefined ? fetch(state.token) : Effect.succeed(state.fetching), (fetching) =>
          Effect.flatMap(Effect.flatten(Fiber.join(fetching)), (page): Step => {
            const error = stalled(operation, page, state.token)
            if (error !== undefined) return Effect.fail(error)
            const chunk = Chunk.unsafeFromArray(page.items as Array<A>)
            if (Option.isNone(page.nextPageToken)) {
              return Effect.succeed(Option.some([chunk, undefined] as const))
            }
            const token = page.nextPageToken.value
            return Effect.map(fetch(token), (next) => Option.some([chunk, { token, fetching: next }]))
          }))
      })
    })
  )
  return prefetch > 1 ? Stream.bufferChunks(ahead, { capacity: prefetch - 1 }) : ahead
}
