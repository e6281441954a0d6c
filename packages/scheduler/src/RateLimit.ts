/**
 * Client-side rate limiting (opt-in): requests wait for capacity so that a
 * burst of thousands of calls is spread under Zoom's published per-second
 * limit instead of collecting 429s.
 *
 * Every Scheduler operation carries Zoom's `LIGHT` rate-limit label: 4
 * requests per second on the free plan (and 6,000 a day), 30 on Pro, 80 on
 * Business and above. The limiter spaces requests evenly (one every
 * `1 / perSecond` seconds), so no one-second window ever holds more than the
 * limit. It limits when attempts start (retries included), not how many run
 * at once. Daily limits are not enforced client-side: a daily 429 fails at
 * once with `RateLimited` carrying the reset time.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as RateLimiter from "effect/RateLimiter"
import type * as Scope from "effect/Scope"

/**
 * Zoom account plans and their per-second limit for `LIGHT` operations.
 *
 * @since 0.1.0
 */
export const planLimits = {
  free: { perSecond: 4, daily: 6000 },
  pro: { perSecond: 30, daily: undefined },
  business: { perSecond: 80, daily: undefined }
} as const

/**
 * A plan name.
 *
 * @since 0.1.0
 */
export type Plan = keyof typeof planLimits

/**
 * The account's plan, or an explicit per-second limit.
 *
 * @example
 * ```ts
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * ZoomScheduler.layer({ rateLimit: { plan: "pro" } })
 * ZoomScheduler.layer({ rateLimit: { perSecond: 10 } }) // share a Pro budget with another app
 * ```
 *
 * @since 0.1.0
 */
export type RateLimitOptions = { readonly plan: Plan } | { readonly perSecond: number }

/**
 * The per-second limit the options stand for.
 *
 * @example
 * ```ts
 * import { RateLimit } from "@effect-zoom/scheduler"
 *
 * RateLimit.perSecond({ plan: "business" }) // 80
 * ```
 *
 * @since 0.1.0
 */
export const perSecond = (options: RateLimitOptions): number =>
  "plan" in options ? planLimits[options.plan].perSecond : options.perSecond

/**
 * A limiter for these options: wrap an effect to delay its start until
 * there is capacity. Needs a `Scope` (the limiter's refill fiber lives in it).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { RateLimit } from "@effect-zoom/scheduler"
 *
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     const limit = yield* RateLimit.make({ plan: "free" })
 *     yield* Effect.forEach([1, 2, 3, 4, 5], (n) => limit(Effect.log(n)), { concurrency: "unbounded" })
 *   })
 * )
 * ```
 *
 * @since 0.1.0
 */
export const make = (
  options: RateLimitOptions
): Effect.Effect<RateLimiter.RateLimiter, never, Scope.Scope> => {
  const limit = perSecond(options)
  if (!(limit > 0) || !Number.isFinite(limit)) {
    return Effect.dieMessage(`RateLimit: perSecond must be a positive number, got ${limit}`)
  }
  return RateLimiter.make({
    limit: 1,
    interval: Duration.nanos(BigInt(Math.ceil(1e9 / limit))),
    algorithm: "token-bucket"
  })
}
