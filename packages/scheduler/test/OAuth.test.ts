/**
 * The authorization-code flow's pure parts: PKCE (RFC 7636 vector and
 * properties), the authorization URL, and the redirect check.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Redacted } from "effect"
import * as fc from "fast-check"
import { createHash } from "node:crypto"
import { OAuth } from "@effect-zoom/scheduler"

describe("OAuth PKCE", () => {
  it.effect("computes RFC 7636's S256 example", () =>
    Effect.gen(function*() {
      const challenge = yield* OAuth.codeChallenge(Redacted.make("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
      expect(challenge).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }))

  it.effect("makes a fresh 43-character verifier whose challenge is its SHA-256, base64url", () =>
    Effect.gen(function*() {
      const seen = new Set<string>()
      for (let i = 0; i < 20; i++) {
        const pkce = yield* OAuth.makePkce
        const verifier = Redacted.value(pkce.verifier)
        expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/)
        expect(pkce.challenge).toBe(createHash("sha256").update(verifier).digest("base64url"))
        expect(String(pkce.verifier)).not.toContain(verifier)
        seen.add(verifier)
      }
      expect(seen.size).toBe(20)
      const state = yield* OAuth.makeState
      expect(state).toMatch(/^[A-Za-z0-9_-]{32}$/)
    }))

  it.effect("agrees with node:crypto on any verifier", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9._~-]{43,128}$/), async (verifier) => {
          const challenge = await Effect.runPromise(OAuth.codeChallenge(Redacted.make(verifier)))
          expect(challenge).toBe(createHash("sha256").update(verifier).digest("base64url"))
        }),
        { numRuns: 50 }
      )
    ))
})

describe("OAuth.authorizationUrl", () => {
  it("builds Zoom's authorize URL with response_type=code and S256", () => {
    const url = new URL(OAuth.authorizationUrl({
      clientId: "my client",
      redirectUri: "http://127.0.0.1:8400/callback?x=1",
      state: "st&ate",
      codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    }))
    expect(`${url.origin}${url.pathname}`).toBe("https://zoom.us/oauth/authorize")
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "my client",
      redirect_uri: "http://127.0.0.1:8400/callback?x=1",
      state: "st&ate",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256"
    })
    const local = OAuth.authorizationUrl({
      clientId: "c",
      redirectUri: "http://127.0.0.1/cb",
      state: "s",
      codeChallenge: "x",
      authorizeUrl: "http://127.0.0.1:4010/oauth/authorize"
    })
    expect(local.startsWith("http://127.0.0.1:4010/oauth/authorize?response_type=code&")).toBe(true)
  })
})

describe("OAuth.verifyCallback", () => {
  const check = (url: string) => Effect.runSyncExit(OAuth.verifyCallback(url, { state: "s-123" }))

  it("returns the code when the state matches", () => {
    const exit = check("http://127.0.0.1:8400/callback?code=the-code&state=s-123")
    expect(Exit.isSuccess(exit) && Redacted.value(exit.value)).toBe("the-code")
    const fromParams = Effect.runSync(
      OAuth.verifyCallback(new URLSearchParams({ code: "c2", state: "s-123" }), { state: "s-123" })
    )
    expect(Redacted.value(fromParams)).toBe("c2")
  })

  it("fails with OAuthStateMismatch on a missing or different state, before looking at error or code", () => {
    for (const url of ["/cb?code=c", "/cb?code=c&state=s-124", "/cb?error=access_denied&state=other", "/cb?code=c&state=s-12"]) {
      const exit = check(url)
      expect(exit).toMatchObject({ _tag: "Failure", cause: { error: { _tag: "OAuthStateMismatch" } } })
    }
  })

  it("fails with OAuthConsentDenied on error=access_denied, and names other errors", () => {
    expect(check("/cb?error=access_denied&state=s-123")).toMatchObject({
      _tag: "Failure",
      cause: { error: { _tag: "OAuthConsentDenied", error: "access_denied", message: "the authorization was declined" } }
    })
    expect(check("/cb?error=invalid_request&error_description=bad&state=s-123")).toMatchObject({
      cause: { error: { _tag: "OAuthConsentDenied", error: "invalid_request", message: "the authorization failed: invalid_request (bad)" } }
    })
  })

  it("fails with OAuthInvalidCode when the redirect has no code", () => {
    expect(check("/cb?state=s-123")).toMatchObject({ cause: { error: { _tag: "OAuthInvalidCode" } } })
  })

  it("errors carry namespaced identifiers", () => {
    expect(new OAuth.OAuthStateMismatch({ message: "m" })._tag).toBe("OAuthStateMismatch")
    expect(OAuth.OAuthConsentDenied.identifier).toBe("@effect-zoom/scheduler/OAuthConsentDenied")
    expect(OAuth.OAuthInvalidCode.identifier).toBe("@effect-zoom/scheduler/OAuthInvalidCode")
  })
})
