/**
 * The typed errors of the Zoom Scheduler client.
 *
 * Errors follow the HTTP status Zoom answers, on every operation (Zoom's spec
 * under-documents its error statuses, so no operation relies on it):
 * 400/409/422 → `BadRequest`, 401/403 → `AuthError`, 404 → `NotFound`,
 * 429 → `RateLimited`, 5xx → `ServerError`; `DecodeError` only when a body
 * breaks the contract, `TransportError` for the network, `ValidationError`
 * for input refused before sending. All errors are
 * `Schema.TaggedError`s, so they can be matched with `Effect.catchTag`,
 * serialised, and compared structurally. None of them ever holds an access
 * token, refresh token or client secret: any server text that echoes one is
 * scrubbed before it enters an error.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const program = Effect.gen(function* () {
 *   const zoom = yield* ZoomScheduler.ZoomScheduler
 *   return yield* zoom.events.get("evt-001")
 * }).pipe(
 *   Effect.catchTags({
 *     NotFound: (e) => Effect.succeed(`no ${e.resource} ${e.id}`),
 *     RateLimited: (e) => Effect.fail(`retry in ${e.retryAfter}`)
 *   })
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as Console from "effect/Console"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/**
 * Zoom's error `code`: most Zoom APIs send numbers (`124`, `300`, `4700`),
 * the Scheduler spec documents strings (`invalidArgument`, `notFound`).
 *
 * @since 0.1.0
 */
export const ZoomErrorCode = Schema.Union(Schema.Number, Schema.String)

/**
 * One per-field problem from Zoom's error body (`errors: [{ field, message }]`).
 *
 * @since 0.1.0
 */
export class FieldError extends Schema.Class<FieldError>("@effect-zoom/scheduler/FieldError")({
  field: Schema.String,
  message: Schema.String
}) {}

/**
 * Why a request was not authorised.
 *
 * - `InvalidToken`: Zoom answered 401 with code 124 (expired, revoked or invalid access token).
 * - `MissingScopes`: Zoom answered with code 4700 (the token lacks the operation's scopes).
 * - `Unauthorized` / `Forbidden`: any other 401 / 403.
 * - `RefreshRejected`: the token endpoint rejected the refresh token or grant (`invalid_grant`).
 * - `InvalidClient`: the token endpoint rejected the client id / secret.
 * - `TokenEndpoint`: the token endpoint failed otherwise (unreachable, 5xx, malformed answer).
 * - `NoRefreshToken`: an OAuth refresh was needed but no refresh token is available.
 * - `Timeout`: the token endpoint did not answer within the credentials' `tokenRequestTimeout`.
 * - `InsecureUrl`: a URL that would receive a secret (the token endpoint, a token's `api_url`) is
 *   plain http to a host off the machine (or not http at all); nothing was sent.
 *
 * @since 0.1.0
 */
export const AuthErrorReason = Schema.Literal(
  "InvalidToken",
  "MissingScopes",
  "Unauthorized",
  "Forbidden",
  "RefreshRejected",
  "InvalidClient",
  "TokenEndpoint",
  "NoRefreshToken",
  "Timeout",
  "InsecureUrl"
)

/**
 * @since 0.1.0
 */
export type AuthErrorReason = typeof AuthErrorReason.Type

/**
 * 401/403 from Zoom, or a failure to obtain an access token.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { Errors } from "@effect-zoom/scheduler"
 *
 * const explain = (e: Errors.AuthError) =>
 *   e.reason === "MissingScopes" ? "add scheduler:read to the app" : e.message
 * ```
 *
 * @since 0.1.0
 */
export class AuthError extends Schema.TaggedError<AuthError>("@effect-zoom/scheduler/AuthError")("AuthError", {
  operation: Schema.String,
  reason: AuthErrorReason,
  status: Schema.optional(Schema.Number),
  code: Schema.optional(ZoomErrorCode),
  message: Schema.String
}) {}

/**
 * 404 from Zoom: the resource (`"event"`, `"schedule"`, `"user"`, …) with this id does not exist.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const maybeEvent = (id: string) =>
 *   Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.get(id)).pipe(
 *     Effect.map(Option.some),
 *     Effect.catchTag("NotFound", () => Effect.succeed(Option.none()))
 *   )
 * ```
 *
 * @since 0.1.0
 */
export class NotFound extends Schema.TaggedError<NotFound>("@effect-zoom/scheduler/NotFound")("NotFound", {
  operation: Schema.String,
  resource: Schema.String,
  id: Schema.String,
  code: Schema.optional(ZoomErrorCode),
  message: Schema.String
}) {}

