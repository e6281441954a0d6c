/**
 * Zoom's OAuth endpoints ({@link OAUTH_HANDLERS}, routed in `routes.ts`).
 * The token endpoint (`POST /oauth/token`): the client check, then one
 * grant from the {@link GRANTS} table (`refresh_token` with rotation,
 * `account_credentials` for server-to-server apps). A grant that creates
 * installations (e.g. `authorization_code`) is one more entry of the table,
 * built on `TokenStore.createInstallation`.
 *
 * @internal
 */
import { Redacted } from "effect"
import type { FakeRequest, FakeResponse } from "./http.js"
import { bodyText, json } from "./http.js"
import { countGrant, increment } from "./tenants.js"
import type { Installation } from "./tenants.js"
import type { OAuthEndpoint } from "./routes.js"
import type { TokenStore } from "./tokenStore.js"

/** Scopes granted to every token. */
export const SCOPE = "scheduler:read scheduler:write"

/** Everything a grant may use. */
export interface GrantContext {
  readonly request: FakeRequest
  /** The query string merged with the form body. */
  readonly params: URLSearchParams
  /** The authenticated OAuth client. */
  readonly clientId: string
  readonly nowMs: number
  readonly store: TokenStore
  /** The endpoint's own counters. */
  readonly counters: TokenCounters
}

/** Answers a token request of one `grant_type`. */
export type Grant = (ctx: GrantContext) => FakeResponse

/** An OAuth error body, as Zoom sends it. */
export const oauthError = (status: number, error: string, reason: string): FakeResponse => json(status, { reason, error })

/** A token response (`refresh_token` only when given). */
export const tokenResponse = (store: TokenStore, accessToken: string, refreshToken: string | undefined): FakeResponse =>
  json(200, {
    access_token: accessToken,
    token_type: "bearer",
    ...(refreshToken !== undefined ? { refresh_token: refreshToken } : {}),
    expires_in: Math.floor(store.config.accessTokenTtlMs / 1000),
    scope: SCOPE,
    ...(store.config.apiUrl !== undefined ? { api_url: store.config.apiUrl } : {})
  })

/** Counts a token request for an installation and its account. */
export const countInstallationGrant = (store: TokenStore, installation: Installation, grantType: string): void => {
  countGrant(installation.counters, grantType)
  const account = store.tenants.accounts.get(installation.accountId)
  if (account !== undefined) countGrant(account.counters, grantType)
}

const invalidGrant = oauthError(400, "invalid_grant", "Invalid Token!")

/** `grant_type=refresh_token`: spends the presented token, issues a new pair for its installation. */
const refreshTokenGrant: Grant = ({ clientId, counters, nowMs, params, store }) => {
  const presented = params.get("refresh_token")
  if (presented === null || presented === "") return oauthError(400, "invalid_request", "Invalid request : Missing refresh_token")
  const stored = store.refreshToken(presented)
  if (stored === undefined) {
    const owner = store.spentBy(presented)
    if (owner !== undefined) {
      countInstallationGrant(store, owner, "refresh_token")
      owner.counters.reusedRefreshTokens++
      const account = store.tenants.accounts.get(owner.accountId)
      if (account !== undefined) account.counters.reusedRefreshTokens++
    }
    counters.rejectedRefreshes++
    return invalidGrant
  }
  const installation = store.tenants.installations.get(stored.installationId)!
  countInstallationGrant(store, installation, "refresh_token")
  if (nowMs >= stored.expiresAtMs || (stored.clientId !== undefined && stored.clientId !== clientId)) {
    counters.rejectedRefreshes++
    return invalidGrant
  }
  store.spend(presented, stored)
  const accessToken = store.issueAccessToken(installation, nowMs)
  const refreshToken = store.issueRefreshToken(installation, nowMs, stored.clientId)
  return tokenResponse(store, accessToken, refreshToken)
}

