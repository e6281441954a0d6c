/**
 * Which failed requests are retried, and when.
 *
 * Retries happen per request (so inside `stream` a failed page is retried in
 * place), follow a `Schedule`, and are always bounded: Zoom disables apps
 * whose error rate stays high.
 *
 * - A per-second or "too many concurrent requests" 429 is retried for every
 *   method, waiting at least Zoom's `Retry-After` (seconds or an absolute
 *   date; when missing, the schedule's own delay).
 * - A daily-limit 429, or a 429 whose `Retry-After` is longer than
 *   `maxRetryAfter`, is not retried: it fails at once with `RateLimited`.
 * - 5xx and transport failures (including timeouts) are retried only for
 *   idempotent methods (GET, DELETE, PATCH); never for a POST that may have
 *   reached Zoom.
 * - Nothing else is retried.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type { RateLimited, ServerError, TransportError } from "./Errors.js"

/**
 * The errors a retry schedule sees as its input.
 *
 * @since 0.1.0
 */
export type RetryableError = RateLimited | ServerError | TransportError

/**
 * How the client retries.
 *
 * @example
 * ```ts
 * import { Schedule } from "effect"
 * import type { RetryPolicy } from "@effect-zoom/scheduler"
 *
 * const patient: RetryPolicy.RetryPolicy = {
 *   schedule: Schedule.exponential("1 second").pipe(Schedule.intersect(Schedule.recurs(8))),
 *   maxRetryAfter: "2 minutes"
 * }
 * ```
 *
 * @since 0.1.0
 */
export interface RetryPolicy {
  /** The schedule between attempts; its input is the error of the failed attempt. */
  readonly schedule: Schedule.Schedule<unknown, RetryableError>
  /** The longest `Retry-After` worth waiting for; a longer one fails at once. */
  readonly maxRetryAfter: Duration.DurationInput
}

/**
 * The default schedule: exponential backoff from 250 ms (doubling), with
 * jitter, at most 4 retries (5 attempts), and no retry once 30 seconds have
 * passed since the first.
 *
 * @example
 * ```ts
 * import { Schedule } from "effect"
 * import { RetryPolicy } from "@effect-zoom/scheduler"
 *
 * // two more retries than the default
 * const schedule = RetryPolicy.defaultSchedule.pipe(Schedule.intersect(Schedule.recurs(6)))
 * ```
 *
 * @since 0.1.0
 */
export const defaultSchedule: Schedule.Schedule<unknown, RetryableError> = Schedule.exponential("250 millis", 2).pipe(
  Schedule.jittered,
  Schedule.intersect(Schedule.recurs(4)),
  Schedule.upTo("30 seconds")
)

/**
 * The default policy: {@link defaultSchedule}, and `Retry-After` waits of up
 * to 60 seconds.
 *
 * @since 0.1.0
 */
export const defaultPolicy: RetryPolicy = {
  schedule: defaultSchedule,
  maxRetryAfter: Duration.seconds(60)
}

/**
 * A policy that never retries.
 *
 * @example
 * ```ts
 * import { ZoomScheduler, RetryPolicy } from "@effect-zoom/scheduler"
 *
 * const layer = ZoomScheduler.layer({ retry: RetryPolicy.never })
 * ```
 *
 * @since 0.1.0
 */
export const never: RetryPolicy = {
  schedule: Schedule.stop,
  maxRetryAfter: Duration.zero
}

const idempotentMethods: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"])

/**
 * Whether a failed attempt of a request with this method may be retried.
 *
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { Errors, RetryPolicy } from "@effect-zoom/scheduler"
 *
 * const e = new Errors.ServerError({ operation: "shares.create", status: 503, message: "unavailable" })
 * RetryPolicy.isRetryable(e, "POST", Duration.seconds(60)) // false: a POST may have reached Zoom
 * ```
 *
 * @since 0.1.0
 */
export const isRetryable = (error: { readonly _tag: string }, method: string, maxRetryAfter: Duration.Duration): error is RetryableError => {
  switch (error._tag) {
    case "RateLimited": {
      const e = error as RateLimited
      return e.limitType !== "Daily" && Duration.lessThanOrEqualTo(e.retryAfter, maxRetryAfter)
    }
    case "ServerError":
    case "TransportError":
      return idempotentMethods.has(method)
    default:
      return false
  }
}

/**
 * A parsed `Retry-After` header: how long to wait, and the absolute time
 * when Zoom sent one.
 *
 * @since 0.1.0
 */
export interface RetryAfter {
  readonly wait: Duration.Duration
  readonly at: Option.Option<DateTime.Utc>
}

/**
 * Parses `Retry-After`, which Zoom has sent both as seconds (`"2"`) and as an
 * absolute timestamp (`"2020-05-31T00:00:00Z"`, or an HTTP date). Returns
 * `None` when missing or unreadable; a time in the past waits zero.
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import { RetryPolicy } from "@effect-zoom/scheduler"
 *
 * const now = DateTime.unsafeMake("2020-05-30T23:59:58Z")
 * RetryPolicy.parseRetryAfter("2020-05-31T00:00:00Z", now) // Some({ wait: 2 seconds, at: Some(...) })
 * RetryPolicy.parseRetryAfter("3", now) // Some({ wait: 3 seconds, at: None })
 * ```
 *
 * @since 0.1.0
 */
export const parseRetryAfter = (header: string | undefined, now: DateTime.Utc): Option.Option<RetryAfter> => {
  if (header === undefined) return Option.none()
  const value = header.trim()
  if (value === "") return Option.none()
  if (/^\d+(\.\d+)?$/.test(value)) {
    return Option.some({ wait: Duration.millis(Math.round(Number(value) * 1000)), at: Option.none() })
  }
  const millis = Date.parse(value)
  if (Number.isNaN(millis)) return Option.none()
  const at = DateTime.unsafeMake(millis)
  const wait = Math.max(0, millis - DateTime.toEpochMillis(now))
  return Option.some({ wait: Duration.millis(wait), at: Option.some(at) })
}

/**
 * The next 00:00 UTC after `now`: when Zoom's daily limits reset.
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import { RetryPolicy } from "@effect-zoom/scheduler"
 *
 * RetryPolicy.nextDailyReset(DateTime.unsafeMake("2026-11-23T19:00:00Z")) // 2026-11-24T00:00:00Z
 * ```
 *
 * @since 0.1.0
 */
export const nextDailyReset = (now: DateTime.Utc): DateTime.Utc => {
  const d = new Date(DateTime.toEpochMillis(now))
  return DateTime.unsafeMake(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1))
}

/**
 * Wraps a policy's schedule so that a 429's `Retry-After` is honoured: the
 * delay before the next attempt is the longer of the schedule's and Zoom's.
 *
 * @internal
 */
export const honouringRetryAfter = (
  schedule: Schedule.Schedule<unknown, RetryableError>
): Schedule.Schedule<unknown, RetryableError> =>
  Schedule.intersect(schedule, Schedule.identity<RetryableError>()).pipe(
    Schedule.modifyDelay(([, error], delay) =>
      error._tag === "RateLimited" ? Duration.max(delay, error.retryAfter) : delay
    )
  )