/**
 * Which of Zoom's limits a 429 reports.
 *
 * - `PerSecond`: the per-second (QPS) limit of the operation's rate-limit label.
 * - `Daily`: the daily limit; it resets at 00:00 UTC and is never retried.
 * - `Concurrent`: Zoom's "too many concurrent requests".
 * - `Unknown`: a 429 without enough information to tell.
 *
 * @since 0.1.0
 */
export const RateLimitType = Schema.Literal("PerSecond", "Daily", "Concurrent", "Unknown")

/**
 * @since 0.1.0
 */
export type RateLimitType = typeof RateLimitType.Type

/**
 * 429 from Zoom.
 *
 * `retryAfter` is how long to wait (from `Retry-After`, given by Zoom in
 * seconds or as an absolute time; for the daily limit, until the next
 * 00:00 UTC), `resetAt` the absolute time when known, and `headers` the raw
 * `X-RateLimit-*` and `Retry-After` headers.
 *
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import type { Errors } from "@effect-zoom/scheduler"
 *
 * const describe = (e: Errors.RateLimited) =>
 *   `${e.limitType} limit, retry in ${Duration.format(e.retryAfter)}`
 * ```
 *
 * @since 0.1.0
 */
export class RateLimited extends Schema.TaggedError<RateLimited>("@effect-zoom/scheduler/RateLimited")(
  "RateLimited",
  {
    operation: Schema.String,
    limitType: RateLimitType,
    retryAfter: Schema.DurationFromSelf,
    resetAt: Schema.optional(Schema.DateTimeUtcFromSelf),
    headers: Schema.Record({ key: Schema.String, value: Schema.String }),
    code: Schema.optional(ZoomErrorCode),
    message: Schema.String
  }
) {}

/**
 * 400, 409 or 422 from Zoom, with Zoom's `code`, `message` and per-field
 * `errors` when the body carried them. A body that is not JSON at all still
 * yields this error, with the status and an excerpt of the body.
 *
 * @example
 * ```ts
 * import type { Errors } from "@effect-zoom/scheduler"
 *
 * const fields = (e: Errors.BadRequest) => e.errors.map((f) => `${f.field}: ${f.message}`)
 * ```
 *
 * @since 0.1.0
 */
export class BadRequest extends Schema.TaggedError<BadRequest>("@effect-zoom/scheduler/BadRequest")("BadRequest", {
  operation: Schema.String,
  status: Schema.Number,
  code: Schema.optional(ZoomErrorCode),
  errors: Schema.Array(FieldError),
  body: Schema.optional(Schema.String),
  message: Schema.String
}) {}

/**
 * 5xx from Zoom.
 *
 * @example
 * ```ts
 * import type { Errors } from "@effect-zoom/scheduler"
 *
 * const isOutage = (e: Errors.ServerError) => e.status === 503
 * ```
 *
 * @since 0.1.0
 */
export class ServerError extends Schema.TaggedError<ServerError>("@effect-zoom/scheduler/ServerError")(
  "ServerError",
  {
    operation: Schema.String,
    status: Schema.Number,
    code: Schema.optional(ZoomErrorCode),
    message: Schema.String
  }
) {}

/**
 * The request never got an answer: connection refused or dropped, DNS,
 * TLS, or the per-request timeout.
 *
 * @example
 * ```ts
 * import type { Errors } from "@effect-zoom/scheduler"
 *
 * const wasTimeout = (e: Errors.TransportError) => e.reason === "Timeout"
 * ```
 *
 * @since 0.1.0
 */
export class TransportError extends Schema.TaggedError<TransportError>("@effect-zoom/scheduler/TransportError")(
  "TransportError",
  {
    operation: Schema.String,
    method: Schema.String,
    url: Schema.String,
    reason: Schema.Literal("Connection", "Timeout", "InvalidUrl"),
    cause: Schema.optional(Schema.Defect),
    message: Schema.String
  }
) {}

/**
 * Zoom answered, but not as the operation's contract says: the body does not
 * match the response schema, is not JSON, or the status is one no HTTP API
 * answers with an error (1xx, 3xx).
 *
 * @example
 * ```ts
 * import type { Errors } from "@effect-zoom/scheduler"
 *
 * const report = (e: Errors.DecodeError) => `${e.operation} (${e.status}): ${e.issue}`
 * ```
 *
 * @since 0.1.0
 */
export class DecodeError extends Schema.TaggedError<DecodeError>("@effect-zoom/scheduler/DecodeError")(
  "DecodeError",
  {
    operation: Schema.String,
    status: Schema.Number,
    issue: Schema.String,
    message: Schema.String
  }
) {}

