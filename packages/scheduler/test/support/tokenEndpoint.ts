/**
 * A minimal Zoom-like OAuth token endpoint and API for credential tests:
 * rotates refresh tokens (a used one is rejected with invalid_grant), issues
 * access tokens with a lifetime, and answers API calls with an expired or
 * unknown token with 401 / code 124.
 */
export interface TokenEndpointState {
  /** Token requests received, in order, with the grant they carried. */
  readonly tokenRequests: Array<{ grant: string; refreshToken?: string; accountId?: string; authorization?: string }>
  /** Refresh tokens that are still valid. */
  readonly validRefreshTokens: Set<string>
  /** Access tokens and when they expire (ms). */
  readonly accessTokens: Map<string, number>
  counter: number
}

export const makeTokenEndpoint = (initialRefreshToken: string): TokenEndpointState => ({
  tokenRequests: [],
  validRefreshTokens: new Set([initialRefreshToken]),
  accessTokens: new Map(),
  counter: 0
})

export interface Answer {
  readonly status: number
  readonly body: unknown
}

export const handleToken = (
  state: TokenEndpointState,
  form: URLSearchParams,
  authorization: string | undefined,
  now: number,
  options: { lifetimeSeconds: number; apiUrl?: string; clientAuth: string }
): Answer => {
  const grant = form.get("grant_type") ?? ""
  state.tokenRequests.push({
    grant,
    ...(form.get("refresh_token") ? { refreshToken: form.get("refresh_token")! } : {}),
    ...(form.get("account_id") ? { accountId: form.get("account_id")! } : {}),
    ...(authorization ? { authorization } : {})
  })
  if (authorization !== options.clientAuth) {
    return { status: 401, body: { reason: "Invalid client_id or client_secret", error: "invalid_client" } }
  }
  const n = ++state.counter
  const access = `at-${n}`
  state.accessTokens.set(access, now + options.lifetimeSeconds * 1000)
  const common = {
    access_token: access,
    token_type: "bearer",
    expires_in: options.lifetimeSeconds,
    scope: "scheduler:read scheduler:write",
    ...(options.apiUrl ? { api_url: options.apiUrl } : {})
  }
  if (grant === "refresh_token") {
    const presented = form.get("refresh_token") ?? ""
    if (!state.validRefreshTokens.delete(presented)) {
      state.accessTokens.delete(access)
      return { status: 400, body: { reason: "Invalid Token!", error: "invalid_grant" } }
    }
    const rotated = `rt-${n}`
    state.validRefreshTokens.add(rotated)
    return { status: 200, body: { ...common, refresh_token: rotated } }
  }
  if (grant === "account_credentials") return { status: 200, body: common }
  return { status: 400, body: { reason: "Unsupported grant type", error: "unsupported_grant_type" } }
}

/** 401/124 for an unknown or expired token, else null (authorised). */
export const checkAccess = (state: TokenEndpointState, authorization: string | undefined, now: number): Answer | null => {
  const token = authorization?.replace(/^Bearer /, "") ?? ""
  const expiry = state.accessTokens.get(token)
  if (expiry === undefined) return { status: 401, body: { code: 124, message: "Invalid access token." } }
  if (now >= expiry) return { status: 401, body: { code: 124, message: "Access token is expired." } }
  return null
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`
