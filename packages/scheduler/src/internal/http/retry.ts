/**
 * Retry through the `RetryPolicy`: only transient failures (what
 * `RetryPolicy.isRetryable` says, minus a request that could not be built),
 * on the policy's schedule with Zoom's `Retry-After` honoured.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type { RetryReason } from "../../Metrics.js"
import { recordRateLimitWait, recordRetry } from "../../Metrics.js"
import type { RetryableError, RetryPolicy } from "../../RetryPolicy.js"
import { honouringRetryAfter, isRetryable } from "../../RetryPolicy.js"

/** Whether a failed attempt is retried; an invalid URL would fail the same way again. */
export const retryable = (
  error: { readonly _tag: string; readonly reason?: unknown },
  method: string,
  maxRetryAfter: Duration.Duration
): error is RetryableError =>
  !(error._tag === "TransportError" && error.reason === "InvalidUrl") && isRetryable(error, method, maxRetryAfter)

/** The metrics label of a retried error. */
export const retryReason = (error: RetryableError): RetryReason => {
  switch (error._tag) {
    case "RateLimited":
      return "429"
    case "ServerError":
      return "5xx"
    default:
      return error.reason === "Timeout" ? "timeout" : "transport"
  }
}

/**
 * Runs `attempt`, and again on the policy's schedule while it fails with a
 * retryable error. Each retry is counted under `operation`, and the wait a
 * 429 imposed as a `retry-after` rate-limit wait.
 */
export type Retrying = <A, E extends { readonly _tag: string }>(
  attempt: Effect.Effect<A, E>,
  method: string,
  operation: string
) => Effect.Effect<A, E>

/** The retrying of a client's policy. */
export const retrying = (policy: RetryPolicy, metrics = true): Retrying => {
  const maxRetryAfter = Duration.decode(policy.maxRetryAfter)
  const schedule = honouringRetryAfter(policy.schedule)
  return <A, E extends { readonly _tag: string }>(attempt: Effect.Effect<A, E>, method: string, operation: string) =>
    Effect.catchAll(attempt, (first) =>
      retryable(first, method, maxRetryAfter)
        ? Effect.flatMap(Schedule.driver(schedule), (driver) => {
          // the schedule's step sleeps its delay: a 429's wait is measured around it
          const waited = (error: RetryableError) =>
            metrics && error._tag === "RateLimited"
              ? Effect.flatMap(Clock.currentTimeMillis, (start) =>
                Effect.tap(
                  driver.next(error),
                  () =>
                    Effect.flatMap(Clock.currentTimeMillis, (end) =>
                      recordRateLimitWait(operation, "retry-after", end - start))
                ))
              : driver.next(error)
          const loop = (error: RetryableError): Effect.Effect<A, E> =>
            Effect.matchEffect(waited(error), {
              onFailure: () => Effect.fail(error as unknown as E),
              onSuccess: () =>
                Effect.zipRight(
                  metrics ? recordRetry(operation, retryReason(error)) : Effect.void,
                  Effect.catchAll(attempt, (next) => retryable(next, method, maxRetryAfter) ? loop(next) : Effect.fail(next))
                )
            })
          return loop(first)
        })
        : Effect.fail(first))
}
