/**
 * Pagination: one page from its wire form, and lazy Streams of pages and items.
 *
 * @internal
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { DecodeError } from "../Errors.js"
import type { Page } from "../Page.js"

/** A decoded wire page as a `Page`: an empty `next_page_token` means the last page. */
export const toPage = <A>(wire: { readonly items: ReadonlyArray<A>; readonly nextPageToken?: string }): Page<A> => ({
  items: wire.items,
  nextPageToken: wire.nextPageToken === undefined || wire.nextPageToken === ""
    ? Option.none()
    : Option.some(wire.nextPageToken)
})

/** A page fetched ahead: the next page token its first bytes hint at, and its decoding. */
export interface FetchedAhead<A, E> {
  readonly hint: string | undefined
  readonly page: Effect.Effect<Page<A>, E>
}

/** The query of the page after `token` (the first page's query without one). */
const pageQuery = <Q extends { readonly nextPageToken?: string }>(query: Q, token: string | undefined): Q => {
  const { nextPageToken: _, ...rest } = query
  return (token === undefined ? rest : { ...rest, nextPageToken: token }) as Q
}

/** Tokens remembered exactly (the most recent ones): any cycle up to this length is caught at its first repeat. */
const recentTokens = 64

/** At most this much of a token is shown in an error. */
const shownTokenLength = 40

const showToken = (token: string): string =>
  JSON.stringify(token.length > shownTokenLength ? `${token.slice(0, shownTokenLength)}…` : token)

/**
 * Watches the page tokens of one stream for a cycle, in bounded memory: the
 * last {@link recentTokens} tokens are remembered exactly, and Brent's
 * algorithm (one saved token, moved at powers of two) catches a longer
 * cycle within about twice its length plus its start. `follow` is told each
 * page's `next_page_token`, in order, and returns the error that ends the
 * stream when the token was seen before.
 */
const cycleWatch = (operation: string, start: string | undefined) => {
  const recent = new Map<string, number>()
  if (start !== undefined) recent.set(start, 0)
  let page = 0
  let saved = start
  let savedAt = 0
  let power = 1
  let steps = 0
  const cycle = (token: string, first: number): DecodeError =>
    new DecodeError({
      operation,
      status: 200,
      issue: `page ${page} answered next_page_token ${showToken(token)}, which ${
        first === 0 ? "the stream started from" : `page ${first} answered already`
      }: following it would repeat pages ${first + 1} to ${page} forever (a cycle of ${page - first} page${
        page - first === 1 ? "" : "s"
      })`,
      message: `${operation}: pagination loops (a cycle of ${page - first} page${page - first === 1 ? "" : "s"})`
    })
  return {
    /** Whether following `token` next would be a cycle (nothing is recorded). */
    repeats: (token: string): boolean => recent.has(token) || saved === token,
    follow: (next: Option.Option<string>): DecodeError | undefined => {
      page++
      if (Option.isNone(next)) return undefined
      const token = next.value
      const first = recent.get(token)
      if (first !== undefined) return cycle(token, first)
      if (saved === token) return cycle(token, savedAt)
      recent.set(token, page)
      if (recent.size > recentTokens) {
        const oldest = recent.keys().next()
        if (oldest.done !== true) recent.delete(oldest.value)
      }
      if (++steps === power) {
        saved = token
        savedAt = page
        power *= 2
        steps = 0
      }
      return undefined
    }
  }
}

/**
 * The pages of a list, fetched one at a time as the consumer pulls, starting
 * from `query.nextPageToken` when given. A page token seen before in the
 * same stream (a cycle of any length) fails the stream with a `DecodeError`
 * naming the cycle, instead of looping forever.
 */
export const pages = <A, E, Q extends { readonly nextPageToken?: string }>(
  operation: string,
  list: (query: Q) => Effect.Effect<Page<A>, E>,
  query: Q
): Stream.Stream<Page<A>, E | DecodeError> =>
  Stream.suspend(() => {
    const watch = cycleWatch(operation, query.nextPageToken)
    return Stream.paginateEffect(
      query.nextPageToken,
      (token: string | undefined): Effect.Effect<readonly [Page<A>, Option.Option<string | undefined>], E | DecodeError> =>
        Effect.flatMap(list(pageQuery(query, token)), (page) => {
          const error = watch.follow(page.nextPageToken)
          return error === undefined ? Effect.succeed([page, page.nextPageToken] as const) : Effect.fail(error)
        })
    )
  })

/** `setImmediate` where it exists (Node, Bun, Deno), looked up once; the core imports nothing platform-specific. */
const immediate = globalThis as {
  readonly setImmediate?: (task: () => void) => unknown
  readonly clearImmediate?: (handle: unknown) => void
}

/** Runs `task` on a later turn of the event loop: `setImmediate` where it exists, else a 0 ms timer. */
const laterTurn: (task: () => void) => () => void =
  immediate.setImmediate !== undefined && immediate.clearImmediate !== undefined
    ? ((set, clear) => (task) => {
      const handle = set(task)
      return () => clear(handle)
    })(immediate.setImmediate, immediate.clearImmediate)
    : (task) => {
      const handle = setTimeout(task, 0)
      return () => clearTimeout(handle)
    }

