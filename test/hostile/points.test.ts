/**
 * The client against a hostile Zoom of our own (a `node:http` server on
 * loopback, not FakeZoom), end to end through the public client and
 * `FetchHttpClient`: one block per point of issue 11.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Chunk, Effect, Exit, Layer, Option, Redacted, Stream } from "effect"
import { FetchHttpClient } from "@effect/platform"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
import { client, renderings, sendJson, sendRaw, serve, TOKEN } from "./server.js"
import type { Hostile } from "./server.js"
import { deeplyNested } from "./bodies.js"
import type { Call } from "./operations.js"

const CLIENT_SECRET = "hostile-client-secret-SENTINEL-91"

/** Runs `call` with the client; the Exit and how long it took. */
const attempt = <A, E>(
  layer: Layer.Layer<ZoomScheduler.ZoomScheduler, unknown>,
  call: (zoom: ZoomScheduler.Service) => Effect.Effect<A, E>
) =>
  Effect.gen(function*() {
    const started = Date.now()
    const exit = yield* Effect.exit(Effect.flatMap(ZoomScheduler.ZoomScheduler, call).pipe(Effect.provide(layer)))
    return { exit, millis: Date.now() - started }
  })

/** The failure of an Exit that must be a typed failure (never a defect or an interruption). */
const typedFailure = <A, E>(exit: Exit.Exit<A, E>): E => {
  expect(Exit.isFailure(exit)).toBe(true)
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  expect(Option.isNone(Cause.dieOption(exit.cause))).toBe(true)
  const failure = Cause.failureOption(exit.cause)
  expect(Option.isSome(failure)).toBe(true)
  return Option.getOrThrow(failure)
}

/** A token endpoint answering the account_credentials grant, with `extra` in the token response. */
const tokenAnswer = (extra: Record<string, unknown> = {}) => ({
  access_token: TOKEN,
  token_type: "bearer",
  expires_in: 3600,
  scope: "scheduler:read",
  ...extra
})

const s2s = (hostile: Hostile, extra: Partial<Credentials.ServerToServerOptions> = {}) =>
  Credentials.serverToServer({
    accountId: "acct",
    clientId: "client",
    clientSecret: Redacted.make(CLIENT_SECRET),
    tokenUrl: `${hostile.origin}/oauth/token`,
    ...extra
  })

const apiRequests = (hostile: Hostile) => hostile.received.filter((r) => r.path !== "/oauth/token")

describe("1. a 404 Zoom sends is NotFound, on every list and on singleUseLink", () => {
  const notFound: ReadonlyArray<readonly [string, Call]> = [
    ["events.list", (z) => z.events.list({ userId: "ghost" })],
    ["schedules.list", (z) => z.schedules.list({ userId: "ghost" })],
    ["teams.list", (z) => z.teams.list({ userId: "ghost" })],
    ["schedules.singleUseLink", (z) => z.schedules.singleUseLink({ scheduleId: "sched-unknown" })]
  ]
  for (const [name, call] of notFound) {
    it.live(`${name}: 404 → NotFound`, () =>
      Effect.scoped(Effect.gen(function*() {
        const hostile = yield* serve
        hostile.script = (_req, res) => sendJson(res, 404, { code: 1001, message: "User does not exist: ghost." })
        const { exit } = yield* attempt(client(hostile), call)
        expect(typedFailure(exit)).toMatchObject({ _tag: "NotFound" })
      })))
  }
})

describe("2. a deeply nested body is a DecodeError, never a defect", () => {
  it.live("events.list: a 10 KB 200 body nested 5,000 levels", () =>
    Effect.scoped(Effect.gen(function*() {
      const hostile = yield* serve
      hostile.script = (_req, res) => sendRaw(res, 200, deeplyNested(5000, "array"))
      const { exit } = yield* attempt(client(hostile), (z) => z.events.list())
      const error = typedFailure(exit)
      expect(error).toMatchObject({ _tag: "DecodeError" })
      if (Exit.isFailure(exit)) for (const text of renderings(error, Cause.pretty(exit.cause))) expect(text.length).toBeGreaterThan(0)
    })))
})

