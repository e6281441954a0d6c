/**
 * The authorization-code side of the fake's OAuth: Zoom's authorization
 * endpoint (`GET /oauth/authorize`), which "consents" at once and redirects
 * back with a one-time code, and the `authorization_code` grant of the token
 * endpoint (codes valid 5 minutes on Effect's `Clock`, single-use, PKCE S256
 * verified, bound to their client and redirect URI).
 *
 * A test plays the user: adding `consent=deny` to the authorization URL
 * answers as if the user declined (`error=access_denied`).
 *
 * @internal
 */
import { createHash, randomBytes } from "node:crypto"
import type { FakeRequest, FakeResponse } from "./http.js"
import { json } from "./http.js"

/** How long an authorization code can be exchanged. */
export const CODE_TTL_MS = 5 * 60_000

interface PendingCode {
  readonly userId: string
  readonly clientId: string
  readonly redirectUri: string
  readonly challenge: string
  readonly expiresAtMs: number
}

/** The outcome of redeeming a code. */
export type Redemption =
  | { readonly _tag: "Ok"; readonly userId: string }
  | { readonly _tag: "Rejected"; readonly response: FakeResponse }

const oauthError = (status: number, error: string, reason: string): FakeResponse => json(status, { reason, error })

const invalidGrant = (reason: string): Redemption => ({
  _tag: "Rejected",
  response: oauthError(400, "invalid_grant", reason)
})

/** A page Zoom shows instead of redirecting when the client or redirect URI is wrong. */
const errorPage = (status: number, message: string): FakeResponse => ({
  _tag: "Response",
  status,
  headers: { "content-type": "text/html;charset=UTF-8" },
  body: `<!doctype html><title>Zoom</title><p>${message}</p>`
})

const redirect = (to: URL): FakeResponse => ({
  _tag: "Response",
  status: 302,
  headers: { location: to.toString(), "cache-control": "no-store" },
  body: undefined
})

const s256 = (verifier: string): string => createHash("sha256").update(verifier, "ascii").digest("base64url")

const isRedirectUri = (value: string): URL | undefined => {
  try {
    const url = new URL(value)
    return (url.protocol === "https:" || url.protocol === "http:") && url.hash === "" ? url : undefined
  } catch {
    return undefined
  }
}

/** Outstanding authorization codes. */
export class AuthorizationCodes {
  private readonly pending = new Map<string, PendingCode>()
  /** Codes issued, and codes redeemed. */
  readonly counters = { issued: 0, redeemed: 0, rejected: 0 }

  /**
   * Answers `GET /oauth/authorize`. `isClient` tells whether a client id is
   * registered. An unknown client or a malformed redirect URI gets an error
   * page (never a redirect, as RFC 6749 §4.1.2.1 requires); other problems
   * are redirected back as `error=invalid_request`.
   */
  authorize(request: FakeRequest, nowMs: number, userId: string, isClient: (clientId: string) => boolean): FakeResponse {
    const q = request.query
    const clientId = q.get("client_id") ?? ""
    if (clientId === "" || !isClient(clientId)) return errorPage(400, "Invalid client_id.")
    const redirectUri = q.get("redirect_uri") ?? ""
    const target = isRedirectUri(redirectUri)
    if (target === undefined) return errorPage(400, "Invalid redirect url.")
    const state = q.get("state")
    const back = (params: Record<string, string>): FakeResponse => {
      const to = new URL(target)
      for (const [key, value] of Object.entries(params)) to.searchParams.set(key, value)
      if (state !== null) to.searchParams.set("state", state)
      return redirect(to)
    }
    if (q.get("response_type") !== "code") {
      return back({ error: "unsupported_response_type", error_description: "response_type must be code" })
    }
    const challenge = q.get("code_challenge") ?? ""
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge) || q.get("code_challenge_method") !== "S256") {
      return back({ error: "invalid_request", error_description: "code_challenge with code_challenge_method=S256 required" })
    }
    if (q.get("consent") === "deny") return back({ error: "access_denied", error_description: "The user denied access" })
    const code = randomBytes(24).toString("base64url")
    this.pending.set(code, { userId, clientId, redirectUri, challenge, expiresAtMs: nowMs + CODE_TTL_MS })
    this.counters.issued++
    return back({ code })
  }

  /**
   * Redeems `code` for `clientId` (the `authorization_code` grant). The code
   * is consumed by the first attempt, successful or not, so it can never be
   * replayed.
   */
  redeem(params: URLSearchParams, clientId: string, nowMs: number): Redemption {
    const code = params.get("code") ?? ""
    if (code === "") return { _tag: "Rejected", response: oauthError(400, "invalid_request", "Missing code") }
    const pending = this.pending.get(code)
    this.pending.delete(code)
    const rejected = (reason: string): Redemption => {
      this.counters.rejected++
      return invalidGrant(reason)
    }
    if (pending === undefined) return rejected("Invalid authorization code")
    if (nowMs >= pending.expiresAtMs) return rejected("Authorization code expired")
    if (pending.clientId !== clientId) return rejected("Authorization code was issued to another client")
    if (params.get("redirect_uri") !== pending.redirectUri) return rejected("Redirect URI mismatch")
    const verifier = params.get("code_verifier") ?? ""
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || s256(verifier) !== pending.challenge) {
      return rejected("Invalid code_verifier")
    }
    this.counters.redeemed++
    return { _tag: "Ok", userId: pending.userId }
  }
}
