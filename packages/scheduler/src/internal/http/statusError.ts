/**
 * Status → error: the typed error of a non-2xx answer, decided by its status
 * alone (Zoom's spec under-documents error statuses, so every operation maps
 * every status the same way), with what Zoom's `{ code, message, errors }`
 * body adds. Pure: the caller passes the current time (for 429's reset).
 *
 * | status              | error                                         |
 * | ------------------- | --------------------------------------------- |
 * | 400, 409, 422, 4xx  | `BadRequest`                                  |
 * | 401, 403            | `AuthError` (code 4700/4711 → `MissingScopes`, 124 → `InvalidToken`) |
 * | 404                 | `NotFound` (resource and id from the call)    |
 * | 429                 | `RateLimited`                                 |
 * | 5xx                 | `ServerError`                                 |
 * | 1xx, 3xx, other     | `DecodeError` (no contract has such a status) |
 *
 * @internal
 */
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import type { RateLimitType } from "../../Errors.js"
import { AuthError, BadRequest, DecodeError, FieldError, NotFound, RateLimited, ServerError } from "../../Errors.js"
import { nextDailyReset, parseRetryAfter } from "../../RetryPolicy.js"

/** What a status error is about: the operation, and the resource a 404 names. */
export interface Subject {
  /** e.g. `events.get`. */
  readonly operation: string
  /** The kind of resource a 404 is about (`"event"`, `"user"`, …). */
  readonly resource: string
  /** Its id, as the caller gave it. */
  readonly id: string
}

/** A non-2xx answer: status, headers (lower-case names) and body text. */
export interface ErrorAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
}

/** The errors a status maps to. */
export type StatusError = AuthError | BadRequest | NotFound | RateLimited | ServerError | DecodeError

/** Zoom's error body, read leniently. */
export interface ZoomErrorBody {
  readonly code: number | string | undefined
  readonly message: string | undefined
  readonly errors: ReadonlyArray<FieldError>
}

/** The longest text of the server's kept in an error (messages, excerpts). */
const maxText = 512

/** `text` cut to `maxText` characters (never inside a surrogate pair). */
export const excerpt = (text: string): string => {
  if (text.length <= maxText) return text
  const end = /[\uD800-\uDBFF]/.test(text.charAt(maxText - 1)) ? maxText - 1 : maxText
  return `${text.slice(0, end)}…`
}

/** Reads Zoom's `{ code, message, errors? }` error body; `undefined` when it is not a JSON object. */
export const parseErrorBody = (text: string): ZoomErrorBody | undefined => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return undefined
  const o = json as Record<string, unknown>
  const code = typeof o.code === "number" && Number.isFinite(o.code)
    ? o.code
    : typeof o.code === "string"
    ? excerpt(o.code)
    : undefined
  const message = typeof o.message === "string"
    ? o.message
    : typeof o.reason === "string"
    ? o.reason
    : typeof o.error === "string"
    ? o.error
    : undefined
  const errors: Array<FieldError> = []
  if (Array.isArray(o.errors)) {
    for (const e of o.errors.slice(0, 100)) {
      if (e !== null && typeof e === "object") {
        const f = e as Record<string, unknown>
        errors.push(
          new FieldError({
            field: typeof f.field === "string" ? excerpt(f.field) : "",
            message: typeof f.message === "string" ? excerpt(f.message) : ""
          })
        )
      }
    }
  }
  return { code, message: message === undefined ? undefined : excerpt(message), errors }
}

const statusMessage = (operation: string, status: number, body: ZoomErrorBody | undefined, text: string): string =>
  body?.message !== undefined
    ? `${operation}: Zoom answered ${status}: ${body.message}`
    : text.length > 0 && body === undefined
    ? `${operation}: Zoom answered ${status} with a body that is not JSON`
    : `${operation}: Zoom answered ${status}`

const scopeCodes: ReadonlySet<number | string> = new Set([4700, 4711, "4700", "4711"])

/** Which limit a 429 reports, from `X-RateLimit-Type` and the message. */
export const limitType = (headers: Readonly<Record<string, string>>, message: string | undefined): RateLimitType => {
  const type = (headers["x-ratelimit-type"] ?? "").toLowerCase()
  const text = (message ?? "").toLowerCase()
  if (type.includes("daily") || text.includes("daily")) return "Daily"
  if (text.includes("concurrent")) return "Concurrent"
  if (type === "qps" || type.includes("second") || text.includes("per-second") || text.includes("per second")) {
    return "PerSecond"
  }
  return "Unknown"
}

const rateLimitHeaderNames = [
  "x-ratelimit-category",
  "x-ratelimit-type",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "retry-after"
]

const rateLimitHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const name of rateLimitHeaderNames) {
    const value = headers[name]
    if (value !== undefined) out[name] = excerpt(value)
  }
  return out
}

const rateLimited = (
  subject: Subject,
  answer: ErrorAnswer,
  body: ZoomErrorBody | undefined,
  message: string,
  now: DateTime.Utc
): RateLimited => {
  const type = limitType(answer.headers, body?.message)
  const retryAfter = parseRetryAfter(answer.headers["retry-after"], now)
  const resetAt = Option.isSome(retryAfter) && Option.isSome(retryAfter.value.at)
    ? retryAfter.value.at
    : type === "Daily"
    ? Option.some(nextDailyReset(now))
    : Option.none()
  const wait = Option.isSome(retryAfter)
    ? retryAfter.value.wait
    : Option.isSome(resetAt)
    ? Duration.millis(Math.max(0, DateTime.toEpochMillis(resetAt.value) - DateTime.toEpochMillis(now)))
    : Duration.seconds(1)
  return new RateLimited({
    operation: subject.operation,
    limitType: type,
    retryAfter: wait,
    ...(Option.isSome(resetAt) ? { resetAt: resetAt.value } : {}),
    headers: rateLimitHeaders(answer.headers),
    ...(body?.code === undefined ? {} : { code: body.code }),
    message
  })
}

/**
 * The typed error of a non-2xx answer; see the module's table.
 */
export const statusError = (subject: Subject, answer: ErrorAnswer, now: DateTime.Utc): StatusError => {
  const { status, text } = answer
  const operation = subject.operation
  const body = parseErrorBody(text)
  const message = statusMessage(operation, status, body, text)
  const code = body?.code === undefined ? {} : { code: body.code }
  if (status === 401 || status === 403) {
    const reason = body?.code !== undefined && scopeCodes.has(body.code)
      ? "MissingScopes"
      : body?.code === 124 || body?.code === "124"
      ? "InvalidToken"
      : status === 401
      ? "Unauthorized"
      : "Forbidden"
    return new AuthError({ operation, reason, status, ...code, message })
  }
  if (status === 404) {
    return new NotFound({ operation, resource: subject.resource, id: subject.id, ...code, message })
  }
  if (status === 429) return rateLimited(subject, answer, body, message, now)
  if (status >= 400 && status < 500) {
    return new BadRequest({
      operation,
      status,
      ...code,
      errors: body?.errors ?? [],
      ...(body === undefined && text.length > 0 ? { body: excerpt(text) } : {}),
      message
    })
  }
  if (status >= 500 && status < 600) return new ServerError({ operation, status, ...code, message })
  return new DecodeError({
    operation,
    status,
    issue: `Zoom answered status ${status}, which no operation's contract has`,
    message
  })
}
