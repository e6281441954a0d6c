/**
 * Per-call cost of the shared (Redis) path next to the in-memory one: a
 * budget `take` (per-second slot, then the gate) plus a token lookup (`get`
 * of the installation's token set), measured on a throwaway local
 * `redis-server` over loopback. Rounds alternate the two paths (interleaved);
 * each round times `calls` sequential calls; the report gives the median of
 * the rounds' per-call times.
 *
 * The budget's limit is set far above what one fiber can spend, so `take`
 * never waits: what is measured is the work and the round trips, not the
 * pacing. `TenantCredentials` serves a cached access token without touching
 * the store; the `get` here is the lookup of an installation that is not
 * cached (first call, or evicted from the LRU).
 *
 * Run: `node --conditions=source packages/scheduler-redis/test/fixtures/runTs.mjs ../bench/redisCost.ts [rounds=9] [calls=300] [appendfsync=always]`
 */
import { KeyedTokenStore, RateBudget, TokenStore } from "@effect-zoom/scheduler"
import { DateTime, Effect, Redacted } from "effect"
import { RedisConnection, RedisRateBudget, RedisTokenStore } from "@effect-zoom/scheduler-redis"
import { startRedis } from "../support/redisServer.js"

const rounds = Number(process.argv[2] ?? 9)
const calls = Number(process.argv[3] ?? 300)
// the server's appendfsync: "always" (the tests' setting, each write on disk before the answer), "everysec" or "no"
const fsync = process.argv[4] ?? "always"
const limits = { perSecond: 1_000_000_000 }

const tokens = new TokenStore.TokenSet({
  accessToken: Redacted.make("a".repeat(800)),
  refreshToken: Redacted.make("r".repeat(800)),
  expiresAt: DateTime.unsafeMake(Date.now() + 3_600_000),
  scopes: ["scheduler:read", "scheduler:write"]
})

const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

type Path = { readonly budget: RateBudget.RateBudget["Type"]; readonly store: KeyedTokenStore.KeyedTokenStore["Type"] }

const time = (label: string, f: Effect.Effect<unknown, unknown>) =>
  Effect.gen(function*() {
    const start = process.hrtime.bigint()
    for (let i = 0; i < calls; i++) yield* f
    return { label, micros: Number(process.hrtime.bigint() - start) / 1000 / calls }
  })

const measure = (path: Path) => ({
  take: path.budget.take("acct-bench"),
  get: path.store.get("inst-bench"),
  both: Effect.zipRight(path.budget.take("acct-bench"), path.store.get("inst-bench"))
})

const main = async () => {
  const redis = await startRedis()
  try {
    const program = Effect.gen(function*() {
      const { client } = yield* RedisConnection.RedisConnection
      yield* Effect.promise(() => client.config("SET", "appendfsync", fsync))
      console.log(`redis-server ${redis.url}, appendfsync ${fsync}`)
      const memory: Path = {
        budget: yield* RateBudget.makeMemory({ limits }),
        store: yield* KeyedTokenStore.makeMemory()
      }
      const shared: Path = {
        budget: yield* RedisRateBudget.make({ limits }),
        store: yield* RedisTokenStore.makeKeyed()
      }
      yield* memory.store.set("inst-bench", tokens)
      yield* shared.store.set("inst-bench", tokens)
      const m = measure(memory)
      const r = measure(shared)
      // warm-up
      yield* time("warm", m.both)
      yield* time("warm", r.both)
      const samples: Record<string, Array<number>> = {}
      for (let round = 0; round < rounds; round++) {
        for (const [label, f] of [["memory take", m.take], ["redis take", r.take], ["memory get", m.get], ["redis get", r.get], ["memory take+get", m.both], ["redis take+get", r.both]] as const) {
          const { micros } = yield* time(label, f)
          ;(samples[label] ??= []).push(micros)
        }
      }
      // Redis memory of one installation's token set and of one account's budget keys
      const usage = (key: string) => Effect.promise(() => client.call("MEMORY", "USAGE", key, "SAMPLES", "0") as Promise<number | null>)
      const keys = ["bench:tokens:inst-bench", "bench:rate:qps:acct-bench", "bench:rate:qps:acct-bench:refill"]
      for (const key of keys) console.log(`MEMORY USAGE ${key}: ${yield* usage(key)} bytes`)
      for (const [label, xs] of Object.entries(samples)) {
        console.log(`${label.padEnd(16)} median ${median(xs).toFixed(2)} µs/call  (min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)}, ${rounds} rounds × ${calls})`)
      }
    })
    await Effect.runPromise(
      Effect.scoped(program).pipe(Effect.provide(RedisConnection.layer({ url: redis.url, keyPrefix: "bench:" })))
    )
  } finally {
    await redis.dispose()
  }
}

void main().then(() => process.exit(0), (e) => {
  console.error(e)
  process.exit(1)
})
