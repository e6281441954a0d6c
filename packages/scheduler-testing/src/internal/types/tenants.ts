/**
 * Accounts and OAuth installations: the tenants of a fake serving many Zoom
 * accounts, as seen by assertions.
 *
 * @internal
 */
import type { Redacted } from "effect"

/**
 * A Zoom plan, which sets an account's LIGHT-category rate limits: `free`
 * 4 requests/second and 6,000/day, `pro` 30/second, `business` 80/second.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const plan: FakeZoom.Plan = "pro"
 * ```
 *
 * @since 0.1.0
 * @category tenants
 */
export type Plan = "free" | "pro" | "business"

/**
 * Counters of one account or one installation.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const refreshedOnce = (c: FakeZoom.TenantCounters) => c.tokenRequests["refresh_token"] === 1 && c.reusedRefreshTokens === 0
 * ```
 *
 * @since 0.1.0
 * @category tenants
 */
export interface TenantCounters {
  /** API requests authenticated as this tenant, the ones answered 429 included. */
  readonly requests: number
  /** 429s served to this tenant, by kind (rate limits and injected faults). */
  readonly rateLimited: {
    readonly total: number
    readonly perSecond: number
    readonly daily: number
    readonly concurrent: number
  }
  /** Token endpoint requests attributed to this tenant, by `grant_type` (a missing key is 0). */
  readonly tokenRequests: Readonly<Record<string, number>>
  /** Refresh requests presenting one of this tenant's refresh tokens after it was spent (answered `invalid_grant`). */
  readonly reusedRefreshTokens: number
}

/**
 * A Zoom account: its plan and limits (one budget shared by all its
 * installations), how many installations it has and its counters.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const neverLimited = (accounts: ReadonlyArray<FakeZoom.AccountSnapshot>) =>
 *   accounts.every((a) => a.counters.rateLimited.total === 0)
 * ```
 *
 * @since 0.1.0
 * @category tenants
 */
export interface AccountSnapshot {
  readonly accountId: string
  /** The plan the limits come from; `undefined` for explicit limits or none. */
  readonly plan: Plan | undefined
  /** The rate limits enforced for the whole account; `undefined`: not limited. */
  readonly limits: { readonly perSecond: number; readonly daily: number | undefined } | undefined
  /** The user tokens without a user (`account_credentials`) act as. */
  readonly ownerUserId: string
  /** How many installations the account has. */
  readonly installations: number
  readonly counters: TenantCounters
}

/**
 * An OAuth installation: one user who authorized the app on one account,
 * with its own rotating refresh token.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Redacted } from "effect"
 *
 * const initialTokens = (installations: ReadonlyArray<FakeZoom.InstallationSnapshot>) =>
 *   installations.map((i) => i.refreshToken === undefined ? undefined : Redacted.value(i.refreshToken))
 * ```
 *
 * @since 0.1.0
 * @category tenants
 */
export interface InstallationSnapshot {
  readonly installationId: string
  readonly accountId: string
  /** The user who authorized the app ("me" for the installation's tokens). */
  readonly userId: string
  /** The refresh token issued last (each refresh rotates it); `undefined` before any was issued. */
  readonly refreshToken: Redacted.Redacted<string> | undefined
  readonly counters: TenantCounters
}
