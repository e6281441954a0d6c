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
import type { Duration, Option, Redacted, Scope } from "effect"
import { Context, Effect, Layer } from "effect"
import type { FakeZoomConflict, FakeZoomInvalidInput, FakeZoomNotFound, FakeZoomServeError } from "./internal/errors.js"
import * as internalClient from "./internal/client.js"
import * as internalFake from "./internal/fake.js"
import type { ScheduleFields, Segment, SegmentsRecurrence } from "./internal/model.js"
import * as internalServer from "./internal/server.js"

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

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

/**
 * The canonical names of the 21 Scheduler operations, used for fault
 * injection, the request log and the stats.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const op: FakeZoom.OperationName = "events.list"
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export type OperationName =
  | "users.get"
  | "analytics.report"
  | "availability.list"
  | "availability.create"
  | "availability.get"
  | "availability.update"
  | "availability.delete"
  | "schedules.list"
  | "schedules.create"
  | "schedules.get"
  | "schedules.update"
  | "schedules.delete"
  | "schedules.singleUseLink"
  | "events.list"
  | "events.get"
  | "events.update"
  | "events.delete"
  | "events.getAttendee"
  | "routingForms.getResponse"
  | "shares.create"
  | "teams.list"

/**
 * Every endpoint the fake serves: the 21 operations plus the OAuth token and authorization endpoints.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const tokenEndpoint: FakeZoom.Endpoint = "oauth.token"
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export type Endpoint = OperationName | "oauth.token" | "oauth.authorize"

/**
 * The 21 operation names, in the spec's grouping order.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * console.log(FakeZoom.operations.length) // 21
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export const operations: ReadonlyArray<OperationName> = [
  "users.get",
  "analytics.report",
  "availability.list",
  "availability.create",
  "availability.get",
  "availability.update",
  "availability.delete",
  "schedules.list",
  "schedules.create",
  "schedules.get",
  "schedules.update",
  "schedules.delete",
  "schedules.singleUseLink",
  "events.list",
  "events.get",
  "events.update",
  "events.delete",
  "events.getAttendee",
  "routingForms.getResponse",
  "shares.create",
  "teams.list"
]

// ---------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------

/**
 * A fault to inject into the next matching request(s):
 * - `Status`: answer with this status (JSON body `{ code, message }` unless
 *   `body` is given; a string body is sent as text). The request is not processed.
 * - `Latency`: wait `duration` (Effect `Clock`, so `TestClock` drives it
 *   in-process), then process the request normally.
 * - `Drop`: destroy the connection without answering (in-process: the request
 *   fails with an `HttpClientError.RequestError` of reason `"Transport"`). The
 *   request is not processed.
 * - `TruncatedJson`: process the request, then send only the first half of
 *   its JSON body (a 204 becomes a 200 with a cut body).
 * - `NonJson`: answer with a non-JSON body, by default an HTML 502 page.
 * - `RateLimited`: Zoom's 429 of the given kind: `perSecond` (with
 *   `Retry-After: <seconds>`), `daily` (with `Retry-After` = next 00:00 UTC)
 *   or `concurrent` ("too many concurrent requests").
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const unavailable: FakeZoom.Fault = { _tag: "Status", status: 503 }
 * ```
 *
 * @since 0.1.0
 * @category faults
 */
export type Fault =
  | {
    readonly _tag: "Status"
    readonly status: number
    readonly body?: unknown
    readonly headers?: Readonly<Record<string, string>>
  }
  | { readonly _tag: "Latency"; readonly duration: Duration.DurationInput }
  | { readonly _tag: "Drop" }
  | { readonly _tag: "TruncatedJson" }
  | {
    readonly _tag: "NonJson"
    readonly status?: number
    readonly body?: string
    readonly contentType?: string
  }
  | {
    readonly _tag: "RateLimited"
    readonly kind: "perSecond" | "daily" | "concurrent"
    /** For `perSecond` and `concurrent`: the `Retry-After` seconds (default 1). */
    readonly retryAfterSeconds?: number
    /** The `X-RateLimit-Limit` header value (default 30 per second, 6000 per day). */
    readonly limit?: number
  }

