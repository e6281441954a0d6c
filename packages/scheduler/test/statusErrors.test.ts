/**
 * Every status maps to its typed error on every operation (issue 11): the
 * pure status → error table, then the 21 operations × 9 statuses against a
 * real loopback `node:http` server (and again over an in-process
 * `HttpClient`), never a `DecodeError`, and only transient failures retried.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Layer, Redacted, Schedule } from "effect"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
import { statusError } from "../src/internal/http/statusError.js"
import { calls } from "./support/calls.js"
import { clientLayer, json, recorder } from "./support/recordingHttp.js"

const now = DateTime.unsafeMake("2026-03-01T12:00:00Z")
const subject = { operation: "events.get", resource: "event", id: "ev-1" }
const answer = (status: number, body: unknown = { code: status, message: "m" }, headers: Record<string, string> = {}) => ({
  status,
  headers,
  text: typeof body === "string" ? body : JSON.stringify(body)
})

describe("statusError (pure)", () => {
  const table: ReadonlyArray<readonly [number, unknown, string, string | undefined]> = [
    [400, { code: 300, message: "bad" }, "BadRequest", undefined],
    [409, { code: "conflict" }, "BadRequest", undefined],
    [422, "<html>unprocessable</html>", "BadRequest", undefined],
    [405, {}, "BadRequest", undefined],
    [413, "", "BadRequest", undefined],
    [401, { code: 124, message: "Invalid access token." }, "AuthError", "InvalidToken"],
    [401, { code: 4700, message: "no scopes" }, "AuthError", "MissingScopes"],
    [403, { code: 4700, message: "no scopes" }, "AuthError", "MissingScopes"],
    [403, { code: "4711" }, "AuthError", "MissingScopes"],
    [401, "", "AuthError", "Unauthorized"],
    [403, { code: 200, message: "No permission." }, "AuthError", "Forbidden"],
    [404, { code: 1001 }, "NotFound", undefined],
    [429, { message: "too many" }, "RateLimited", undefined],
    [500, "", "ServerError", undefined],
    [502, "<html>bad gateway</html>", "ServerError", undefined],
    [503, { code: 503 }, "ServerError", undefined],
    [599, {}, "ServerError", undefined],
    [302, "", "DecodeError", undefined],
    [101, "", "DecodeError", undefined]
  ]
  for (const [status, body, tag, reason] of table) {
    it(`${status} ${JSON.stringify(body)} → ${tag}${reason === undefined ? "" : `(${reason})`}`, () => {
      const e = statusError(subject, answer(status, body), now)
      expect(e._tag).toBe(tag)
      if (e._tag === "AuthError") expect([e.reason, e.status]).toEqual([reason, status])
      if (e._tag === "NotFound") expect([e.resource, e.id, e.code]).toEqual(["event", "ev-1", 1001])
      if (e._tag === "BadRequest" || e._tag === "ServerError") expect(e.status).toBe(status)
      expect(e.operation).toBe("events.get")
    })
  }

  it("Zoom's texts are bounded, whatever the server sends", () => {
    const huge = "x".repeat(200_000)
    const e = statusError(subject, answer(400, { code: huge, message: huge, errors: Array(5000).fill({ field: "f".repeat(2000), message: "m" }) }), now)
    expect(e._tag).toBe("BadRequest")
    if (e._tag !== "BadRequest") return
    expect(e.message.length).toBeLessThan(700)
    expect(String(e.code).length).toBeLessThan(600)
    expect(e.errors.length).toBeLessThanOrEqual(100)
    const f = statusError(subject, answer(500, huge), now)
    expect(JSON.stringify(f).length).toBeLessThan(2000)
  })

  it("a 429's wait comes from Retry-After, else the daily reset, else 1 s", () => {
    const a = statusError(subject, answer(429, {}, { "retry-after": "3" }), now)
    const b = statusError(subject, answer(429, {}, { "x-ratelimit-type": "Daily-limit" }), now)
    const c = statusError(subject, answer(429, {}), now)
    const wait = (e: typeof a) => (e._tag === "RateLimited" ? Duration.toMillis(e.retryAfter) : -1)
    expect([wait(a), wait(b), wait(c)]).toEqual([3000, 12 * 3600 * 1000, 1000])
  })
})

const statuses = [400, 401, 403, 404, 409, 422, 429, 500, 503] as const

const expectedTag = (status: number): string =>
  status === 404
    ? "NotFound"
    : status === 401 || status === 403
    ? "AuthError"
    : status === 429
    ? "RateLimited"
    : status >= 500
    ? "ServerError"
    : "BadRequest"

/** Retried once without delay; a 429 says `Retry-After: 0`. */
const quickRetry = { schedule: Schedule.recurs(1), maxRetryAfter: Duration.seconds(1) }

const expectedAttempts = (status: number, method: string): number =>
  status === 429 || (status >= 500 && method !== "POST") ? 2 : 1

const zoomBody = (status: number) => ({ code: status === 403 ? 4700 : status, message: `answered ${status}` })

