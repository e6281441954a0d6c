/**
 * Test kit for `@effect-zoom/scheduler`.
 *
 * @since 0.1.0
 */

/**
 * The stateful fake Zoom Scheduler: an in-process `HttpClient` layer
 * (`FakeZoom.layer`), a loopback server (`FakeZoom.serve`) and the handle to
 * seed it, inject faults and inspect it (`FakeZoom.FakeZoom`).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const TestHttp = FakeZoom.layer({ seed: { events: 50 } })
 * ```
 *
 * @since 0.1.0
 */
export * as FakeZoom from "./FakeZoom.js"

/**
 * Stub layers: a `ZoomScheduler` from a partial implementation, for quick
 * tests of one call; unprovided operations die naming themselves.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Stub } from "@effect-zoom/scheduler-testing"
 *
 * const TestZoom = Stub.layer({ events: { list: () => Effect.succeed(Stub.page([])) } })
 * ```
 *
 * @since 0.1.0
 */
export * as Stub from "./Stub.js"
