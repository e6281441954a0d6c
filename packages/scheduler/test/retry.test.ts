/**
 * Retries follow a Schedule, honour Retry-After, never retry a POST after a
 * 5xx or transport failure, never retry a daily limit, and stay bounded.
 * Client-side rate limiting spreads bursts under the plan's limit.
 */
import { describe, expect, it } from "@effect/vitest"
import { Clock, Duration, Effect, Fiber, Schedule, TestClock } from "effect"
import { RateLimit, RetryPolicy, ZoomScheduler } from "@effect-zoom/scheduler"
import * as F from "./support/fixtures.js"
import { clientLayer, json, recorder } from "./support/recordingHttp.js"
import type { Handler } from "./support/recordingHttp.js"

/** Answers the scripted responses in order, then 200; records when each request arrived (TestClock ms). */
const scripted = (script: Array<() => Response | "drop">, ok: () => Response = () => json(200, F.userWire)) => {
  const times: Array<number> = []
  let i = 0
  const handler: Handler = () =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      times.push(now)
      const next = script[i++]
      return next === undefined ? ok() : next()
    })
  return { rec: recorder(handler), times }
}

const perSecond429 = (retryAfter?: string) => () =>
  json(429, { code: 429, message: "You have reached the maximum per-second rate limit for this API. Try again later." }, {
    "X-RateLimit-Type": "QPS",
    ...(retryAfter === undefined ? {} : { "Retry-After": retryAfter })
  })
const unavailable = () => json(503, { code: 503, message: "Service Unavailable" })

/** Runs `f` in a fiber while moving the TestClock forward in steps. */
const driven = <A, E>(effect: Effect.Effect<A, E>, total: Duration.DurationInput = "5 minutes", step: Duration.DurationInput = "100 millis") =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(Effect.either(effect))
    const steps = Math.ceil(Duration.toMillis(total) / Duration.toMillis(step))
    for (let i = 0; i < steps && (yield* fiber.poll)._tag === "None"; i++) {
      yield* TestClock.adjust(step)
    }
    return yield* Fiber.join(fiber)
  })

const get = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me"))
const post = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.shares.create({ scheduleId: "s-1" }))

