/**
 * The fake's authorization endpoint and `authorization_code` grant, raw on
 * the wire and through the library's OAuth module (whose token set the
 * refresh-token credentials then keep fresh).
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, Redacted, TestClock } from "effect"
import { Credentials, OAuth, TokenStore, ZoomScheduler } from "@effect-zoom/scheduler"
import { FakeZoom } from "../src/index.js"
import { token } from "./helpers.js"

const CLIENT = { id: "client-id", secret: "client-secret" }
const REDIRECT = "http://127.0.0.1:8400/callback"

const fakeLayer = FakeZoom.layer({
  oauth: { clients: [{ clientId: CLIENT.id, clientSecret: Redacted.make(CLIENT.secret) }] }
})

/** Plays the browser: GET the authorization URL, return the redirect's Location. */
const authorize = (params: Record<string, string>) =>
  Effect.gen(function*() {
    const http = yield* HttpClient.HttpClient
    const url = new URL("https://zoom.us/oauth/authorize")
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
    const response = yield* http.execute(HttpClientRequest.get(url.toString()))
    return { status: response.status, location: response.headers["location"], text: yield* response.text }
  })

const start = Effect.gen(function*() {
  const pkce = yield* OAuth.makePkce
  const state = yield* OAuth.makeState
  const url = new URL(OAuth.authorizationUrl({ clientId: CLIENT.id, redirectUri: REDIRECT, state, codeChallenge: pkce.challenge }))
  return { pkce, state, params: Object.fromEntries(url.searchParams) }
})

const codeOf = (location: string | undefined) => new URL(location ?? "http://x.invalid").searchParams.get("code") ?? ""

const redeem = (code: string, verifier: Redacted.Redacted<string>, redirectUri = REDIRECT) =>
  token({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: Redacted.value(verifier) })

describe("FakeZoom /oauth/authorize and the authorization_code grant", () => {
  it.effect("consents, redirects 302 with code and state, and redeems the code once", () =>
    Effect.gen(function*() {
      const { params, pkce, state } = yield* start
      const reply = yield* authorize(params)
      expect(reply.status).toBe(302)
      const location = new URL(reply.location!)
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT)
      expect(location.searchParams.get("state")).toBe(state)
      const code = codeOf(reply.location)
      expect(code.length).toBeGreaterThan(20)

      const first = yield* redeem(code, pkce.verifier)
      expect(first.status).toBe(200)
      expect(first.json).toMatchObject({ token_type: "bearer", expires_in: 3600 })
      expect(typeof first.json.refresh_token).toBe("string")

      const reused = yield* redeem(code, pkce.verifier)
      expect(reused.status).toBe(400)
      expect(reused.json.error).toBe("invalid_grant")
      // the issued refresh token rotates like any other
      expect((yield* token({ grant_type: "refresh_token", refresh_token: first.json.refresh_token })).status).toBe(200)
      const handle = yield* FakeZoom.FakeZoom
      expect((yield* handle.stats).byOperation["oauth.authorize"]).toBe(1)
      // the request log never shows the code or the verifier
      const logged = JSON.stringify(yield* handle.requests)
      expect(logged).toContain("authorization_code")
      expect(logged).not.toContain(code)
      expect(logged).not.toContain(Redacted.value(pkce.verifier))
    }).pipe(Effect.provide(fakeLayer)))

  it.effect("verifies PKCE, the redirect URI and the client, and burns the code on a failed attempt", () =>
    Effect.gen(function*() {
      const { params, pkce } = yield* start
      const other = yield* OAuth.makePkce
      const wrongVerifier = codeOf((yield* authorize(params)).location)
      expect((yield* redeem(wrongVerifier, other.verifier)).json.error).toBe("invalid_grant")
      expect((yield* redeem(wrongVerifier, pkce.verifier)).json.error).toBe("invalid_grant") // burnt

      const wrongRedirect = codeOf((yield* authorize(params)).location)
      expect((yield* redeem(wrongRedirect, pkce.verifier, "http://127.0.0.1:9999/callback")).json.error).toBe("invalid_grant")

      const code = codeOf((yield* authorize(params)).location)
      const badClient = yield* token(
        { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: Redacted.value(pkce.verifier) },
        { id: CLIENT.id, secret: "wrong" }
      )
      expect(badClient.status).toBe(401)
      // an unauthenticated attempt does not burn the code
      expect((yield* redeem(code, pkce.verifier)).status).toBe(200)
    }).pipe(Effect.provide(fakeLayer)))

  it.effect("codes expire after 5 minutes on the Clock", () =>
    Effect.gen(function*() {
      const { params, pkce } = yield* start
      const fresh = codeOf((yield* authorize(params)).location)
      yield* TestClock.adjust("299 seconds")
      expect((yield* redeem(fresh, pkce.verifier)).status).toBe(200)

      const stale = codeOf((yield* authorize(params)).location)
      yield* TestClock.adjust("5 minutes")
      const reply = yield* redeem(stale, pkce.verifier)
      expect(reply.status).toBe(400)
      expect(reply.json).toEqual({ error: "invalid_grant", reason: "Authorization code expired" })
    }).pipe(Effect.provide(fakeLayer)))

  it.effect("denies on request, and refuses unknown clients, bad redirect URIs and plain challenges", () =>
    Effect.gen(function*() {
      const { params, state } = yield* start
      const denied = yield* authorize({ ...params, consent: "deny" })
      expect(denied.status).toBe(302)
      const deniedAt = new URL(denied.location!)
      expect(deniedAt.searchParams.get("error")).toBe("access_denied")
      expect(deniedAt.searchParams.get("state")).toBe(state)
      expect(deniedAt.searchParams.has("code")).toBe(false)

      const unknownClient = yield* authorize({ ...params, client_id: "someone-else" })
      expect(unknownClient.status).toBe(400)
      expect(unknownClient.location).toBeUndefined()
      const badRedirect = yield* authorize({ ...params, redirect_uri: "javascript:alert(1)" })
      expect(badRedirect.status).toBe(400)
      expect(badRedirect.location).toBeUndefined()

      const plain = yield* authorize({ ...params, code_challenge_method: "plain" })
      expect(new URL(plain.location!).searchParams.get("error")).toBe("invalid_request")
      const noCode = yield* authorize({ ...params, response_type: "token" })
      expect(new URL(noCode.location!).searchParams.get("error")).toBe("unsupported_response_type")
    }).pipe(Effect.provide(fakeLayer)))
})

