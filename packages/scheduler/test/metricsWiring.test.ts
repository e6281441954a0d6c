/**
 * The client records its metrics: a scripted run against an in-process
 * Zoom (token endpoint and API) with a 429, a 401 that makes the token
 * refresh, a 5xx retry and a dropped POST; then the metrics are read
 * back and every count checked. Each case tags its fiber with a run label
 * of its own (`Effect.tagMetrics`), so the global registry's other entries
 * never mix in.
 */
import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Fiber, Layer, Metric, Redacted, TestClock } from "effect"
import { Credentials, Metrics, TokenStore, ZoomScheduler } from "@effect-zoom/scheduler"
import * as F from "./support/fixtures.js"
import { json, recorder } from "./support/recordingHttp.js"
import type { RecordedRequest } from "./support/recordingHttp.js"
import { basic, checkAccess, handleToken, makeTokenEndpoint } from "./support/tokenEndpoint.js"

const CLIENT_ID = "metrics-client"
const CLIENT_SECRET = "metrics-secret"

let serial = 0
const freshRun = () => `run-${++serial}`

/** Zoom's token endpoint and API; `api` answers authorised API calls, in order. */
const zoomLike = (api: (req: RecordedRequest, n: number) => Response | "drop", initialRefreshToken = "rt-0") => {
  const state = makeTokenEndpoint(initialRefreshToken)
  let apiCalls = 0
  const rec = recorder((req) =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      if (req.path === "/oauth/token") {
        const answer = handleToken(state, req.body as URLSearchParams, req.headers.authorization, now, {
          lifetimeSeconds: 3600,
          clientAuth: basic(CLIENT_ID, CLIENT_SECRET)
        })
        return json(answer.status, answer.body)
      }
      const denied = checkAccess(state, req.headers.authorization, now)
      if (denied) return json(denied.status, denied.body)
      return api(req, apiCalls++)
    })
  )
  const layer = (options: ZoomScheduler.Options = {}) =>
    ZoomScheduler.layer(options).pipe(
      Layer.provideMerge(
        Credentials.refreshToken({
          clientId: CLIENT_ID,
          clientSecret: Redacted.make(CLIENT_SECRET),
          refreshToken: Redacted.make("rt-0")
        })
      ),
      Layer.provideMerge(TokenStore.layerMemory()),
      Layer.provide(rec.layer),
      Layer.orDie
    )
  return { state, rec, layer }
}

/** A counter's count for these labels, the run's label included. */
const count = (run: string, metric: Metric.Metric.Counter<number>, labels: Record<string, string> = {}) =>
  Effect.map(
    Metric.value(Object.entries({ ...labels, run }).reduce((m, [key, value]) => Metric.tagged(m, key, value), metric)),
    (state) => state.count
  )

const histogram = (
  run: string,
  metric: typeof Metrics.latency,
  labels: Record<string, string>
) => Metric.value(Object.entries({ ...labels, run }).reduce((m, [key, value]) => Metric.tagged(m, key, value), metric))

const usersGet = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me"))

