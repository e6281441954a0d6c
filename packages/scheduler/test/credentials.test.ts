/**
 * OAuth credentials: expiry, single-flight refresh, rotation, a store that
 * fails while saving, rejected refreshes, api_url, server-to-server, Config.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Clock, ConfigProvider, DateTime, Effect, Exit, Fiber, Layer, Option, Redacted, Stream, TestClock } from "effect"
import { Credentials, TokenStore, ZoomScheduler } from "@effect-zoom/scheduler"
import * as F from "./support/fixtures.js"
import { json, recorder } from "./support/recordingHttp.js"
import type { RecordedRequest } from "./support/recordingHttp.js"
import { basic, checkAccess, handleToken, makeTokenEndpoint } from "./support/tokenEndpoint.js"
import type { TokenEndpointState } from "./support/tokenEndpoint.js"

const CLIENT_ID = "client-id-7"
const CLIENT_SECRET = "client-secret-SENTINEL-9d2"
const LIFETIME = 3600

interface Harness {
  readonly state: TokenEndpointState
  readonly requests: Array<RecordedRequest>
}

/** Zoom's token endpoint and API in one in-process HttpClient; `api` answers authorised API calls. */
const zoomLike = (options: {
  initialRefreshToken?: string
  apiUrl?: string
  api?: (req: RecordedRequest) => Response
} = {}) => {
  const state = makeTokenEndpoint(options.initialRefreshToken ?? "rt-0")
  const rec = recorder((req) =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      if (req.path === "/oauth/token") {
        const answer = handleToken(state, req.body as URLSearchParams, req.headers.authorization, now, {
          lifetimeSeconds: LIFETIME,
          clientAuth: basic(CLIENT_ID, CLIENT_SECRET),
          ...(options.apiUrl ? { apiUrl: options.apiUrl } : {})
        })
        return json(answer.status, answer.body)
      }
      const denied = checkAccess(state, req.headers.authorization, now)
      if (denied) return json(denied.status, denied.body)
      return options.api ? options.api(req) : json(200, F.userWire)
    })
  )
  return { state, rec, harness: { state, requests: rec.requests } satisfies Harness }
}

const refreshCredentials = (initial?: string) =>
  Credentials.refreshToken({
    clientId: CLIENT_ID,
    clientSecret: Redacted.make(CLIENT_SECRET),
    ...(initial ? { refreshToken: Redacted.make(initial) } : {})
  })

const clientWith = (
  http: Layer.Layer<never, never, never> | ReturnType<typeof recorder>["layer"],
  store: Layer.Layer<TokenStore.TokenStore>,
  options: ZoomScheduler.Options = {}
) =>
  ZoomScheduler.layer(options).pipe(
    Layer.provideMerge(refreshCredentials("rt-0")),
    Layer.provideMerge(store),
    Layer.provide(http as ReturnType<typeof recorder>["layer"]),
    Layer.orDie
  )

const usersGet = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me"))
const tokenRequests = (state: TokenEndpointState) => state.tokenRequests.length
const bearerOf = (req: RecordedRequest) => req.headers.authorization

