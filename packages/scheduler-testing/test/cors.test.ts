import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as Http from "node:http"
import { FakeZoom } from "../src/index.js"

interface RawReply {
  readonly status: number
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
}

/** A raw request over `node:http` (fetch forbids setting the CORS request headers a browser sends). */
const raw = (url: string, method: string, headers: Record<string, string>, body?: string) =>
  Effect.async<RawReply, Error>((resume) => {
    const request = Http.request(url, { method, headers, agent: false }, (response) => {
      const chunks: Array<Buffer> = []
      response.on("data", (c: Buffer) => chunks.push(c))
      response.on("end", () =>
        resume(Effect.succeed({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString("utf8")
        })))
    })
    request.on("error", (error) => resume(Effect.fail(error)))
    request.end(body)
  })

const ORIGIN = "http://localhost:5173"

const exposed = (headers: Http.IncomingHttpHeaders): Array<string> =>
  String(headers["access-control-expose-headers"] ?? "").split(",").map((h) => h.trim().toLowerCase())

describe("FakeZoom.serve CORS", () => {
  it.live("answers a preflight from any origin without running the request", () =>
    Effect.gen(function*() {
      const { fake, url } = yield* FakeZoom.serve({ port: 0 })
      const reply = yield* raw(`${url}/v2/scheduler/events/abc`, "OPTIONS", {
        origin: ORIGIN,
        "access-control-request-method": "PATCH",
        "access-control-request-headers": "authorization, content-type, traceparent, b3"
      })
      expect(reply.status).toBe(204)
      expect(reply.body).toBe("")
      expect(reply.headers["access-control-allow-origin"]).toBe("*")
      const methods = String(reply.headers["access-control-allow-methods"]).split(", ")
      for (const method of ["GET", "POST", "PATCH", "DELETE"]) expect(methods).toContain(method)
      const allowed = String(reply.headers["access-control-allow-headers"]).toLowerCase().split(/,\s*/)
      for (const header of ["authorization", "content-type", "traceparent", "b3"]) expect(allowed).toContain(header)
      expect(Number(reply.headers["access-control-max-age"])).toBeGreaterThan(0)
      // The token endpoint too.
      const token = yield* raw(`${url}/oauth/token`, "OPTIONS", { origin: ORIGIN, "access-control-request-method": "POST" })
      expect(token.status).toBe(204)
      expect(String(token.headers["access-control-allow-headers"])).toBe("Authorization, Content-Type")
      // Preflights never reach the fake: no request logged, no fault consumed.
      expect((yield* fake.stats).requests).toBe(0)
    }).pipe(Effect.scoped))

  it.live("allows any origin on every answer and exposes Retry-After and the rate-limit headers", () =>
    Effect.gen(function*() {
      const { fake, url } = yield* FakeZoom.serve({
        port: 0,
        rateLimits: { perSecond: 1 },
        oauth: { clients: [{ clientId: "id", clientSecret: "secret" }] }
      })
      const refreshToken = Redacted.value(yield* fake.issueRefreshToken())
      const issued = yield* raw(`${url}/oauth/token`, "POST", {
        origin: ORIGIN,
        authorization: `Basic ${Buffer.from("id:secret").toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded"
      }, new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString())
      expect(issued.status).toBe(200)
      expect(issued.headers["access-control-allow-origin"]).toBe("*")
      const access = JSON.parse(issued.body).access_token as string
      const bearer = { origin: ORIGIN, authorization: `Bearer ${access}` }

      const ok = yield* raw(`${url}/v2/scheduler/users/me`, "GET", bearer)
      expect(ok.status).toBe(200)
      expect(ok.headers["access-control-allow-origin"]).toBe("*")
      const limited = yield* raw(`${url}/v2/scheduler/users/me`, "GET", bearer)
      expect(limited.status).toBe(429)
      expect(limited.headers["access-control-allow-origin"]).toBe("*")
      expect(limited.headers["retry-after"]).toBeDefined()
      const names = exposed(limited.headers)
      for (const header of ["retry-after", "x-ratelimit-category", "x-ratelimit-type", "x-ratelimit-limit", "x-ratelimit-remaining"]) {
        expect(names).toContain(header)
      }
      // Errors too: an unauthenticated call and an unknown route.
      expect((yield* raw(`${url}/v2/scheduler/users/me`, "GET", { origin: ORIGIN })).headers["access-control-allow-origin"])
        .toBe("*")
      const unknown = yield* raw(`${url}/v2/nowhere`, "GET", bearer)
      expect([unknown.status, unknown.headers["access-control-allow-origin"]]).toEqual([404, "*"])
      // An OPTIONS that is not a preflight is an ordinary (unknown) request.
      const plain = yield* raw(`${url}/v2/scheduler/users/me`, "OPTIONS", bearer)
      expect([plain.status, plain.headers["access-control-allow-origin"]]).toEqual([404, "*"])
    }).pipe(Effect.scoped))
})
