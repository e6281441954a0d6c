/**
 * The OAuth 2.0 authorization-code flow with PKCE: how a user gets the first
 * token set (and with it the refresh token) that `Credentials.refreshToken`
 * then keeps fresh.
 *
 * 1. {@link makePkce} and {@link makeState}: a one-time verifier, its S256
 *    challenge, and an unguessable `state`.
 * 2. {@link authorizationUrl}: send the user's browser there; Zoom asks for
 *    consent and redirects to `redirectUri?code=…&state=…`.
 * 3. {@link verifyCallback}: checks the redirect (`state`, `error`) and
 *    returns the code.
 * 4. {@link exchangeCode}: trades the code and the verifier for a token set
 *    and writes it to the `TokenStore`.
 *
 * Runs on Web Crypto (`crypto.subtle`, `crypto.getRandomValues`): no `node:`
 * module, so the flow works on Node, Bun, Deno, workerd and in browsers.
 *
 * @since 0.2.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientTag from "@effect/platform/HttpClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { AuthError } from "./Errors.js"
import { defaultTokenRequestTimeout, defaultTokenUrl, requestToken } from "./internal/oauth.js"
import type { TokenSet, TokenStoreError } from "./TokenStore.js"
import { TokenStore } from "./TokenStore.js"

/**
 * Zoom's authorization endpoint.
 *
 * @since 0.2.0
 */
export const defaultAuthorizeUrl = "https://zoom.us/oauth/authorize"

// -----------------------------------------------------------------------------
// errors
// -----------------------------------------------------------------------------

/**
 * The user (or Zoom) declined the authorization: the redirect carried
 * `error=access_denied` (or another OAuth `error`, kept in `error`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OAuth } from "@effect-zoom/scheduler"
 *
 * const code = OAuth.verifyCallback("http://127.0.0.1:8400/callback?error=access_denied&state=s1", {
 *   state: "s1"
 * }).pipe(Effect.catchTag("OAuthConsentDenied", (e) => Effect.fail(`no consent: ${e.error}`)))
 * ```
 *
 * @since 0.2.0
 */
export class OAuthConsentDenied extends Schema.TaggedError<OAuthConsentDenied>(
  "@effect-zoom/scheduler/OAuthConsentDenied"
)("OAuthConsentDenied", {
  /** The OAuth `error` code, `access_denied` when the user clicked "Decline". */
  error: Schema.String,
  message: Schema.String
}) {}

/**
 * The redirect's `state` is not the one this flow sent: the redirect belongs
 * to another flow, or was forged (CSRF). The code is not exchanged.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OAuth } from "@effect-zoom/scheduler"
 *
 * const code = OAuth.verifyCallback("http://127.0.0.1:8400/callback?code=abc&state=other", { state: "mine" }).pipe(
 *   Effect.catchTag("OAuthStateMismatch", () => Effect.fail("start the login again"))
 * )
 * ```
 *
 * @since 0.2.0
 */
export class OAuthStateMismatch extends Schema.TaggedError<OAuthStateMismatch>(
  "@effect-zoom/scheduler/OAuthStateMismatch"
)("OAuthStateMismatch", { message: Schema.String }) {}

/**
 * The authorization code is missing from the redirect, or the token endpoint
 * rejected it (`invalid_grant`: unknown, expired, already used, issued for
 * another redirect URI, or a PKCE verifier that does not match). Codes are
 * single-use: start the flow again. Never holds the code itself.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { OAuth } from "@effect-zoom/scheduler"
 *
 * const explain = (e: OAuth.OAuthInvalidCode) => `${e.message}; run the login again`
 * ```
 *
 * @since 0.2.0
 */
export class OAuthInvalidCode extends Schema.TaggedError<OAuthInvalidCode>(
  "@effect-zoom/scheduler/OAuthInvalidCode"
)("OAuthInvalidCode", {
  /** The token endpoint's HTTP status, absent when the redirect carried no code. */
  status: Schema.optional(Schema.Number),
  message: Schema.String
}) {}

/**
 * The errors of {@link verifyCallback}.
 *
 * @since 0.2.0
 */
export type CallbackError = OAuthConsentDenied | OAuthStateMismatch | OAuthInvalidCode

// -----------------------------------------------------------------------------
// PKCE and state
// -----------------------------------------------------------------------------

/**
 * A PKCE pair: the secret `verifier` (kept by the client until the exchange)
 * and its S256 `challenge` (sent in the authorization URL).
 *
 * @since 0.2.0
 */
export interface Pkce {
  /** 43 to 128 characters of `[A-Za-z0-9-._~]`; secret. */
  readonly verifier: Redacted.Redacted<string>
  /** `BASE64URL(SHA-256(verifier))`, without padding. */
  readonly challenge: string
}

