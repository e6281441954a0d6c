import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { FakeZoom } from "../src/index.js"
import { get, token } from "./helpers.js"

const PER_SECOND = "You have reached the maximum per-second rate limit for this API. Try again later."

const burst = (n: number, path = "/scheduler/users/me") =>
  Effect.forEach(Array.from({ length: n }), () => get(path))

describe("FakeZoom rate limits", () => {
  it.effect("are off by default", () =>
    Effect.gen(function*() {
      const replies = yield* burst(100)
      expect(replies.every((r) => r.status === 200)).toBe(true)
      expect(replies[0].headers["x-ratelimit-limit"]).toBeUndefined()
    }).pipe(Effect.provide(FakeZoom.layer())))

  it.effect("pro: 30 requests per second with Zoom's headers, then a per-second 429 until the next second", () =>
    Effect.gen(function*() {
      const ok = yield* burst(30)
      expect(ok.every((r) => r.status === 200)).toBe(true)
      expect(ok[0].headers).toMatchObject({
        "x-ratelimit-category": "Light",
        "x-ratelimit-type": "QPS",
        "x-ratelimit-limit": "30",
        "x-ratelimit-remaining": "29"
      })
      expect(ok[29].headers["x-ratelimit-remaining"]).toBe("0")

      const limited = yield* get("/scheduler/users/me")
      expect(limited.status).toBe(429)
      expect(limited.json).toEqual({ code: 429, message: PER_SECOND })
      expect(limited.headers).toMatchObject({
        "x-ratelimit-category": "Light",
        "x-ratelimit-type": "QPS",
        "x-ratelimit-limit": "30",
        "x-ratelimit-remaining": "0",
        "retry-after": "1"
      })

      yield* TestClock.adjust("1 second")
      const again = yield* get("/scheduler/users/me")
      expect(again.status).toBe(200)
      expect(again.headers["x-ratelimit-remaining"]).toBe("29")

      const fake = yield* FakeZoom.FakeZoom
      const stats = yield* fake.stats
      expect(stats.rateLimited).toEqual({ total: 1, perSecond: 1, daily: 0, concurrent: 0 })
      expect(stats.byStatus["429"]).toBe(1)
    }).pipe(Effect.provide(FakeZoom.layer({ rateLimits: { plan: "pro" } }))))

  it.effect("business: 80 requests per second", () =>
    Effect.gen(function*() {
      const replies = yield* burst(81)
      expect(replies.filter((r) => r.status === 200)).toHaveLength(80)
      expect(replies[80].status).toBe(429)
    }).pipe(Effect.provide(FakeZoom.layer({ rateLimits: { plan: "business" } }))))

  it.effect("free: 4 requests per second, reporting the 6,000 daily quota", () =>
    Effect.gen(function*() {
      const replies = yield* burst(5)
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 429])
      expect(replies[0].headers).toMatchObject({
        "x-ratelimit-type": "Daily-limit",
        "x-ratelimit-limit": "6000",
        "x-ratelimit-remaining": "5999"
      })
      expect(replies[4].headers["x-ratelimit-type"]).toBe("QPS")
      expect(replies[4].headers["x-ratelimit-limit"]).toBe("4")
    }).pipe(Effect.provide(FakeZoom.layer({ rateLimits: { plan: "free" } }))))

  it.effect("daily cap: 429 with Retry-After at the next 00:00 UTC, reset the next day", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2026-11-23T15:30:00Z"))
      const replies = yield* burst(4)
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429])
      const limited = replies[3]
      expect(limited.json).toEqual({
        code: 429,
        message:
          "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request."
      })
      expect(limited.headers).toMatchObject({
        "x-ratelimit-type": "Daily-limit",
        "x-ratelimit-limit": "3",
        "x-ratelimit-remaining": "0",
        "retry-after": "2026-11-24T00:00:00Z"
      })
      yield* TestClock.adjust("1 hour")
      expect((yield* get("/scheduler/users/me")).status).toBe(429)
      yield* TestClock.setTime(Date.parse("2026-11-24T00:00:00Z"))
      expect((yield* get("/scheduler/users/me")).status).toBe(200)
      const fake = yield* FakeZoom.FakeZoom
      expect((yield* fake.stats).rateLimited.daily).toBe(2)
    }).pipe(Effect.provide(FakeZoom.layer({ rateLimits: { perSecond: 100, daily: 3 } }))))

  it.effect("count neither unauthenticated calls nor token requests", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 5; i++) expect((yield* get("/scheduler/users/me", null)).status).toBe(401)
      for (let i = 0; i < 5; i++) {
        expect((yield* token({ grant_type: "account_credentials", account_id: "a" })).status).toBe(200)
      }
      expect((yield* burst(2)).map((r) => r.status)).toEqual([200, 200])
      expect((yield* get("/scheduler/users/me")).status).toBe(429)
    }).pipe(Effect.provide(FakeZoom.layer({ rateLimits: { perSecond: 2 } }))))
})
