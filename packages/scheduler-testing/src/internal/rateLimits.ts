/**
 * Zoom's rate limits for the Scheduler API (every operation is in the LIGHT
 * category): a per-second (QPS) window and, on the free plan, a daily cap
 * that resets at 00:00 UTC. Windows are computed from the time the caller
 * passes in (Effect's `Clock`), so `TestClock.adjust` resets them.
 *
 * @internal
 */
import type { FakeResponse } from "./http.js"
import { zoomError } from "./http.js"
import { nextUtcMidnight, utcDay } from "./time.js"

/** Requests per second and per day allowed for LIGHT APIs. */
export interface RateLimitConfig {
  readonly perSecond: number
  readonly daily: number | undefined
}

/** LIGHT-category limits of Zoom's plans. */
export const PLAN_LIMITS = {
  free: { perSecond: 4, daily: 6000 },
  pro: { perSecond: 30, daily: undefined },
  business: { perSecond: 80, daily: undefined }
} as const satisfies Record<string, RateLimitConfig>

/** Zoom's body for an exceeded per-second limit. */
export const PER_SECOND_MESSAGE = "You have reached the maximum per-second rate limit for this API. Try again later."
/** Zoom's body for an exceeded daily limit. */
export const DAILY_MESSAGE =
  "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request."
/** Zoom's body for too many concurrent requests. */
export const CONCURRENT_MESSAGE = "Too many concurrent requests. Please try again later."

/** The per-second 429 response. */
export const perSecondLimited = (limit: number, retryAfterSeconds = 1): FakeResponse =>
  zoomError(429, 429, PER_SECOND_MESSAGE, {
    "x-ratelimit-category": "Light",
    "x-ratelimit-type": "QPS",
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": "0",
    "retry-after": String(retryAfterSeconds)
  })

/** The daily 429 response, `Retry-After` being the next 00:00 UTC. */
export const dailyLimited = (limit: number, nowMs: number): FakeResponse =>
  zoomError(429, 429, DAILY_MESSAGE, {
    "x-ratelimit-category": "Light",
    "x-ratelimit-type": "Daily-limit",
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": "0",
    "retry-after": nextUtcMidnight(nowMs)
  })

/** The "too many concurrent requests" 429 response. */
export const concurrentLimited = (retryAfterSeconds = 1): FakeResponse =>
  zoomError(429, 429, CONCURRENT_MESSAGE, {
    "x-ratelimit-category": "Light",
    "x-ratelimit-type": "QPS",
    "retry-after": String(retryAfterSeconds)
  })

/** The outcome of admitting one request. */
export type Admission =
  | { readonly _tag: "Admitted"; readonly headers: Readonly<Record<string, string>> }
  | { readonly _tag: "Limited"; readonly kind: "perSecond" | "daily"; readonly response: FakeResponse }

/** Fixed-window counters for one account. */
export class RateLimiter {
  private second = Number.NaN
  private inSecond = 0
  private day = Number.NaN
  private inDay = 0

  constructor(readonly config: RateLimitConfig) {}

  /**
   * Admits or rejects a request at `nowMs`. Admitted responses carry
   * `X-RateLimit-*` headers: the daily quota when a daily cap applies,
   * otherwise the per-second one. Rejected requests do not count.
   */
  admit(nowMs: number): Admission {
    const second = Math.floor(nowMs / 1000)
    if (second !== this.second) {
      this.second = second
      this.inSecond = 0
    }
    const day = utcDay(nowMs)
    if (day !== this.day) {
      this.day = day
      this.inDay = 0
    }
    const { daily, perSecond } = this.config
    if (daily !== undefined && this.inDay >= daily) {
      return { _tag: "Limited", kind: "daily", response: dailyLimited(daily, nowMs) }
    }
    if (this.inSecond >= perSecond) {
      return { _tag: "Limited", kind: "perSecond", response: perSecondLimited(perSecond) }
    }
    this.inSecond++
    this.inDay++
    return {
      _tag: "Admitted",
      headers: daily !== undefined ?
        {
          "x-ratelimit-category": "Light",
          "x-ratelimit-type": "Daily-limit",
          "x-ratelimit-limit": String(daily),
          "x-ratelimit-remaining": String(daily - this.inDay)
        } :
        {
          "x-ratelimit-category": "Light",
          "x-ratelimit-type": "QPS",
          "x-ratelimit-limit": String(perSecond),
          "x-ratelimit-remaining": String(perSecond - this.inSecond)
        }
    }
  }
}