const base64Url = (bytes: Uint8Array): string => {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

const randomBase64Url = (byteLength: number): Effect.Effect<string> =>
  Effect.sync(() => base64Url(globalThis.crypto.getRandomValues(new Uint8Array(byteLength))))

/**
 * The S256 challenge of a verifier: `BASE64URL(SHA-256(ASCII(verifier)))`
 * (RFC 7636, section 4.2).
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { OAuth } from "@effect-zoom/scheduler"
 *
 * // RFC 7636, appendix B
 * const challenge = OAuth.codeChallenge(Redacted.make("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
 * // Effect.runPromise(challenge) === "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
 * ```
 *
 * @since 0.2.0
 */
export const codeChallenge = (verifier: Redacted.Redacted<string>): Effect.Effect<string> =>
  Effect.promise(() =>
    globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(Redacted.value(verifier)))
  ).pipe(Effect.map((digest) => base64Url(new Uint8Array(digest))))

/**
 * A fresh PKCE pair: a verifier of 43 characters (32 random bytes) and its
 * S256 challenge.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OAuth } from "@effect-zoom/scheduler"
 *
 * const program = Effect.gen(function*() {
 *   const pkce = yield* OAuth.makePkce
 *   return pkce.challenge // goes in the authorization URL; pkce.verifier stays here
 * })
 * ```
 *
 * @since 0.2.0
 */
export const makePkce: Effect.Effect<Pkce> = Effect.gen(function*() {
  const verifier = Redacted.make(yield* randomBase64Url(32))
  return { verifier, challenge: yield* codeChallenge(verifier) }
})

/**
 * A fresh, unguessable `state` (24 random bytes, base64url).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OAuth } from "@effect-zoom/scheduler"
 *
 * const state = Effect.runSync(OAuth.makeState) // e.g. "q3J0c2Vq…"
 * ```
 *
 * @since 0.2.0
 */
export const makeState: Effect.Effect<string> = randomBase64Url(24)

// -----------------------------------------------------------------------------
// authorization URL and callback
// -----------------------------------------------------------------------------

/**
 * Options of {@link authorizationUrl}.
 *
 * @since 0.2.0
 */
export interface AuthorizationUrlOptions {
  /** The OAuth app's client id. */
  readonly clientId: string
  /** Where Zoom sends the browser back; must be registered with the app. */
  readonly redirectUri: string
  /** The value {@link verifyCallback} expects back. */
  readonly state: string
  /** The S256 challenge of the PKCE verifier. */
  readonly codeChallenge: string
  /** The authorization endpoint. Default `https://zoom.us/oauth/authorize`. */
  readonly authorizeUrl?: string | undefined
}

/**
 * The URL to send the user's browser to: Zoom's authorization endpoint with
 * `response_type=code`, the client id, redirect URI, state and the PKCE
 * challenge (`code_challenge_method=S256`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OAuth } from "@effect-zoom/scheduler"
 *
 * const program = Effect.gen(function*() {
 *   const pkce = yield* OAuth.makePkce
 *   const state = yield* OAuth.makeState
 *   return OAuth.authorizationUrl({
 *     clientId: "my-client-id",
 *     redirectUri: "http://127.0.0.1:8400/callback",
 *     state,
 *     codeChallenge: pkce.challenge
 *   })
 * })
 * ```
 *
 * @since 0.2.0
 */
export const authorizationUrl = (options: AuthorizationUrlOptions): string => {
  const url = new URL(options.authorizeUrl ?? defaultAuthorizeUrl)
  url.searchParams.set("response_type", "code")
  url.searchParams.set("client_id", options.clientId)
  url.searchParams.set("redirect_uri", options.redirectUri)
  url.searchParams.set("state", options.state)
  url.searchParams.set("code_challenge", options.codeChallenge)
  url.searchParams.set("code_challenge_method", "S256")
  return url.toString()
}

const timingSafeEqual = (a: string, b: string): boolean => {
  let diff = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0)
  return diff === 0
}

/**
 * Checks the redirect Zoom sent the browser to (its full URL, or its query
 * parameters) and returns the authorization code:
 *
 * - `state` must equal the one sent, else `OAuthStateMismatch` (checked
 *   first: a forged redirect is never believed, not even its `error`);
 * - an `error` parameter fails with `OAuthConsentDenied`;
 * - a redirect without `code` fails with `OAuthInvalidCode`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OAuth } from "@effect-zoom/scheduler"
 *
 * const code = OAuth.verifyCallback("http://127.0.0.1:8400/callback?code=abc&state=s1", { state: "s1" })
 * // Effect<Redacted<string>, OAuthConsentDenied | OAuthStateMismatch | OAuthInvalidCode>
 * ```
 *
 * @since 0.2.0
 */