describe("21 operations × 9 statuses", () => {
  it.live("over a loopback node:http server: every answer is its typed error, never DecodeError", () =>
    Effect.gen(function*() {
      let status = 200
      let attempts = 0
      const server = createServer((_req, res) => {
        attempts++
        _req.resume()
        res.writeHead(status, { "content-type": "application/json", ...(status === 429 ? { "retry-after": "0" } : {}) })
        res.end(JSON.stringify(zoomBody(status)))
      })
      const port = yield* Effect.acquireRelease(
        Effect.async<number>((resume) => {
          server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as AddressInfo).port)))
        }),
        () =>
          Effect.async<void>((resume) => {
            server.close(() => resume(Effect.void))
          })
      )
      const zoom = yield* ZoomScheduler.make({ baseUrl: `http://127.0.0.1:${port}/v2`, retry: quickRetry }).pipe(
        Effect.provide([FetchHttpClient.layer, Credentials.bearer(Redacted.make("loopback-token"))])
      )
      let checked = 0
      for (const op of calls) {
        for (const s of statuses) {
          status = s
          attempts = 0
          const e = yield* Effect.flip(op.call(zoom))
          expect([op.name, s, e._tag]).toEqual([op.name, s, expectedTag(s)])
          expect([op.name, s, attempts]).toEqual([op.name, s, expectedAttempts(s, op.method)])
          if (e._tag === "NotFound") expect([op.name, e.resource, e.id]).toEqual([op.name, ...op.notFound])
          if (e._tag === "AuthError") expect(e.reason).toBe(s === 403 ? "MissingScopes" : "Unauthorized")
          expect(e.operation).toBe(op.name)
          checked++
        }
      }
      expect(calls).toHaveLength(21)
      expect(checked).toBe(21 * 9)
    }).pipe(Effect.scoped), { timeout: 60_000 })

  it.effect("over an in-process HttpClient, with bodies that are not JSON", () =>
    Effect.gen(function*() {
      let status = 200
      const rec = recorder(() =>
        status === 502 ? new Response("<html>Bad Gateway</html>", { status }) : json(status, zoomBody(status), status === 429 ? { "retry-after": "0" } : {})
      )
      const zoom = yield* ZoomScheduler.ZoomScheduler.pipe(Effect.provide(clientLayer(rec, { retry: quickRetry })))
      for (const op of calls) {
        for (const s of [...statuses, 502]) {
          status = s
          const before = rec.requests.length
          const e = yield* Effect.flip(op.call(zoom))
          expect([op.name, s, e._tag]).toEqual([op.name, s, expectedTag(s)])
          expect([op.name, s, rec.requests.length - before]).toEqual([op.name, s, expectedAttempts(s, op.method)])
        }
      }
    }))
})

describe("only transient failures are retried", () => {
  const count = (script: () => Response) => {
    const rec = recorder(script)
    return { rec, layer: clientLayer(rec, { retry: { schedule: Schedule.recurs(4), maxRetryAfter: Duration.seconds(1) } }) }
  }

  it.effect("4xx other than 429 is sent once, 401/124 is replayed once (bearer: nothing to refresh)", () =>
    Effect.gen(function*() {
      for (const s of [400, 401, 403, 404, 409, 422]) {
        const { layer, rec } = count(() => json(s, { code: s === 401 ? 124 : s, message: "no" }))
        const e = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (z) => z.users.get("u")).pipe(Effect.flip, Effect.provide(layer))
        expect([s, e._tag, rec.requests.length]).toEqual([s, expectedTag(s), 1])
      }
    }))

  it.effect("a ValidationError sends nothing and is not retried", () =>
    Effect.gen(function*() {
      const { layer, rec } = count(() => json(200, {}))
      const e = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (z) => z.users.get("..")).pipe(Effect.flip, Effect.provide(layer))
      expect([e._tag, rec.requests.length]).toEqual(["ValidationError", 0])
    }))

  it.effect("a token with CR/LF is refused before sending, typed, not retried, not shown", () =>
    Effect.gen(function*() {
      const rec = recorder(() => json(200, {}))
      const layer = ZoomScheduler.layer({ retry: { schedule: Schedule.recurs(4), maxRetryAfter: Duration.seconds(1) } }).pipe(
        Layer.provide([rec.layer, Credentials.bearer(Redacted.make("tok\r\nX-Injected: SECRET-SENTINEL"))]),
        Layer.orDie
      )
      const e = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (z) => z.events.list()).pipe(Effect.flip, Effect.provide(layer))
      expect([e._tag, e._tag === "AuthError" && e.reason, rec.requests.length]).toEqual(["AuthError", "InvalidToken", 0])
      expect(String(e) + JSON.stringify(e)).not.toContain("SENTINEL")
    }))

  it.effect("5xx on GET is retried up to the schedule; on POST never", () =>
    Effect.gen(function*() {
      const get = count(() => json(503, {}))
      yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (z) => z.users.get("u")).pipe(Effect.flip, Effect.provide(get.layer))
      expect(get.rec.requests).toHaveLength(5)
      const post = count(() => json(503, {}))
      yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (z) => z.shares.create({ scheduleId: "s" })).pipe(
        Effect.flip,
        Effect.provide(post.layer)
      )
      expect(post.rec.requests).toHaveLength(1)
    }))
})

describe("baseUrl", () => {
  it.effect("the Ballerina connector's serviceUrl (…/v2/scheduler) is refused when the layer is built", () =>
    Effect.gen(function*() {
      const rec = recorder(() => json(200, {}))
      for (const baseUrl of ["https://api.zoom.us/v2/scheduler", "https://api.zoom.us/v2/scheduler/"]) {
        const error = yield* Layer.build(
          ZoomScheduler.layer({ baseUrl }).pipe(Layer.provide([rec.layer, Credentials.bearer(Redacted.make("t"))]))
        ).pipe(Effect.scoped, Effect.flip)
        expect(String(error)).toContain("baseUrl is the API root (https://api.zoom.us/v2)")
      }
      expect(rec.requests).toHaveLength(0)
    }))
})