describe("3. a token endpoint that never answers", () => {
  it.live("fails every waiter with AuthError(Timeout) within the limit, and a later call refreshes again", () =>
    Effect.scoped(Effect.gen(function*() {
      const hostile = yield* serve
      let stall = true
      hostile.script = (req, res) => {
        if (req.path === "/oauth/token") {
          if (stall) return // never answers
          return sendJson(res, 200, tokenAnswer())
        }
        return sendJson(res, 200, { id: "me", slug: "me" })
      }
      const layer = ZoomScheduler.layer({ baseUrl: `${hostile.origin}/v2` }).pipe(
        Layer.provide(s2s(hostile, { tokenRequestTimeout: "400 millis" })),
        Layer.provide(FetchHttpClient.layer)
      )
      yield* Effect.gen(function*() {
        const zoom = yield* ZoomScheduler.ZoomScheduler
        const started = Date.now()
        const exits = yield* Effect.all(Array.from({ length: 10 }, () => Effect.exit(zoom.users.get("me"))), {
          concurrency: "unbounded"
        })
        const millis = Date.now() - started
        for (const exit of exits) expect(typedFailure(exit)).toMatchObject({ _tag: "AuthError", reason: "Timeout" })
        expect(millis).toBeGreaterThanOrEqual(350)
        expect(millis).toBeLessThan(3000)
        expect(hostile.received.filter((r) => r.path === "/oauth/token")).toHaveLength(1)
        stall = false
        const user = yield* zoom.users.get("me")
        expect(user.slug).toBe("me")
      }).pipe(Effect.provide(layer))
    })))
})

describe("4. a token response's api_url obeys the https rule", () => {
  it.live("api_url http://… off the machine: AuthError(InsecureUrl), the token is sent nowhere", () =>
    Effect.scoped(Effect.gen(function*() {
      const hostile = yield* serve
      hostile.script = (req, res) =>
        req.path === "/oauth/token"
          ? sendJson(res, 200, tokenAnswer({ api_url: "http://api.attacker.example" }))
          : sendJson(res, 200, {})
      // no baseUrl: requests would follow api_url
      const { exit } = yield* attempt(
        ZoomScheduler.layer().pipe(Layer.provide(s2s(hostile)), Layer.provide(FetchHttpClient.layer)),
        (z) => z.users.get("me")
      )
      const error = typedFailure(exit)
      expect(error).toMatchObject({ _tag: "AuthError", reason: "InsecureUrl" })
      expect((error as { message: string }).message).toContain("api.attacker.example")
      expect(apiRequests(hostile)).toHaveLength(0)
    })))

  it.live("api_url on loopback is followed", () =>
    Effect.scoped(Effect.gen(function*() {
      const hostile = yield* serve
      hostile.script = (req, res) =>
        req.path === "/oauth/token"
          ? sendJson(res, 200, tokenAnswer({ api_url: hostile.origin }))
          : sendJson(res, 200, { id: "me", slug: "me" })
      const { exit } = yield* attempt(
        ZoomScheduler.layer().pipe(Layer.provide(s2s(hostile)), Layer.provide(FetchHttpClient.layer)),
        (z) => z.users.get("me")
      )
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(apiRequests(hostile).map((r) => [r.path, r.headers.authorization])).toEqual([
        ["/v2/scheduler/users/me", `Bearer ${TOKEN}`]
      ])
    })))

  it.live("a plain-http token endpoint off the machine is refused before the client secret is sent", () =>
    Effect.scoped(Effect.gen(function*() {
      const hostile = yield* serve
      const { exit } = yield* attempt(
        client(hostile, {}, s2s(hostile, { tokenUrl: "http://zoom.attacker.example/oauth/token" })),
        (z) => z.users.get("me")
      )
      expect(typedFailure(exit)).toMatchObject({ _tag: "AuthError", reason: "InsecureUrl" })
      expect(hostile.received).toHaveLength(0)
    })))
})

describe("5. a pagination cycle longer than one ends the stream", () => {
  it.live("A → B → A: stream and pages fail with a DecodeError naming the cycle after 3 requests", () =>
    Effect.scoped(Effect.gen(function*() {
      const hostile = yield* serve
      hostile.script = (req, res) => {
        const token = req.query.get("next_page_token")
        sendJson(res, 200, { next_page_token: token === "A" ? "B" : "A", items: [{ event_id: `e-${token}` }] })
      }
      for (const which of ["stream", "pages"] as const) {
        hostile.received.length = 0
        const { exit } = yield* attempt(client(hostile), (z) =>
          Stream.runCollect<unknown, { readonly _tag: string }, never>(
            which === "stream" ? z.events.stream() : z.events.pages()
          ).pipe(Effect.map(Chunk.size)))
        const error = typedFailure(exit)
        expect(error).toMatchObject({ _tag: "DecodeError" })
        expect((error as { message: string }).message).toContain("a cycle of 2 pages")
        expect(hostile.received.length).toBeLessThanOrEqual(4)
      }
    })))
})

