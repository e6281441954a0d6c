/**
 * Many installations through one client, in one process: Tenant.forTenant,
 * TenantCredentials over the in-memory KeyedTokenStore, the in-memory
 * RateBudget; against the in-process fake with accounts and installations.
 */
import { describe, expect, it } from "@effect/vitest"
import { KeyedTokenStore, RateBudget, Tenant, TenantCredentials, TokenStore, ZoomScheduler } from "@effect-zoom/scheduler"
import { FakeZoom } from "@effect-zoom/scheduler-testing"
import { DateTime, Duration, Effect, Fiber, Layer, Option, Redacted, TestClock } from "effect"
import { randomBytes } from "node:crypto"
import * as v8 from "node:v8"
import * as vm from "node:vm"

const clientId = "tenant-client"
const clientSecret = Redacted.make("tenant-secret")

const setup = Effect.gen(function*() {
  const fake = yield* FakeZoom.FakeZoom
  const store = yield* KeyedTokenStore.KeyedTokenStore
  const installations = (yield* fake.installations).filter((i) => i.refreshToken !== undefined)
  for (const i of installations) {
    yield* store.set(
      i.installationId,
      new TokenStore.TokenSet({
        accessToken: Redacted.make("stale"),
        expiresAt: DateTime.unsafeMake(0),
        refreshToken: i.refreshToken!,
        scopes: []
      })
    )
  }
  return { fake, installations }
})

const clientLayer = (options: Partial<TenantCredentials.Options> = {}) =>
  ZoomScheduler.layer().pipe(
    Layer.provideMerge(TenantCredentials.refreshToken({ clientId, clientSecret, ...options })),
    Layer.provideMerge(KeyedTokenStore.layerMemory()),
    Layer.provideMerge(
      FakeZoom.layer({
        oauth: { clients: [{ clientId, clientSecret }] },
        seed: { accounts: 3, installations: 6, plan: "pro", seed: 3 }
      })
    )
  )

describe("many installations through one client", () => {
  it.live("each call uses its tenant's tokens; concurrent calls of one tenant share one refresh", () =>
    Effect.gen(function*() {
      const { fake, installations } = yield* setup
      const zoom = yield* ZoomScheduler.ZoomScheduler
      const names = yield* Effect.forEach(
        installations,
        (i) =>
          Effect.forEach(
            Array.from({ length: 5 }),
            () => Tenant.forTenant(zoom, { id: i.installationId, accountId: i.accountId }).users.get("me"),
            { concurrency: 5 }
          ),
        { concurrency: "unbounded" }
      )
      const users = (yield* fake.snapshot).users
      const after = yield* fake.installations
      for (const [n, i] of installations.entries()) {
        const user = users.find((u) => u.user_id === i.userId)!
        expect(names[n]!.every((me) => me.displayName === user.display_name)).toBe(true)
        expect(after.find((a) => a.installationId === i.installationId)!.counters.tokenRequests.refresh_token).toBe(1)
      }
    }).pipe(Effect.provide(clientLayer())))

  it.live("outside any tenant a call fails with AuthError(NoRefreshToken), naming the way out", () =>
    Effect.gen(function*() {
      yield* setup
      const zoom = yield* ZoomScheduler.ZoomScheduler
      const error = yield* Effect.flip(zoom.users.get("me"))
      expect(error._tag).toBe("AuthError")
      expect(error.message).toContain("Tenant.provide")
      // Tenant.provide around a region does what forTenant does
      const installation = (yield* (yield* FakeZoom.FakeZoom).installations).find((i) => i.refreshToken !== undefined)!
      const me = yield* zoom.users.get("me").pipe(Tenant.provide(installation.installationId))
      expect(me.displayName ?? "").not.toBe("")
    }).pipe(Effect.provide(clientLayer())))

  it.live("the token cache is bounded: an evicted tenant is read from the store again, never refreshed again", () =>
    Effect.gen(function*() {
      const { fake, installations } = yield* setup
      const zoom = yield* ZoomScheduler.ZoomScheduler
      for (let round = 0; round < 3; round++) {
        yield* Effect.forEach(installations, (i) => Tenant.forTenant(zoom, i.installationId).users.get("me"), { discard: true })
      }
      const after = yield* fake.installations
      expect(after.every((i) => (i.counters.tokenRequests.refresh_token ?? 0) <= 1)).toBe(true)
    }).pipe(Effect.provide(clientLayer({ cacheSize: 2 }))))

  it("forTenant keeps the service's shape and binds nested Effects and Streams", () => {
    const service = {
      plain: 42,
      group: { get: (n: number) => Effect.map(Tenant.Tenant, (t) => `${n}:${Option.getOrElse(Option.map(t, (x) => x.id), () => "-")}`) }
    }
    const bound = Tenant.forTenant(service, "inst-9")
    expect(bound.plain).toBe(42)
    expect(Effect.runSync(bound.group.get(1))).toBe("1:inst-9")
    expect(Effect.runSync(service.group.get(1))).toBe("1:-")
  })

  it("one cached tenant costs about 2 KB of heap (two 800-character tokens)", () => {
    v8.setFlagsFromString("--expose-gc")
    const gc = vm.runInNewContext("gc") as () => void
    const token = (i: number) => randomBytes(600).toString("base64") + String(i).padStart(8, "0")
    gc()
    const before = process.memoryUsage().heapUsed
    const cache = new Map<string, TokenStore.TokenSet>()
    const n = 20_000
    for (let i = 0; i < n; i++) {
      cache.set(
        `inst-${i}`,
        new TokenStore.TokenSet({
          accessToken: Redacted.make(token(i)),
          refreshToken: Redacted.make(token(i)),
          expiresAt: DateTime.unsafeMake(Date.now() + 3_600_000),
          scopes: ["scheduler:read", "scheduler:write"],
          apiUrl: "https://api.zoom.us"
        })
      )
    }
    gc()
    const perTenant = (process.memoryUsage().heapUsed - before) / n
    console.log(`heap per cached tenant: ${Math.round(perTenant)} bytes (two tokens of 808 characters)`)
    expect(cache.size).toBe(n)
    expect(perTenant).toBeLessThan(3 * 1024)
  })
})

