import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Option, TestClock } from "effect"
import { FakeZoom } from "../src/index.js"
import { get, patch, post, token } from "./helpers.js"

const fake = FakeZoom.FakeZoom
const layer = () => FakeZoom.layer({ seed: { events: 5 } })
const inject = (spec: FakeZoom.FaultSpec) => Effect.flatMap(fake, (f) => f.inject(spec))

describe("FakeZoom faults", () => {
  it.effect("status: applies to the next N matching requests only", () =>
    Effect.gen(function*() {
      yield* inject({ operation: "events.list", times: 2, fault: FakeZoom.Fault.status(503) })
      expect((yield* get("/scheduler/users/me")).status).toBe(200)
      const first = yield* get("/scheduler/events")
      expect(first.status).toBe(503)
      expect(first.json).toEqual({ code: 503, message: "Service Unavailable" })
      expect((yield* get("/scheduler/events")).status).toBe(503)
      expect((yield* get("/scheduler/events")).status).toBe(200)
      const stats = yield* (yield* fake).stats
      expect(stats.faults).toBe(2)
      const log = yield* (yield* fake).requests
      expect(log.map((r) => [r.operation, r.status, r.fault])).toEqual([
        ["users.get", 200, undefined],
        ["events.list", 503, "Status"],
        ["events.list", 503, "Status"],
        ["events.list", 200, undefined]
      ])
    }).pipe(Effect.provide(layer())))

  it.effect("status: custom JSON or text bodies and headers; the request is not processed", () =>
    Effect.gen(function*() {
      yield* inject({
        operation: "availability.create",
        fault: FakeZoom.Fault.status(500, { body: { code: 500, message: "Boom" }, headers: { "x-zm-trackingid": "t-1" } })
      })
      const json = yield* post("/scheduler/availability", { name: "A", time_zone: "UTC" })
      expect(json.status).toBe(500)
      expect(json.json).toEqual({ code: 500, message: "Boom" })
      expect(json.headers["x-zm-trackingid"]).toBe("t-1")
      const snapshot = yield* (yield* fake).snapshot
      expect(snapshot.availability.filter((a) => a.name === "A")).toEqual([])

      yield* inject({ fault: FakeZoom.Fault.status(418, { body: "I'm a teapot" }) })
      const text = yield* get("/scheduler/teams")
      expect(text.status).toBe(418)
      expect(text.text).toBe("I'm a teapot")
      expect(text.headers["content-type"]).toContain("text/plain")
    }).pipe(Effect.provide(layer())))

  it.effect("latency: delays the answer on the Clock (TestClock drives it)", () =>
    Effect.gen(function*() {
      yield* inject({ operation: "users.get", fault: FakeZoom.Fault.latency("2 seconds") })
      const fiber = yield* Effect.fork(get("/scheduler/users/me"))
      yield* TestClock.adjust("1999 millis")
      expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
      yield* TestClock.adjust("1 millis")
      const reply = yield* Fiber.join(fiber)
      expect(reply.status).toBe(200)
      expect(reply.json.display_name).toBeDefined()
      // Only once.
      expect((yield* get("/scheduler/users/me")).status).toBe(200)
    }).pipe(Effect.provide(layer())))

  it.effect("drop: the request fails like a transport error and is not processed", () =>
    Effect.gen(function*() {
      yield* inject({ operation: "availability.create", fault: FakeZoom.Fault.drop })
      const error = yield* Effect.flip(post("/scheduler/availability", { name: "Dropped", time_zone: "UTC" }))
      expect(error._tag).toBe("RequestError")
      expect(error._tag === "RequestError" && error.reason).toBe("Transport")
      const snapshot = yield* (yield* fake).snapshot
      expect(snapshot.availability.some((a) => a.name === "Dropped")).toBe(false)
      const log = yield* (yield* fake).requests
      expect(log[0]).toMatchObject({ operation: "availability.create", status: "dropped", fault: "Drop" })
      expect((yield* post("/scheduler/availability", { name: "Kept", time_zone: "UTC" })).status).toBe(201)
    }).pipe(Effect.provide(layer())))

  it.effect("truncated JSON: the request is processed, the body is cut", () =>
    Effect.gen(function*() {
      yield* inject({ operation: "availability.create", fault: FakeZoom.Fault.truncatedJson })
      const reply = yield* post("/scheduler/availability", { name: "Half", time_zone: "UTC" })
      expect(reply.status).toBe(201)
      expect(reply.headers["content-type"]).toContain("application/json")
      expect(reply.json).toBeUndefined()
      expect(reply.text.startsWith("{\"availability_id\":")).toBe(true)
      expect(() => JSON.parse(reply.text)).toThrow()
      const snapshot = yield* (yield* fake).snapshot
      expect(snapshot.availability.some((a) => a.name === "Half")).toBe(true)

      const event = snapshot.events[0].event_id
      yield* inject({ operation: "events.update", fault: FakeZoom.Fault.truncatedJson })
      const noContent = yield* patch(`/scheduler/events/${event}`, { meeting_notes: "x" })
      expect(noContent.status).toBe(200)
      expect(() => JSON.parse(noContent.text)).toThrow()
    }).pipe(Effect.provide(layer())))

  it.effect("non-JSON: an HTML 502 page by default, or a custom one", () =>
    Effect.gen(function*() {
      yield* inject({ fault: FakeZoom.Fault.nonJson() })
      const reply = yield* get("/scheduler/events")
      expect(reply.status).toBe(502)
      expect(reply.headers["content-type"]).toBe("text/html")
      expect(reply.text).toContain("<h1>502 Bad Gateway</h1>")
      yield* inject({ fault: FakeZoom.Fault.nonJson({ status: 504, body: "upstream timed out", contentType: "text/plain" }) })
      const custom = yield* get("/scheduler/events")
      expect([custom.status, custom.text]).toEqual([504, "upstream timed out"])
    }).pipe(Effect.provide(layer())))

  it.effect("429s of every kind", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2026-11-23T10:00:00Z"))
      yield* inject({ fault: FakeZoom.Fault.rateLimited("perSecond", { retryAfterSeconds: 7 }) })
      const perSecond = yield* get("/scheduler/events")
      expect(perSecond.status).toBe(429)
      expect(perSecond.headers["retry-after"]).toBe("7")
      expect(perSecond.headers["x-ratelimit-type"]).toBe("QPS")
      expect(perSecond.json.message).toContain("per-second rate limit")

      yield* inject({ fault: FakeZoom.Fault.rateLimited("daily") })
      const daily = yield* get("/scheduler/events")
      expect(daily.headers["retry-after"]).toBe("2026-11-24T00:00:00Z")
      expect(daily.headers["x-ratelimit-type"]).toBe("Daily-limit")
      expect(daily.json.message).toContain("daily rate limit")

      yield* inject({ fault: FakeZoom.Fault.rateLimited("concurrent") })
      const concurrent = yield* get("/scheduler/events")
      expect(concurrent.status).toBe(429)
      expect(concurrent.json).toEqual({ code: 429, message: "Too many concurrent requests. Please try again later." })

      const stats = yield* (yield* fake).stats
      expect(stats.rateLimited).toEqual({ total: 3, perSecond: 1, daily: 1, concurrent: 1 })
    }).pipe(Effect.provide(layer())))

  it.effect("targets the token endpoint as oauth.token", () =>
    Effect.gen(function*() {
      yield* inject({ operation: "oauth.token", fault: FakeZoom.Fault.status(500) })
      expect((yield* get("/scheduler/events")).status).toBe(200)
      expect((yield* token({ grant_type: "account_credentials", account_id: "a" })).status).toBe(500)
      expect((yield* token({ grant_type: "account_credentials", account_id: "a" })).status).toBe(200)
    }).pipe(Effect.provide(layer())))

  it.effect("applies faults in injection order, Infinity until clearFaults", () =>
    Effect.gen(function*() {
      yield* inject({ operation: "users.get", fault: FakeZoom.Fault.status(500) })
      yield* inject({ times: Infinity, fault: FakeZoom.Fault.status(503) })
      expect((yield* get("/scheduler/users/me")).status).toBe(500)
      for (let i = 0; i < 5; i++) expect((yield* get("/scheduler/users/me")).status).toBe(503)
      yield* (yield* fake).clearFaults
      expect((yield* get("/scheduler/users/me")).status).toBe(200)
    }).pipe(Effect.provide(layer())))
})