describe("6. secrets echoed by a server never reach an error", () => {
  const echo: ReadonlyArray<readonly [number, string, Call]> = [
    [400, "shares.create", (z) => z.shares.create({ scheduleId: "s-1" })],
    [401, "users.get", (z) => z.users.get("me")],
    [403, "users.get", (z) => z.users.get("me")],
    [404, "events.get", (z) => z.events.get("evt-1")],
    [409, "schedules.update", (z) => z.schedules.update("s-1", { summary: "x" })],
    [429, "users.get", (z) => z.users.get("me")],
    [500, "users.get", (z) => z.users.get("me")],
    [200, "events.get", (z) => z.events.get("evt-1")]
  ]
  for (const [status, name, call] of echo) {
    it.live(`${name}: ${status} echoing the Authorization header`, () =>
      Effect.scoped(Effect.gen(function*() {
        const hostile = yield* serve
        hostile.script = (req, res) =>
          status === 200
            ? sendJson(res, 200, { event_id: 42, status: `you sent ${req.headers.authorization}` })
            : sendJson(res, status, {
              code: 300,
              message: `Invalid request, you sent: ${req.headers.authorization}`,
              errors: [{ field: "authorization", message: String(req.headers.authorization) }]
            })
        const { exit } = yield* attempt(client(hostile, { retry: { maxRetryAfter: "0 millis" } }), call)
        const error = typedFailure(exit)
        if (Exit.isFailure(exit)) {
          for (const text of renderings(error, Cause.pretty(exit.cause))) expect(text).not.toContain("SENTINEL")
        }
      })))
  }

  it.live("the token endpoint echoing the Authorization header and the client secret", () =>
    Effect.scoped(Effect.gen(function*() {
      const hostile = yield* serve
      hostile.script = (req, res) =>
        sendJson(res, 401, {
          error: "invalid_client",
          reason: `you sent ${req.headers.authorization} / ${CLIENT_SECRET} / ${req.body}`
        })
      const { exit } = yield* attempt(client(hostile, {}, s2s(hostile)), (z) => z.users.get("me"))
      const error = typedFailure(exit)
      const basic = Buffer.from(`client:${CLIENT_SECRET}`).toString("base64")
      if (Exit.isFailure(exit)) {
        for (const text of renderings(error, Cause.pretty(exit.cause))) {
          expect(text).not.toContain("SENTINEL")
          expect(text).not.toContain(basic)
        }
      }
    })))
})

describe("7. a non-transient failure is not retried", () => {
  it.live("a token containing CR/LF fails at once, nothing sent, no retry", () =>
    Effect.scoped(Effect.gen(function*() {
      const hostile = yield* serve
      const { exit, millis } = yield* attempt(
        // the default retry policy: a retried failure would take seconds
        ZoomScheduler.layer({ baseUrl: `${hostile.origin}/v2` }).pipe(
          Layer.provide(Credentials.bearer(Redacted.make("token\r\nX-Injected: 1"))),
          Layer.provide(FetchHttpClient.layer)
        ),
        (z) => z.users.get("me")
      )
      typedFailure(exit)
      expect(hostile.received).toHaveLength(0)
      expect(millis).toBeLessThan(500)
    })))
})

describe("8. the connector's base URL is refused", () => {
  for (const baseUrl of ["https://api.zoom.us/v2/scheduler", "https://api.zoom.us/v2/scheduler/"]) {
    it.live(`baseUrl ${baseUrl}: the layer fails, saying baseUrl is the API root`, () =>
      Effect.gen(function*() {
        const exit = yield* Effect.exit(
          Layer.build(
            ZoomScheduler.layer({ baseUrl }).pipe(
              Layer.provide(Credentials.bearer(Redacted.make(TOKEN))),
              Layer.provide(FetchHttpClient.layer)
            )
          ).pipe(Effect.scoped)
        )
        expect(Exit.isFailure(exit)).toBe(true)
        if (Exit.isFailure(exit)) expect(Cause.pretty(exit.cause)).toContain("https://api.zoom.us/v2")
      }))
  }
})

describe("9. dates", () => {
  it.live("analytics from: \"2024-01-01\" is a ValidationError naming the field and the expected form; nothing sent", () =>
    Effect.scoped(Effect.gen(function*() {
      const hostile = yield* serve
      const { exit } = yield* attempt(client(hostile), (z) => z.analytics.report({ from: "2024-01-01" }))
      const error = typedFailure(exit)
      expect(error).toMatchObject({ _tag: "ValidationError" })
      expect((error as { issue: string }).issue).toContain("from must be a date-time such as 2024-01-01T00:00:00Z")
      expect(hostile.received).toHaveLength(0)
    })))
})
