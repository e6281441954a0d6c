/**
 * Token requests are network calls like any other: a deadline (a stalled
 * token endpoint fails every waiter with `AuthError("Timeout")` and a later
 * call refreshes again), the https rule for the token endpoint and a token's
 * `api_url`, and a token endpoint's text scrubbed of every secret.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Clock, Effect, Exit, Fiber, Layer, Option, Redacted, TestClock } from "effect"
import type { Duration } from "effect"
import type { HttpClient } from "@effect/platform"
import { Credentials, OAuth, TokenStore, ZoomScheduler } from "@effect-zoom/scheduler"
import * as F from "./support/fixtures.js"
import { json, recorder } from "./support/recordingHttp.js"
import type { RecordedRequest } from "./support/recordingHttp.js"
import { basic, checkAccess, handleToken, makeTokenEndpoint } from "./support/tokenEndpoint.js"

const CLIENT_ID = "client-id-7"
const CLIENT_SECRET = "client-secret-SENTINEL-9d2"

type Mode = "answer" | "stall" | "stallBody"

/** Zoom's token endpoint and API; the token endpoint stalls (headers or body) while `mode` says so. */
const zoomLike = (options: { apiUrl?: string; initialRefreshToken?: string } = {}) => {
  const state = makeTokenEndpoint(options.initialRefreshToken ?? "rt-initial-0001")
  const control = { mode: "answer" as Mode }
  const rec = recorder((req) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      if (req.path === "/oauth/token") {
        if (control.mode === "stall") return Effect.never
        if (control.mode === "stallBody") {
          // headers at once, then a body that never ends
          const body = new ReadableStream<Uint8Array>({
            start: (c) => c.enqueue(new TextEncoder().encode("{\"access_token\":"))
          })
          return Effect.succeed(new Response(body, { status: 200, headers: { "content-type": "application/json" } }))
        }
        const answer = handleToken(state, req.body as URLSearchParams, req.headers.authorization, now, {
          lifetimeSeconds: 3600,
          clientAuth: basic(CLIENT_ID, CLIENT_SECRET),
          ...(options.apiUrl ? { apiUrl: options.apiUrl } : {})
        })
        return Effect.succeed(json(answer.status, answer.body))
      }
      const denied = checkAccess(state, req.headers.authorization, now)
      return Effect.succeed(denied ? json(denied.status, denied.body) : json(200, F.userWire))
    })
  )
  return { state, rec, control }
}

const s2s = (extra: Partial<Credentials.ServerToServerOptions> = {}) =>
  Credentials.serverToServer({
    accountId: "acct-1",
    clientId: CLIENT_ID,
    clientSecret: Redacted.make(CLIENT_SECRET),
    ...extra
  })

const refresh = (extra: Partial<Credentials.RefreshTokenOptions> = {}) =>
  Credentials.refreshToken({
    clientId: CLIENT_ID,
    clientSecret: Redacted.make(CLIENT_SECRET),
    refreshToken: Redacted.make("rt-initial-0001"),
    ...extra
  })

const client = (
  rec: ReturnType<typeof recorder>,
  credentials: Layer.Layer<Credentials.Credentials, never, HttpClient.HttpClient | TokenStore.TokenStore>,
  options: ZoomScheduler.Options = {}
) =>
  ZoomScheduler.layer(options).pipe(
    Layer.provideMerge(credentials),
    Layer.provide([rec.layer, TokenStore.layerMemory()]),
    Layer.orDie
  )

const usersGet = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me"))
const tokenPosts = (requests: ReadonlyArray<RecordedRequest>) => requests.filter((r) => r.path === "/oauth/token").length
const apiCalls = (requests: ReadonlyArray<RecordedRequest>) => requests.filter((r) => r.path !== "/oauth/token")

/** `n` callers at once against a stalled endpoint: all fail with Timeout right at `limit`, not before. */
const stalledCallers = (n: number, limit: Duration.DurationInput, justBefore: Duration.DurationInput) =>
  Effect.gen(function*() {
    const fibers = yield* Effect.forEach(Array.from({ length: n }), () => Effect.fork(Effect.exit(usersGet)))
    yield* TestClock.adjust(justBefore)
    for (const fiber of fibers) expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
    yield* TestClock.adjust(limit)
    const exits = yield* Effect.forEach(fibers, Fiber.join)
    return exits.map((exit) =>
      Exit.isFailure(exit) && Option.isSome(Cause.failureOption(exit.cause)) ? Cause.failureOption(exit.cause) : exit
    )
  })