/**
 * Constructors of {@link Fault}s.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const flaky = Effect.gen(function* () {
 *   const fake = yield* FakeZoom.FakeZoom
 *   yield* fake.inject({ operation: "events.list", times: 2, fault: FakeZoom.Fault.status(503) })
 *   yield* fake.inject({ fault: FakeZoom.Fault.latency("2 seconds") })
 *   yield* fake.inject({ operation: "oauth.token", fault: FakeZoom.Fault.drop })
 * })
 * ```
 *
 * @since 0.1.0
 * @category faults
 */
export const Fault = {
  /** Answer with `status` (and optionally a body / headers). */
  status: (
    status: number,
    options: { readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> } = {}
  ): Fault => ({ _tag: "Status", status, ...options }),
  /** Delay the response by `duration`, then answer normally. */
  latency: (duration: Duration.DurationInput): Fault => ({ _tag: "Latency", duration }),
  /** Drop the connection without answering. */
  drop: { _tag: "Drop" } as Fault,
  /** Answer with the first half of the real JSON body. */
  truncatedJson: { _tag: "TruncatedJson" } as Fault,
  /** Answer with a non-JSON body (default: an HTML 502 page). */
  nonJson: (
    options: { readonly status?: number; readonly body?: string; readonly contentType?: string } = {}
  ): Fault => ({ _tag: "NonJson", ...options }),
  /** Zoom's 429 of the given kind. */
  rateLimited: (
    kind: "perSecond" | "daily" | "concurrent",
    options: { readonly retryAfterSeconds?: number; readonly limit?: number } = {}
  ): Fault => ({ _tag: "RateLimited", kind, ...options })
} as const

/**
 * Which requests a fault applies to: `operation` (omit for any request),
 * `times` (default 1; `Infinity` for every request until `clearFaults`).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const spec: FakeZoom.FaultSpec = { operation: "schedules.create", times: 3, fault: FakeZoom.Fault.status(500) }
 * ```
 *
 * @since 0.1.0
 * @category faults
 */
export interface FaultSpec {
  readonly operation?: Endpoint
  readonly times?: number
  readonly fault: Fault
}

// ---------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------

/**
 * Counts of generated data. The same `seed` gives the same data (ids
 * included). Generated events are spread over ±180 days around `anchor`
 * (default `2025-06-02T00:00:00Z`), on 30-minute slots, round-robin over the
 * schedules; about 10% are cancelled and 3% pending. Users: the first one is
 * the account owner, i.e. "me" for tokens that do not name a user.
 *
 * Defaults when adding to an empty fake: 1 user, 1 availability and 2
 * schedules per user, 10 events, 1 team, 2 routing-form responses.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const big = FakeZoom.layer({ seed: { users: 3, schedulesPerUser: 2, events: 100_000, seed: 42 } })
 * ```
 *
 * @since 0.1.0
 * @category seeding
 */
export interface SeedOptions {
  readonly users?: number
  readonly availabilityPerUser?: number
  readonly schedulesPerUser?: number
  readonly events?: number
  readonly teams?: number
  readonly routingResponses?: number
  readonly seed?: number
  /** RFC 3339 date-time (or `YYYY-MM-DD`) around which events are generated. */
  readonly anchor?: string
}

/**
 * An attendee of a seeded event (wire field names).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const attendee: FakeZoom.SeedAttendeeInput = { email: "ann@example.com", first_name: "Ann" }
 * ```
 *
 * @since 0.1.0
 * @category seeding
 */
export interface SeedAttendeeInput {
  readonly email: string
  readonly first_name?: string
  readonly last_name?: string
  readonly display_name?: string
  readonly time_zone?: string
  readonly no_show?: boolean
}

/**
 * Explicit data for a `seed` function: each method adds one record (wire
 * field names) and returns its id. Unknown references throw (a defect while
 * building the fake). Records are created "now" (Effect `Clock`).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const layer = FakeZoom.layer({
 *   seed: (s) => {
 *     const host = s.user({ display_name: "Host", email: "host@example.com" })
 *     const schedule = s.schedule({ owner: host, summary: "Intro", duration: 30, capacity: 1 })
 *     s.event({ schedule_id: schedule, start_date_time: "2030-01-07T15:00:00Z", attendees: [{ email: "ann@example.com" }] })
 *   }
 * })
 * ```
 *
 * @since 0.1.0
 * @category seeding
 */