describe("refresh-token credentials", () => {
  it.effect("the first call refreshes once, then the cached token is reused until shortly before expiry", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike()
      yield* Effect.gen(function*() {
        yield* usersGet
        yield* usersGet
        expect(tokenRequests(state)).toBe(1)
        expect(state.tokenRequests[0]).toMatchObject({ grant: "refresh_token", refreshToken: "rt-0", authorization: basic(CLIENT_ID, CLIENT_SECRET) })
        // 54 minutes later: still fresh (the margin is 5 minutes)
        yield* TestClock.adjust("54 minutes")
        yield* usersGet
        expect(tokenRequests(state)).toBe(1)
        // 56 minutes: within the margin, refreshed before use
        yield* TestClock.adjust("2 minutes")
        yield* usersGet
        expect(tokenRequests(state)).toBe(2)
        const apiCalls = rec.requests.filter((r) => r.path !== "/oauth/token")
        expect(apiCalls.map(bearerOf)).toEqual(["Bearer at-1", "Bearer at-1", "Bearer at-1", "Bearer at-2"])
      }).pipe(Effect.provide(clientWith(rec.layer, TokenStore.layerMemory())))
    }))

  it.effect("a 401 with code 124 refreshes and replays the request exactly once", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike()
      yield* Effect.gen(function*() {
        yield* usersGet
        state.accessTokens.clear() // Zoom revokes every access token
        const user = yield* usersGet
        expect(user.slug).toBe("zoom_us")
        expect(tokenRequests(state)).toBe(2)
        const apiCalls = rec.requests.filter((r) => r.path !== "/oauth/token")
        expect(apiCalls.map(bearerOf)).toEqual(["Bearer at-1", "Bearer at-1", "Bearer at-2"])
      }).pipe(Effect.provide(clientWith(rec.layer, TokenStore.layerMemory())))
    }))

  it.effect("a 401 that persists after the refresh fails with AuthError, without looping", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike({ api: () => json(401, { code: 124, message: "Invalid access token." }) })
      const error = yield* usersGet.pipe(Effect.flip, Effect.provide(clientWith(rec.layer, TokenStore.layerMemory())))
      expect(error._tag === "AuthError" && error.reason).toBe("InvalidToken")
      expect(tokenRequests(state)).toBe(2)
      expect(rec.requests.filter((r) => r.path !== "/oauth/token")).toHaveLength(2)
    }))

  it.effect("a 401 mid-stream refreshes and the stream continues without losing or repeating items", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike({
        api: (req) => {
          const page = Number(req.query.next_page_token ?? "0")
          const items = Array.from({ length: 5 }, (_, i) => ({ event_id: `evt-${page * 5 + i}` }))
          return json(200, page < 3 ? { next_page_token: String(page + 1), items } : { items })
        }
      })
      const events = yield* Effect.gen(function*() {
        const zoom = yield* ZoomScheduler.ZoomScheduler
        return yield* zoom.events.stream({ pageSize: 5 }).pipe(
          Stream.tap((event) => Effect.sync(() => {
            if (event.eventId === "evt-7") state.accessTokens.clear() // the token dies during page 2
          })),
          Stream.runCollect
        )
      }).pipe(Effect.provide(clientWith(rec.layer, TokenStore.layerMemory(), { pagePrefetch: 0 })))
      expect(Chunk.toReadonlyArray(events).map((e) => e.eventId)).toEqual(Array.from({ length: 20 }, (_, i) => `evt-${i}`))
      expect(tokenRequests(state)).toBe(2)
    }))

  it.effect("500 fibers starting with an expired token cause exactly one refresh, and all succeed", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike()
      const expired = new TokenStore.TokenSet({
        accessToken: Redacted.make("at-old"),
        expiresAt: DateTime.unsafeMake(0),
        refreshToken: Redacted.make("rt-0"),
        scopes: []
      })
      const results = yield* Effect.all(Array.from({ length: 500 }, () => usersGet), { concurrency: "unbounded" }).pipe(
        Effect.provide(clientWith(rec.layer, TokenStore.layerMemory(expired)))
      )
      expect(results).toHaveLength(500)
      expect(tokenRequests(state)).toBe(1)
      expect(new Set(rec.requests.filter((r) => r.path !== "/oauth/token").map(bearerOf))).toEqual(new Set(["Bearer at-1"]))
    }))

  it.effect("rotation: the store holds the new refresh token; the old one is dead and never replayed", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike()
      yield* Effect.gen(function*() {
        const store = yield* TokenStore.TokenStore
        yield* usersGet
        const afterFirst = yield* store.get
        expect(Option.map(afterFirst, (t) => Redacted.value(t.refreshToken!))).toEqual(Option.some("rt-1"))
        yield* TestClock.adjust("2 hours")
        yield* usersGet
        const afterSecond = yield* store.get
        expect(Option.map(afterSecond, (t) => Redacted.value(t.refreshToken!))).toEqual(Option.some("rt-2"))
        // every refresh presented a different, still-valid token
        expect(state.tokenRequests.map((r) => r.refreshToken)).toEqual(["rt-0", "rt-1"])
        // replaying the old token against the endpoint fails
        const replay = handleToken(state, new URLSearchParams({ grant_type: "refresh_token", refresh_token: "rt-0" }), basic(CLIENT_ID, CLIENT_SECRET), 0, {
          lifetimeSeconds: LIFETIME,
          clientAuth: basic(CLIENT_ID, CLIENT_SECRET)
        })
        expect(replay).toEqual({ status: 400, body: { reason: "Invalid Token!", error: "invalid_grant" } })
      }).pipe(Effect.provide(clientWith(rec.layer, TokenStore.layerMemory())))
    }))

  it.effect("a store that fails while saving fails the call with TokenStoreError; unsaved tokens are never used", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike()
      let failSet = true
      const failing = Layer.effect(
        TokenStore.TokenStore,
        Effect.map(TokenStore.makeMemory(), (inner) =>
          TokenStore.make({
            get: inner.get,
            set: (tokens) =>
              failSet
                ? Effect.fail(new TokenStore.TokenStoreError({ operation: "set", message: "disk full" }))
                : inner.set(tokens),
            withLock: inner.withLock
          }))
      )
      yield* Effect.gen(function*() {
        const first = yield* Effect.flip(usersGet)
        expect(first._tag).toBe("TokenStoreError")
        // the new access token (at-1) was never used
        expect(rec.requests.filter((r) => r.path !== "/oauth/token")).toHaveLength(0)
        failSet = false
        // the next attempt presents the persisted refresh token (rt-0), not the lost rt-1,
        // which Zoom has already spent: the refresh is rejected and nothing is stored
        const second = yield* Effect.flip(usersGet)
        expect(second._tag === "AuthError" && second.reason).toBe("RefreshRejected")
        expect(state.tokenRequests.map((r) => r.refreshToken)).toEqual(["rt-0", "rt-0"])
        const store = yield* TokenStore.TokenStore
        expect(Option.isNone(yield* store.get)).toBe(true)
      }).pipe(Effect.provide(clientWith(rec.layer, failing)))
    }))

  it.effect("a rejected refresh fails at once with AuthError(RefreshRejected); the store is untouched", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike({ initialRefreshToken: "rt-other" })
      const stored = new TokenStore.TokenSet({
        accessToken: Redacted.make("at-old"),
        expiresAt: DateTime.unsafeMake(0),
        refreshToken: Redacted.make("rt-0"),
        scopes: ["scheduler:read"]
      })
      yield* Effect.gen(function*() {
        const error = yield* Effect.flip(usersGet)
        expect(error._tag).toBe("AuthError")
        if (error._tag !== "AuthError") return
        expect(error.reason).toBe("RefreshRejected")
        expect(error.message).toContain("invalid_grant")
        expect(error.message).toContain("Invalid Token!")
        expect(tokenRequests(state)).toBe(1)
        const store = yield* TokenStore.TokenStore
        expect(yield* store.get).toEqual(Option.some(stored))
        // and again: one more request per call, never a loop
        yield* Effect.flip(usersGet)
        expect(tokenRequests(state)).toBe(2)
      }).pipe(Effect.provide(clientWith(rec.layer, TokenStore.layerMemory(stored))))
    }))

  it.effect("wrong client credentials are AuthError(InvalidClient) and the secret is not in it", () =>
    Effect.gen(function*() {
      const { rec } = zoomLike()
      const layer = ZoomScheduler.layer().pipe(
        Layer.provide(Credentials.refreshToken({ clientId: CLIENT_ID, clientSecret: Redacted.make("wrong-SENTINEL"), refreshToken: Redacted.make("rt-0") })),
        Layer.provide([TokenStore.layerMemory(), rec.layer]),
        Layer.orDie
      )
      const error = yield* Effect.flip(usersGet).pipe(Effect.provide(layer))
      expect(error._tag === "AuthError" && error.reason).toBe("InvalidClient")
      expect(JSON.stringify(error)).not.toContain("SENTINEL")
      expect(String(error)).not.toContain("SENTINEL")
    }))

  it.effect("requests go to the token's api_url when it carries one", () =>
    Effect.gen(function*() {
      const { rec } = zoomLike({ apiUrl: "https://api-eu.zoom.us" })
      yield* usersGet.pipe(Effect.provide(clientWith(rec.layer, TokenStore.layerMemory())))
      const api = rec.requests.filter((r) => r.path !== "/oauth/token")
      expect(api[0]!.url.toString()).toBe("https://api-eu.zoom.us/v2/scheduler/users/me")
      expect(rec.requests[0]!.url.toString()).toBe("https://zoom.us/oauth/token")
    }))

  it.effect("without any refresh token the call fails with AuthError(NoRefreshToken) naming ZOOM_REFRESH_TOKEN", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike()
      const layer = ZoomScheduler.layer().pipe(
        Layer.provide(Credentials.refreshToken({ clientId: CLIENT_ID, clientSecret: Redacted.make(CLIENT_SECRET) })),
        Layer.provide([TokenStore.layerMemory(), rec.layer]),
        Layer.orDie
      )
      const error = yield* Effect.flip(usersGet).pipe(Effect.provide(layer))
      expect(error._tag === "AuthError" && error.reason).toBe("NoRefreshToken")
      expect(error.message).toContain("ZOOM_REFRESH_TOKEN")
      expect(tokenRequests(state)).toBe(0)
    }))
})