describe("token requests have a deadline", () => {
  it.effect("server-to-server: a stalled token endpoint fails all 20 waiters with AuthError(Timeout), then recovers", () =>
    Effect.gen(function*() {
      const { rec, control } = zoomLike()
      yield* Effect.gen(function*() {
        control.mode = "stall"
        const failures = yield* stalledCallers(20, "1 second", "4 seconds")
        for (const failure of failures) {
          expect(Option.isOption(failure) && Option.isSome(failure) && failure.value).toMatchObject({
            _tag: "AuthError",
            reason: "Timeout"
          })
        }
        const timeout = failures[0] as Option.Some<{ message: string }>
        expect(timeout.value.message).toContain("did not answer within 5s")
        expect(tokenPosts(rec.requests)).toBe(1) // single-flight: one request for 20 callers
        expect(apiCalls(rec.requests)).toHaveLength(0)
        control.mode = "answer"
        const user = yield* usersGet
        expect(user.slug).toBe("zoom_us")
        expect(tokenPosts(rec.requests)).toBe(2)
      }).pipe(Effect.provide(client(rec, s2s({ tokenRequestTimeout: "5 seconds" }))))
    }))

  it.effect("refresh token: a body that never ends is cut at the limit too; the store is untouched, a later call refreshes", () =>
    Effect.gen(function*() {
      const { rec, control, state } = zoomLike()
      yield* Effect.gen(function*() {
        control.mode = "stallBody"
        const failures = yield* stalledCallers(5, "1 second", "2 seconds")
        for (const failure of failures) {
          expect(Option.isOption(failure) && Option.isSome(failure) && failure.value).toMatchObject({
            _tag: "AuthError",
            reason: "Timeout"
          })
        }
        const store = yield* TokenStore.TokenStore
        expect(Option.isNone(yield* store.get)).toBe(true)
        control.mode = "answer"
        const user = yield* usersGet
        expect(user.slug).toBe("zoom_us")
        expect(state.tokenRequests.map((r) => r.refreshToken)).toEqual(["rt-initial-0001"])
        expect(tokenPosts(rec.requests)).toBe(2)
        expect(Option.isSome(yield* store.get)).toBe(true)
      }).pipe(
        Effect.provide(
          ZoomScheduler.layer().pipe(
            Layer.provideMerge(refresh({ tokenRequestTimeout: "3 seconds" })),
            Layer.provideMerge(TokenStore.layerMemory()),
            Layer.provide(rec.layer),
            Layer.orDie
          )
        )
      )
    }))

  it.effect("the default limit is the client's default timeout, 30 seconds", () =>
    Effect.gen(function*() {
      const { rec, control } = zoomLike()
      control.mode = "stall"
      yield* Effect.gen(function*() {
        const failures = yield* stalledCallers(1, "1 second", "29 seconds")
        expect(Option.isOption(failures[0]) && Option.isSome(failures[0]) && failures[0].value).toMatchObject({
          reason: "Timeout"
        })
      }).pipe(Effect.provide(client(rec, s2s())))
    }))

  it.effect("OAuth.exchangeCode is bounded too", () =>
    Effect.gen(function*() {
      const { rec, control } = zoomLike()
      control.mode = "stall"
      const fiber = yield* OAuth.exchangeCode({
        clientId: CLIENT_ID,
        clientSecret: Redacted.make(CLIENT_SECRET),
        code: Redacted.make("code-abcdefgh"),
        codeVerifier: Redacted.make("verifier-abcdefghijklmnopqrstuvwxyz0123456789"),
        redirectUri: "http://127.0.0.1:8400/callback",
        timeout: "2 seconds"
      }).pipe(Effect.provide([rec.layer, TokenStore.layerMemory()]), Effect.flip, Effect.fork)
      yield* TestClock.adjust("2 seconds")
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({ _tag: "AuthError", reason: "Timeout" })
    }))
})