export interface Seeder {
  /** Adds a user; the first user added is the account owner ("me"). */
  readonly user: (input?: {
    readonly user_id?: string
    readonly email?: string
    readonly display_name?: string
    readonly slug?: string
    readonly time_zone?: string
    readonly picture?: string
    readonly logo?: string
  }) => string
  /** Adds an availability schedule (owner: a user id or email, default the owner). */
  readonly availability: (input?: {
    readonly owner?: string
    readonly name?: string
    readonly time_zone?: string
    readonly default?: boolean
    readonly segments?: ReadonlyArray<Segment>
    readonly segments_recurrence?: SegmentsRecurrence
  }) => string
  /** Adds a schedule with Zoom's creation defaults. */
  readonly schedule: (input?: ScheduleFields & { readonly owner?: string }) => string
  /** Adds a scheduled event on a schedule; the first attendee is the booker. */
  readonly event: (input: {
    readonly schedule_id: string
    readonly start_date_time: string
    readonly status?: "confirmed" | "cancelled"
    readonly event_type?: "default" | "pending"
    readonly attendees?: ReadonlyArray<SeedAttendeeInput>
    readonly guests?: ReadonlyArray<string>
    readonly meeting_notes?: string
    readonly summary?: string
  }) => string
  /** Adds a team (members: user ids or emails, default the owner). */
  readonly team: (input: {
    readonly name: string
    readonly owner?: string
    readonly members?: ReadonlyArray<string>
    readonly slug?: string
    readonly timezone?: string
  }) => string
  /** Adds a routing-form response; returns its form and response ids. */
  readonly routingResponse: (input?: {
    readonly form_id?: string
    readonly response_id?: string
    readonly booked?: boolean
    readonly booking_link?: string
    readonly creator_email?: string
    readonly questions_and_answers?: ReadonlyArray<{
      readonly question_id: string
      readonly question_content: string
      readonly answers: ReadonlyArray<string>
    }>
    readonly result_type?: "event" | "text" | "url"
    readonly result_value?: string
  }) => { readonly formId: string; readonly responseId: string }
  /** Generates data in bulk, as with {@link SeedOptions}. */
  readonly generate: (options: SeedOptions) => void
}

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

/**
 * An OAuth client the token endpoint accepts (HTTP Basic auth).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Redacted } from "effect"
 *
 * const client: FakeZoom.OAuthClientOptions = { clientId: "id", clientSecret: Redacted.make("secret") }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export interface OAuthClientOptions {
  readonly clientId: string
  readonly clientSecret: string | Redacted.Redacted<string>
}

/**
 * The token endpoint's configuration.
 *
 * With no `clients`, the endpoint accepts any non-empty Basic credentials.
 * `refreshTokens` pre-registers refresh tokens (not bound to a client) that a
 * client configuration can start from.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const oauth: FakeZoom.OAuthOptions = {
 *   clients: [{ clientId: "my-client", clientSecret: "my-secret" }],
 *   accessTokenTtl: "10 minutes",
 *   refreshTokens: ["initial-refresh-token"]
 * }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export interface OAuthOptions {
  readonly clients?: ReadonlyArray<OAuthClientOptions>
  /** Access token lifetime (`expires_in`), default 1 hour. */
  readonly accessTokenTtl?: Duration.DurationInput
  /** Refresh token lifetime, default 90 days. */
  readonly refreshTokenTtl?: Duration.DurationInput
  /** `api_url` of token responses (omitted when absent; `serve` defaults it to its own URL). */
  readonly apiUrl?: string
  /** Refresh tokens accepted from the start. */
  readonly refreshTokens?: ReadonlyArray<string | Redacted.Redacted<string>>
}

/**
 * A static access token accepted by the API (for any auth mode).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const token: FakeZoom.StaticToken = { token: "static-token", expiresIn: "1 hour" }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export interface StaticToken {
  readonly token: string | Redacted.Redacted<string>
  /** The user the token acts as (id or email); default the account owner. */
  readonly userId?: string
  /** Lifetime from creation; default: never expires (until `expireAccessTokens`). */
  readonly expiresIn?: Duration.DurationInput
}

