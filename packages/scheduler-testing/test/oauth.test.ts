import { HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted, TestClock } from "effect"
import { FakeZoom } from "../src/index.js"
import { get, token } from "./helpers.js"

const CLIENT = { id: "client-id", secret: "client-secret" }

const strict = (options: FakeZoom.FakeZoomOptions = {}) =>
  FakeZoom.layer({
    ...options,
    oauth: { clients: [{ clientId: CLIENT.id, clientSecret: Redacted.make(CLIENT.secret) }], ...options.oauth }
  })

const fake = FakeZoom.FakeZoom

describe("FakeZoom OAuth", () => {
  it.effect("rotates refresh tokens and rejects a used one with invalid_grant", () =>
    Effect.gen(function*() {
      const handle = yield* fake
      const initial = Redacted.value(yield* handle.issueRefreshToken())

      const first = yield* token({ grant_type: "refresh_token", refresh_token: initial })
      expect(first.status).toBe(200)
      expect(Object.keys(first.json).sort()).toEqual(["access_token", "expires_in", "refresh_token", "scope", "token_type"])
      expect(first.json).toMatchObject({ token_type: "bearer", expires_in: 3600, scope: "scheduler:read scheduler:write" })
      expect(first.json.refresh_token).not.toBe(initial)
      expect((yield* get("/scheduler/users/me", first.json.access_token)).status).toBe(200)

      const reused = yield* token({ grant_type: "refresh_token", refresh_token: initial })
      expect(reused.status).toBe(400)
      expect(reused.json).toEqual({ reason: "Invalid Token!", error: "invalid_grant" })

      const second = yield* token({ grant_type: "refresh_token", refresh_token: first.json.refresh_token })
      expect(second.status).toBe(200)
      expect(second.json.access_token).not.toBe(first.json.access_token)
      // Both access tokens stay valid until they expire.
      expect((yield* get("/scheduler/users/me", first.json.access_token)).status).toBe(200)

      const stats = yield* handle.stats
      expect(stats.tokenRequests).toEqual({ total: 3, refresh_token: 3, account_credentials: 0, other: 0 })
      expect(stats.rejectedRefreshes).toBe(1)
      expect(stats.byOperation["oauth.token"]).toBe(3)
    }).pipe(Effect.provide(strict())))

  it.effect("rejects a wrong or missing client with 401 invalid_client", () =>
    Effect.gen(function*() {
      const handle = yield* fake
      const refreshToken = Redacted.value(yield* handle.issueRefreshToken())
      const wrong = yield* token({ grant_type: "refresh_token", refresh_token: refreshToken }, { id: CLIENT.id, secret: "nope" })
      expect(wrong.status).toBe(401)
      expect(wrong.json).toEqual({ reason: "Invalid client_id or client_secret", error: "invalid_client" })
      expect((yield* token({ grant_type: "refresh_token", refresh_token: refreshToken }, null)).status).toBe(401)
      // The refresh token was not consumed by the rejected requests.
      expect((yield* token({ grant_type: "refresh_token", refresh_token: refreshToken })).status).toBe(200)
      expect((yield* handle.stats).invalidClients).toBe(2)
    }).pipe(Effect.provide(strict())))

  it.effect("binds refresh tokens issued for a client to that client", () =>
    Effect.gen(function*() {
      const handle = yield* fake
      const bound = Redacted.value(yield* handle.issueRefreshToken({ clientId: "other-client" }))
      const reply = yield* token({ grant_type: "refresh_token", refresh_token: bound })
      expect(reply.json.error).toBe("invalid_grant")
      const ok = yield* token({ grant_type: "refresh_token", refresh_token: bound }, { id: "other-client", secret: "s2" })
      expect(ok.status).toBe(200)
    }).pipe(Effect.provide(FakeZoom.layer({
      oauth: {
        clients: [
          { clientId: CLIENT.id, clientSecret: CLIENT.secret },
          { clientId: "other-client", clientSecret: "s2" }
        ]
      }
    }))))

  it.effect("expires access tokens after their lifetime (TestClock) with 401 code 124", () =>
    Effect.gen(function*() {
      const handle = yield* fake
      const initial = Redacted.value(yield* handle.issueRefreshToken())
      const issued = yield* token({ grant_type: "refresh_token", refresh_token: initial })
      expect(issued.json.expires_in).toBe(600)
      const access = issued.json.access_token
      yield* TestClock.adjust("599 seconds")
      expect((yield* get("/scheduler/users/me", access)).status).toBe(200)
      yield* TestClock.adjust("1 second")
      const expired = yield* get("/scheduler/users/me", access)
      expect(expired.status).toBe(401)
      expect(expired.json).toEqual({ code: 124, message: "Access token is expired." })
      const refreshed = yield* token({ grant_type: "refresh_token", refresh_token: issued.json.refresh_token })
      expect((yield* get("/scheduler/users/me", refreshed.json.access_token)).status).toBe(200)
    }).pipe(Effect.provide(strict({ oauth: { accessTokenTtl: "10 minutes" } }))))

  it.effect("expires every access token on demand (expireAccessTokens)", () =>
    Effect.gen(function*() {
      const handle = yield* fake
      const access = Redacted.value(yield* handle.issueAccessToken())
      expect((yield* get("/scheduler/users/me", access)).status).toBe(200)
      yield* handle.expireAccessTokens
      expect((yield* get("/scheduler/users/me", access)).json.message).toBe("Access token is expired.")
    }).pipe(Effect.provide(strict())))

  it.effect("rejects refresh tokens past their lifetime", () =>
    Effect.gen(function*() {
      const handle = yield* fake
      const refreshToken = Redacted.value(yield* handle.issueRefreshToken())
      yield* TestClock.adjust("2 days")
      expect((yield* token({ grant_type: "refresh_token", refresh_token: refreshToken })).json.error).toBe("invalid_grant")
    }).pipe(Effect.provide(strict({ oauth: { refreshTokenTtl: "1 day" } }))))

  it.effect("issues server-to-server tokens with account_credentials (no refresh token)", () =>
    Effect.gen(function*() {
      const reply = yield* token({ grant_type: "account_credentials", account_id: "acct-1" })
      expect(reply.status).toBe(200)
      expect(reply.json).toMatchObject({
        token_type: "bearer",
        expires_in: 3600,
        scope: "scheduler:read scheduler:write",
        api_url: "https://api.zoom.example"
      })
      expect(reply.json.refresh_token).toBeUndefined()
      expect((yield* get("/scheduler/events", reply.json.access_token)).status).toBe(200)
      expect((yield* token({ grant_type: "account_credentials", account_id: "other" })).json).toEqual({
        reason: "Invalid account_id",
        error: "invalid_request"
      })
      expect((yield* token({ grant_type: "account_credentials" })).json.error).toBe("invalid_request")
      const handle = yield* fake
      expect((yield* handle.stats).tokenRequests.account_credentials).toBe(3)
    }).pipe(Effect.provide(strict({ accountId: "acct-1", oauth: { apiUrl: "https://api.zoom.example" } }))))

  it.effect("accepts grant parameters in the query string too, and rejects unknown grants", () =>
    Effect.gen(function*() {
      const http = yield* HttpClient.HttpClient
      const response = yield* http.execute(
        HttpClientRequest.post("https://zoom.us/oauth/token?grant_type=account_credentials&account_id=a").pipe(
          HttpClientRequest.basicAuth(CLIENT.id, CLIENT.secret)
        )
      )
      expect(response.status).toBe(200)
      const unsupported = yield* token({ grant_type: "password" })
      expect(unsupported.status).toBe(400)
      expect(unsupported.json).toEqual({ reason: "Unsupported grant type", error: "unsupported_grant_type" })
      const missing = yield* token({ grant_type: "refresh_token" })
      expect(missing.json.error).toBe("invalid_request")
      expect((yield* (yield* fake).stats).tokenRequests.other).toBe(1)
    }).pipe(Effect.provide(strict())))

  it.effect("strict mode accepts only issued or registered tokens", () =>
    Effect.gen(function*() {
      const unknown = yield* get("/scheduler/users/me", "made-up")
      expect(unknown.status).toBe(401)
      expect(unknown.json).toEqual({ code: 124, message: "Invalid access token." })
      expect((yield* get("/scheduler/users/me", "static-1")).json.display_name).toBe("Second User")
      expect((yield* get("/scheduler/users/me", "static-2")).status).toBe(200)
      yield* TestClock.adjust("5 minutes")
      expect((yield* get("/scheduler/users/me", "static-2")).status).toBe(401)
      expect((yield* get("/scheduler/users/me", "static-1")).status).toBe(200)
      const handle = yield* fake
      yield* handle.registerToken({ token: Redacted.make("late-token") })
      expect((yield* get("/scheduler/users/me", "late-token")).status).toBe(200)
      const missingUser = yield* Effect.flip(handle.registerToken({ token: "x", userId: "ghost" }))
      expect(missingUser._tag).toBe("FakeZoomNotFound")
    }).pipe(Effect.provide(strict({
      seed: (s) => {
        s.user({ display_name: "First User" })
        s.user({ user_id: "second", display_name: "Second User" })
      },
      tokens: [{ token: "static-1", userId: "second" }, { token: Redacted.make("static-2"), expiresIn: "5 minutes" }]
    }))))

  it.effect("accepts any non-empty bearer token by default (no OAuth clients configured)", () =>
    Effect.gen(function*() {
      expect((yield* get("/scheduler/users/me", "anything")).status).toBe(200)
      expect((yield* get("/scheduler/users/me", null)).status).toBe(401)
      // Issued tokens are still checked for expiry.
      const handle = yield* fake
      const access = Redacted.value(yield* handle.issueAccessToken({ expiresIn: "1 minute" }))
      yield* TestClock.adjust("2 minutes")
      expect((yield* get("/scheduler/users/me", access)).status).toBe(401)
      // Any Basic credentials are accepted by the token endpoint.
      const reply = yield* token({ grant_type: "account_credentials", account_id: "whatever" }, { id: "x", secret: "y" })
      expect(reply.status).toBe(200)
    }).pipe(Effect.provide(FakeZoom.layer())))

  it.effect("accepts pre-registered refresh tokens (oauth.refreshTokens)", () =>
    Effect.gen(function*() {
      const reply = yield* token({ grant_type: "refresh_token", refresh_token: "known-refresh-token" })
      expect(reply.status).toBe(200)
      expect((yield* token({ grant_type: "refresh_token", refresh_token: "known-refresh-token" })).status).toBe(400)
    }).pipe(Effect.provide(strict({ oauth: { refreshTokens: [Redacted.make("known-refresh-token")] } }))))

  it.effect("never logs secrets: Authorization and token parameters are redacted", () =>
    Effect.gen(function*() {
      const handle = yield* fake
      const refreshToken = Redacted.value(yield* handle.issueRefreshToken())
      const issued = yield* token({ grant_type: "refresh_token", refresh_token: refreshToken })
      yield* get("/scheduler/users/me", issued.json.access_token)
      const log = yield* handle.requests
      expect(log[0]).toMatchObject({
        operation: "oauth.token",
        method: "POST",
        path: "/oauth/token",
        body: { grant_type: "refresh_token", refresh_token: "<redacted>" },
        status: 200
      })
      expect(log[0].headers.authorization).toBe("<redacted>")
      expect(log[1].headers.authorization).toBe("<redacted>")
      const serialized = JSON.stringify(log)
      expect(serialized).not.toContain(refreshToken)
      expect(serialized).not.toContain(issued.json.access_token)
      expect(serialized).not.toContain(CLIENT.secret)
      expect(serialized).not.toContain(Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString("base64"))
    }).pipe(Effect.provide(strict())))
})
