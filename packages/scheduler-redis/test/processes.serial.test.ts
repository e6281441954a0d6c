/**
 * Several OS processes sharing tokens and rate budgets on a real redis-server,
 * against the loopback fake enforcing Zoom's per-account limits. The workers
 * use the public client API only (fixtures/worker.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { FakeZoom } from "@effect-zoom/scheduler-testing"
import { Effect, Option, Redacted } from "effect"
import { Redis } from "ioredis"
import type { WorkerResult } from "./support/cluster.js"
import { clientId, clientSecret, expiring, onFake, serveFake, spawnWorker, withKeyedStore } from "./support/cluster.js"
import type { RedisServer } from "./support/redisServer.js"
import { skipRedis, startRedis } from "./support/redisServer.js"

const oauth = { clients: [{ clientId, clientSecret: Redacted.make(clientSecret) }] }

describe.skipIf(skipRedis)("several processes on one Redis", () => {
  let redis: RedisServer
  let prefixSeq = 0
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis?.dispose()
  })

  const base = (fakeUrl: string) => ({
    redisUrl: redis.url,
    keyPrefix: `p${++prefixSeq}:`,
    fakeUrl,
    clientId,
    clientSecret
  })

  const runAll = async (configs: ReadonlyArray<Record<string, unknown>>): Promise<Array<WorkerResult>> => {
    const workers = configs.map(spawnWorker)
    try {
      await Promise.all(workers.map((w) => w.ready()))
      workers.forEach((w) => w.go())
      return await Promise.all(workers.map((w) => w.result()))
    } finally {
      workers.forEach((w) => w.kill())
    }
  }

  it.live("4 processes × 500 calls, one installation on pro, all from an expired token: 1 refresh, no 429, ~30/s", () =>
    Effect.promise(async () => {
      const served = await serveFake({ oauth, rateLimits: { plan: "pro" }, requestLogLimit: 10_000 })
      try {
        const refreshToken = await onFake(served.fake, (fake) => fake.issueRefreshToken())
        const config = { ...base(served.url), mode: "single", plan: "pro", defaultAccount: served.fake.accountId, calls: 500, concurrency: 16 }
        await withKeyedStore(redis.url, config.keyPrefix, (store) => store.set("default", expiring(refreshToken, -60_000)))
        const results = await runAll([1, 2, 3, 4].map((n) => ({ ...config, id: `w${n}` })))
        const stats = await onFake(served.fake, (fake) => fake.stats)
        const api = (await onFake(served.fake, (fake) => fake.requests)).filter((r) => r.path.startsWith("/v2/"))
        // the sustained rate: from the 100th request (past the refresh and the first slots) to the last
        const rate = (api.length - 100) / ((api.at(-1)!.at - api[99]!.at) / 1000)
        const t0 = api[0]!.at
        const perSecond = new Map<number, number>()
        for (const r of api) if (r.status === 200) perSecond.set(Math.floor(r.at / 1000), (perSecond.get(Math.floor(r.at / 1000)) ?? 0) + 1)
        const full = [...perSecond.entries()].filter(([, n]) => n >= 30).map(([s, n]) => `${s * 1000 - t0}:${n}`)
        const limitedAt = api.filter((r) => r.status === 429).map((r) => `${r.at - t0}`)
        console.log(`4 × 500 calls: ${api.length} API requests, ${rate.toFixed(2)}/s, ${stats.tokenRequests.refresh_token} refresh; 429 at ${limitedAt.join(" ")}; full seconds ${full.join(" ")}`)
        expect(results.map((r) => r.ok)).toEqual([500, 500, 500, 500])
        expect(stats.tokenRequests.refresh_token).toBe(1)
        expect(stats.rateLimited.total).toBe(0)
        expect(api.length).toBe(2000)
        expect(rate).toBeGreaterThanOrEqual(30 * 0.95)
        expect(rate).toBeLessThanOrEqual(30 * 1.05)
      } finally {
        await served.close()
      }
    }), 180_000)

  it.live("4 processes serve 1,000 installations on 50 accounts expiring within a minute: each refreshed once, budgets kept", () =>
    Effect.promise(async () => {
      const served = await serveFake({
        oauth,
        rateLimits: { plan: "pro" },
        seed: { accounts: 50, installations: 1000, plan: "pro", seed: 13 },
        requestLogLimit: 20_000
      })
      try {
        const installations = (await onFake(served.fake, (fake) => fake.installations)).filter((i) => i.refreshToken !== undefined)
        expect(installations.length).toBe(1000)
        const config = { ...base(served.url), mode: "tenants", plan: "pro", concurrency: 64, maxConcurrentRefreshes: 8 }
        await withKeyedStore(redis.url, config.keyPrefix, (store) =>
          Effect.forEach(
            installations,
            (i, n) => store.set(i.installationId, expiring(i.refreshToken!, (n % 60) * 1000)),
            { concurrency: 50, discard: true }
          ))
        const tenants = installations.map((i) => ({ id: i.installationId, accountId: i.accountId }))
        const started = Date.now()
        const results = await runAll([1, 2, 3, 4].map((n) => ({ ...config, id: `w${n}`, tenants })))
        const elapsed = Date.now() - started
        const after = await onFake(served.fake, (fake) => fake.installations)
        const accounts = await onFake(served.fake, (fake) => fake.accounts)
        const stats = await onFake(served.fake, (fake) => fake.stats)
        const refreshes = after.filter((i) => tenants.some((t) => t.id === i.installationId)).map((i) =>
          i.counters.tokenRequests.refresh_token ?? 0
        )
        console.log(
          `1,000 installations × 4 processes: ${elapsed} ms, max token requests in flight per process ${
            results.map((r) => r.maxTokenInFlight).join("/")
          }`
        )
        expect(results.map((r) => r.ok)).toEqual([1000, 1000, 1000, 1000])
        expect(refreshes.every((n) => n === 1)).toBe(true)
        expect(after.reduce((n, i) => n + i.counters.reusedRefreshTokens, 0)).toBe(0)
        expect(accounts.reduce((n, a) => n + a.counters.rateLimited.total, 0)).toBe(0)
        expect(stats.rateLimited.total).toBe(0)
        expect(stats.tokenRequests.refresh_token).toBe(1000)
        // refreshes at once: at most maxConcurrentRefreshes (8) per process, 32 in all
        for (const r of results) expect(r.maxTokenInFlight).toBeLessThanOrEqual(8)
        // the store holds each installation's current refresh token
        const stored = await withKeyedStore(redis.url, config.keyPrefix, (store) =>
          Effect.forEach(after.filter((i) => tenants.some((t) => t.id === i.installationId)), (i) =>
            Effect.map(store.get(i.installationId), (t) =>
              Option.isSome(t) && Redacted.value(t.value.refreshToken!) === Redacted.value(i.refreshToken!))))
        expect(stored.every(Boolean)).toBe(true)
      } finally {
        await served.close()
      }
    }), 300_000)

  it.live("SIGKILL of the process holding the refresh lock: another takes over after the lease, no token spent twice", () =>
    Effect.promise(async () => {
      const served = await serveFake({ oauth, rateLimits: { plan: "pro" } })
      try {
        const refreshToken = await onFake(served.fake, (fake) => fake.issueRefreshToken())
        const store = { leaseTtl: "1500 millis", handoverWait: "300 millis" }
        const config = { ...base(served.url), plan: "pro", defaultAccount: served.fake.accountId, store }
        await withKeyedStore(redis.url, config.keyPrefix, (s) => s.set("default", expiring(refreshToken, -60_000)))
        const holder = spawnWorker({ ...config, id: "holder", mode: "hold", holdKey: "default" })
        await holder.ready()
        holder.go()
        await holder.waitFor("locked")
        holder.kill("SIGKILL")
        await holder.exited
        const killedAt = Date.now()
        const results = await runAll([1, 2].map((n) => ({ ...config, id: `w${n}`, mode: "single", calls: 20, concurrency: 4 })))
        const waited = Date.now() - killedAt
        const stats = await onFake(served.fake, (fake) => fake.stats)
        const installations = await onFake(served.fake, (fake) => fake.installations)
        expect(results.map((r) => r.ok)).toEqual([20, 20])
        expect(stats.tokenRequests.refresh_token).toBe(1)
        expect(stats.rejectedRefreshes).toBe(0)
        expect(installations.reduce((n, i) => n + i.counters.reusedRefreshTokens, 0)).toBe(0)
        // nobody refreshed before the dead holder's lease ran out
        expect(waited).toBeGreaterThanOrEqual(1000)
      } finally {
        await served.close()
      }
    }), 60_000)

  it.live("a 429 with Retry-After on one account pauses that account in all 4 processes, and no other", () =>
    Effect.promise(async () => {
      const served = await serveFake({
        oauth,
        rateLimits: { plan: "pro" },
        seed: { accounts: 2, installations: 2, plan: "pro", seed: 5 },
        requestLogLimit: 20_000
      })
      try {
        const installations = (await onFake(served.fake, (fake) => fake.installations)).filter((i) => i.refreshToken !== undefined)
        const [a, b] = installations
        const config = { ...base(served.url), mode: "tenants", plan: "pro", concurrency: 4, durationMs: 12_000, finalPasses: 1 }
        await withKeyedStore(redis.url, config.keyPrefix, (store) =>
          Effect.forEach(installations, (i) => store.set(i.installationId, expiring(i.refreshToken!, -60_000)), { discard: true }))
        const tenants = [a!, b!].map((i) => ({ id: i.installationId, accountId: i.accountId }))
        const workers = [1, 2, 3, 4].map((n) => spawnWorker({ ...config, id: `w${n}`, tenants }))
        let pausedAt = 0
        try {
          await Promise.all(workers.map((w) => w.ready()))
          workers.forEach((w) => w.go())
          // once every process is sending for A
          for (let polls = 0;; polls++) {
            const log = await onFake(served.fake, (fake) => fake.requests)
            const senders = new Set(log.filter((r) => r.accountId === a!.accountId && r.status === 200).map((r) => r.headers["x-worker"]))
            if (senders.size === 4) break
            if (polls > 400) throw new Error(`not every process sent for A: ${JSON.stringify(log.slice(0, 3))}`)
            await new Promise((r) => setTimeout(r, 50))
          }
          await onFake(served.fake, (fake) =>
            fake.inject({ accountId: a!.accountId, fault: FakeZoom.Fault.rateLimited("perSecond", { retryAfterSeconds: 3 }) }))
          // when the pause lands in Redis (the worker that got the 429 records it)
          const raw = new Redis(redis.url)
          for (;;) {
            if ((await raw.exists(`${config.keyPrefix}pause:${a!.accountId}`)) === 1) break
            await new Promise((r) => setTimeout(r, 5))
          }
          pausedAt = Date.now()
          await raw.quit()
          await Promise.all(workers.map((w) => w.result()))
        } finally {
          workers.forEach((w) => w.kill())
        }
        const log = (await onFake(served.fake, (fake) => fake.requests)).filter((r) => r.path.startsWith("/v2/"))
        const limited = log.filter((r) => r.status === 429)
        expect(limited.length).toBe(1)
        const t429 = limited[0]!.at
        // requests that passed the gate before the pause was recorded may still arrive: allow them 500 ms
        const window = (r: { readonly at: number }) => r.at > pausedAt + 500 && r.at < t429 + 2900
        const inWindowA = log.filter((r) => r.accountId === a!.accountId && window(r))
        const inWindowB = log.filter((r) => r.accountId === b!.accountId && window(r))
        const workersOf = (rows: ReadonlyArray<{ readonly headers: Readonly<Record<string, string>> }>) =>
          new Set(rows.map((r) => r.headers["x-worker"]))
        const offsets = log.filter((r) => r.accountId === a!.accountId && r.at > t429 && r.at < t429 + 3500).map((r) => `${r.at - t429}:${r.headers["x-worker"]}`)
        console.log(`429 at +${t429 - log[0]!.at} ms (${limited[0]!.headers["x-worker"]}), pause in Redis ${pausedAt - t429} ms later: account A ${inWindowA.length}, account B ${inWindowB.length} requests in the pause; A after the 429 at ${offsets.join(" ")}`)
        expect(inWindowA.length).toBe(0)
        expect(inWindowB.length).toBeGreaterThan(0) // B kept going
        expect(workersOf(inWindowB).size).toBe(4)
        // all 4 processes were sending for A before the 429 and resumed after the pause
        expect(workersOf(log.filter((r) => r.accountId === a!.accountId && r.at < t429)).size).toBe(4)
        expect(workersOf(log.filter((r) => r.accountId === a!.accountId && r.at >= t429 + 2900)).size).toBe(4)
      } finally {
        await served.close()
      }
    }), 150_000)

  it.live("redis-server restarted mid-run: typed errors or waits, then everything resumes and no token is lost", () =>
    Effect.promise(async () => {
      const served = await serveFake({
        oauth: { ...oauth, accessTokenTtl: "6 seconds" },
        rateLimits: { plan: "pro" },
        seed: { accounts: 4, installations: 40, plan: "pro", seed: 21 },
        requestLogLimit: 50_000
      })
      try {
        const installations = (await onFake(served.fake, (fake) => fake.installations)).filter((i) => i.refreshToken !== undefined)
        const config = {
          ...base(served.url),
          mode: "tenants",
          plan: "pro",
          // one fiber per installation and process: 40 calls queue per account (1.4 s at 29/s), less
          // than the refresh margin, so no access token expires while its call waits for a slot
          concurrency: 1,
          durationMs: 7000,
          finalPasses: 2,
          refreshMargin: "2 seconds",
          store: { commandTimeout: "2 seconds", leaseTtl: "3 seconds" }
        }
        await withKeyedStore(redis.url, config.keyPrefix, (store) =>
          Effect.forEach(installations, (i) => store.set(i.installationId, expiring(i.refreshToken!, -60_000)), { discard: true }))
        const tenants = installations.map((i) => ({ id: i.installationId, accountId: i.accountId }))
        const workers = [1, 2, 3, 4].map((n) => spawnWorker({ ...config, id: `w${n}`, tenants }))
        let results: Array<WorkerResult>
        try {
          await Promise.all(workers.map((w) => w.ready()))
          workers.forEach((w) => w.go())
          await new Promise((r) => setTimeout(r, 2500))
          await redis.restart(1000)
          results = await Promise.all(workers.map((w) => w.result()))
        } finally {
          workers.forEach((w) => w.kill())
        }
        const runs = workers.map((w) => JSON.parse(w.output().split("\n").find((l) => l.startsWith("run "))!.slice(4)))
        console.log(`restart: during the run ${JSON.stringify(runs)}; final passes ${JSON.stringify(results.map((r) => r.errors))}`)
        const allowed = new Set(["TransportError", "TokenStoreError", "RateLimited", "AuthError"])
        for (const run of runs) for (const tag of Object.keys(run.errors)) expect(allowed.has(tag)).toBe(true)
        // calls went through before and after the restart (the down second costs a few)
        for (const run of runs) expect(run.ok).toBeGreaterThan(0)
        // after the restart, every call of the final passes succeeds
        expect(results.map((r) => r.ok)).toEqual([80, 80, 80, 80])
        const after = await onFake(served.fake, (fake) => fake.installations)
        expect(after.reduce((n, i) => n + i.counters.reusedRefreshTokens, 0)).toBe(0)
        const current = after.filter((i) => tenants.some((t) => t.id === i.installationId))
        const stored = await withKeyedStore(redis.url, config.keyPrefix, (store) =>
          Effect.forEach(current, (i) =>
            Effect.map(store.get(i.installationId), (t) =>
              Option.isSome(t) && Redacted.value(t.value.refreshToken!) === Redacted.value(i.refreshToken!))))
        expect(stored.every(Boolean)).toBe(true)
      } finally {
        await served.close()
      }
    }), 300_000)
})
