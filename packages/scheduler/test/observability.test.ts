/**
 * Spans per operation with method, path template, status and attempts; and
 * no secret (access token, refresh token, client secret) in any error
 * message, cause, span attribute or log line, on every error path.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Clock, DateTime, Effect, Exit, Fiber, Layer, Logger, Option, Redacted, TestClock, Tracer } from "effect"
import type { Exit as ExitType } from "effect"
import { Credentials, TokenStore, ZoomScheduler } from "@effect-zoom/scheduler"
import * as F from "./support/fixtures.js"
import { clientLayer, json, recorder } from "./support/recordingHttp.js"
import type { Handler } from "./support/recordingHttp.js"

interface RecordedSpan {
  readonly name: string
  readonly spanId: string
  readonly attributes: Map<string, unknown>
  readonly parent: Option.Option<Tracer.AnySpan>
  exit?: ExitType.Exit<unknown, unknown>
}

const recordingTracer = () => {
  const spans: Array<RecordedSpan> = []
  let id = 0
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const attributes = new Map<string, unknown>()
      const spanId = `span-${++id}`
      const recorded: RecordedSpan = { name, spanId, attributes, parent }
      spans.push(recorded)
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId,
        traceId: "trace-1",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes,
        links,
        sampled: true,
        kind,
        end: (_endTime, exit) => {
          recorded.exit = exit
        },
        attribute: (key, value) => {
          attributes.set(key, value)
        },
        event: () => {},
        addLinks: () => {}
      }
      return span
    },
    context: (f) => f()
  })
  return { spans, layer: Layer.setTracer(tracer) }
}

describe("spans", () => {
  it.effect("each operation runs in a span named after it, with method, path template, status and attempts", () =>
    Effect.gen(function*() {
      const { spans, layer } = recordingTracer()
      let calls = 0
      const rec = recorder(() => (calls++ === 0 ? json(503, { message: "busy" }) : json(200, F.eventWire("evt-1"))))
      const fiber = yield* Effect.fork(
        Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.get("evt-1")).pipe(
          Effect.provide(clientLayer(rec)),
          Effect.provide(layer)
        )
      )
      yield* TestClock.adjust("5 seconds")
      yield* Fiber.join(fiber)
      const span = spans.find((s) => s.name === "ZoomScheduler.events.get")
      expect(span).toBeDefined()
      expect(Object.fromEntries(span!.attributes)).toMatchObject({
        "zoom.operation": "events.get",
        "http.request.method": "GET",
        "url.template": "/scheduler/events/{eventId}",
        "http.response.status_code": 200,
        "zoom.attempts": 2
      })
      // the platform's http.client spans are children of the operation's span
      const children = spans.filter((s) => s.name.startsWith("http.client"))
      expect(children.length).toBe(2)
      for (const child of children) {
        expect(Option.isSome(child.parent) && child.parent.value.spanId).toBe(span!.spanId)
      }
      expect(span!.exit && Exit.isSuccess(span!.exit)).toBe(true)
    }))

  it.effect("a span ends with the call's failure, but not with its answer (an ended span must not keep a page alive)", () =>
    Effect.gen(function*() {
      const { spans, layer } = recordingTracer()
      let calls = 0
      const rec = recorder(() => (calls++ === 0 ? json(200, F.eventWire("evt-1")) : json(404, { code: 3001, message: "gone" })))
      const run = (id: string) =>
        Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.get(id)).pipe(
          Effect.provide(clientLayer(rec)),
          Effect.provide(layer),
          Effect.exit
        )
      const found = yield* run("evt-1")
      const missing = yield* run("evt-2")
      expect(Exit.isSuccess(found) && found.value.eventId).toBe("evt-1")
      const [first, second] = spans.filter((s) => s.name === "ZoomScheduler.events.get")
      expect(first!.exit).toEqual(Exit.void)
      expect(second!.exit && Exit.isFailure(second!.exit)).toBe(true)
      expect(Exit.isFailure(missing) && second!.exit && Exit.isFailure(second!.exit) && Cause.squash(second!.exit.cause))
        .toBe(Exit.isFailure(missing) ? Cause.squash(missing.cause) : undefined)
    }))

  it.effect("a token refresh inside a call, first use or after a 401, is a child of the operation's span", () =>
    Effect.gen(function*() {
      const { spans, layer } = recordingTracer()
      const now = yield* Clock.currentTimeMillis
      const expired = new TokenStore.TokenSet({
        accessToken: Redacted.make("old-access"),
        expiresAt: DateTime.unsafeMake(now - 1000),
        refreshToken: Redacted.make("refresh-1"),
        scopes: []
      })
      let issued = 0
      let rejectOnce = true
      const rec = recorder((req) => {
        if (req.path === "/oauth/token") {
          issued++
          return json(200, { access_token: `access-${issued}`, refresh_token: `refresh-${issued + 1}`, expires_in: 3600 })
        }
        // the first token the API sees after the refresh is refused once (124): the call refreshes and replays
        if (rejectOnce && issued === 1) {
          rejectOnce = false
          return json(401, { code: 124, message: "Invalid access token." })
        }
        return json(200, F.userWire)
      })
      const client = ZoomScheduler.layer().pipe(
        Layer.provide(Credentials.refreshToken({ clientId: "id", clientSecret: Redacted.make("secret") })),
        Layer.provide([TokenStore.layerMemory(expired), rec.layer]),
        Layer.orDie
      )
      yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me")).pipe(
        Effect.provide(client),
        Effect.provide(layer)
      )
      expect(issued).toBe(2)
      const operation = spans.find((s) => s.name === "ZoomScheduler.users.get")!
      const refreshes = spans.filter((s) => s.name === "ZoomScheduler.oauth.refresh")
      expect(refreshes.length).toBe(2)
      for (const refresh of refreshes) {
        expect(Option.isSome(refresh.parent) && refresh.parent.value.spanId).toBe(operation.spanId)
      }
      expect(operation.attributes.get("zoom.attempts")).toBe(2)
    }))

  it.effect("the caller's parent span is back after the call, and an interrupted call ends its span", () =>
    Effect.gen(function*() {
      const { spans, layer } = recordingTracer()
      const rec = recorder(() => json(200, F.eventWire("evt-1")))
      const after = yield* Effect.gen(function*() {
        const zoom = yield* ZoomScheduler.ZoomScheduler
        yield* zoom.events.get("evt-1")
        // after the call, new spans are children of the caller's span again
        return yield* Effect.makeSpan("after")
      }).pipe(
        Effect.withSpan("caller"),
        Effect.provide(clientLayer(rec)),
        Effect.provide(layer)
      )
      const caller = spans.find((s) => s.name === "caller")!
      const operation = spans.find((s) => s.name === "ZoomScheduler.events.get")!
      expect(Option.isSome(operation.parent) && operation.parent.value.spanId).toBe(caller.spanId)
      expect(Option.isSome(after.parent) && after.parent.value.spanId).toBe(caller.spanId)

      const stalled = recorder(() => Effect.never)
      const fiber = yield* Effect.fork(
        Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me")).pipe(
          Effect.provide(clientLayer(stalled)),
          Effect.provide(layer)
        )
      )
      // interrupted while its request is in flight
      while (stalled.requests.length === 0) yield* Effect.yieldNow()
      yield* Fiber.interrupt(fiber)
      const interrupted = spans.find((s) => s.name === "ZoomScheduler.users.get")!
      expect(interrupted.exit && Exit.isInterrupted(interrupted.exit)).toBe(true)
    }))
})

describe("secrets never leak", () => {
  const ACCESS = "ACCESS-SENTINEL-1f2e"
  const REFRESH = "REFRESH-SENTINEL-7a6b"
  const SECRET = "SECRET-SENTINEL-9c8d"
  const sentinels = [ACCESS, REFRESH, SECRET]

  const scenarios: Array<[string, Handler]> = [
    ["401 invalid token", () => json(401, { code: 124, message: "Invalid access token." })],
    ["403 scopes", () => json(403, { code: 4700, message: "no scopes" })],
    ["404", () => json(404, { code: 404, message: "gone" })],
    ["400", () => json(400, { code: 300, message: "bad", errors: [{ field: "x", message: "y" }] })],
    ["429", () => json(429, { message: "per-second" }, { "Retry-After": "999", "X-RateLimit-Type": "QPS" })],
    ["500", () => json(500, { message: "boom" })],
    ["drop", () => "drop"],
    ["malformed", () => new Response("{oops", { status: 200 })],
    ["token endpoint rejects", (req) =>
      req.path === "/oauth/token"
        ? json(400, { error: "invalid_grant", reason: "Invalid Token!" })
        : json(200, F.userWire)],
    ["token endpoint down", (req) => (req.path === "/oauth/token" ? "drop" : json(200, F.userWire))],
    ["token endpoint 500", (req) => (req.path === "/oauth/token" ? new Response("oops", { status: 500 }) : json(200, F.userWire))]
  ]

  for (const [name, api] of scenarios) {
    it.effect(`${name}: no secret in the error, its cause, spans or logs`, () =>
      Effect.gen(function*() {
        const logs: Array<string> = []
        const logger = Logger.replace(
          Logger.defaultLogger,
          Logger.make(({ message, cause, annotations }) => {
            logs.push(JSON.stringify({ message, cause: Cause.pretty(cause), annotations: [...annotations] }))
          })
        )
        const { spans, layer: tracer } = recordingTracer()
        const now = yield* Clock.currentTimeMillis
        // an access token that must be refreshed on first use, so both the API and the token endpoint are hit
        const stored = new TokenStore.TokenSet({
          accessToken: Redacted.make(ACCESS),
          expiresAt: DateTime.unsafeMake(now + (name.startsWith("token") ? 0 : 3_600_000)),
          refreshToken: Redacted.make(REFRESH),
          scopes: []
        })
        const rec = recorder(api)
        const layer = ZoomScheduler.layer({ timeout: "1 second" }).pipe(
          Layer.provide(Credentials.refreshToken({ clientId: "id", clientSecret: Redacted.make(SECRET) })),
          Layer.provide([TokenStore.layerMemory(stored), rec.layer]),
          Layer.orDie
        )
        const fiber = yield* Effect.fork(
          Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me")).pipe(
            Effect.tapErrorCause((cause) => Effect.logError("zoom call failed", cause)),
            Effect.exit,
            Effect.provide(layer),
            Effect.provide([tracer, logger])
          )
        )
        yield* TestClock.adjust("1 minute")
        const exit = yield* Fiber.join(fiber)
        expect(Exit.isFailure(exit)).toBe(true)
        const texts = [
          String(exit),
          Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "",
          JSON.stringify(exit),
          ...logs,
          ...spans.map((s) => JSON.stringify([s.name, [...s.attributes]])),
          ...spans.map((s) => (s.exit ? Cause.pretty(Exit.isFailure(s.exit) ? s.exit.cause : Cause.empty) : ""))
        ]
        if (Exit.isFailure(exit)) {
          const error = Cause.squash(exit.cause) as Record<string, unknown>
          texts.push(String(error), JSON.stringify(error), String(error.cause ?? ""), String((error.cause as Error | undefined)?.stack ?? ""))
        }
        for (const text of texts) for (const secret of sentinels) expect(text).not.toContain(secret)
        expect(logs.length).toBeGreaterThan(0)
      }))
  }

  it.effect("the secrets really were used (the test can fail)", () =>
    Effect.gen(function*() {
      const rec = recorder(() => json(200, F.userWire))
      yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me")).pipe(
        Effect.provide(
          ZoomScheduler.layer().pipe(Layer.provide([Credentials.bearer(Redacted.make(ACCESS)), rec.layer]), Layer.orDie)
        )
      )
      expect(rec.requests[0]!.headers.authorization).toContain(ACCESS)
    }))
})
