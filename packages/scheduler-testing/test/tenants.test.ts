import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Either, Exit, Redacted, TestClock } from "effect"
import * as fc from "fast-check"
import { FakeZoom } from "../src/index.js"
import { get, token } from "./helpers.js"

const fake = FakeZoom.FakeZoom

const installations = Effect.flatMap(fake, (f) => f.installations)
const accounts = Effect.flatMap(fake, (f) => f.accounts)

const current = (installation: FakeZoom.InstallationSnapshot): string => {
  if (installation.refreshToken === undefined) throw new Error(`no refresh token: ${installation.installationId}`)
  return Redacted.value(installation.refreshToken)
}

/** Refreshes an installation's current token, returning the access token. */
const accessTokenOf = (installation: FakeZoom.InstallationSnapshot) =>
  Effect.map(token({ grant_type: "refresh_token", refresh_token: current(installation) }), (reply) => {
    expect(reply.status).toBe(200)
    return reply.json.access_token as string
  })

/** The slug of a user of the fake (`users.get` names no id; slugs are unique). */
const slugOf = (userId: string) =>
  Effect.flatMap(fake, (f) =>
    Effect.map(f.snapshot, (snapshot) => snapshot.users.find((u) => u.user_id === userId)?.slug))

const find = (id: string) =>
  Effect.map(installations, (all) => {
    const found = all.find((i) => i.installationId === id)
    if (found === undefined) throw new Error(`no installation ${id}`)
    return found
  })