describe("OAuth.exchangeCode against the fake", () => {
  const clientSecret = Redacted.make(CLIENT.secret)

  it.effect("stores the token set, which Credentials.refreshToken continues from", () =>
    Effect.gen(function*() {
      const { params, pkce, state } = yield* start
      const redirect = yield* authorize(params)
      const code = yield* OAuth.verifyCallback(redirect.location!, { state })
      const tokens = yield* OAuth.exchangeCode({
        clientId: CLIENT.id,
        clientSecret,
        code,
        codeVerifier: pkce.verifier,
        redirectUri: REDIRECT
      })
      const store = yield* TokenStore.TokenStore
      const stored = yield* store.get
      expect(Option.map(stored, (t) => Redacted.value(t.accessToken))).toEqual(Option.some(Redacted.value(tokens.accessToken)))
      expect(tokens.refreshToken).toBeDefined()
      expect(tokens.scopes).toEqual(["scheduler:read", "scheduler:write"])

      // the refresh-token credentials pick up from the stored set, and rotate it when it expires
      const fake = yield* FakeZoom.FakeZoom
      const me = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me")).pipe(
        Effect.provide(ZoomScheduler.layer().pipe(
          Layer.provide(Credentials.refreshToken({ clientId: CLIENT.id, clientSecret }))
        ))
      )
      const defaultUser = (yield* fake.snapshot).users.find((u) => u.user_id === fake.defaultUserId)
      expect(me.displayName).toBe(defaultUser?.display_name)
      expect((yield* fake.stats).tokenRequests.refresh_token).toBe(0) // the exchanged access token was used as is
      yield* TestClock.adjust("2 hours")
      yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me")).pipe(
        Effect.provide(ZoomScheduler.layer().pipe(
          Layer.provide(Credentials.refreshToken({ clientId: CLIENT.id, clientSecret }))
        ))
      )
      const rotated = Option.getOrThrow(yield* store.get)
      expect(Redacted.value(rotated.refreshToken!)).not.toBe(Redacted.value(tokens.refreshToken!))
      expect((yield* fake.stats).tokenRequests.refresh_token).toBe(1)
    }).pipe(Effect.provide(Layer.merge(fakeLayer, TokenStore.layerMemory()))))

  it.effect("a reused code fails with OAuthInvalidCode and leaves the store alone; a wrong secret is an AuthError", () =>
    Effect.gen(function*() {
      const { params, pkce, state } = yield* start
      const code = yield* OAuth.verifyCallback((yield* authorize(params)).location!, { state })
      const options = { clientId: CLIENT.id, clientSecret, code, codeVerifier: pkce.verifier, redirectUri: REDIRECT }
      yield* OAuth.exchangeCode(options)
      const store = yield* TokenStore.TokenStore
      const before = Option.getOrThrow(yield* store.get)
      const reused = yield* Effect.flip(OAuth.exchangeCode(options))
      expect(reused._tag).toBe("OAuthInvalidCode")
      expect(reused).toMatchObject({ status: 400 })
      expect(reused.message).toContain("invalid_grant")
      expect(Option.getOrThrow(yield* store.get)).toBe(before)

      const code2 = yield* OAuth.verifyCallback((yield* authorize(params)).location!, { state })
      const wrongSecret = yield* Effect.flip(
        OAuth.exchangeCode({ ...options, code: code2, clientSecret: Redacted.make("SENTINEL-wrong-secret") })
      )
      expect(wrongSecret).toMatchObject({ _tag: "AuthError", reason: "InvalidClient" })
      for (const error of [reused, wrongSecret]) {
        const text = JSON.stringify(error) + String(error)
        for (const secret of ["SENTINEL-wrong-secret", CLIENT.secret, Redacted.value(code), Redacted.value(pkce.verifier)]) {
          expect(text).not.toContain(secret)
        }
      }
    }).pipe(Effect.provide(Layer.merge(fakeLayer, TokenStore.layerMemory()))))
})