/**
 * The input was rejected before anything was sent: it breaks a constraint
 * of the official spec (a required field, a length, a range, an enum).
 *
 * @example
 * ```ts
 * import type { Errors } from "@effect-zoom/scheduler"
 *
 * const show = (e: Errors.ValidationError) => e.issue
 * ```
 *
 * @since 0.1.0
 */
export class ValidationError extends Schema.TaggedError<ValidationError>("@effect-zoom/scheduler/ValidationError")(
  "ValidationError",
  {
    operation: Schema.String,
    issue: Schema.String,
    message: Schema.String
  }
) {}

// -----------------------------------------------------------------------------
// reporting
// -----------------------------------------------------------------------------

const renderValue = (value: unknown): string => {
  if (Duration.isDuration(value)) return Duration.format(value)
  if (DateTime.isDateTime(value)) return DateTime.formatIso(value)
  if (Redacted.isRedacted(value)) return "<redacted>"
  if (typeof value === "string") return JSON.stringify(value)
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value)
  try {
    return JSON.stringify(value, (_key, inner: unknown) =>
      Redacted.isRedacted(inner) ? "<redacted>" : DateTime.isDateTime(inner) ? DateTime.formatIso(inner) : inner)
  } catch {
    return String(value)
  }
}

const configProblems = (error: ConfigError.ConfigError): Array<string> => {
  switch (error._op) {
    case "And":
    case "Or":
      return [...configProblems(error.left), ...configProblems(error.right)]
    case "MissingData":
    case "InvalidData":
    case "SourceUnavailable":
    case "Unsupported": {
      const path = error.path.join(".")
      return [error.message.includes(path) || path === "" ? error.message : `${path}: ${error.message}`]
    }
  }
}

const hidden = new Set(["_tag", "message", "cause", "stack", "name"])

/**
 * Renders a failure for a person: one readable line (`Tag: message`), then
 * the typed error's fields, one per line and indented (durations and dates as
 * text, a `cause` left out). A `ConfigError` becomes one line naming each
 * problem (`ZOOM_ACCESS_TOKEN is not set: …`). No error of this library holds
 * a secret, and a `Redacted` field prints as `<redacted>`.
 *
 * @example
 * ```ts
 * import { Errors } from "@effect-zoom/scheduler"
 *
 * const text = Errors.format(
 *   new Errors.NotFound({ operation: "schedules.get", resource: "schedule", id: "sched-404", message: "Schedule not found" })
 * )
 * // NotFound: Schedule not found
 * //   operation: "schedules.get"
 * //   resource: "schedule"
 * //   id: "sched-404"
 * ```
 *
 * @since 0.1.0
 * @category reporting
 */
export const format = (error: unknown): string => {
  if (ConfigError.isConfigError(error)) return `Configuration error: ${configProblems(error).join("; ")}`
  if (typeof error !== "object" || error === null) return `Error: ${String(error)}`
  const record = error as Record<string, unknown>
  const tag = typeof record._tag === "string" ? record._tag : error instanceof Error ? error.name : "Error"
  const message = typeof record.message === "string" && record.message !== "" ? `: ${record.message}` : ""
  const fields = Object.keys(record)
    .filter((key) => !hidden.has(key) && record[key] !== undefined)
    .map((key) => `\n  ${key}: ${renderValue(record[key])}`)
  return `${tag}${message}${fields.join("")}`
}

/**
 * Prints a failing program's error with {@link format} on standard error, and
 * fails as before. Interruption (Ctrl-C) prints nothing; a defect prints
 * Effect's full report. Pair it with `runMain`'s `disableErrorReporting` so
 * the error is printed once.
 *
 * @example
 * ```ts
 * import { NodeRuntime } from "@effect/platform-node"
 * import { Effect } from "effect"
 * import { Errors } from "@effect-zoom/scheduler"
 *
 * declare const program: Effect.Effect<void, Errors.NotFound>
 *
 * NodeRuntime.runMain(program.pipe(Errors.report), { disableErrorReporting: true })
 * ```
 *
 * @since 0.1.0
 * @category reporting
 */
export const report = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.tapErrorCause(self, (cause) => {
    if (Cause.isInterruptedOnly(cause)) return Effect.void
    const failure = Cause.failureOption(cause)
    return Console.error(
      failure._tag === "Some" && !Cause.isDie(cause) ? format(failure.value) : Cause.pretty(cause, { renderErrorCause: true })
    )
  })
