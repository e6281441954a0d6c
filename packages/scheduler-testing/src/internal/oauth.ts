/**
 * The OAuth side of the fake: Zoom's token endpoint (`POST /oauth/token`)
 * with refresh-token rotation and server-to-server `account_credentials`,
 * and bearer-token checks for API calls.
 *
 * @internal
 */
import { randomBytes } from "node:crypto"
import { Redacted } from "effect"
import { AuthorizationCodes } from "./authorize.js"
import type { FakeRequest, FakeResponse } from "./http.js"
import { bodyText, json } from "./http.js"

/** Scopes granted to every token. */
export const SCOPE = "scheduler:read scheduler:write"

/** A configured OAuth client. */
export interface OAuthClient {
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
}

/** Resolved OAuth configuration. */
export interface OAuthConfig {
  readonly clients: ReadonlyArray<OAuthClient>
  /** When set, `account_credentials` requests must name this account. */
  readonly accountId: string | undefined
  readonly accessTokenTtlMs: number
  readonly refreshTokenTtlMs: number
  apiUrl: string | undefined
  /** `any`: any non-empty bearer token is accepted (unknown tokens act as the default user). */
  readonly mode: "any" | "strict"
}

interface AccessToken {
  readonly userId: string
  expiresAtMs: number
}

interface RefreshToken {
  readonly userId: string
  readonly clientId: string | undefined
  readonly expiresAtMs: number
}

/** Token requests counted by grant type (including rejected ones). */
export interface TokenCounters {
  refresh_token: number
  account_credentials: number
  other: number
  rejectedRefreshes: number
  invalidClient: number
}

/** The outcome of checking an API call's `Authorization` header. */
export type AuthResult =
  | { readonly _tag: "Ok"; readonly userId: string }
  | { readonly _tag: "Invalid" }
  | { readonly _tag: "Expired" }

const newToken = (): string => randomBytes(32).toString("base64url")

const oauthError = (status: number, error: string, reason: string): FakeResponse => json(status, { reason, error })

const parseBasic = (header: string | undefined): { readonly id: string; readonly secret: string } | undefined => {
  if (header === undefined) return undefined
  const m = /^basic\s+(.+)$/i.exec(header.trim())
  if (m === null) return undefined
  const decoded = Buffer.from(m[1], "base64").toString("utf8")
  const colon = decoded.indexOf(":")
  if (colon < 0) return undefined
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) }
}

/** Parameters of a token request: the query string merged with a form body. */
export const tokenParams = (request: FakeRequest): URLSearchParams => {
  const params = new URLSearchParams(request.query)
  const contentType = request.headers["content-type"] ?? ""
  if (request.body.length > 0 && (contentType === "" || contentType.includes("application/x-www-form-urlencoded"))) {
    new URLSearchParams(bodyText(request)).forEach((value, key) => params.set(key, value))
  }
  return params
}

/** Issued tokens and the token endpoint. */
export class TokenStore {
  private readonly access = new Map<string, AccessToken>()
  private readonly refresh = new Map<string, RefreshToken>()
  readonly counters: TokenCounters = {
    refresh_token: 0,
    account_credentials: 0,
    other: 0,
    rejectedRefreshes: 0,
    invalidClient: 0
  }

  /** Authorization codes of the `authorization_code` grant (`GET /oauth/authorize`). */
  readonly codes = new AuthorizationCodes()

  constructor(readonly config: OAuthConfig) {}

  /** Whether `clientId` may start an authorization (any id when no client is configured). */
  isClient(clientId: string): boolean {
    return this.config.clients.length === 0 || this.config.clients.some((c) => c.clientId === clientId)
  }

  /** Issues an access token for `userId`, valid for `ttlMs` (default: the configured lifetime). */
  issueAccessToken(userId: string, nowMs: number, ttlMs = this.config.accessTokenTtlMs): string {
    const token = newToken()
    this.access.set(token, { userId, expiresAtMs: nowMs + ttlMs })
    return token
  }

  /** Issues a refresh token for `userId`, optionally bound to one client. */
  issueRefreshToken(userId: string, nowMs: number, clientId?: string): string {
    const token = newToken()
    this.refresh.set(token, { userId, clientId, expiresAtMs: nowMs + this.config.refreshTokenTtlMs })
    return token
  }