/** `grant_type=account_credentials`: an access token for the named account, acting as its owner. */
const accountCredentialsGrant: Grant = ({ nowMs, params, store }) => {
  const accountId = params.get("account_id")
  if (accountId === null || accountId === "") return oauthError(400, "invalid_request", "Invalid request : Missing account_id")
  const known = store.tenants.accounts.get(accountId)
  if (known === undefined && store.config.accountId !== undefined) return oauthError(400, "invalid_request", "Invalid account_id")
  const account = known ?? store.tenants.defaultAccount
  countGrant(account.counters, "account_credentials")
  return tokenResponse(store, store.issueAccountToken(account.id, store.tenants.ownerOf(account), nowMs), undefined)
}

/**
 * `grant_type=authorization_code`: redeems a one-time code of `GET /oauth/authorize`
 * (PKCE checked) and issues the tokens of the installation it creates on the default account.
 */
const authorizationCodeGrant: Grant = ({ clientId, nowMs, params, store }) => {
  const redeemed = store.codes.redeem(params, clientId, nowMs)
  if (redeemed._tag === "Rejected") return redeemed.response
  const account = store.tenants.defaultAccount
  const tokens = store.createInstallation(account.id, redeemed.userId, nowMs, clientId)
  countInstallationGrant(store, tokens.installation, "authorization_code")
  return tokenResponse(store, tokens.accessToken, tokens.refreshToken)
}

/** The grants the endpoint supports, by `grant_type`. */
export const GRANTS: Readonly<Record<string, Grant>> = {
  refresh_token: refreshTokenGrant,
  account_credentials: accountCredentialsGrant,
  authorization_code: authorizationCodeGrant
}

/** Token requests counted by grant type (including rejected ones), and rejections. */
export interface TokenCounters {
  readonly byGrant: Record<string, number>
  rejectedRefreshes: number
  invalidClient: number
}

/** New zeroed counters. */
export const tokenCounters = (): TokenCounters => ({ byGrant: {}, rejectedRefreshes: 0, invalidClient: 0 })

const parseBasic = (header: string | undefined): { readonly id: string; readonly secret: string } | undefined => {
  const m = header === undefined ? null : /^basic\s+(.+)$/i.exec(header.trim())
  if (m === null) return undefined
  let decoded: string
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0)))
  } catch {
    return undefined
  }
  const colon = decoded.indexOf(":")
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) }
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

/** The client of a token request (HTTP Basic), or `undefined` when unknown or wrong. */
const authenticateClient = (store: TokenStore, request: FakeRequest): string | undefined => {
  const basic = parseBasic(request.headers["authorization"])
  if (basic === undefined) return undefined
  if (store.config.clients.length === 0) return basic.id.length > 0 ? basic.id : undefined
  return store.config.clients.find((c) => c.clientId === basic.id && Redacted.value(c.clientSecret) === basic.secret)?.clientId
}

/** What an OAuth endpoint may use. */
export interface OAuthContext {
  readonly store: TokenStore
  readonly counters: TokenCounters
  readonly request: FakeRequest
  readonly nowMs: number
}

/** Answers `POST /oauth/token`. */
export const handleTokenRequest = ({ counters, nowMs, request, store }: OAuthContext): FakeResponse => {
  const params = tokenParams(request)
  const grantType = params.get("grant_type") ?? ""
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined
  increment(counters.byGrant, grant === undefined ? "other" : grantType)
  const clientId = authenticateClient(store, request)
  if (clientId === undefined) {
    counters.invalidClient++
    return oauthError(401, "invalid_client", "Invalid client_id or client_secret")
  }
  if (grant === undefined) return oauthError(400, "unsupported_grant_type", "Unsupported grant type")
  return grant({ request, params, clientId, nowMs, store, counters })
}

/** The handler of each OAuth endpoint (matched in `routes.ts`). */
export const OAUTH_HANDLERS: Readonly<Record<OAuthEndpoint, (ctx: OAuthContext) => FakeResponse>> = {
  "oauth.token": handleTokenRequest,
  "oauth.authorize": ({ nowMs, request, store }) =>
    store.codes.authorize(request, nowMs, store.tenants.ownerOf(store.tenants.defaultAccount), (id) => store.isClient(id))
}