describe("the https rule for token URLs", () => {
  it.effect("a plain-http token endpoint off the machine is refused before anything is sent", () =>
    Effect.gen(function*() {
      const { rec } = zoomLike()
      const error = yield* Effect.flip(usersGet).pipe(
        Effect.provide(client(rec, s2s({ tokenUrl: "http://zoom.example.com/oauth/token" })))
      )
      expect(error).toMatchObject({ _tag: "AuthError", reason: "InsecureUrl" })
      expect(error.message).toContain("refusing plain http for the token endpoint")
      expect(rec.requests).toHaveLength(0)
    }))

  it.effect("refreshUrl follows the same rule; loopback and allowInsecureHttp are allowed", () =>
    Effect.gen(function*() {
      const refused = zoomLike()
      const error = yield* Effect.flip(usersGet).pipe(
        Effect.provide(client(refused.rec, refresh({ refreshUrl: "http://10.0.0.7/oauth/token" })))
      )
      expect(error).toMatchObject({ _tag: "AuthError", reason: "InsecureUrl" })
      expect(refused.rec.requests).toHaveLength(0)

      const loopback = zoomLike()
      yield* usersGet.pipe(Effect.provide(client(loopback.rec, refresh({ refreshUrl: "http://127.0.0.1:9/oauth/token" }))))
      expect(tokenPosts(loopback.rec.requests)).toBe(1)

      const optedIn = zoomLike()
      yield* usersGet.pipe(
        Effect.provide(
          client(optedIn.rec, refresh({ refreshUrl: "http://10.0.0.7/oauth/token", allowInsecureHttp: true }))
        )
      )
      expect(tokenPosts(optedIn.rec.requests)).toBe(1)
    }))

  it.effect("a token whose api_url is plain http off the machine is never sent there (nor anywhere)", () =>
    Effect.gen(function*() {
      const { rec } = zoomLike({ apiUrl: "http://api.attacker.example" })
      yield* Effect.gen(function*() {
        const first = yield* Effect.flip(usersGet)
        expect(first).toMatchObject({ _tag: "AuthError", reason: "InsecureUrl" })
        expect(first.message).toContain("api_url")
        const second = yield* Effect.flip(usersGet)
        expect(second).toMatchObject({ _tag: "AuthError", reason: "InsecureUrl" })
        expect(apiCalls(rec.requests)).toHaveLength(0)
        expect(tokenPosts(rec.requests)).toBe(1) // refused from the cache, no token request storm
        // the rotated refresh token was saved before the refusal: nothing is lost
        const stored = yield* Effect.flatMap(TokenStore.TokenStore, (s) => s.get)
        expect(Option.isSome(stored) && stored.value.refreshToken !== undefined).toBe(true)
      }).pipe(
        Effect.provide(
          ZoomScheduler.layer().pipe(
            Layer.provideMerge(refresh()),
            Layer.provideMerge(TokenStore.layerMemory()),
            Layer.provide(rec.layer),
            Layer.orDie
          )
        )
      )
    }))

  it.effect("https, bare-host and loopback api_url values are used", () =>
    Effect.gen(function*() {
      for (
        const [apiUrl, expected] of [
          ["https://api-eu.zoom.us", "https://api-eu.zoom.us/v2/"],
          ["api-eu.zoom.us", "https://api-eu.zoom.us/v2/"],
          ["http://localhost:8080", "http://localhost:8080/v2/"]
        ] as const
      ) {
        const { rec } = zoomLike({ apiUrl })
        yield* usersGet.pipe(Effect.provide(client(rec, s2s())))
        expect(apiCalls(rec.requests)[0]!.url.toString().startsWith(expected)).toBe(true)
      }
    }))

  it.effect("exchangeCode refuses a plain-http tokenUrl off the machine", () =>
    Effect.gen(function*() {
      const { rec } = zoomLike()
      const error = yield* OAuth.exchangeCode({
        clientId: CLIENT_ID,
        clientSecret: Redacted.make(CLIENT_SECRET),
        code: Redacted.make("code-abcdefgh"),
        codeVerifier: Redacted.make("verifier-abcdefghijklmnopqrstuvwxyz0123456789"),
        redirectUri: "http://127.0.0.1:8400/callback",
        tokenUrl: "http://zoom.example.com/oauth/token"
      }).pipe(Effect.provide([rec.layer, TokenStore.layerMemory()]), Effect.flip)
      expect(error).toMatchObject({ _tag: "AuthError", reason: "InsecureUrl" })
      expect(rec.requests).toHaveLength(0)
    }))
})

describe("a token endpoint's text is scrubbed", () => {
  it.effect("an endpoint echoing the Authorization header and the form never gets a secret into the error", () =>
    Effect.gen(function*() {
      const rec = recorder((req) =>
        json(400, {
          error: "invalid_grant",
          reason: `you sent ${req.headers.authorization} with ${(req.body as URLSearchParams).toString()} and ${CLIENT_SECRET}`
        })
      )
      const error = yield* Effect.flip(usersGet).pipe(
        Effect.provide(client(rec, refresh({ refreshToken: Redacted.make("rt-SENTINEL/+=&x") })))
      )
      expect(error).toMatchObject({ _tag: "AuthError", reason: "RefreshRejected" })
      const basicValue = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")
      for (const rendered of [error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
        expect(rendered).not.toContain("SENTINEL")
        expect(rendered).not.toContain(basicValue)
        expect(rendered).toContain("<redacted>")
      }
    }))
})
