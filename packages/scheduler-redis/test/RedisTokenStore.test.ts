/**
 * RedisTokenStore against a real redis-server: the stored form, per-key
 * exclusion across connections, fencing of a holder whose lease expired,
 * lease extension while a holder is busy, and typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { KeyedTokenStore, TokenStore } from "@effect-zoom/scheduler"
import { DateTime, Duration, Effect, Exit, Fiber, Layer, Option, Redacted } from "effect"
import { Redis } from "ioredis"
import { RedisConnection, RedisTokenStore } from "@effect-zoom/scheduler-redis"
import type { RedisServer } from "./support/redisServer.js"
import { skipRedis, startRedis } from "./support/redisServer.js"

const tokens = (n: number) =>
  new TokenStore.TokenSet({
    accessToken: Redacted.make(`access-SECRET-${n}`),
    refreshToken: Redacted.make(`refresh-SECRET-${n}`),
    expiresAt: DateTime.unsafeMake(Date.UTC(2030, 0, 1) + n),
    scopes: ["scheduler:read"]
  })

describe.skipIf(skipRedis)("RedisTokenStore", () => {
  let server: RedisServer
  let prefixSeq = 0
  beforeAll(async () => {
    server = await startRedis()
  })
  afterAll(async () => {
    await server?.dispose()
  })

  /** A keyed store on its own connection; stores built with the same prefix share their data. */
  const storeLayer = (prefix: string, options: RedisTokenStore.Options = {}) =>
    RedisTokenStore.layerKeyed(options).pipe(Layer.provide(RedisConnection.layer({ url: server.url, keyPrefix: prefix })))
  const withStore = <A, E>(
    prefix: string,
    f: (store: KeyedTokenStore.KeyedTokenStore["Type"]) => Effect.Effect<A, E>,
    options?: RedisTokenStore.Options
  ) => Effect.flatMap(KeyedTokenStore.KeyedTokenStore, f).pipe(Effect.provide(storeLayer(prefix, options)))

  it.live("get, set and the stored form (JSON in a hash, nothing else)", () =>
    Effect.gen(function*() {
      const prefix = `t${++prefixSeq}:`
      const first = yield* withStore(prefix, (store) =>
        Effect.gen(function*() {
          expect(Option.isNone(yield* store.get("inst-1"))).toBe(true)
          yield* store.set("inst-1", tokens(1))
          return yield* store.get("inst-1")
        }))
      expect(Option.map(first, (t) => Redacted.value(t.refreshToken!))).toEqual(Option.some("refresh-SECRET-1"))
      const raw = new Redis(server.url)
      const keys = yield* Effect.promise(() => raw.keys(`${prefix}*`))
      const hash = yield* Effect.promise(() => raw.hgetall(`${prefix}tokens:inst-1`))
      yield* Effect.promise(() => raw.quit())
      expect(keys).toEqual([`${prefix}tokens:inst-1`])
      expect(JSON.parse(hash.tokens!).refreshToken).toBe("refresh-SECRET-1")
      expect(hash.fence).toBe("1")
    }))

  it.live("withLock excludes holders of one key across connections, never holders of another", () =>
    Effect.gen(function*() {
      const prefix = `t${++prefixSeq}:`
      let inside = 0
      let maxInside = 0
      const critical = Effect.gen(function*() {
        inside++
        maxInside = Math.max(maxInside, inside)
        yield* Effect.sleep("15 millis")
        inside--
      })
      const hammer = (key: string) =>
        withStore(prefix, (store) =>
          Effect.forEach(Array.from({ length: 5 }), () => store.withLock(key, critical), { concurrency: 5, discard: true }))
      const started = Date.now()
      yield* Effect.all([hammer("a"), hammer("a"), hammer("a")], { concurrency: "unbounded" })
      expect(maxInside).toBe(1)
      const serial = Date.now() - started
      expect(serial).toBeGreaterThanOrEqual(15 * 15)
      // other keys run side by side
      maxInside = 0
      let parallel = 0
      const other = (key: string) =>
        withStore(prefix, (store) =>
          store.withLock(
            key,
            Effect.gen(function*() {
              parallel++
              maxInside = Math.max(maxInside, parallel)
              yield* Effect.sleep("100 millis")
              parallel--
            })
          ))
      yield* Effect.all([other("x"), other("y"), other("z")], { concurrency: "unbounded" })
      expect(maxInside).toBe(3)
    }))

  it.live("fencing: a holder whose lease expired cannot overwrite the newer token set", () =>
    Effect.gen(function*() {
      const prefix = `t${++prefixSeq}:`
      const options = { leaseTtl: "300 millis", handoverWait: "1 millis" } as const
      const raw = new Redis(server.url)
      const result = yield* withStore(
        prefix,
        (slow) =>
          Effect.gen(function*() {
            const slowHolder = yield* Effect.fork(
              slow.withLock(
                "inst-1",
                Effect.gen(function*() {
                  // the lease is lost (a paused process): simulated by deleting it
                  yield* Effect.promise(() => raw.del(`${prefix}lock:inst-1`))
                  yield* Effect.sleep("400 millis")
                  return yield* Effect.exit(slow.set("inst-1", tokens(1)))
                })
              )
            )
            yield* Effect.sleep("100 millis")
            yield* withStore(prefix, (fast) => fast.withLock("inst-1", fast.set("inst-1", tokens(2))), options)
            const slowWrite = yield* Fiber.join(slowHolder)
            const stored = yield* slow.get("inst-1")
            return { slowWrite, stored }
          }),
        options
      )
      yield* Effect.promise(() => raw.quit())
      expect(Exit.isFailure(result.slowWrite)).toBe(true)
      expect(String(result.slowWrite)).toContain("newer token set")
      expect(String(result.slowWrite)).not.toContain("SECRET")
      expect(Option.map(result.stored, (t) => Redacted.value(t.refreshToken!))).toEqual(Option.some("refresh-SECRET-2"))
    }))

  it.live("the lease is extended while its holder is busy", () =>
    Effect.gen(function*() {
      const prefix = `t${++prefixSeq}:`
      const options = { leaseTtl: "200 millis" } as const
      const order: Array<string> = []
      yield* withStore(
        prefix,
        (a) =>
          Effect.gen(function*() {
            const holder = yield* Effect.fork(
              a.withLock("k", Effect.sleep("700 millis").pipe(Effect.zipRight(Effect.sync(() => order.push("first done")))))
            )
            yield* Effect.sleep("50 millis")
            yield* withStore(prefix, (b) => b.withLock("k", Effect.sync(() => order.push("second in"))), options)
            yield* Fiber.join(holder)
          }),
        options
      )
      expect(order).toEqual(["first done", "second in"])
    }))

  it.live("an unreachable Redis is a TokenStoreError naming the operation, without token values", () =>
    Effect.gen(function*() {
      const layer = RedisTokenStore.layerKeyed({ commandTimeout: "300 millis", persistFor: "1 millis" }).pipe(
        Layer.provide(
          RedisConnection.layer({ redisOptions: { port: 1, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0 } })
        )
      )
      const exit = yield* Effect.flatMap(KeyedTokenStore.KeyedTokenStore, (store) =>
        Effect.all([Effect.exit(store.get("k")), Effect.exit(store.set("k", tokens(3)))])).pipe(
          Effect.provide(layer),
          Effect.timeout(Duration.seconds(10))
        )
      const [get, set] = exit
      expect(Exit.isFailure(get) && String(get)).toContain("TokenStoreError")
      expect(JSON.stringify(get)).toContain('"operation":"get"')
      expect(JSON.stringify(set)).toContain('"operation":"set"')
      expect(String(set)).not.toContain("SECRET")
      expect(JSON.stringify(set)).not.toContain("SECRET")
    }))
})