/**
 * Rate limits (off by default). Every Scheduler operation is in Zoom's LIGHT
 * category: `free` 4 requests/second and 6,000/day, `pro` 30/second,
 * `business` 80/second (no daily cap on paid plans); or explicit numbers.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const limits: FakeZoom.RateLimitOptions = { plan: "free" }
 * const custom: FakeZoom.RateLimitOptions = { perSecond: 2, daily: 10 }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export type RateLimitOptions =
  | { readonly plan: "free" | "pro" | "business" }
  | { readonly perSecond: number; readonly daily?: number }

/**
 * A webhook subscription: the fake POSTs signed notifications to `url` when
 * an event is booked (`book`) or cancelled (`PATCH status=cancelled`,
 * `DELETE`, `cancel`). A delivery is attempted at once, then retried after
 * each of `retryDelays` (default 1 s, 5 s, 20 s) until a 2xx; each attempt
 * times out after `timeout` (default 3 s). All waits use Effect's `Clock`.
 * Deliveries use the `HttpClient` found where the fake is built (e.g.
 * `FakeZoom.layer(options).pipe(Layer.provide(FetchHttpClient.layer))`),
 * else the global `fetch`; the fake's own in-process client is never used.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Redacted } from "effect"
 *
 * const webhooks: FakeZoom.WebhookOptions = {
 *   url: "http://127.0.0.1:3000/zoom/webhooks",
 *   secretToken: Redacted.make("webhook-secret"),
 *   retryDelays: ["1 second", "10 seconds"]
 * }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export interface WebhookOptions {
  readonly url: string
  readonly secretToken: string | Redacted.Redacted<string>
  readonly retryDelays?: ReadonlyArray<Duration.DurationInput>
  readonly timeout?: Duration.DurationInput
}

/**
 * Options of the fake.
 *
 * Authentication: `auth: "any"` accepts any non-empty bearer token (acting as
 * the account owner) besides the tokens the fake issued or registered; it is
 * the default unless `oauth.clients` is configured, in which case the default
 * is `"strict"` (only issued or registered tokens). Known tokens are always
 * checked for expiry.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const options: FakeZoom.FakeZoomOptions = {
 *   seed: { users: 2, events: 500, seed: 7 },
 *   pageSize: { default: 30, max: 300 },
 *   oauth: { clients: [{ clientId: "id", clientSecret: "secret" }], accessTokenTtl: "1 hour" },
 *   rateLimits: { plan: "pro" }
 * }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export interface FakeZoomOptions {
  readonly seed?: SeedOptions | ((seeder: Seeder) => void)
  /** `page_size` default (30) and maximum (300; larger values are clamped). */
  readonly pageSize?: { readonly default?: number; readonly max?: number }
  readonly auth?: "any" | "strict"
  readonly oauth?: OAuthOptions
  readonly tokens?: ReadonlyArray<string | Redacted.Redacted<string> | StaticToken>
  readonly rateLimits?: RateLimitOptions
  readonly webhooks?: WebhookOptions
  /**
   * The account id (webhook payloads). When set, `account_credentials`
   * requests must name it; otherwise any `account_id` is accepted.
   */
  readonly accountId?: string
  /** How many requests the log keeps (oldest dropped first), default 10,000. */
  readonly requestLogLimit?: number
}

// ---------------------------------------------------------------------------
// Snapshots and observations
// ---------------------------------------------------------------------------

