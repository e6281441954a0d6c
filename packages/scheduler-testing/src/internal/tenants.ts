/**
 * Accounts and installations. An account has one rate budget (its plan's
 * limits) shared by all its installations; an installation is one user who
 * authorized the app on one account, and owns a chain of rotating refresh
 * tokens (the token store keeps the tokens, this registry the tenants and
 * their counters).
 *
 * @internal
 */
import type { RateLimitConfig } from "./rateLimits.js"
import { PLAN_LIMITS, RateLimiter } from "./rateLimits.js"
import { Redacted } from "effect"
import type { AccountSnapshot, InstallationSnapshot, Plan, TenantCounters } from "./types/tenants.js"

/** Mutable counters of an account or an installation. */
export interface Counters {
  requests: number
  perSecond: number
  daily: number
  concurrent: number
  readonly tokenRequests: Record<string, number>
  reusedRefreshTokens: number
}

/** The kinds of 429. */
export type LimitKind = "perSecond" | "daily" | "concurrent"

const newCounters = (): Counters => ({
  requests: 0,
  perSecond: 0,
  daily: 0,
  concurrent: 0,
  tokenRequests: {},
  reusedRefreshTokens: 0
})

/** Adds 1 to `record[key]`. */
export const increment = (record: Record<string, number>, key: string): void => {
  record[key] = (record[key] ?? 0) + 1
}

/** Counts one token request by grant type. */
export const countGrant = (counters: Counters, grantType: string): void => increment(counters.tokenRequests, grantType)

const countersView = (c: Counters): TenantCounters => ({
  requests: c.requests,
  rateLimited: {
    total: c.perSecond + c.daily + c.concurrent,
    perSecond: c.perSecond,
    daily: c.daily,
    concurrent: c.concurrent
  },
  tokenRequests: { ...c.tokenRequests },
  reusedRefreshTokens: c.reusedRefreshTokens
})

/** A Zoom account. */
export interface Account {
  readonly id: string
  readonly plan: Plan | undefined
  readonly limiter: RateLimiter | undefined
  /** The user of the account's first installation; `undefined` for the default account (the model's owner). */
  ownerId: string | undefined
  readonly counters: Counters
  installations: number
}

/** One user's authorization of the app on one account. */
export interface Installation {
  readonly id: string
  readonly accountId: string
  readonly userId: string
  /** The refresh token issued last. */
  refreshToken: string | undefined
  readonly counters: Counters
}

/** The limits of an account: a plan's, explicit ones, or none. */
export type AccountLimits =
  | { readonly plan: Plan }
  | { readonly limits: RateLimitConfig | undefined }

/** The registry of accounts and installations. */
export class Tenants {
  readonly accounts = new Map<string, Account>()
  readonly installations = new Map<string, Installation>()
  private readonly byAccountUser = new Map<string, Installation>()
  private installationSeq = 0

  /** The account of the fake's options (`accountId`, `rateLimits`), created first. */
  readonly defaultAccount: Account

  constructor(defaultAccountId: string, defaultLimits: AccountLimits, private readonly defaultOwner: () => string) {
    this.defaultAccount = this.addAccount(defaultAccountId, defaultLimits)
  }

  /** The user acting for an account's tokens that name none (`account_credentials`, unknown tokens in `any` mode). */
  ownerOf(account: Account): string {
    return account.ownerId ?? this.defaultOwner()
  }

  /** Adds an account (an existing id is a defect). */
  addAccount(id: string, limits: AccountLimits): Account {
    if (this.accounts.has(id)) throw new RangeError(`Account already exists: ${id}`)
    const config = "plan" in limits ? PLAN_LIMITS[limits.plan] : limits.limits
    const account: Account = {
      id,
      plan: "plan" in limits ? limits.plan : undefined,
      limiter: config === undefined ? undefined : new RateLimiter(config),
      ownerId: undefined,
      counters: newCounters(),
      installations: 0
    }
    this.accounts.set(id, account)
    return account
  }

  /** The installation of `userId` on `accountId`, created on first use (an unknown account is a defect). */
  installationFor(accountId: string, userId: string): Installation {
    const key = `${accountId}\u0000${userId}`
    const existing = this.byAccountUser.get(key)
    if (existing !== undefined) return existing
    const account = this.accounts.get(accountId)
    if (account === undefined) throw new RangeError(`Unknown account: ${accountId}`)
    const installation: Installation = {
      id: `inst-${++this.installationSeq}`,
      accountId,
      userId,
      refreshToken: undefined,
      counters: newCounters()
    }
    account.installations++
    if (account !== this.defaultAccount && account.ownerId === undefined) account.ownerId = userId
    this.byAccountUser.set(key, installation)
    this.installations.set(installation.id, installation)
    return installation
  }

  /** Counts a 429 for an account and, when known, the installation. */
  countLimited(account: Account, installation: Installation | undefined, kind: LimitKind): void {
    account.counters[kind]++
    if (installation !== undefined) installation.counters[kind]++
  }

  accountSnapshot(account: Account): AccountSnapshot {
    const config = account.limiter?.config
    return {
      accountId: account.id,
      plan: account.plan,
      limits: config === undefined ? undefined : { perSecond: config.perSecond, daily: config.daily },
      ownerUserId: this.ownerOf(account),
      installations: account.installations,
      counters: countersView(account.counters)
    }
  }

  installationSnapshot(installation: Installation): InstallationSnapshot {
    return {
      installationId: installation.id,
      accountId: installation.accountId,
      userId: installation.userId,
      refreshToken: installation.refreshToken === undefined ? undefined : Redacted.make(installation.refreshToken),
      counters: countersView(installation.counters)
    }
  }

  /** Zeroes the request and 429 counters (token counters stay, like the token store's). */
  clearRequestCounters(): void {
    for (const c of [...this.accounts.values(), ...this.installations.values()].map((t) => t.counters)) {
      c.requests = 0
      c.perSecond = 0
      c.daily = 0
      c.concurrent = 0
    }
  }
}