  /** Registers a known refresh token (not bound to a client). */
  registerRefreshToken(token: string, userId: string, nowMs: number): void {
    this.refresh.set(token, { userId, clientId: undefined, expiresAtMs: nowMs + this.config.refreshTokenTtlMs })
  }

  /** Registers a static access token (never expires unless `expiresAtMs` is given). */
  registerAccessToken(token: string, userId: string, expiresAtMs = Number.POSITIVE_INFINITY): void {
    this.access.set(token, { userId, expiresAtMs })
  }

  /** Expires every known access token now. */
  expireAccessTokens(nowMs: number): void {
    for (const token of this.access.values()) token.expiresAtMs = Math.min(token.expiresAtMs, nowMs)
  }

  /** Checks an API call's `Authorization: Bearer …` header. */
  authenticate(authorization: string | undefined, nowMs: number, defaultUserId: string): AuthResult {
    const m = authorization === undefined ? null : /^bearer\s+(\S+)\s*$/i.exec(authorization.trim())
    if (m === null) return { _tag: "Invalid" }
    const known = this.access.get(m[1])
    if (known !== undefined) return nowMs >= known.expiresAtMs ? { _tag: "Expired" } : { _tag: "Ok", userId: known.userId }
    return this.config.mode === "any" ? { _tag: "Ok", userId: defaultUserId } : { _tag: "Invalid" }
  }

  private tokenResponse(accessToken: string, refreshToken: string | undefined): FakeResponse {
    return json(200, {
      access_token: accessToken,
      token_type: "bearer",
      ...(refreshToken !== undefined ? { refresh_token: refreshToken } : {}),
      expires_in: Math.floor(this.config.accessTokenTtlMs / 1000),
      scope: SCOPE,
      ...(this.config.apiUrl !== undefined ? { api_url: this.config.apiUrl } : {})
    })
  }

  /** Answers `POST /oauth/token`. */
  handleTokenRequest(request: FakeRequest, nowMs: number, defaultUserId: string): FakeResponse {
    const params = tokenParams(request)
    const grantType = params.get("grant_type") ?? ""
    if (grantType === "refresh_token") this.counters.refresh_token++
    else if (grantType === "account_credentials") this.counters.account_credentials++
    else this.counters.other++

    const basic = parseBasic(request.headers["authorization"])
    const client = basic === undefined ? undefined : this.config.clients.length === 0 ?
      (basic.id.length > 0 ? { clientId: basic.id } : undefined) :
      this.config.clients.find((c) => c.clientId === basic.id && Redacted.value(c.clientSecret) === basic.secret)
    if (client === undefined) {
      this.counters.invalidClient++
      return oauthError(401, "invalid_client", "Invalid client_id or client_secret")
    }

    switch (grantType) {
      case "refresh_token": {
        const presented = params.get("refresh_token")
        if (presented === null || presented === "") {
          return oauthError(400, "invalid_request", "Invalid request : Missing refresh_token")
        }
        const stored = this.refresh.get(presented)
        if (
          stored === undefined || nowMs >= stored.expiresAtMs ||
          (stored.clientId !== undefined && stored.clientId !== client.clientId)
        ) {
          this.counters.rejectedRefreshes++
          return oauthError(400, "invalid_grant", "Invalid Token!")
        }
        // Rotation: the presented refresh token is consumed.
        this.refresh.delete(presented)
        const accessToken = this.issueAccessToken(stored.userId, nowMs)
        const refreshToken = this.issueRefreshToken(stored.userId, nowMs, stored.clientId)
        return this.tokenResponse(accessToken, refreshToken)
      }
      case "account_credentials": {
        const accountId = params.get("account_id")
        if (accountId === null || accountId === "") {
          return oauthError(400, "invalid_request", "Invalid request : Missing account_id")
        }
        if (this.config.accountId !== undefined && accountId !== this.config.accountId) {
          return oauthError(400, "invalid_request", "Invalid account_id")
        }
        return this.tokenResponse(this.issueAccessToken(defaultUserId, nowMs), undefined)
      }
      case "authorization_code": {
        const redeemed = this.codes.redeem(params, client.clientId, nowMs)
        if (redeemed._tag === "Rejected") return redeemed.response
        const refreshToken = this.issueRefreshToken(redeemed.userId, nowMs, client.clientId)
        return this.tokenResponse(this.issueAccessToken(redeemed.userId, nowMs), refreshToken)
      }
      default:
        return oauthError(400, "unsupported_grant_type", "Unsupported grant type")
    }
  }
}
