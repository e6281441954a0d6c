/**
 * One page of a paginated list.
 *
 * @since 0.1.0
 */
import type * as Option from "effect/Option"

/**
 * One page of results: its `items` and the token of the next page, if any.
 * Pass `nextPageToken` back as the `nextPageToken` query option to resume.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const firstTwoPages = Effect.gen(function* () {
 *   const zoom = yield* ZoomScheduler.ZoomScheduler
 *   const first = yield* zoom.events.list({ pageSize: 100 })
 *   if (Option.isNone(first.nextPageToken)) return first.items
 *   const second = yield* zoom.events.list({ pageSize: 100, nextPageToken: first.nextPageToken.value })
 *   return [...first.items, ...second.items]
 * })
 * ```
 *
 * @since 0.1.0
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly nextPageToken: Option.Option<string>
}
