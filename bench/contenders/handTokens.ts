/**
 * The hand-written OAuth a user of `fetch` or `openapi-fetch` would write:
 * a cached token, refreshed once (a shared promise) when expired, through
 * Zoom's refresh-token grant.
 */
import { check, type ContenderConfig } from "./contender.js"

const margin = 5 * 60_000

/** Token state starting from an expired access token; `get` refreshes single-flight. */
export const handTokens = (config: ContenderConfig, expiredAccessToken: string) => {
  let accessToken = expiredAccessToken
  let refreshToken = "bench-refresh-0"
  let expiresAt = Date.now() - 60_000
  let inflight: Promise<string> | undefined
  const basic = `Basic ${Buffer.from("bench-client:bench-client-secret").toString("base64")}`

  const refresh = async (): Promise<string> => {
    const response = await fetch(`${config.origin}/oauth/token`, {
      method: "POST",
      headers: { authorization: basic, accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString()
    })
    check(response.status === 200, `token endpoint answered ${response.status}`)
    const body = JSON.parse(await response.text()) as { access_token: string; refresh_token?: string; expires_in: number }
    accessToken = body.access_token
    refreshToken = body.refresh_token ?? refreshToken
    expiresAt = Date.now() + body.expires_in * 1000
    return accessToken
  }

  const get = (): Promise<string> => {
    if (Date.now() + margin < expiresAt) return Promise.resolve(accessToken)
    inflight ??= refresh().finally(() => {
      inflight = undefined
    })
    return inflight
  }
  return { get }
}