describe("FakeZoom accounts and installations", () => {
  it.effect("by default: one unlimited account, no installation until a token is issued", () =>
    Effect.gen(function*() {
      const handle = yield* fake
      const [only] = yield* accounts
      expect(yield* accounts).toHaveLength(1)
      expect(only).toMatchObject({ accountId: handle.accountId, plan: undefined, limits: undefined, installations: 0 })
      expect(only.ownerUserId).toBe(handle.defaultUserId)
      expect(yield* installations).toEqual([])
      const issued = Redacted.value(yield* handle.issueRefreshToken())
      const [installation] = yield* installations
      expect(installation).toMatchObject({ accountId: handle.accountId, userId: handle.defaultUserId })
      expect(current(installation)).toBe(issued)
    }).pipe(Effect.provide(FakeZoom.layer())))

  it.effect("seeds accounts with a plan and spreads installations round-robin, one new user each", () =>
    Effect.gen(function*() {
      const handle = yield* fake
      const all = yield* accounts
      expect(all).toHaveLength(4)
      expect(all[0].accountId).toBe(handle.accountId)
      expect(all[0].limits).toBeUndefined()
      for (const account of all.slice(1)) {
        expect(account).toMatchObject({ plan: "business", limits: { perSecond: 80, daily: undefined }, installations: 3 })
      }
      const list = yield* installations
      expect(list).toHaveLength(9)
      expect(list.map((i) => i.accountId)).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3].map((n) => all[n].accountId))
      expect(new Set(list.map((i) => i.userId)).size).toBe(9)
      expect(new Set(list.map(current)).size).toBe(9)
      // Each installation's user is a user of the fake ("me" for its tokens); an account's owner is its first installation's.
      const snapshot = yield* handle.snapshot
      for (const i of list) expect(snapshot.users.some((u) => u.user_id === i.userId)).toBe(true)
      expect(all[1].ownerUserId).toBe(list[0].userId)
      const me = yield* get("/scheduler/users/me", yield* accessTokenOf(list[4]))
      expect(me.json.slug).toBe(yield* slugOf(list[4].userId))
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { accounts: 3, installations: 9, plan: "business" } }))))

  it.effect("enforces one rate budget per account, shared by its installations, and none across accounts", () =>
    Effect.gen(function*() {
      // free: 4 per second. Installations 1 and 3 are on account A, 2 on account B.
      const [a1, b, a2] = yield* installations
      const [tokenA1, tokenB, tokenA2] = [yield* accessTokenOf(a1), yield* accessTokenOf(b), yield* accessTokenOf(a2)]
      const statuses = []
      for (const t of [tokenA1, tokenA2, tokenA1, tokenA2]) statuses.push((yield* get("/scheduler/users/me", t)).status)
      expect(statuses).toEqual([200, 200, 200, 200])
      const limited = yield* get("/scheduler/users/me", tokenA2)
      expect(limited.status).toBe(429)
      expect(limited.headers).toMatchObject({ "x-ratelimit-limit": "4", "x-ratelimit-type": "QPS", "retry-after": "1" })
      expect((yield* get("/scheduler/users/me", tokenA1)).status).toBe(429)
      // Account B has its own budget.
      const other = yield* get("/scheduler/users/me", tokenB)
      expect(other.status).toBe(200)
      expect(other.headers["x-ratelimit-remaining"]).toBe("5999")

      const [, accountA, accountB] = yield* accounts
      expect(accountA.counters).toMatchObject({ requests: 6, rateLimited: { total: 2, perSecond: 2, daily: 0 } })
      expect(accountB.counters).toMatchObject({ requests: 1, rateLimited: { total: 0 } })
      expect((yield* find(a1.installationId)).counters).toMatchObject({ requests: 3, rateLimited: { perSecond: 1 } })
      expect((yield* find(a2.installationId)).counters).toMatchObject({ requests: 3, rateLimited: { perSecond: 1 } })
      expect((yield* (yield* fake).stats).rateLimited.perSecond).toBe(2)

      yield* TestClock.adjust("1 second")
      expect((yield* get("/scheduler/users/me", tokenA2)).status).toBe(200)
      // clearRequests zeroes the request and 429 counters of every tenant, not its token counters.
      yield* (yield* fake).clearRequests
      const [, cleared] = yield* accounts
      expect(cleared.counters).toMatchObject({ requests: 0, rateLimited: { total: 0 }, tokenRequests: { refresh_token: 2 } })
      expect((yield* find(a2.installationId)).counters.requests).toBe(0)
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { accounts: 2, installations: 3, plan: "free" } }))))

  it.effect("rotates each installation's refresh token on its own and rejects a reuse with invalid_grant", () =>
    Effect.gen(function*() {
      const [first, second] = yield* installations
      const spent = current(first)
      const refreshed = yield* token({ grant_type: "refresh_token", refresh_token: spent })
      expect(refreshed.status).toBe(200)
      const after = yield* find(first.installationId)
      expect(current(after)).toBe(refreshed.json.refresh_token)
      expect(current(after)).not.toBe(spent)

      const reused = yield* token({ grant_type: "refresh_token", refresh_token: spent })
      expect(reused.status).toBe(400)
      expect(reused.json).toEqual({ reason: "Invalid Token!", error: "invalid_grant" })
      // The reuse is charged to the installation that spent the token, and to nobody else.
      expect((yield* find(first.installationId)).counters).toMatchObject({
        tokenRequests: { refresh_token: 2 },
        reusedRefreshTokens: 1
      })
      expect((yield* find(second.installationId)).counters).toMatchObject({ tokenRequests: {}, reusedRefreshTokens: 0 })
      // A reuse does not log the installation out: its current token still works, and so does the other installation's.
      expect((yield* token({ grant_type: "refresh_token", refresh_token: current(after) })).status).toBe(200)
      expect((yield* token({ grant_type: "refresh_token", refresh_token: current(second) })).status).toBe(200)
      const [account] = (yield* accounts).slice(1)
      expect(account.counters).toMatchObject({ tokenRequests: { refresh_token: 4 }, reusedRefreshTokens: 1 })
      expect((yield* (yield* fake).stats).rejectedRefreshes).toBe(1)
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { accounts: 1, installations: 2 } }))))

  it.effect("1,000 installations on 50 pro accounts: each refreshed exactly once, every access token its own", () =>
    Effect.gen(function*() {
      const list = yield* installations
      expect(list).toHaveLength(1000)
      const slugs = new Map((yield* (yield* fake).snapshot).users.map((u) => [u.user_id, u.slug]))
      yield* Effect.forEach(list, (installation) =>
        Effect.gen(function*() {
          const access = yield* accessTokenOf(installation)
          const me = yield* get("/scheduler/users/me", access)
          expect(me.json.slug).toBe(slugs.get(installation.userId))
        }), { concurrency: 8, discard: true })
      const after = yield* installations
      expect(after.every((i) => i.counters.tokenRequests["refresh_token"] === 1 && i.counters.reusedRefreshTokens === 0)).toBe(true)
      expect(after.every((i, n) => current(i) !== current(list[n]))).toBe(true)
      const seeded = (yield* accounts).slice(1)
      expect(seeded).toHaveLength(50)
      expect(seeded.every((a) => a.installations === 20 && a.counters.requests === 20)).toBe(true)
      const log = yield* (yield* fake).requests
      const apiCalls = log.filter((r) => r.operation === "users.get")
      expect(new Set(apiCalls.map((r) => r.installationId)).size).toBe(1000)
      expect(apiCalls.every((r) => after.find((i) => i.installationId === r.installationId)?.accountId === r.accountId)).toBe(
        true
      )
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { accounts: 50, installations: 1000, plan: "pro" } }))))

  it.effect("seeding is deterministic: same seed, same tenants and tokens; the data does not move", () =>
    Effect.gen(function*() {
      const build = (seed: FakeZoom.SeedOptions) =>
        Effect.scoped(Effect.gen(function*() {
          const handle = yield* FakeZoom.make({ seed })
          const tenants = (yield* handle.installations).map((i) => ({ ...i, refreshToken: current(i) }))
          return { accounts: (yield* handle.accounts).map((a) => a.accountId), tenants, snapshot: yield* handle.snapshot }
        }))
      const options = { seed: 7, accounts: 3, installations: 5, plan: "pro" } as const
      const one = yield* build(options)
      const two = yield* build(options)
      expect(two.accounts).toEqual(one.accounts)
      expect(two.tenants).toEqual(one.tenants)
      const other = yield* build({ ...options, seed: 8 })
      expect(other.accounts.slice(1)).not.toEqual(one.accounts.slice(1))
      expect(other.tenants.map((t) => t.refreshToken)).not.toEqual(one.tenants.map((t) => t.refreshToken))
      // The same data with or without tenants.
      const plain = yield* build({ seed: 7 })
      expect(one.snapshot.events).toEqual(plain.snapshot.events)
      expect(one.snapshot.schedules).toEqual(plain.snapshot.schedules)
    }))

  it.effect("spreads any number of installations evenly over any number of accounts", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 30 }), async (accountCount, count) => {
          const program = Effect.scoped(Effect.gen(function*() {
            const handle = yield* FakeZoom.make({ seed: { accounts: accountCount, installations: count, events: 0 } })
            return (yield* handle.accounts).slice(1).map((a) => a.installations)
          }))
          const perAccount = await Effect.runPromise(program)
          expect(perAccount).toHaveLength(accountCount)
          expect(perAccount.reduce((n, c) => n + c, 0)).toBe(count)
          expect(Math.max(...perAccount) - Math.min(...perAccount)).toBeLessThanOrEqual(1)
        }),
        { numRuns: 25 }
      )
    ))

  it.effect("seeding installations without accounts puts them on the default account, under its limits", () =>
    Effect.gen(function*() {
      const handle = yield* fake
      const list = yield* installations
      expect(list.map((i) => i.accountId)).toEqual([handle.accountId, handle.accountId])
      const [a, b] = [yield* accessTokenOf(list[0]), yield* accessTokenOf(list[1])]
      expect((yield* get("/scheduler/users/me", a)).status).toBe(200)
      expect((yield* get("/scheduler/users/me", b)).status).toBe(429)
    }).pipe(Effect.provide(FakeZoom.layer({ rateLimits: { perSecond: 1 }, seed: { installations: 2 } }))))

  it.effect("injects a fault into one account's calls only", () =>
    Effect.gen(function*() {
      const handle = yield* fake
      const [onA, onB] = yield* installations
      const [tokenA, tokenB] = [yield* accessTokenOf(onA), yield* accessTokenOf(onB)]
      yield* handle.inject({
        accountId: onA.accountId,
        times: 2,
        fault: FakeZoom.Fault.rateLimited("perSecond", { retryAfterSeconds: 3 })
      })
      expect((yield* get("/scheduler/users/me", tokenB)).status).toBe(200)
      const limited = yield* get("/scheduler/users/me", tokenA)
      expect([limited.status, limited.headers["retry-after"]]).toEqual([429, "3"])
      expect((yield* get("/scheduler/users/me", tokenB)).status).toBe(200)
      expect((yield* get("/scheduler/users/me", tokenA)).status).toBe(429)
      expect((yield* get("/scheduler/users/me", tokenA)).status).toBe(200)
      const [, a, b] = yield* accounts
      expect(a.counters.rateLimited).toMatchObject({ total: 2, perSecond: 2 })
      expect((yield* find(onA.installationId)).counters.rateLimited.perSecond).toBe(2)
      expect(b.counters.rateLimited.total).toBe(0)
      const log = yield* handle.requests
      const faulted = log.filter((r) => r.fault === "RateLimited")
      expect(faulted.map((r) => [r.accountId, r.installationId])).toEqual([
        [onA.accountId, onA.installationId],
        [onA.accountId, onA.installationId]
      ])
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { accounts: 2 } }))))

  it.effect("account_credentials: a token for a seeded account acts as its owner under its budget", () =>
    Effect.gen(function*() {
      const [, account] = yield* accounts
      const reply = yield* token({ grant_type: "account_credentials", account_id: account.accountId })
      expect(reply.status).toBe(200)
      const me = yield* get("/scheduler/users/me", reply.json.access_token)
      expect(me.json.slug).toBe(yield* slugOf(account.ownerUserId))
      expect(me.headers).toMatchObject({ "x-ratelimit-type": "Daily-limit", "x-ratelimit-remaining": "5999" })
      const [, after] = yield* accounts
      expect(after.counters).toMatchObject({ requests: 1, tokenRequests: { account_credentials: 1 } })
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { accounts: 1, plan: "free" } }))))

  it.effect("install and addAccount: a new installation on a new account, typed errors otherwise", () =>
    Effect.gen(function*() {
      const handle = yield* fake
      const account = yield* handle.addAccount({ accountId: "acct-new", plan: "pro" })
      expect(account).toMatchObject({ accountId: "acct-new", plan: "pro", limits: { perSecond: 30 }, installations: 0 })
      const installation = yield* handle.install({ accountId: "acct-new" })
      expect(installation.accountId).toBe("acct-new")
      const access = yield* accessTokenOf(installation)
      expect((yield* get("/scheduler/users/me", access)).json.slug).toBe(yield* slugOf(installation.userId))
      // Re-authorizing the same user keeps the installation and issues a new refresh token.
      const again = yield* handle.install({ accountId: "acct-new", userId: installation.userId })
      expect(again.installationId).toBe(installation.installationId)
      expect(current(again)).not.toBe(current(installation))

      const duplicate = yield* Effect.either(handle.addAccount({ accountId: "acct-new" }))
      expect(Either.isLeft(duplicate) && duplicate.left._tag).toBe("FakeZoomConflict")
      const unknown = yield* Effect.flip(handle.install({ accountId: "nope" }))
      expect([unknown._tag, unknown.resource]).toEqual(["FakeZoomNotFound", "Account"])
      const noUser = yield* Effect.flip(handle.install({ userId: "nobody@example.com" }))
      expect(noUser.resource).toBe("User")
    }).pipe(Effect.provide(FakeZoom.layer())))

  it.effect("rejects a negative or fractional count with a RangeError naming it", () =>
    Effect.gen(function*() {
      const defect = (seed: FakeZoom.SeedOptions) =>
        Effect.map(Effect.exit(Effect.scoped(FakeZoom.make({ seed }))), (exit) =>
          Exit.isFailure(exit) ? String(Cause.squash(exit.cause)) : "no failure")
      expect(yield* defect({ accounts: -1 })).toBe("RangeError: seed.accounts must be a non-negative integer, got -1")
      expect(yield* defect({ installations: 1.5 })).toBe("RangeError: seed.installations must be a non-negative integer, got 1.5")
    }))
})
