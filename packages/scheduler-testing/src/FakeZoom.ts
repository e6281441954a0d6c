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

export type {
  /**
   * The writable properties of a schedule, as stored (snake_case).
   * @since 0.1.0
   * @category models
   */
  ScheduleFields,
  /**
   * A date-time interval `{ start, end }` (RFC 3339 strings).
   * @since 0.1.0
   * @category models
   */
  Segment,
  /**
   * Weekly recurrence rules (`segments_recurrence`).
   * @since 0.1.0
   * @category models
   */
  SegmentsRecurrence
} from "./internal/model.js"

export {
  /**
   * The fake-only operation conflicts with the state (HTTP 409 in Zoom's terms), e.g.
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
   * @since 0.1.0
   * @category errors
   */
  FakeZoomConflict,
  /**
   * An argument of a fake-only operation is invalid (HTTP 400 in Zoom's terms).
   * @since 0.1.0
   * @category errors
   */
  FakeZoomInvalidInput,
  /**
   * A resource the fake-only operation refers to does not exist (HTTP 404 in Zoom's terms).
   * @since 0.1.0
   * @category errors
   */
  FakeZoomNotFound,
  /**
   * The loopback server could not listen (e.g.
   * @since 0.1.0
   * @category errors
   */
  FakeZoomServeError
} from "./internal/errors.js"

export {
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
   * @since 0.1.0
   * @category handle
   */
  FakeZoom
} from "./internal/handle.js"
export type {
  /**
   * The result of {
   * @since 0.1.0
   */
  Booking,
  /**
   * A booking made by the fake playing the invitee.
   * @since 0.1.0
   */
  BookInput,
  /**
   * Control and inspection of a running fake.
   * @since 0.1.0
   */
  FakeZoomHandle
} from "./internal/handle.js"

export {
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
   * @since 0.1.0
   * @category operations
   */
  operations
} from "./internal/types/operations.js"
export type {
  /**
   * Every endpoint the fake serves:
   * @since 0.1.0
   */
  Endpoint,
  /**
   * The canonical names of the 21 Scheduler operations, used for fault injection, the request log and the stats.
   * @since 0.1.0
   */
  OperationName
} from "./internal/types/operations.js"

export {
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
   * @since 0.1.0
   * @category faults
   */
  Fault
} from "./internal/types/faults.js"
export type {
  /**
   * Which requests a fault applies to:
   * @since 0.1.0
   */
  FaultSpec
} from "./internal/types/faults.js"

export type {
  /**
   * An attendee of a seeded event (wire field names).
   * @since 0.1.0
   * @category seeding
   */
  SeedAttendeeInput,
  /**
   * Explicit data for a `seed` function:
   * @since 0.1.0
   * @category seeding
   */
  Seeder,
  /**
   * Counts of generated data.
   * @since 0.1.0
   * @category seeding
   */
  SeedOptions
} from "./internal/types/seed.js"

export type {
  /**
   * Options of the fake.
   * @since 0.1.0
   * @category options
   */
  FakeZoomOptions,
  /**
   * An OAuth client the token endpoint accepts (HTTP Basic auth).
   * @since 0.1.0
   * @category options
   */
  OAuthClientOptions,
  /**
   * The token endpoint's configuration.
   * @since 0.1.0
   * @category options
   */
  OAuthOptions,
  /**
   * Rate limits of the default account (off by default), also the limits of seeded accounts that name no `plan`.
   * @since 0.1.0
   * @category options
   */
  RateLimitOptions,
  /**
   * A static access token accepted by the API (for any auth mode).
   * @since 0.1.0
   * @category options
   */
  StaticToken,
  /**
   * A webhook subscription:
   * @since 0.1.0
   * @category options
   */
  WebhookOptions
} from "./internal/types/options.js"

export type {
  /**
   * An attendee in a {
   * @since 0.1.0
   * @category snapshots
   */
  AttendeeSnapshot,
  /**
   * An availability schedule in a {
   * @since 0.1.0
   * @category snapshots
   */
  AvailabilitySnapshot,
  /**
   * A scheduled event in a {
   * @since 0.1.0
   * @category snapshots
   */
  ScheduledEventSnapshot,
  /**
   * A schedule in a {
   * @since 0.1.0
   * @category snapshots
   */
  ScheduleSnapshot,
  /**
   * The fake's whole state, in wire shape, for assertions.
   * @since 0.1.0
   * @category snapshots
   */
  Snapshot,
  /**
   * A user in a {
   * @since 0.1.0
   * @category snapshots
   */
  UserSnapshot
} from "./internal/types/snapshots.js"

export type {
  /**
   * Counters for assertions.
   * @since 0.1.0
   * @category observations
   */
  FakeZoomStats,
  /**
   * One logged request.
   * @since 0.1.0
   * @category observations
   */
  RequestLogEntry,
  /**
   * A webhook delivery and its attempts.
   * @since 0.1.0
   * @category observations
   */
  WebhookDelivery,
  /**
   * The two webhook events the fake sends.
   * @since 0.1.0
   * @category observations
   */
  WebhookEventName
} from "./internal/types/observations.js"

export type {
  /**
   * A Zoom account:
   * @since 0.1.0
   * @category tenants
   */
  AccountSnapshot,
  /**
   * An OAuth installation:
   * @since 0.1.0
   * @category tenants
   */
  InstallationSnapshot,
  /**
   * A Zoom plan, which sets an account's LIGHT-category rate limits:
   * @since 0.1.0
   * @category tenants
   */
  Plan,
  /**
   * Counters of one account or one installation.
   * @since 0.1.0
   * @category tenants
   */
  TenantCounters
} from "./internal/types/tenants.js"

export type {
  /**
   * A running loopback server.
   * @since 0.1.0
   * @category server
   */
  Served,
  /**
   * Options of {
   * @since 0.1.0
   * @category server
   */
  ServeOptions
} from "./internal/server.js"

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
