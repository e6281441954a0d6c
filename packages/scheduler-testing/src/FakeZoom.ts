/**
 * A stateful fake of Zoom's Scheduler REST API, speaking Zoom's wire format
 * (snake_case JSON under `/v2`) and Zoom's OAuth token endpoint
 * (`POST /oauth/token`). It remembers what was created, pages like Zoom,
 * expires tokens like Zoom, rate-limits like Zoom and fails like Zoom when
 * asked to.
 *
 * Two ways to run it, sharing one model:
 * - {@link layer}: an in-process `HttpClient` (no sockets) plus the
 *   {@link FakeZoom} handle, to swap in place of the real HTTP client.
 * - {@link serve}: a real `node:http` server on 127.0.0.1 (also available as
 *   the `zoom-scheduler-fake` bin).
 *
 * It serves one Zoom account by default; `seed: { accounts, installations,
 * plan }` adds accounts (one rate budget each) and OAuth installations (one
 * rotating refresh token each), observed with `accounts` and `installations`
 * on the handle.
 *
 * The fake is deliberately independent of `@effect-zoom/scheduler`: it
 * encodes the spec's constraints by hand so that it can catch the client's
 * mapping bugs.
 *
 * @example
 * ```ts
 * import { HttpClient } from "@effect/platform"
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const client = yield* HttpClient.HttpClient
 *   const response = yield* client.get("https://api.zoom.us/v2/scheduler/events?page_size=5", {
 *     headers: { authorization: "Bearer any-token" }
 *   })
 *   return yield* response.json
 * })
 *
 * Effect.runPromise(program.pipe(Effect.provide(FakeZoom.layer({ seed: { events: 20 } }))))
 * ```
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import type { Context, Effect, Layer, Scope } from "effect"
import type { FakeZoomServeError } from "./internal/errors.js"
import * as internalFake from "./internal/fake.js"
import type { FakeZoom as FakeZoomTag, FakeZoomHandle } from "./internal/handle.js"
import * as inProcess from "./internal/inProcess.js"
import * as internalServer from "./internal/server.js"
import type { Served, ServeOptions } from "./internal/server.js"
import type { FakeZoomOptions } from "./internal/types/options.js"

/**
 * Wire shapes shared by several records: a schedule's writable fields
 * (`ScheduleFields`, snake_case as in the spec), a date-time interval
 * (`Segment`) and weekly rules (`SegmentsRecurrence`).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const fields: FakeZoom.ScheduleFields = { summary: "Intro", duration: 30, capacity: 1 }
 * const weekly: FakeZoom.SegmentsRecurrence = { mon: [{ start: "09:00", end: "17:00" }] }
 * const once: FakeZoom.Segment = { start: "2030-01-07T09:00:00Z", end: "2030-01-07T12:00:00Z" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type { ScheduleFields, Segment, SegmentsRecurrence } from "./internal/model.js"

/**
 * Errors of the fake-only operations and of `serve` (see each class):
 * `FakeZoomNotFound` (404), `FakeZoomConflict` (409), `FakeZoomInvalidInput`
 * (400) and `FakeZoomServeError`.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const fake = yield* FakeZoom.FakeZoom
 *   return yield* fake.cancel("no-such-event")
 * }).pipe(Effect.catchTag("FakeZoomNotFound", (e) => Effect.succeed(e.status)))
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export { FakeZoomConflict, FakeZoomInvalidInput, FakeZoomNotFound, FakeZoomServeError } from "./internal/errors.js"

/**
 * The handle: {@link FakeZoomHandle} (control and inspection of a running
 * fake) and its service tag {@link FakeZoom}; {@link BookInput} and
 * {@link Booking} for the fake-only invitee operations.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const stats = Effect.flatMap(FakeZoom.FakeZoom, (fake) => fake.stats)
 * ```
 *
 * @since 0.1.0
 * @category handle
 */
export { FakeZoom } from "./internal/handle.js"
export type { Booking, BookInput, FakeZoomHandle } from "./internal/handle.js"

/**
 * Operation names (`OperationName`, `Endpoint`) and the list of the 21
 * operations (`operations`).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const op: FakeZoom.OperationName = FakeZoom.operations[0]
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export { operations } from "./internal/types/operations.js"
export type { Endpoint, OperationName } from "./internal/types/operations.js"

/**
 * Faults to inject (`Fault` and its constructors) and which requests they
 * apply to (`FaultSpec`).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const spec: FakeZoom.FaultSpec = { operation: "events.list", fault: FakeZoom.Fault.status(503) }
 * ```
 *
 * @since 0.1.0
 * @category faults
 */
export { Fault } from "./internal/types/faults.js"
export type { FaultSpec } from "./internal/types/faults.js"

/**
 * Seeding: counts of generated data and tenants (`SeedOptions`), explicit
 * records (`Seeder`, `SeedAttendeeInput`).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const seed: FakeZoom.SeedOptions = { events: 100, accounts: 2, installations: 4, plan: "free" }
 * ```
 *
 * @since 0.1.0
 * @category seeding
 */
export type { SeedAttendeeInput, Seeder, SeedOptions } from "./internal/types/seed.js"