describe("metrics of a scripted run", () => {
  it.effect("a 429, a refresh, a 5xx retry and a dropped POST are all counted", () =>
    Effect.gen(function*() {
      const run = freshRun()
      const { state, layer } = zoomLike((req, n) => {
        switch (n) {
          case 0:
            state.accessTokens.clear() // Zoom revokes the token too: the retry gets a 401/124
            return json(429, { code: 429, message: "slow down" }, { "Retry-After": "2", "X-RateLimit-Type": "QPS" })
          case 2:
            return json(503, { message: "busy" })
          case 4:
            return "drop" // a POST is not retried: no answer
          default:
            return req.method === "POST" ? json(201, { scheduling_url: "u" }) : json(200, F.userWire)
        }
      })
      const script = Effect.gen(function*() {
        // call 1: 429 → wait 2 s → retry (token revoked meanwhile: 401/124 → refresh → replay) → 200
        yield* usersGet
        // call 2: 503 → retry → 200
        yield* usersGet
        // call 3: a POST whose connection drops
        const zoom = yield* ZoomScheduler.ZoomScheduler
        return yield* Effect.flip(zoom.shares.create({ scheduleId: "s-1" }))
      }).pipe(Effect.provide(layer()), Effect.tagMetrics("run", run))
      const fiber = yield* Effect.fork(script)
      yield* TestClock.adjust("10 seconds")
      const dropped = yield* Fiber.join(fiber)
      expect(dropped._tag).toBe("TransportError")
      expect(state.tokenRequests).toHaveLength(2)

      // one attempt per request sent: the 429, the retry (401), its replay (200), the 503, its retry (200)
      expect(yield* count(run, Metrics.attempts, { operation: "users.get" })).toBe(5)
      expect(yield* count(run, Metrics.attempts, { operation: "shares.create" })).toBe(1)

      expect(yield* count(run, Metrics.retries, { operation: "users.get", reason: "429" })).toBe(1)
      expect(yield* count(run, Metrics.retries, { operation: "users.get", reason: "5xx" })).toBe(1)
      expect(yield* count(run, Metrics.retries, { operation: "users.get", reason: "transport" })).toBe(0)
      expect(yield* count(run, Metrics.retries, { operation: "shares.create", reason: "transport" })).toBe(0)

      expect(yield* count(run, Metrics.tokenRefreshes, { outcome: "success" })).toBe(2)
      expect(yield* count(run, Metrics.tokenRefreshes, { outcome: "failure" })).toBe(0)

      expect(yield* count(run, Metrics.rateLimitWaits, { operation: "users.get", source: "retry-after" })).toBe(1)
      const waited = yield* histogram(run, Metrics.rateLimitWaitTime, { operation: "users.get", source: "retry-after" })
      expect(waited.count).toBe(1)
      expect(waited.min).toBeGreaterThanOrEqual(2000)

      expect(yield* count(run, Metrics.requests, { operation: "users.get", status: "200" })).toBe(2)
      expect(yield* count(run, Metrics.requests, { operation: "users.get", status: "429" })).toBe(0)
      expect(yield* count(run, Metrics.requests, { operation: "shares.create", status: "error" })).toBe(1)
      const latency = yield* histogram(run, Metrics.latency, { operation: "users.get" })
      expect(latency.count).toBe(2)
      // the first call waited out the 429's Retry-After
      expect(latency.max).toBeGreaterThanOrEqual(2000)
    }))

  it.effect("a refresh Zoom refuses is counted as a failure, once", () =>
    Effect.gen(function*() {
      const run = freshRun()
      const { layer } = zoomLike(() => json(200, F.userWire), "another-refresh-token")
      const error = yield* usersGet.pipe(Effect.flip, Effect.provide(layer()), Effect.tagMetrics("run", run))
      expect(error._tag).toBe("AuthError")
      expect(yield* count(run, Metrics.tokenRefreshes, { outcome: "failure" })).toBe(1)
      expect(yield* count(run, Metrics.tokenRefreshes, { outcome: "success" })).toBe(0)
      expect(yield* count(run, Metrics.attempts, { operation: "users.get" })).toBe(0)
      expect(yield* count(run, Metrics.requests, { operation: "users.get", status: "error" })).toBe(1)
    }))

  it.effect("the client's own limiter records its waits", () =>
    Effect.gen(function*() {
      const run = freshRun()
      const { layer } = zoomLike(() => json(200, F.userWire))
      const fiber = yield* Effect.fork(
        Effect.all([usersGet, usersGet, usersGet]).pipe(
          Effect.provide(layer({ rateLimit: { perSecond: 1 } })),
          Effect.tagMetrics("run", run)
        )
      )
      yield* TestClock.adjust("5 seconds")
      yield* Fiber.join(fiber)
      // the first call goes at once; the next two wait a second each
      expect(yield* count(run, Metrics.rateLimitWaits, { operation: "users.get", source: "limiter" })).toBe(2)
      const waited = yield* histogram(run, Metrics.rateLimitWaitTime, { operation: "users.get", source: "limiter" })
      expect(waited.sum).toBe(2000)
      expect(yield* count(run, Metrics.requests, { operation: "users.get", status: "200" })).toBe(3)
    }))

  it.effect("with tracing off (no span start time) the duration still comes from the Clock", () =>
    Effect.gen(function*() {
      const run = freshRun()
      const { layer } = zoomLike((_req, n) =>
        n === 0 ? json(429, { message: "slow down" }, { "Retry-After": "3", "X-RateLimit-Type": "QPS" }) : json(200, F.userWire))
      const fiber = yield* Effect.fork(
        usersGet.pipe(Effect.provide(layer()), Effect.withTracerEnabled(false), Effect.tagMetrics("run", run))
      )
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      const latency = yield* histogram(run, Metrics.latency, { operation: "users.get" })
      expect(latency.count).toBe(1)
      expect(latency.min).toBeGreaterThanOrEqual(3000)
      expect(latency.max).toBeLessThan(10_000)
    }))

  it.effect("metrics: false records none of the client's metrics (the credentials still count refreshes)", () =>
    Effect.gen(function*() {
      const run = freshRun()
      const { layer } = zoomLike((_req, n) =>
        n === 0 ? json(429, { message: "slow down" }, { "Retry-After": "1", "X-RateLimit-Type": "QPS" }) : json(200, F.userWire))
      const fiber = yield* Effect.fork(
        Effect.all([usersGet, usersGet]).pipe(
          Effect.provide(layer({ metrics: false, rateLimit: { perSecond: 1 } })),
          Effect.tagMetrics("run", run)
        )
      )
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      expect(yield* count(run, Metrics.attempts, { operation: "users.get" })).toBe(0)
      expect(yield* count(run, Metrics.retries, { operation: "users.get", reason: "429" })).toBe(0)
      expect(yield* count(run, Metrics.rateLimitWaits, { operation: "users.get", source: "retry-after" })).toBe(0)
      expect(yield* count(run, Metrics.rateLimitWaits, { operation: "users.get", source: "limiter" })).toBe(0)
      expect(yield* count(run, Metrics.requests, { operation: "users.get", status: "200" })).toBe(0)
      expect((yield* histogram(run, Metrics.latency, { operation: "users.get" })).count).toBe(0)
      expect(yield* count(run, Metrics.tokenRefreshes, { outcome: "success" })).toBe(1)
    }))
})