/**
 * A user in a {@link Snapshot} (the `users.get` body plus id and email).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const name = (u: FakeZoom.UserSnapshot) => u.display_name
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export interface UserSnapshot {
  readonly user_id: string
  readonly email: string
  readonly display_name: string
  readonly slug: string
  readonly scheduling_url: string
  readonly time_zone: string
  readonly picture?: string
  readonly logo?: string
}

/**
 * An availability schedule in a {@link Snapshot}.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const isDefault = (a: FakeZoom.AvailabilitySnapshot) => a.default
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export interface AvailabilitySnapshot {
  readonly availability_id: string
  readonly default: boolean
  readonly name: string
  readonly owner: string
  readonly segments: ReadonlyArray<Segment>
  readonly segments_recurrence: SegmentsRecurrence
  readonly time_zone: string
}

/**
 * A schedule in a {@link Snapshot}: its wire fields plus `owner_id`.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const capacity = (s: FakeZoom.ScheduleSnapshot) => s.capacity
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export interface ScheduleSnapshot extends ScheduleFields {
  readonly schedule_id: string
  readonly owner_id: string
  readonly scheduling_url: string
  readonly status: "confirmed" | "cancelled"
  readonly updated: string
}

/**
 * An attendee in a {@link ScheduledEventSnapshot}.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const email = (a: FakeZoom.AttendeeSnapshot) => a.email
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export interface AttendeeSnapshot {
  readonly attendee_id: string
  readonly booker: boolean
  readonly created: string
  readonly display_name: string
  readonly email: string
  readonly first_name?: string
  readonly last_name?: string
  readonly time_zone: string
  readonly no_show: boolean
  readonly custom_values: ReadonlyArray<{
    readonly name: string
    readonly position: number
    readonly values: ReadonlyArray<string>
  }>
}

/**
 * A scheduled event in a {@link Snapshot} (times in UTC), plus the host and
 * the cancellation details when cancelled.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const cancelled = (e: FakeZoom.ScheduledEventSnapshot) => e.status === "cancelled"
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export interface ScheduledEventSnapshot {
  readonly event_id: string
  readonly schedule_id: string
  readonly host_user_id: string
  readonly attendees: ReadonlyArray<AttendeeSnapshot>
  readonly description?: string
  readonly start_date_time: string
  readonly end_date_time: string
  readonly guests: ReadonlyArray<string>
  readonly location?: string
  readonly status: "confirmed" | "cancelled"
  readonly summary: string
  readonly created: string
  readonly updated: string
  readonly meeting_notes?: string
  readonly event_type: "default" | "pending"
  readonly external_location?: {
    readonly kind: string
    readonly meeting_id: string
    readonly personal_meeting_id?: string
    readonly meeting_passcode: string
    readonly meeting_description: string
    readonly meeting_join_url: string
  }
  readonly tracking_params?: ReadonlyArray<{ readonly key: string; readonly label: string; readonly value: string }>
  readonly cancellation?: {
    readonly canceled_by: string
    readonly canceler_type: "host" | "invitee"
    readonly cancel_at: string
    readonly reason?: string
  }
}

/**
 * The fake's whole state, in wire shape, for assertions.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const countEvents = Effect.gen(function* () {
 *   const fake = yield* FakeZoom.FakeZoom
 *   const snapshot = yield* fake.snapshot
 *   return snapshot.events.length
 * })
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export interface Snapshot {
  readonly accountId: string
  /** The account owner, i.e. "me" for tokens that do not name a user. */
  readonly defaultUserId: string
  readonly users: ReadonlyArray<UserSnapshot>
  readonly availability: ReadonlyArray<AvailabilitySnapshot>
  readonly schedules: ReadonlyArray<ScheduleSnapshot>
  /** Sorted by start time. */
  readonly events: ReadonlyArray<ScheduledEventSnapshot>
  readonly teams: ReadonlyArray<{
    readonly team_id: string
    readonly owner_id: string
    readonly member_ids: ReadonlyArray<string>
    readonly name: string
    readonly slug: string
    readonly timezone: string
  }>
  readonly routingResponses: ReadonlyArray<{ readonly form_id: string; readonly response_id: string; readonly booked: boolean }>
  readonly shares: ReadonlyArray<{
    readonly share_id: string
    readonly schedule_id: string
    readonly scheduling_url: string
    readonly settings: Readonly<Record<string, unknown>>
  }>
  readonly singleUseLinks: ReadonlyArray<{
    readonly link_id: string
    readonly schedule_id: string
    readonly team_id?: string
    readonly scheduling_url: string
  }>
}

/**
 * One logged request. `Authorization` is logged as `"<redacted>"`, and the
 * token endpoint's secrets (`refresh_token`, `client_secret`, `code`) too.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const failed = (log: ReadonlyArray<FakeZoom.RequestLogEntry>) => log.filter((r) => r.status !== 200)
 * ```
 *
 * @since 0.1.0
 * @category observations
 */
export interface RequestLogEntry {
  readonly seq: number
  /** When the request arrived (Effect `Clock`, epoch milliseconds). */
  readonly at: number
  readonly operation: Endpoint | "unknown"
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  /** The JSON body (or form parameters for the token endpoint), `undefined` if empty. */
  readonly body: unknown
  readonly headers: Readonly<Record<string, string>>
  /** The status served, or `"dropped"` for a dropped connection. */
  readonly status: number | "dropped"
  /** The injected fault, if any. */
  readonly fault?: Fault["_tag"]
}

/**
 * Counters for assertions.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const refreshes = Effect.gen(function* () {
 *   const fake = yield* FakeZoom.FakeZoom
 *   const stats = yield* fake.stats
 *   return stats.tokenRequests.refresh_token
 * })
 * ```
 *
 * @since 0.1.0
 * @category observations
 */
