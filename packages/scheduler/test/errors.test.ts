/**
 * Every status Zoom can answer maps to the typed error the operation
 * declares; a body that is not JSON still yields a typed error.
 */
import { describe, expect, it, layer } from "@effect/vitest"
import { DateTime, Duration, Effect, Either, TestClock } from "effect"
import { RetryPolicy, ZoomScheduler } from "@effect-zoom/scheduler"
import * as F from "./support/fixtures.js"
import { clientLayer, json, recorder } from "./support/recordingHttp.js"
import type { Handler } from "./support/recordingHttp.js"

let respond: Handler = () => json(200, {})
const rec = recorder((request) => respond(request))

const failure = <A, E>(f: (zoom: ZoomScheduler.Service) => Effect.Effect<A, E>) =>
  Effect.flatMap(ZoomScheduler.ZoomScheduler, f).pipe(
    Effect.flip
  )

layer(clientLayer(rec, { retry: RetryPolicy.never }))("error mapping", (it) => {
  it.effect("401 with Zoom's code 124 is an AuthError(InvalidToken)", () =>
    Effect.gen(function*() {
      respond = () => json(401, { code: 124, message: "Invalid access token." })
      const e = yield* failure((zoom) => zoom.users.get("me"))
      expect(e._tag).toBe("AuthError")
      if (e._tag !== "AuthError") return
      expect(e.reason).toBe("InvalidToken")
      expect(e.status).toBe(401)
      expect(e.code).toBe(124)
      expect(e.operation).toBe("users.get")
      expect(e.message).toContain("Invalid access token.")
    }))

  it.effect("a missing scope (code 4700) is an AuthError(MissingScopes), on 401 and 403", () =>
    Effect.gen(function*() {
      respond = () => json(401, { code: 4700, message: "Invalid access token, does not contain scopes:[scheduler:read]." })
      const a = yield* failure((zoom) => zoom.events.list())
      expect(a._tag === "AuthError" && a.reason).toBe("MissingScopes")
      respond = () => json(403, { code: 4700, message: "no scopes" })
      const b = yield* failure((zoom) => zoom.events.list())
      expect(b._tag === "AuthError" && [b.reason, b.status]).toEqual(["MissingScopes", 403])
      respond = () => json(403, { code: 200, message: "No permission." })
      const c = yield* failure((zoom) => zoom.events.list())
      expect(c._tag === "AuthError" && c.reason).toBe("Forbidden")
    }))

  it.effect("404 is NotFound with the resource and id", () =>
    Effect.gen(function*() {
      respond = () => json(404, { code: "notFound", message: "Event does not exist." })
      const e = yield* failure((zoom) => zoom.events.get("evt-404"))
      expect(e._tag).toBe("NotFound")
      if (e._tag !== "NotFound") return
      expect([e.resource, e.id, e.code]).toEqual(["event", "evt-404", "notFound"])
      const u = yield* failure((zoom) => zoom.users.get("ghost"))
      expect(u._tag === "NotFound" && [u.resource, u.id]).toEqual(["user", "ghost"])
      const r = yield* failure((zoom) => zoom.routingForms.getResponse("f", "r-9"))
      expect(r._tag === "NotFound" && [r.resource, r.id]).toEqual(["routingFormResponse", "r-9"])
    }))

  it.effect("a 404 on a list is NotFound about the user it lists for (Zoom answers it; the spec omits it)", () =>
    Effect.gen(function*() {
      respond = () => json(404, { code: 1001, message: "User does not exist: ghost." })
      const e = yield* failure((zoom) => zoom.events.list({ userId: "ghost" }))
      expect(e._tag === "NotFound" && [e.resource, e.id, e.code]).toEqual(["user", "ghost", 1001])
      const s = yield* failure((zoom) => zoom.schedules.singleUseLink({ scheduleId: "sch-404" }))
      expect(s._tag === "NotFound" && [s.resource, s.id]).toEqual(["schedule", "sch-404"])
      const t = yield* failure((zoom) => zoom.teams.list())
      expect(t._tag === "NotFound" && [t.resource, t.id]).toEqual(["user", "me"])
    }))

  it.effect("400 with Zoom's body is BadRequest with code, message and per-field errors", () =>
    Effect.gen(function*() {
      respond = () =>
        json(400, {
          code: 300,
          message: "Validation Failed.",
          errors: [{ field: "capacity", message: "must be at most 200" }]
        })
      const e = yield* failure((zoom) =>
        zoom.schedules.create({ availabilityOverride: false, availabilityRules: [], capacity: 1 })
      )
      expect(e._tag).toBe("BadRequest")
      if (e._tag !== "BadRequest") return
      expect([e.status, e.code, e.message]).toEqual([400, 300, "schedules.create: Zoom answered 400: Validation Failed."])
      expect(e.errors.map((f) => [f.field, f.message])).toEqual([["capacity", "must be at most 200"]])
    }))

  it.effect("string codes such as invalidArgument are kept; 409 is BadRequest too", () =>
    Effect.gen(function*() {
      respond = () => json(409, { code: "conflict", message: "Schedule in use." })
      const e = yield* failure((zoom) => zoom.schedules.delete("s-1"))
      expect(e._tag === "BadRequest" && [e.status, e.code]).toEqual([409, "conflict"])
      respond = () => json(400, { code: "invalidArgument", message: "bad time zone" })
      const f = yield* failure((zoom) => zoom.analytics.report({ timeZone: "Mars/Olympus" }))
      expect(f._tag === "BadRequest" && f.code).toBe("invalidArgument")
    }))

  it.effect("a 400 whose body is not JSON still yields BadRequest with the status and an excerpt", () =>
    Effect.gen(function*() {
      respond = () => new Response("<html><body>Bad Request</body></html>", { status: 400 })
      const e = yield* failure((zoom) => zoom.teams.list())
      expect(e._tag).toBe("BadRequest")
      if (e._tag !== "BadRequest") return
      expect(e.status).toBe(400)
      expect(e.code).toBeUndefined()
      expect(e.body).toContain("Bad Request")
      expect(e.message).toContain("not JSON")
    }))

  it.effect("429 per-second: RateLimited with Retry-After as a Duration and the raw headers", () =>
    Effect.gen(function*() {
      respond = () =>
        json(429, { code: 429, message: "You have reached the maximum per-second rate limit for this API. Try again later." }, {
          "X-RateLimit-Category": "Light",
          "X-RateLimit-Type": "QPS",
          "X-RateLimit-Limit": "30",
          "X-RateLimit-Remaining": "0",
          "Retry-After": "2"
        })
      const e = yield* failure((zoom) => zoom.events.list())
      expect(e._tag).toBe("RateLimited")
      if (e._tag !== "RateLimited") return
      expect(e.limitType).toBe("PerSecond")
      expect(Duration.toMillis(e.retryAfter)).toBe(2000)
      expect(e.headers).toEqual({
        "x-ratelimit-category": "Light",
        "x-ratelimit-type": "QPS",
        "x-ratelimit-limit": "30",
        "x-ratelimit-remaining": "0",
        "retry-after": "2"
      })
    }))

  it.effect("429 daily limit: RateLimited(Daily) with the absolute reset time", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2026-11-23T22:00:00Z"))
      respond = () =>
        json(429, { code: 429, message: "You have reached the maximum daily rate limit for this API." }, {
          "X-RateLimit-Type": "Daily-limit",
          "X-RateLimit-Limit": "6000",
          "X-RateLimit-Remaining": "0",
          "Retry-After": "2026-11-24T00:00:00Z"
        })
      const e = yield* failure((zoom) => zoom.events.list())
      expect(e._tag === "RateLimited" && e.limitType).toBe("Daily")
      if (e._tag !== "RateLimited") return
      expect(Duration.toMillis(e.retryAfter)).toBe(2 * 3600 * 1000)
      expect(e.resetAt && DateTime.formatIso(e.resetAt)).toBe("2026-11-24T00:00:00.000Z")
    }))

  it.effect("429 daily limit without Retry-After resets at the next 00:00 UTC", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2026-11-23T23:30:00Z"))
      respond = () => json(429, { code: 429, message: "daily limit" }, { "X-RateLimit-Type": "Daily-limit" })
      const e = yield* failure((zoom) => zoom.users.get("me"))
      if (e._tag !== "RateLimited") return expect.fail(`expected RateLimited, got ${e._tag}`)
      expect(Duration.toMillis(e.retryAfter)).toBe(30 * 60 * 1000)
      expect(e.resetAt && DateTime.formatIso(e.resetAt)).toBe("2026-11-24T00:00:00.000Z")
    }))

  it.effect("429 too many concurrent requests is RateLimited(Concurrent)", () =>
    Effect.gen(function*() {
      respond = () => json(429, { code: 429, message: "Too many concurrent requests." })
      const e = yield* failure((zoom) => zoom.users.get("me"))
      expect(e._tag === "RateLimited" && e.limitType).toBe("Concurrent")
    }))

  it.effect("500 and 503 are ServerError", () =>
    Effect.gen(function*() {
      respond = () => json(500, { code: "internalErr", message: "Internal Server Error" })
      const e = yield* failure((zoom) => zoom.events.get("e"))
      expect(e._tag === "ServerError" && [e.status, e.code]).toEqual([500, "internalErr"])
      respond = () => new Response("upstream down", { status: 503 })
      const f = yield* failure((zoom) => zoom.events.get("e"))
      expect(f._tag === "ServerError" && f.status).toBe(503)
    }))

  it.effect("a dropped connection is a TransportError(Connection)", () =>
    Effect.gen(function*() {
      respond = () => "drop"
      const e = yield* failure((zoom) => zoom.users.get("me"))
      expect(e._tag).toBe("TransportError")
      if (e._tag !== "TransportError") return
      expect([e.reason, e.method, e.url]).toEqual(["Connection", "GET", "https://api.zoom.us/v2/scheduler/users/me"])
    }))

  it.effect("no answer within the timeout is a TransportError(Timeout)", () =>
    Effect.gen(function*() {
      respond = () => Effect.as(Effect.never, json(200, F.userWire))
      const fiber = yield* Effect.fork(failure((zoom) => zoom.users.get("me")))
      yield* TestClock.adjust("31 seconds")
      const e = yield* fiber.await.pipe(Effect.flatten)
      expect(e._tag === "TransportError" && e.reason).toBe("Timeout")
    }))

  it.effect("a malformed 200 body is a DecodeError with the status and operation", () =>
    Effect.gen(function*() {
      respond = () => new Response("{\"display_name\": \"trunc", { status: 200 })
      const e = yield* failure((zoom) => zoom.users.get("me"))
      expect(e._tag).toBe("DecodeError")
      if (e._tag !== "DecodeError") return
      expect([e.status, e.operation]).toEqual([200, "users.get"])
      expect(e.issue).toContain("not JSON")
    }))

  it.effect("a 200 body of the wrong shape is a DecodeError carrying the parse issue", () =>
    Effect.gen(function*() {
      respond = () => json(200, { display_name: 42 })
      const e = yield* failure((zoom) => zoom.users.get("me"))
      expect(e._tag).toBe("DecodeError")
      if (e._tag !== "DecodeError") return
      expect(e.issue).toContain("display_name")
      expect(e.issue).toContain("Expected string")
    }))

  it.effect("errors are Schema.TaggedErrors that round-trip through their schema", () =>
    Effect.gen(function*() {
      respond = () => json(404, { code: 404, message: "gone" })
      const e = yield* failure((zoom) => zoom.events.get("evt-1"))
      const { Schema } = yield* Effect.promise(() => import("effect"))
      const { Errors } = yield* Effect.promise(() => import("@effect-zoom/scheduler"))
      const encoded = Schema.encodeSync(Errors.NotFound)(e as never)
      expect(Either.isRight(Schema.decodeUnknownEither(Errors.NotFound)(encoded))).toBe(true)
    }))
})