describe("server-to-server credentials", () => {
  const s2s = (rec: ReturnType<typeof recorder>) =>
    ZoomScheduler.layer().pipe(
      Layer.provide(Credentials.serverToServer({ accountId: "acct-1", clientId: CLIENT_ID, clientSecret: Redacted.make(CLIENT_SECRET) })),
      Layer.provide(rec.layer),
      Layer.orDie
    )

  it.effect("account_credentials grant, single-flight for 200 fibers, cached until shortly before expiry", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike()
      yield* Effect.gen(function*() {
        yield* Effect.all(Array.from({ length: 200 }, () => usersGet), { concurrency: "unbounded" })
        expect(state.tokenRequests).toEqual([{ grant: "account_credentials", accountId: "acct-1", authorization: basic(CLIENT_ID, CLIENT_SECRET) }])
        const token = rec.requests.find((r) => r.path === "/oauth/token")!
        expect((token.body as URLSearchParams).toString()).toBe("grant_type=account_credentials&account_id=acct-1")
        expect(token.headers["content-type"]).toBe("application/x-www-form-urlencoded")
        yield* TestClock.adjust("56 minutes")
        yield* usersGet
        expect(tokenRequests(state)).toBe(2)
      }).pipe(Effect.provide(s2s(rec)))
    }))

  it.effect("a rejected token is fetched again once", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike()
      yield* Effect.gen(function*() {
        yield* usersGet
        state.accessTokens.clear()
        yield* usersGet
        expect(tokenRequests(state)).toBe(2)
      }).pipe(Effect.provide(s2s(rec)))
    }))
})