export interface FakeZoomStats {
  readonly requests: number
  readonly byOperation: Readonly<Partial<Record<Endpoint | "unknown", number>>>
  readonly byStatus: Readonly<Record<string, number>>
  /** 429s served, by kind (rate limits and injected faults). */
  readonly rateLimited: {
    readonly total: number
    readonly perSecond: number
    readonly daily: number
    readonly concurrent: number
  }
  /** Token endpoint requests by `grant_type` (including rejected ones). */
  readonly tokenRequests: {
    readonly total: number
    readonly refresh_token: number
    readonly account_credentials: number
    readonly other: number
  }
  /** Refresh requests rejected with `invalid_grant` (reused, unknown or expired refresh tokens). */
  readonly rejectedRefreshes: number
  /** Token requests rejected with `invalid_client`. */
  readonly invalidClients: number
  /** Requests answered by an injected fault. */
  readonly faults: number
  readonly webhooks: {
    readonly pending: number
    readonly delivered: number
    readonly failed: number
    readonly attempts: number
  }
}

/**
 * The two webhook events the fake sends.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const created: FakeZoom.WebhookEventName = "scheduler.scheduled_event_created"
 * ```
 *
 * @since 0.1.0
 * @category webhooks
 */
export type WebhookEventName = "scheduler.scheduled_event_created" | "scheduler.scheduled_event_canceled"

/**
 * A webhook delivery and its attempts.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const ok = (d: FakeZoom.WebhookDelivery) => d.state === "delivered" && d.attempts.length === 1
 * ```
 *
 * @since 0.1.0
 * @category webhooks
 */
export interface WebhookDelivery {
  /** The `x-zm-request-id` header (same on every attempt). */
  readonly requestId: string
  readonly event: WebhookEventName
  readonly eventId: string
  readonly url: string
  /** The raw JSON body (signed as is). */
  readonly body: string
  readonly state: "pending" | "delivered" | "failed"
  readonly attempts: ReadonlyArray<{ readonly at: number; readonly status?: number; readonly error?: string }>
}

// ---------------------------------------------------------------------------
// Fake-only operations
// ---------------------------------------------------------------------------

/**
 * A booking made by the fake playing the invitee. `notes` become the event's
 * `meeting_notes`; `answers` the attendee's `custom_values`.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const input: FakeZoom.BookInput = {
 *   scheduleId: "ygfx661g9x8dwcgeusdqhsplc0",
 *   startDateTime: "2030-01-07T15:00:00Z",
 *   attendee: { email: "ann@example.com", firstName: "Ann", lastName: "Lee" }
 * }
 * ```
 *
 * @since 0.1.0
 * @category fake-only operations
 */
export interface BookInput {
  readonly scheduleId: string
  readonly startDateTime: string
  readonly attendee: {
    readonly email: string
    readonly firstName?: string
    readonly lastName?: string
    readonly displayName?: string
    readonly timeZone?: string
  }
  readonly guests?: ReadonlyArray<string>
  readonly notes?: string
  readonly answers?: ReadonlyArray<{ readonly name: string; readonly position: number; readonly values: ReadonlyArray<string> }>
}

/**
 * The result of {@link FakeZoomHandle.book}.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const path = (b: FakeZoom.Booking) => `/v2/scheduler/events/${b.eventId}/attendees/${b.attendeeId}`
 * ```
 *
 * @since 0.1.0
 * @category fake-only operations
 */
export interface Booking {
  readonly eventId: string
  readonly attendeeId: string
  readonly event: ScheduledEventSnapshot
}

// ---------------------------------------------------------------------------
// The handle
// ---------------------------------------------------------------------------

/**
 * Control and inspection of a running fake. Every member is an `Effect`
 * reading the current time from Effect's `Clock`.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect, Redacted } from "effect"
 *
 * const setup = Effect.gen(function* () {
 *   const fake = yield* FakeZoom.FakeZoom
 *   const refreshToken = yield* fake.issueRefreshToken()
 *   yield* fake.inject({ operation: "events.list", fault: FakeZoom.Fault.status(503) })
 *   return Redacted.value(refreshToken)
 * })
 * ```
 *
 * @since 0.1.0
 * @category handle
 */
export interface FakeZoomHandle {
  readonly accountId: string
  /** The account owner: the user behind "me" for tokens that do not name one. */
  readonly defaultUserId: string

