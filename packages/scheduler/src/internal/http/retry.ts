/**
 * Retry through the `RetryPolicy`: only transient failures (what
 * `RetryPolicy.isRetryable` says, minus a request that could not be built),
 * on the policy's schedule with Zoom's `Retry-After` honoured.
 *
 * @internal
 */
import { Duration, Effect, Schedule } from "effect"
import type { RetryableError, RetryPolicy } from "../../RetryPolicy.js"
import { honouringRetryAfter, isRetryable } from "../../RetryPolicy.js"

/** Whether a failed attempt is retried; an invalid URL would fail the same way again. */
export const retryable = (
  error: { readonly _tag: string; readonly reason?: unknown },
  method: string,
  maxRetryAfter: Duration.Duration
): error is RetryableError =>
  !(error._tag === "TransportError" && error.reason === "InvalidUrl") && isRetryable(error, method, maxRetryAfter)

/** Runs `attempt`, and again on the policy's schedule while it fails with a retryable error. */
export type Retrying = <A, E extends { readonly _tag: string }>(
  attempt: Effect.Effect<A, E>,
  method: string
) => Effect.Effect<A, E>

/** The retrying of a client's policy. */
export const retrying = (policy: RetryPolicy): Retrying => {
  const maxRetryAfter = Duration.decode(policy.maxRetryAfter)
  const schedule = honouringRetryAfter(policy.schedule)
  return <A, E extends { readonly _tag: string }>(attempt: Effect.Effect<A, E>, method: string) =>
    Effect.catchAll(attempt, (first) =>
      retryable(first, method, maxRetryAfter)
        ? Effect.flatMap(Schedule.driver(schedule), (driver) => {
          const loop = (error: RetryableError): Effect.Effect<A, E> =>
            Effect.matchEffect(driver.next(error), {
              onFailure: () => Effect.fail(error as unknown as E),
              onSuccess: () =>
                Effect.catchAll(attempt, (next) => retryable(next, method, maxRetryAfter) ? loop(next) : Effect.fail(next))
            })
          return loop(first)
        })
        : Effect.fail(first))
}
