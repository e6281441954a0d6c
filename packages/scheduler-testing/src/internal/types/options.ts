/**
 * The fake's options: authentication, OAuth, static tokens, rate limits, webhooks.
 *
 * @internal
 */
import type { Duration, Redacted } from "effect"
import type { Seeder, SeedOptions } from "./seed.js"

/**
 * An OAuth client the token endpoint accepts (HTTP Basic auth).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Redacted } from "effect"
 *
 * const client: FakeZoom.OAuthClientOptions = { clientId: "id", clientSecret: Redacted.make("secret") }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export interface OAuthClientOptions {
  readonly clientId: string
  readonly clientSecret: string | Redacted.Redacted<string>
}

/**
 * The token endpoint's configuration.
 *
 * With no `clients`, the endpoint accepts any non-empty Basic credentials.
 * `refreshTokens` pre-registers refresh tokens (not bound to a client) that a
 * client configuration can start from.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const oauth: FakeZoom.OAuthOptions = {
 *   clients: [{ clientId: "my-client", clientSecret: "my-secret" }],
 *   accessTokenTtl: "10 minutes",
 *   refreshTokens: ["initial-refresh-token"]
 * }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export interface OAuthOptions {
  readonly clients?: ReadonlyArray<OAuthClientOptions>
  /** Access token lifetime (`expires_in`), default 1 hour. */
  readonly accessTokenTtl?: Duration.DurationInput
  /** Refresh token lifetime, default 90 days. */
  readonly refreshTokenTtl?: Duration.DurationInput
  /** `api_url` of token responses (omitted when absent; `serve` defaults it to its own URL). */
  readonly apiUrl?: string
  /** Refresh tokens accepted from the start. */
  readonly refreshTokens?: ReadonlyArray<string | Redacted.Redacted<string>>
}

/**
 * A static access token accepted by the API (for any auth mode).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const token: FakeZoom.StaticToken = { token: "static-token", expiresIn: "1 hour" }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export interface StaticToken {
  readonly token: string | Redacted.Redacted<string>
  /** The user the token acts as (id or email); default the account owner. */
  readonly userId?: string
  /** Lifetime from creation; default: never expires (until `expireAccessTokens`). */
  readonly expiresIn?: Duration.DurationInput
}

/**
 * Rate limits of the default account (off by default), also the limits of
 * seeded accounts that name no `plan`. Limits are enforced per account: all
 * its installations share one budget. Every Scheduler operation is in
 * Zoom's LIGHT category: `free` 4 requests/second and 6,000/day, `pro`
 * 30/second, `business` 80/second (no daily cap on paid plans); or explicit
 * numbers.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const limits: FakeZoom.RateLimitOptions = { plan: "free" }
 * const custom: FakeZoom.RateLimitOptions = { perSecond: 2, daily: 10 }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export type RateLimitOptions =
  | { readonly plan: "free" | "pro" | "business" }
  | { readonly perSecond: number; readonly daily?: number }

/**
 * A webhook subscription: the fake POSTs signed notifications to `url` when
 * an event is booked (`book`) or cancelled (`PATCH status=cancelled`,
 * `DELETE`, `cancel`). A delivery is attempted at once, then retried after
 * each of `retryDelays` (default 1 s, 5 s, 20 s) until a 2xx; each attempt
 * times out after `timeout` (default 3 s). All waits use Effect's `Clock`.
 * Deliveries use the `HttpClient` found where the fake is built (e.g.
 * `FakeZoom.layer(options).pipe(Layer.provide(FetchHttpClient.layer))`),
 * else the global `fetch`; the fake's own in-process client is never used.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Redacted } from "effect"
 *
 * const webhooks: FakeZoom.WebhookOptions = {
 *   url: "http://127.0.0.1:3000/zoom/webhooks",
 *   secretToken: Redacted.make("webhook-secret"),
 *   retryDelays: ["1 second", "10 seconds"]
 * }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export interface WebhookOptions {
  readonly url: string
  readonly secretToken: string | Redacted.Redacted<string>
  readonly retryDelays?: ReadonlyArray<Duration.DurationInput>
  readonly timeout?: Duration.DurationInput
}

/**
 * Options of the fake.
 *
 * Authentication: `auth: "any"` accepts any non-empty bearer token (acting as
 * the account owner) besides the tokens the fake issued or registered; it is
 * the default unless `oauth.clients` is configured, in which case the default
 * is `"strict"` (only issued or registered tokens). Known tokens are always
 * checked for expiry.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const options: FakeZoom.FakeZoomOptions = {
 *   seed: { users: 2, events: 500, seed: 7 },
 *   pageSize: { default: 30, max: 300 },
 *   oauth: { clients: [{ clientId: "id", clientSecret: "secret" }], accessTokenTtl: "1 hour" },
 *   rateLimits: { plan: "pro" }
 * }
 * ```
 *
 * @since 0.1.0
 * @category options
 */
export interface FakeZoomOptions {
  readonly seed?: SeedOptions | ((seeder: Seeder) => void)
  /** `page_size` default (30) and maximum (300; larger values are clamped). */
  readonly pageSize?: { readonly default?: number; readonly max?: number }
  readonly auth?: "any" | "strict"
  readonly oauth?: OAuthOptions
  readonly tokens?: ReadonlyArray<string | Redacted.Redacted<string> | StaticToken>
  readonly rateLimits?: RateLimitOptions
  readonly webhooks?: WebhookOptions
  /**
   * The account id (webhook payloads). When set, `account_credentials`
   * requests must name it; otherwise any `account_id` is accepted.
   */
  readonly accountId?: string
  /** How many requests the log keeps (oldest dropped first), default 10,000. */
  readonly requestLogLimit?: number
}
