/**
 * Stub layers: a `ZoomScheduler` built from the few operations a test needs.
 *
 * Any operation the test did not provide dies with a defect naming it, so a
 * test never passes by accident through an operation it forgot to stub.
 * When a group's `list` is given but not its `stream` or `pages`, those are
 * derived from `list`, following `nextPageToken` like the real client.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 * import { Stub } from "@effect-zoom/scheduler-testing"
 *
 * const TestZoom = Stub.layer({
 *   events: { list: () => Effect.succeed({ items: [], nextPageToken: Option.none() }) }
 * })
 *
 * const program = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.list())
 * Effect.runPromise(program.pipe(Effect.provide(TestZoom)))
 * ```
 *
 * @since 0.1.0
 */
import { ZoomScheduler } from "@effect-zoom/scheduler"
import type { Page } from "@effect-zoom/scheduler"
import { Chunk, Effect, Layer, Option, Stream } from "effect"

type Service = ZoomScheduler.Service

/**
 * Any subset of the client's operations, grouped like the client.
 *
 * @since 0.1.0
 */
export type PartialService = {
  readonly [G in keyof Service]?: { readonly [O in keyof Service[G]]?: Service[G][O] }
}

/** Every method of the client, derived from the endpoint tables. */
const operations = ZoomScheduler.operations

const streaming = new Set(["stream", "pages"])

const missing = (name: string): string =>
  `ZoomScheduler stub: ${name} was not provided; add it to Stub.layer({ ... }) or use FakeZoom`

type ListFn = (query?: { readonly nextPageToken?: string }) => Effect.Effect<Page.Page<unknown>, unknown>

const pagesFrom = (list: ListFn) => (query: { readonly nextPageToken?: string } = {}) =>
  Stream.paginateEffect(query.nextPageToken, (token: string | undefined) =>
    Effect.map(
      list(token === undefined ? query : { ...query, nextPageToken: token }),
      (page) => [page, page.nextPageToken] as const
    ))

/**
 * Builds a client from a partial implementation; see the module docs.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Errors, ZoomScheduler } from "@effect-zoom/scheduler"
 * import { Stub } from "@effect-zoom/scheduler-testing"
 *
 * const zoom = Stub.make({
 *   events: { get: (id) => Effect.fail(new Errors.NotFound({ operation: "events.get", resource: "event", id, message: "gone" })) }
 * })
 * ```
 *
 * @since 0.1.0
 */
export const make = (implementation: PartialService): Service => {
  const service: Record<string, Record<string, unknown>> = {}
  for (const group of Object.keys(operations) as Array<keyof Service>) {
    const given = (implementation[group] ?? {}) as Record<string, unknown>
    const built: Record<string, unknown> = {}
    for (const op of operations[group] as ReadonlyArray<string>) {
      const name = `${group}.${op}`
      const provided = given[op]
      if (provided !== undefined) {
        built[op] = provided
      } else if (streaming.has(op) && typeof given.list === "function") {
        const pages = pagesFrom(given.list as ListFn)
        built[op] = op === "pages"
          ? pages
          : (query?: { readonly nextPageToken?: string }) =>
            Stream.mapConcatChunk(pages(query), (page) => Chunk.fromIterable(page.items))
      } else {
        built[op] = streaming.has(op) ? () => Stream.dieMessage(missing(name)) : () => Effect.dieMessage(missing(name))
      }
    }
    service[group] = built
  }
  return service as unknown as Service
}

/**
 * The client as a layer built from a partial implementation.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "@effect-zoom/scheduler"
 * import { Stub } from "@effect-zoom/scheduler-testing"
 *
 * const TestZoom = Stub.layer({
 *   users: { get: () => Effect.succeed(new Users.User({ displayName: "Jane" })) }
 * })
 * ```
 *
 * @since 0.1.0
 */
export const layer = (implementation: PartialService): Layer.Layer<ZoomScheduler.ZoomScheduler> =>
  Layer.succeed(ZoomScheduler.ZoomScheduler, make(implementation))

/**
 * A page, for stubs: `Stub.page(items)` is the last page, `Stub.page(items, "token")` has a next one.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Events } from "@effect-zoom/scheduler"
 * import { Stub } from "@effect-zoom/scheduler-testing"
 *
 * const TestZoom = Stub.layer({
 *   events: { list: () => Effect.succeed(Stub.page([new Events.ScheduledEvent({ eventId: "evt-1" })])) }
 * })
 * ```
 *
 * @since 0.1.0
 */
export const page = <A>(items: ReadonlyArray<A>, nextPageToken?: string): Page.Page<A> => ({
  items,
  nextPageToken: Option.fromNullable(nextPageToken)
})