describe("Config layers", () => {
  const withEnv = (env: Record<string, string>) => Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

  it.effect("a missing variable fails with an error naming it", () =>
    Effect.gen(function*() {
      const { rec } = zoomLike()
      for (const [layer, missing] of [
        [Credentials.refreshTokenConfig(), "ZOOM_CLIENT_SECRET"],
        [Credentials.serverToServerConfig(), "ZOOM_ACCOUNT_ID"],
        [Credentials.bearerConfig(), "ZOOM_ACCESS_TOKEN"]
      ] as const) {
        const exit = yield* Layer.build(layer).pipe(
          Effect.provide([rec.layer, TokenStore.layerMemory(), withEnv({ ZOOM_CLIENT_ID: "id" })]),
          Effect.scoped,
          Effect.exit
        )
        expect(Exit.isFailure(exit)).toBe(true)
        expect(String(exit)).toContain(missing)
      }
    }))

  it.effect("bearerConfig reads ZOOM_ACCESS_TOKEN; the token stays redacted", () =>
    Effect.gen(function*() {
      const rec = recorder(() => json(200, F.userWire))
      const layer = ZoomScheduler.layerConfig().pipe(
        Layer.provide([Credentials.bearerConfig(), rec.layer]),
        Layer.provide(withEnv({ ZOOM_ACCESS_TOKEN: "env-token-SENTINEL", ZOOM_TIMEOUT: "5 seconds" })),
        Layer.orDie
      )
      yield* usersGet.pipe(Effect.provide(layer))
      expect(rec.requests[0]!.headers.authorization).toBe("Bearer env-token-SENTINEL")
    }))

  it.effect("refreshTokenConfig builds working credentials from the environment", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike()
      const layer = ZoomScheduler.layer().pipe(
        Layer.provide(Credentials.refreshTokenConfig()),
        Layer.provide([TokenStore.layerMemory(), rec.layer]),
        Layer.provide(withEnv({ ZOOM_CLIENT_ID: CLIENT_ID, ZOOM_CLIENT_SECRET: CLIENT_SECRET, ZOOM_REFRESH_TOKEN: "rt-0" })),
        Layer.orDie
      )
      yield* usersGet.pipe(Effect.provide(layer))
      expect(state.tokenRequests[0]?.refreshToken).toBe("rt-0")
    }))
})

describe("interruption", () => {
  it.effect("an interrupted caller does not leave the others waiting on its refresh", () =>
    Effect.gen(function*() {
      const { rec, state } = zoomLike()
      yield* Effect.gen(function*() {
        const first = yield* Effect.fork(usersGet)
        const second = yield* Effect.fork(usersGet)
        yield* Fiber.interrupt(first)
        const user = yield* Fiber.join(second)
        expect(user.slug).toBe("zoom_us")
        expect(tokenRequests(state)).toBe(1)
      }).pipe(Effect.provide(clientWith(rec.layer, TokenStore.layerMemory())))
    }))
})