/**
 * The fake's options and their parts.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const options: FakeZoom.FakeZoomOptions = { rateLimits: { plan: "pro" }, auth: "strict" }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export type {
  FakeZoomOptions,
  OAuthClientOptions,
  OAuthOptions,
  RateLimitOptions,
  StaticToken,
  WebhookOptions
} from "./internal/types/options.js"

/**
 * Snapshots of the fake's state in wire shape.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const ids = (s: FakeZoom.Snapshot) => s.events.map((e) => e.event_id)
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export type {
  AttendeeSnapshot,
  AvailabilitySnapshot,
  ScheduledEventSnapshot,
  ScheduleSnapshot,
  Snapshot,
  UserSnapshot
} from "./internal/types/snapshots.js"

/**
 * Observations: the request log, the counters and the webhook deliveries.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const served = (stats: FakeZoom.FakeZoomStats) => stats.requests
 * ```
 *
 * @since 0.1.0
 * @category observations
 */
export type { FakeZoomStats, RequestLogEntry, WebhookDelivery, WebhookEventName } from "./internal/types/observations.js"

/**
 * Tenants: Zoom accounts (one rate budget each, from a `Plan`), OAuth
 * installations (one rotating refresh token each) and their counters.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const spentTwice = (installations: ReadonlyArray<FakeZoom.InstallationSnapshot>) =>
 *   installations.filter((i) => i.counters.reusedRefreshTokens > 0)
 * ```
 *
 * @since 0.1.0
 * @category tenants
 */
export type { AccountSnapshot, InstallationSnapshot, Plan, TenantCounters } from "./internal/types/tenants.js"

/**
 * Options of {@link serve} and the running server it returns.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const options: FakeZoom.ServeOptions = { port: 0, host: "127.0.0.1", seed: { events: 10 } }
 * const baseUrl = (served: FakeZoom.Served) => `${served.url}/v2`
 * ```
 *
 * @since 0.1.0
 * @category server
 */
export type { Served, ServeOptions } from "./internal/server.js"

// ---------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------

/**
 * Creates a fake (model, token store, limits, faults, webhooks). The scope
 * bounds in-flight webhook deliveries.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const fake = yield* FakeZoom.make({ seed: { events: 5 } })
 *   const client = FakeZoom.httpClient(fake)
 *   return yield* client.get("https://api.zoom.us/v2/scheduler/users/me", {
 *     headers: { authorization: "Bearer x" }
 *   })
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: FakeZoomOptions = {}): Effect.Effect<FakeZoomHandle, never, Scope.Scope> =>
  internalFake.make(options)

/**
 * An in-process `HttpClient` answering from a fake's model: it routes on the
 * path (`/v2/...` and `/oauth/token`) whatever the host, so a client can keep
 * `https://api.zoom.us/v2` and `https://zoom.us/oauth/token`.
 *
 * @example
 * ```ts
 * import { HttpClient } from "@effect/platform"
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect, Layer } from "effect"
 *
 * // Share one model between two layers.
 * const shared = Layer.scopedContext(
 *   Effect.map(FakeZoom.make(), (fake) => FakeZoom.context(fake))
 * )
 * const clientOnly = (fake: FakeZoom.FakeZoomHandle) => Layer.succeed(HttpClient.HttpClient, FakeZoom.httpClient(fake))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const httpClient = (fake: FakeZoomHandle): HttpClient.HttpClient => inProcess.httpClient(fake)

/**
 * The context a {@link layer} provides for an existing handle: the handle
 * and its in-process `HttpClient`.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect, Layer } from "effect"
 *
 * const layer = Layer.scopedContext(Effect.map(FakeZoom.make({ seed: { events: 3 } }), FakeZoom.context))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const context = (fake: FakeZoomHandle): Context.Context<FakeZoomTag | HttpClient.HttpClient> =>
  inProcess.context(fake)

/**
 * The fake as a layer: an in-process `HttpClient.HttpClient` (no sockets)
 * answering like Zoom, and the {@link FakeZoom} handle to seed, inject faults
 * and inspect. Swap it in with one line in place of the real HTTP client.
 *
 * Time comes from Effect's `Clock`: under `TestClock` (`it.effect`), tokens
 * expire, rate limits reset and latency faults elapse with `TestClock.adjust`.
 *
 * @example
 * ```ts
 * import { HttpClient } from "@effect/platform"
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const http = yield* HttpClient.HttpClient
 *   const response = yield* http.get("https://api.zoom.us/v2/scheduler/schedules", {
 *     headers: { authorization: "Bearer test" }
 *   })
 *   return response.status
 * })
 *
 * Effect.runPromise(program.pipe(Effect.provide(FakeZoom.layer({ seed: { schedulesPerUser: 3 } }))))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: FakeZoomOptions = {}): Layer.Layer<FakeZoomTag | HttpClient.HttpClient> =>
  inProcess.layer(options)

/**
 * Runs the fake on a real `node:http` server (keep-alive on) until the scope
 * closes; closing also destroys open keep-alive connections. Requests run on
 * the runtime of the calling fiber (its `Clock` included): use a live clock
 * (`it.live`/`it.scopedLive`) when going over real sockets.
 *
 * `oauth.apiUrl` defaults to the server's URL.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const { url } = yield* FakeZoom.serve({ port: 0, seed: { events: 10 } })
 *   const response = yield* Effect.promise(() =>
 *     fetch(`${url}/v2/scheduler/events`, { headers: { authorization: "Bearer x" } })
 *   )
 *   return response.status
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.1.0
 * @category server
 */
export const serve = (options: ServeOptions = {}): Effect.Effect<Served, FakeZoomServeError, Scope.Scope> =>
  internalServer.serve(options)