/**
 * Resumes two turns of the event loop later, once the I/O queued meanwhile
 * has gone out: the fibers started now run first (they are microtasks), and
 * what they queue for the next turn (undici's write of a request) runs
 * before the second turn.
 */
const nextTurn: Effect.Effect<void> = Effect.async<void>((resume) => {
  let cancel = laterTurn(() => {
    cancel = laterTurn(() => resume(Effect.void))
  })
  return Effect.sync(() => cancel())
})

/** Where the items stream stands: the token of the page being fetched, and its fetch when started. */
interface Ahead<A, E> {
  readonly token: string | undefined
  readonly fetching: Fiber.Fiber<FetchedAhead<A, E>, E> | undefined
}

/**
 * The items of a list, fetching `prefetch` pages ahead of the consumer.
 *
 * What is fetched ahead is the answer's bytes (`fetchAhead`'s result decodes
 * them when run): a page becomes objects only when the consumer reaches it,
 * so one page is held decoded at a time. When a page is reached, the
 * request for the next one is sent first, from a fiber of the stream's scope
 * (ending the stream early interrupts it), with the token its bytes hint at
 * (`tokenHint`); then the page is decoded and handed over, so the next
 * page's wait overlaps both the decoding and the consumer's work. The
 * decoded page's token is the authority: a hint that differs is dropped (its
 * request interrupted) and the next page fetched with the decoded token.
 * Beyond one page, decoded pages wait in a buffer of `prefetch - 1`.
 */
export const items = <A, E, Q extends { readonly nextPageToken?: string }>(
  operation: string,
  list: (query: Q) => Effect.Effect<Page<A>, E>,
  fetchAhead: (query: Q) => Effect.Effect<FetchedAhead<A, E>, E>,
  query: Q,
  prefetch: number
): Stream.Stream<A, E | DecodeError> => {
  if (prefetch <= 0) {
    return Stream.mapConcatChunk(pages(operation, list, query), (page) => Chunk.unsafeFromArray(page.items as Array<A>))
  }
  const ahead = Stream.unwrapScoped(
    Effect.map(Effect.scope, (scope) => {
      const fetch = (token: string | undefined) => Effect.forkIn(fetchAhead(pageQuery(query, token)), scope)
      // The fork only runs once this fiber yields, and undici writes a request on a later turn of the
      // event loop: waiting for that turn before the page is decoded and handed over puts the request
      // on the wire first, even when the consumer's work is synchronous CPU (which lets nothing else
      // run until it ends).
      const fetchSent = (token: string) => Effect.zipLeft(fetch(token), nextTurn)
      type Step = Effect.Effect<Option.Option<readonly [Chunk.Chunk<A>, Ahead<A, E> | undefined]>, E | DecodeError>
      const start: Ahead<A, E> | undefined = { token: query.nextPageToken, fetching: undefined }
      const watch = cycleWatch(operation, query.nextPageToken)
      return Stream.unfoldChunkEffect(start, (state): Step => {
        if (state === undefined) return Effect.succeed(Option.none())
        return Effect.flatMap(state.fetching === undefined ? fetch(state.token) : Effect.succeed(state.fetching), (fetching) =>
          Effect.flatMap(Fiber.join(fetching), (fetched): Step => {
            // a hint that would repeat a page is not sent on: decoding will tell whether it is a cycle
            const hint = fetched.hint === undefined || watch.repeats(fetched.hint) ? undefined : fetched.hint
            const hinted = hint === undefined ? Effect.succeed(undefined) : fetchSent(hint)
            return Effect.flatMap(hinted, (early) =>
              Effect.flatMap(
                Effect.onError(fetched.page, () => early === undefined ? Effect.void : Fiber.interrupt(early)),
                (page): Step => {
                  const error = watch.follow(page.nextPageToken)
                  const chunk = Chunk.unsafeFromArray(page.items as Array<A>)
                  const token = Option.getOrUndefined(page.nextPageToken)
                  const emit = (next: Ahead<A, E> | undefined): Step =>
                    error !== undefined ? Effect.fail(error) : Effect.succeed(Option.some([chunk, next] as const))
                  if (early !== undefined && token === hint) return emit({ token, fetching: early })
                  // no hint, or a wrong one: the next page is fetched with the decoded token
                  const dropped = early === undefined ? Effect.void : Fiber.interrupt(early)
                  if (token === undefined || error !== undefined) return Effect.zipRight(dropped, emit(undefined))
                  return Effect.zipRight(dropped, Effect.flatMap(fetchSent(token), (next) => emit({ token, fetching: next })))
                }
              ))
          }))
      })
    })
  )
  return prefetch > 1 ? Stream.bufferChunks(ahead, { capacity: prefetch - 1 }) : ahead
}
