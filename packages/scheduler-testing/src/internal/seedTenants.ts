/**
 * Deterministic accounts and installations: the same `seed` gives the same
 * account ids, installation users and initial refresh tokens. Their random
 * source is separate from the data's, so adding tenants changes no data id.
 *
 * @internal
 */
import type { Model } from "./model.js"
import { Random } from "./random.js"
import { makeUser } from "./seed.js"
import type { Account, AccountLimits, Tenants } from "./tenants.js"
import type { TokenStore } from "./tokenStore.js"
import type { SeedOptions } from "./types/seed.js"

const nonNegative = (name: string, value: number | undefined): number => {
  if (value === undefined) return 0
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`seed.${name} must be a non-negative integer, got ${value}`)
  return value
}

/** Adds `options.accounts` accounts and `options.installations` installations, each with a refresh token. */
export const seedTenants = (
  model: Model,
  tenants: Tenants,
  tokens: TokenStore,
  defaultLimits: AccountLimits,
  options: SeedOptions,
  nowMs: number
): void => {
  const accountCount = nonNegative("accounts", options.accounts)
  const installationCount = options.installations === undefined ? accountCount : nonNegative("installations", options.installations)
  if (accountCount === 0 && installationCount === 0) return
  // Mixed with what exists, so that a second seeding with the same number adds new tenants.
  const random = new Random(((options.seed ?? 1) ^ 0x7e4a47) + tenants.accounts.size * 7919 + tenants.installations.size)
  const limits: AccountLimits = options.plan !== undefined ? { plan: options.plan } : defaultLimits
  const accounts: ReadonlyArray<Account> = accountCount === 0 ?
    [tenants.defaultAccount] :
    Array.from({ length: accountCount }, () => tenants.addAccount(random.userId(), limits))
  for (let i = 0; i < installationCount; i++) {
    const user = model.addUser(makeUser(random, model.userIds.length))
    const installation = tenants.installationFor(accounts[i % accounts.length].id, user.id)
    tokens.issueRefreshToken(installation, nowMs, undefined, random.token())
  }
}