describe("retry", () => {
  it.effect("429 with Retry-After: 2 waits 2 s on the TestClock, then succeeds", () =>
    Effect.gen(function*() {
      const { rec, times } = scripted([perSecond429("2")])
      const result = yield* driven(get.pipe(Effect.provide(clientLayer(rec))))
      expect(result._tag).toBe("Right")
      expect(times).toHaveLength(2)
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2000)
      expect(times[1]! - times[0]!).toBeLessThan(2200)
    }))

  it.effect("Retry-After as an absolute timestamp is honoured", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2026-01-01T00:00:00Z"))
      const { rec, times } = scripted([perSecond429("2026-01-01T00:00:05Z")])
      const result = yield* driven(get.pipe(Effect.provide(clientLayer(rec))))
      expect(result._tag).toBe("Right")
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(5000)
    }))

  it.effect("a 429 without Retry-After is retried on the schedule's own backoff", () =>
    Effect.gen(function*() {
      const { rec, times } = scripted([perSecond429(), perSecond429()])
      const result = yield* driven(get.pipe(Effect.provide(clientLayer(rec))))
      expect(result._tag).toBe("Right")
      expect(times).toHaveLength(3)
    }))

  it.effect("a daily-limit 429 fails at once with RateLimited", () =>
    Effect.gen(function*() {
      const { rec, times } = scripted([
        () => json(429, { code: 429, message: "daily" }, { "X-RateLimit-Type": "Daily-limit", "Retry-After": "2099-01-01T00:00:00Z" })
      ])
      const result = yield* driven(get.pipe(Effect.provide(clientLayer(rec))))
      expect(result._tag === "Left" && result.left._tag === "RateLimited" && result.left.limitType).toBe("Daily")
      expect(times).toHaveLength(1)
    }))

  it.effect("a per-second 429 asking for longer than maxRetryAfter fails at once", () =>
    Effect.gen(function*() {
      const { rec, times } = scripted([perSecond429("600")])
      const result = yield* driven(get.pipe(Effect.provide(clientLayer(rec))))
      expect(result._tag === "Left" && result.left._tag).toBe("RateLimited")
      expect(times).toHaveLength(1)
    }))

  it.effect("429 is retried for a POST too", () =>
    Effect.gen(function*() {
      const { rec, times } = scripted([perSecond429("1")], () => json(201, { scheduling_url: "https://x" }))
      const result = yield* driven(post.pipe(Effect.provide(clientLayer(rec))))
      expect(result._tag).toBe("Right")
      expect(times).toHaveLength(2)
    }))

  it.effect("a 503 on GET is retried; a 503 on POST is not", () =>
    Effect.gen(function*() {
      const g = scripted([unavailable, unavailable])
      const okGet = yield* driven(get.pipe(Effect.provide(clientLayer(g.rec))))
      expect(okGet._tag).toBe("Right")
      expect(g.times).toHaveLength(3)

      const p = scripted([unavailable], () => json(201, { scheduling_url: "https://x" }))
      const failedPost = yield* driven(post.pipe(Effect.provide(clientLayer(p.rec))))
      expect(failedPost._tag === "Left" && failedPost.left._tag).toBe("ServerError")
      expect(p.times).toHaveLength(1)
    }))

  it.effect("a dropped connection is retried for GET/PATCH/DELETE, not for POST", () =>
    Effect.gen(function*() {
      const methods: Array<[string, Effect.Effect<unknown, unknown, ZoomScheduler.ZoomScheduler>, boolean]> = [
        ["GET", get, true],
        ["PATCH", Effect.flatMap(ZoomScheduler.ZoomScheduler, (z) => z.events.update("e", { status: "confirmed" })), true],
        ["DELETE", Effect.flatMap(ZoomScheduler.ZoomScheduler, (z) => z.events.delete("e")), true],
        ["POST", post, false]
      ]
      for (const [method, call, retried] of methods) {
        const { rec } = scripted(["drop" as const].map((d) => () => d), () =>
          method === "GET" ? json(200, F.userWire) : method === "POST" ? json(201, { scheduling_url: "u" }) : new Response(null, { status: 204 }))
        const result = yield* driven(call.pipe(Effect.provide(clientLayer(rec))))
        expect([method, result._tag, rec.requests.length]).toEqual([method, retried ? "Right" : "Left", retried ? 2 : 1])
      }
    }))

  it.effect("retries are bounded: the default policy makes at most 5 attempts", () =>
    Effect.gen(function*() {
      const { rec, times } = scripted(Array.from({ length: 100 }, () => unavailable))
      const result = yield* driven(get.pipe(Effect.provide(clientLayer(rec))), "10 minutes")
      expect(result._tag === "Left" && result.left._tag).toBe("ServerError")
      expect(times).toHaveLength(5)
    }))

  it.effect("the user's own Schedule replaces the default", () =>
    Effect.gen(function*() {
      const { rec, times } = scripted(Array.from({ length: 100 }, () => unavailable))
      const layer = clientLayer(rec, { retry: { schedule: Schedule.spaced("7 seconds").pipe(Schedule.intersect(Schedule.recurs(2))) } })
      const result = yield* driven(get.pipe(Effect.provide(layer)), "1 minute")
      expect(result._tag).toBe("Left")
      expect(times).toEqual([0, 7000, 14000])
    }))

  it.effect("RetryPolicy.never makes a single attempt", () =>
    Effect.gen(function*() {
      const { rec, times } = scripted([unavailable])
      yield* driven(get.pipe(Effect.provide(clientLayer(rec, { retry: RetryPolicy.never }))))
      expect(times).toHaveLength(1)
    }))

  it.effect("a timeout is retried for GET, and each attempt is timed out separately", () =>
    Effect.gen(function*() {
      let calls = 0
      const rec = recorder(() => (calls++ === 0 ? Effect.as(Effect.never, json(200, F.userWire)) : json(200, F.userWire)))
      const result = yield* driven(get.pipe(Effect.provide(clientLayer(rec, { timeout: "2 seconds" }))))
      expect(result._tag).toBe("Right")
      expect(calls).toBe(2)
    }))

  it("parseRetryAfter reads seconds, ISO dates and HTTP dates, and ignores garbage", async () => {
    const { DateTime, Option } = await import("effect")
    const now = DateTime.unsafeMake("2020-05-30T23:59:58Z")
    const wait = (h: string) => Option.map(RetryPolicy.parseRetryAfter(h, now), (r) => Duration.toMillis(r.wait))
    expect(wait("2")).toEqual(Option.some(2000))
    expect(wait("2020-05-31T00:00:00Z")).toEqual(Option.some(2000))
    expect(wait("Sun, 31 May 2020 00:00:00 GMT")).toEqual(Option.some(2000))
    expect(wait("2020-01-01T00:00:00Z")).toEqual(Option.some(0))
    expect(wait("soon")).toEqual(Option.none())
    expect(wait("")).toEqual(Option.none())
  })
})

describe("client-side rate limiting", () => {
  it.effect("300 calls under the pro plan take at least ~10 s, never more than 30 in any second", () =>
    Effect.gen(function*() {
      const { rec, times } = scripted([])
      const program = Effect.all(Array.from({ length: 300 }, () => get), { concurrency: "unbounded" }).pipe(
        Effect.provide(clientLayer(rec, { rateLimit: { plan: "pro" } }))
      )
      const result = yield* driven(program, "1 minute", "1 second")
      expect(result._tag).toBe("Right")
      expect(times).toHaveLength(300)
      const sorted = [...times].sort((a, b) => a - b)
      // evenly spaced at 1/30 s: the 300th request starts at 299/30 s
      expect(sorted[299]! - sorted[0]!).toBeGreaterThanOrEqual(9900)
      for (let i = 30; i < sorted.length; i++) {
        // any 31 consecutive requests span at least one second
        expect(sorted[i]! - sorted[i - 30]!).toBeGreaterThanOrEqual(1000)
      }
    }))

  it.effect("the free plan spaces requests 250 ms apart", () =>
    Effect.gen(function*() {
      const { rec, times } = scripted([])
      const program = Effect.all(Array.from({ length: 8 }, () => get), { concurrency: "unbounded" }).pipe(
        Effect.provide(clientLayer(rec, { rateLimit: { plan: "free" } }))
      )
      yield* driven(program, "10 seconds")
      const sorted = [...times].sort((a, b) => a - b)
      expect(sorted[7]! - sorted[0]!).toBeGreaterThanOrEqual(7 * 250)
      expect(RateLimit.perSecond({ plan: "business" })).toBe(80)
    }))

  it.effect("off by default: a burst goes out at once", () =>
    Effect.gen(function*() {
      const { rec, times } = scripted([])
      yield* Effect.all(Array.from({ length: 50 }, () => get), { concurrency: "unbounded" }).pipe(
        Effect.provide(clientLayer(rec))
      )
      expect(new Set(times)).toEqual(new Set([0]))
    }))
})