  /** Plays the invitee: books a slot of a schedule (404 unknown schedule, 409 full slot). */
  readonly book: (input: BookInput) => Effect.Effect<Booking, FakeZoomNotFound | FakeZoomConflict | FakeZoomInvalidInput>
  /** Cancels an event as its invitee (409 if already cancelled); sends the canceled webhook. */
  readonly cancel: (eventId: string, reason?: string) => Effect.Effect<void, FakeZoomNotFound | FakeZoomConflict>
  /** Adds data (generated or explicit), as the `seed` option does. */
  readonly seed: (seed: SeedOptions | ((seeder: Seeder) => void)) => Effect.Effect<void>

  /** The whole state in wire shape. */
  readonly snapshot: Effect.Effect<Snapshot>
  /** One event in wire shape. */
  readonly getEvent: (eventId: string) => Effect.Effect<Option.Option<ScheduledEventSnapshot>>
  /** One schedule in wire shape. */
  readonly getSchedule: (scheduleId: string) => Effect.Effect<Option.Option<ScheduleSnapshot>>

  /** Injects a fault into the next matching request(s); a status outside 200–599 is a defect. */
  readonly inject: (spec: FaultSpec) => Effect.Effect<void>
  /** Removes every pending fault. */
  readonly clearFaults: Effect.Effect<void>

  /** Issues a refresh token (for the owner unless `userId` is given), optionally bound to a client. */
  readonly issueRefreshToken: (
    options?: { readonly userId?: string; readonly clientId?: string }
  ) => Effect.Effect<Redacted.Redacted<string>, FakeZoomNotFound>
  /** Issues an access token (default lifetime: the configured access token TTL). */
  readonly issueAccessToken: (
    options?: { readonly userId?: string; readonly expiresIn?: Duration.DurationInput }
  ) => Effect.Effect<Redacted.Redacted<string>, FakeZoomNotFound>
  /** Registers a static access token. */
  readonly registerToken: (token: string | Redacted.Redacted<string> | StaticToken) => Effect.Effect<void, FakeZoomNotFound>
  /** Expires every known access token now (the next API call with one answers 401 code 124). */
  readonly expireAccessTokens: Effect.Effect<void>

  /** Adds a webhook subscription. */
  readonly registerWebhook: (options: WebhookOptions) => Effect.Effect<void>
  /** Every webhook delivery so far (copies). */
  readonly webhookDeliveries: Effect.Effect<ReadonlyArray<WebhookDelivery>>
  /** Waits until no delivery is in flight (retries included; drive them with `TestClock` in-process). */
  readonly awaitWebhooks: Effect.Effect<void>

  /** The request log (oldest first). */
  readonly requests: Effect.Effect<ReadonlyArray<RequestLogEntry>>
  /** Counters. */
  readonly stats: Effect.Effect<FakeZoomStats>
  /** Clears the request log and the request counters. */
  readonly clearRequests: Effect.Effect<void>
}

/**
 * The service tag of the fake's handle, provided by {@link layer}.
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
export class FakeZoom extends Context.Tag("@effect-zoom/scheduler-testing/FakeZoom")<FakeZoom, FakeZoomHandle>() {}

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
export const httpClient = (fake: FakeZoomHandle): HttpClient.HttpClient => internalClient.make(fake)

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
export const context = (fake: FakeZoomHandle): Context.Context<FakeZoom | HttpClient.HttpClient> =>
  Context.add(internalClient.context(fake), FakeZoom, fake)

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
export const layer = (options: FakeZoomOptions = {}): Layer.Layer<FakeZoom | HttpClient.HttpClient> =>
  Layer.scopedContext(Effect.map(internalFake.make(options), context))

/**
 * Options of {@link serve}: the fake's options plus where to listen, or an
 * existing handle (`fake`) to serve instead of a new model.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const options: FakeZoom.ServeOptions = { port: 0, host: "127.0.0.1", seed: { events: 10 } }
 * ```
 *
 * @since 0.1.0
 * @category server
 */
export interface ServeOptions extends FakeZoomOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number
  /** Interface to listen on; default 127.0.0.1. */
  readonly host?: string
  /** Serve this existing fake instead of creating one from the options. */
  readonly fake?: FakeZoomHandle
}

/**
 * A running loopback server.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const baseUrl = (served: FakeZoom.Served) => `${served.url}/v2`
 * ```
 *
 * @since 0.1.0
 * @category server
 */
export interface Served {
  /** `http://127.0.0.1:<port>` (API under `/v2`, token endpoint at `/oauth/token`). */
  readonly url: string
  readonly fake: FakeZoomHandle
}

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
