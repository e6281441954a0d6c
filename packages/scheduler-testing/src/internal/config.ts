/**
 * The fake's options resolved into internal configuration: durations in
 * milliseconds, secrets `Redacted`, limits checked.
 *
 * @internal
 */
import { Duration, Redacted } from "effect"
import type { AccountLimits } from "./tenants.js"
import type { FakeZoomOptions, WebhookOptions } from "./types/options.js"
import type { OAuthConfig } from "./tokenStore.js"
import type { WebhookTarget } from "./webhooks.js"
import { DEFAULT_RETRY_DELAYS, DEFAULT_TIMEOUT } from "./webhooks.js"

/** A duration in milliseconds. */
export const toMillis = (input: Duration.DurationInput): number => Duration.toMillis(Duration.decode(input))

/** A secret as `Redacted`. */
export const redact = (value: string | Redacted.Redacted<string>): Redacted.Redacted<string> =>
  typeof value === "string" ? Redacted.make(value) : value

/** `value`, or a `RangeError` naming the option when it is not a positive integer. */
export const positiveInteger = (name: string, value: number): number => {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`)
  return value
}

/** The default account's limits from `rateLimits` (none when absent). */
export const accountLimits = (options: FakeZoomOptions["rateLimits"]): AccountLimits => {
  if (options === undefined) return { limits: undefined }
  if ("plan" in options) return { plan: options.plan }
  return { limits: { perSecond: positiveInteger("rateLimits.perSecond", options.perSecond), daily: options.daily } }
}

/** A webhook subscription with its defaults. */
export const webhookTarget = (options: WebhookOptions): WebhookTarget => ({
  url: options.url,
  secretToken: redact(options.secretToken),
  retryDelays: options.retryDelays?.map((d) => Duration.decode(d)) ?? DEFAULT_RETRY_DELAYS,
  timeout: options.timeout === undefined ? DEFAULT_TIMEOUT : Duration.decode(options.timeout)
})

/** The OAuth configuration: `strict` by default when clients are configured. */
export const oauthConfig = (options: FakeZoomOptions): OAuthConfig => {
  const clients = (options.oauth?.clients ?? []).map((c) => ({ clientId: c.clientId, clientSecret: redact(c.clientSecret) }))
  return {
    clients,
    accountId: options.accountId,
    accessTokenTtlMs: toMillis(options.oauth?.accessTokenTtl ?? "1 hour"),
    refreshTokenTtlMs: toMillis(options.oauth?.refreshTokenTtl ?? "90 days"),
    apiUrl: options.oauth?.apiUrl,
    mode: options.auth ?? (clients.length > 0 ? "strict" : "any")
  }
}

/** `page_size` default and maximum. */
export const pageSizeConfig = (options: FakeZoomOptions): { readonly default: number; readonly max: number } => ({
  default: positiveInteger("pageSize.default", options.pageSize?.default ?? 30),
  max: positiveInteger("pageSize.max", options.pageSize?.max ?? 300)
})