export const verifyCallback = (
  callback: string | URL | URLSearchParams,
  expected: { readonly state: string }
): Effect.Effect<Redacted.Redacted<string>, CallbackError> =>
  Effect.suspend((): Effect.Effect<Redacted.Redacted<string>, CallbackError> => {
    const params = callback instanceof URLSearchParams
      ? callback
      : new URL(callback.toString(), "http://callback.invalid").searchParams
    const state = params.get("state")
    if (state === null || !timingSafeEqual(state, expected.state)) {
      return Effect.fail(
        new OAuthStateMismatch({
          message: state === null
            ? "the redirect carries no state: it does not come from this login"
            : "the redirect's state does not match this login's: it belongs to another login or was forged"
        })
      )
    }
    const error = params.get("error")
    if (error !== null) {
      const description = params.get("error_description")
      return Effect.fail(
        new OAuthConsentDenied({
          error,
          message: error === "access_denied"
            ? "the authorization was declined"
            : `the authorization failed: ${error}${description !== null ? ` (${description})` : ""}`
        })
      )
    }
    const code = params.get("code")
    if (code === null || code === "") {
      return Effect.fail(new OAuthInvalidCode({ message: "the redirect carries no authorization code" }))
    }
    return Effect.succeed(Redacted.make(code))
  })

// -----------------------------------------------------------------------------
// code exchange
// -----------------------------------------------------------------------------

/**
 * Options of {@link exchangeCode}.
 *
 * @since 0.2.0
 */
export interface ExchangeCodeOptions {
  /** The OAuth app's client id. */
  readonly clientId: string
  /** The OAuth app's client secret (sent with HTTP Basic auth). */
  readonly clientSecret: Redacted.Redacted<string>
  /** The code from {@link verifyCallback}. */
  readonly code: Redacted.Redacted<string>
  /** The PKCE verifier whose challenge went into the authorization URL. */
  readonly codeVerifier: Redacted.Redacted<string>
  /** The same redirect URI as in the authorization URL. */
  readonly redirectUri: string
  /** The token endpoint. Default `https://zoom.us/oauth/token`. */
  readonly tokenUrl?: string | undefined
  /**
   * Time limit of the token request, its answer's body included; past it the
   * request is aborted and the exchange fails with `AuthError("Timeout")`.
   * Default 30 seconds.
   */
  readonly timeout?: Duration.DurationInput | undefined
  /**
   * Allow a plain `http://` `tokenUrl` on a host that is not loopback;
   * otherwise it fails with `AuthError("InsecureUrl")` and nothing is sent.
   * Default `false`.
   */
  readonly allowInsecureHttp?: boolean | undefined
}

/**
 * Trades an authorization code for a token set (`grant_type=authorization_code`
 * with the PKCE `code_verifier`, HTTP Basic client auth, as the refresh grant
 * does), writes it to the `TokenStore` and returns it. From then on,
 * `Credentials.refreshToken` over the same store keeps it fresh.
 *
 * Fails with `OAuthInvalidCode` when the code is rejected (`invalid_grant`:
 * expired, reused, wrong verifier or redirect URI), `AuthError` for a
 * rejected client (`InvalidClient`), an unreachable endpoint
 * (`TokenEndpoint`), one that does not answer within `timeout` (`Timeout`)
 * or a plain-http `tokenUrl` off the machine (`InsecureUrl`), `TokenStoreError` when the tokens cannot be stored. A
 * code is never retried: it is spent by the first request that reaches Zoom.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { OAuth } from "@effect-zoom/scheduler"
 *
 * const login = (callbackUrl: string, pkce: OAuth.Pkce, state: string) =>
 *   Effect.gen(function*() {
 *     const code = yield* OAuth.verifyCallback(callbackUrl, { state })
 *     return yield* OAuth.exchangeCode({
 *       clientId: "my-client-id",
 *       clientSecret: Redacted.make("my-client-secret"),
 *       code,
 *       codeVerifier: pkce.verifier,
 *       redirectUri: "http://127.0.0.1:8400/callback"
 *     })
 *   })
 * // needs an HttpClient and a TokenStore
 * ```
 *
 * @since 0.2.0
 */
export const exchangeCode = (
  options: ExchangeCodeOptions
): Effect.Effect<TokenSet, OAuthInvalidCode | AuthError | TokenStoreError, HttpClient.HttpClient | TokenStore> =>
  Effect.gen(function*() {
    const httpClient = yield* HttpClientTag.HttpClient
    const store = yield* TokenStore
    const tokens = yield* requestToken(httpClient, {
      tokenUrl: options.tokenUrl ?? defaultTokenUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      grant: {
        grant_type: "authorization_code",
        code: options.code,
        redirect_uri: options.redirectUri,
        code_verifier: options.codeVerifier
      },
      previousRefreshToken: Option.none(),
      timeout: Duration.decode(options.timeout ?? defaultTokenRequestTimeout),
      allowInsecureHttp: options.allowInsecureHttp
    }).pipe(
      Effect.catchIf(
        (error) => error.reason === "RefreshRejected",
        (error) =>
          Effect.fail(
            new OAuthInvalidCode({
              ...(error.status === undefined ? {} : { status: error.status }),
              message: error.message
            })
          )
      )
    )
    yield* store.withLock(store.set(tokens))
    return tokens
  }).pipe(Effect.withSpan("ZoomScheduler.oauth.exchangeCode"))