describe("error channels", () => {
  // Type-level: these assignments only compile if the channels are exactly as documented.
  type ErrorOf<T> = T extends (...args: never) => Effect.Effect<unknown, infer E> ? E["_tag" & keyof E] : never
  type Tags<K extends keyof ZoomScheduler.Service, O extends keyof ZoomScheduler.Service[K]> = ErrorOf<
    ZoomScheduler.Service[K][O]
  >
  // every status maps to its error on every operation: the channel is CommonError everywhere
  const list404: "NotFound" extends Tags<"events", "list"> ? true : false = true
  const list400: "BadRequest" extends Tags<"events", "list"> ? true : false = true
  const get404: "NotFound" extends Tags<"events", "get"> ? true : false = true
  const create404: "NotFound" extends Tags<"schedules", "create"> ? true : false = true
  const create400: "BadRequest" extends Tags<"shares", "create"> ? true : false = true
  const uniform: [Tags<"teams", "list">] extends [ZoomScheduler.CommonError["_tag"]] ? true : false = true
  layer(clientLayer(rec))("types", (it) => {
    it("every operation's channel lists NotFound and BadRequest", () => {
      expect([list404, list400, get404, create404, create400, uniform]).toEqual([true, true, true, true, true, true])
    })
  })
})

describe("transport failures over a real socket", () => {
  it.live("a refused connection names the system error code, never a secret", () =>
    Effect.gen(function*() {
      const { createServer } = yield* Effect.promise(() => import("node:net"))
      // a port that was free a moment ago: nothing listens there
      const port = yield* Effect.promise(() =>
        new Promise<number>((resolve) => {
          const server = createServer().listen(0, "127.0.0.1", () => {
            const address = server.address() as { port: number }
            server.close(() => resolve(address.port))
          })
        })
      )
      const { FetchHttpClient } = yield* Effect.promise(() => import("@effect/platform"))
      const { Credentials } = yield* Effect.promise(() => import("@effect-zoom/scheduler"))
      const { Layer, Redacted } = yield* Effect.promise(() => import("effect"))
      const live = ZoomScheduler.layer({ baseUrl: `http://127.0.0.1:${port}/v2`, retry: RetryPolicy.never }).pipe(
        Layer.provide([Credentials.bearer(Redacted.make("SECRET-TOKEN-SENTINEL")), FetchHttpClient.layer]),
        Layer.orDie
      )
      const e = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me")).pipe(
        Effect.flip,
        Effect.provide(live)
      )
      expect(e._tag === "TransportError" && e.reason).toBe("Connection")
      expect(e.message).toContain("ECONNREFUSED")
      expect(JSON.stringify(e) + String(e)).not.toContain("SENTINEL")
    }))
})