describe("RateBudget.layerMemory", () => {
  it.effect("spaces each account's requests on its own, and a pause holds one account only", () =>
    Effect.gen(function*() {
      const budget = yield* RateBudget.makeMemory({ limits: { perSecond: 10 }, headroom: 1, maxWait: "5 seconds" })
      const sent: Array<string> = []
      const take = (account: string) =>
        Effect.zipRight(budget.take(account), Effect.flatMap(TestClock.currentTimeMillis, (t) => Effect.sync(() => sent.push(`${account}@${t}`))))
      yield* budget.pause("A", DateTime.unsafeMake(2000))
      const fiber = yield* Effect.fork(
        Effect.all([take("A"), take("A"), take("B"), take("B"), take("B")], { concurrency: "unbounded" })
      )
      yield* TestClock.adjust(Duration.seconds(3))
      yield* Fiber.join(fiber)
      expect(sent.filter((s) => s.startsWith("B")).sort()).toEqual(["B@0", "B@100", "B@200"])
      expect(sent.filter((s) => s.startsWith("A")).sort()).toEqual(["A@2000", "A@2100"])
    }))

  it.effect("the daily budget refuses beyond its limit until 00:00 UTC; a long pause fails fast", () =>
    Effect.gen(function*() {
      const budget = yield* RateBudget.makeMemory({ limits: { perSecond: 1000, daily: 3 }, maxWait: "1 second" })
      const three = yield* Effect.fork(Effect.forEach([1, 2, 3], () => budget.take("A"), { discard: true }))
      yield* TestClock.adjust("10 millis")
      yield* Fiber.join(three)
      const daily = yield* Effect.flip(budget.take("A"))
      expect(daily.reason).toBe("Daily")
      expect(Duration.toMillis(daily.retryAfter!)).toBeGreaterThan(0)
      yield* budget.pause("B", DateTime.unsafeMake(60_000))
      const paused = yield* Effect.flip(budget.take("B"))
      expect(paused.reason).toBe("Paused")
    }))

  it.live("plugs into ZoomScheduler's rateLimit option as a Layer: a spent daily budget is RateLimited before Zoom is asked", () =>
    Effect.gen(function*() {
      const { fake, installations } = yield* setup
      const zoom = yield* ZoomScheduler.ZoomScheduler
      const [first] = installations
      const bound = Tenant.forTenant(zoom, { id: first!.installationId, accountId: first!.accountId })
      yield* bound.users.get("me")
      yield* bound.users.get("me")
      const before = (yield* fake.stats).requests
      const refused = yield* Effect.flip(bound.users.get("me"))
      expect(refused._tag).toBe("RateLimited")
      expect(refused._tag === "RateLimited" && refused.limitType).toBe("Daily")
      expect((yield* fake.stats).requests).toBe(before) // refused locally: Zoom never saw it
    }).pipe(
      Effect.provide(
        ZoomScheduler.layer({ rateLimit: RateBudget.layerMemory({ limits: { perSecond: 1000, daily: 2 } }) }).pipe(
          Layer.provideMerge(TenantCredentials.refreshToken({ clientId, clientSecret })),
          Layer.provideMerge(KeyedTokenStore.layerMemory()),
          Layer.provideMerge(
            FakeZoom.layer({
              oauth: { clients: [{ clientId, clientSecret }] },
              seed: { accounts: 3, installations: 6, plan: "pro", seed: 3 }
            })
          )
        )
      )
    ))
})
