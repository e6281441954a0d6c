/**
 * Many installations through one client, tokens and rate budgets on Redis.
 *
 * A Marketplace app installed by six Zoom users on three accounts: one
 * `ZoomScheduler` layer serves them all. Each call names its installation
 * (`Tenant.forTenant`); the installation's rotating refresh token lives in
 * Redis (`RedisTokenStore.layerKeyed`), and its account's rate budget is
 * shared by every process of the app (`RedisRateBudget.layer`).
 *
 * Run: `node --conditions=source --import tsx examples/multi-tenant.ts`.
 * Redis: `ZOOM_REDIS_URL` when set; otherwise a throwaway `redis-server` is
 * started on a free loopback port (apt-get install -y redis-server). Zoom is
 * the loopback fake, so the program runs offline.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { Console, DateTime, Effect, Layer, Redacted } from "effect"
import { KeyedTokenStore, Tenant, TenantCredentials, TokenStore, ZoomScheduler } from "@effect-zoom/scheduler"
import { RedisConnection, RedisRateBudget, RedisTokenStore } from "@effect-zoom/scheduler-redis"
import { FakeZoom } from "@effect-zoom/scheduler-testing"

const CLIENT_ID = "multi-tenant-client"
const CLIENT_SECRET = Redacted.make("multi-tenant-secret")

/** `ZOOM_REDIS_URL`, or a redis-server of our own for the length of the program. */
const redisUrl = Effect.acquireRelease(
  Effect.async<{ readonly url: string; readonly stop: () => void }, Error>((resume) => {
    const configured = process.env.ZOOM_REDIS_URL
    if (configured !== undefined && configured !== "") return resume(Effect.succeed({ url: configured, stop: () => {} }))
    const dir = mkdtempSync(join(tmpdir(), "multi-tenant-redis-"))
    const port = 20_000 + Math.floor(Math.random() * 20_000)
    const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes"])
    child.once("error", () => resume(Effect.fail(new Error("redis-server not found: set ZOOM_REDIS_URL or apt-get install -y redis-server"))))
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) {
        resume(Effect.succeed({
          url: `redis://127.0.0.1:${port}`,
          stop: () => {
            child.kill()
            rmSync(dir, { recursive: true, force: true })
          }
        }))
      }
    })
  }),
  ({ stop }) => Effect.sync(stop)
)

const program = Effect.gen(function*() {
  const redis = yield* redisUrl
  // Zoom: three accounts on the pro plan, enforcing its 30 requests/s per account
  const { fake, url } = yield* FakeZoom.serve({
    oauth: { clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }] },
    rateLimits: { plan: "pro" }
  })
  const accounts = [
    yield* fake.addAccount({ plan: "pro" }),
    yield* fake.addAccount({ plan: "pro" }),
    yield* fake.addAccount({ plan: "pro" })
  ]
  const connection = RedisConnection.layer({ url: redis.url, keyPrefix: `example:${Date.now()}:` })

  // six users install the app: their first token sets go into the keyed store
  const tenants = yield* Effect.forEach([0, 1, 2, 3, 4, 5], (n) =>
    Effect.gen(function*() {
      const installation = yield* fake.install({ accountId: accounts[n % 3]!.accountId })
      const store = yield* KeyedTokenStore.KeyedTokenStore
      yield* store.set(
        installation.installationId,
        new TokenStore.TokenSet({
          accessToken: Redacted.make("not-yet-issued"),
          expiresAt: DateTime.unsafeMake(0), // refreshed on first use
          refreshToken: installation.refreshToken!,
          scopes: []
        })
      )
      return { id: installation.installationId, accountId: installation.accountId, plan: "pro" } as const
    })).pipe(Effect.provide(RedisTokenStore.layerKeyed().pipe(Layer.provide(connection))))

  // one client for all of them
  // every Zoom account's budget is shared through Redis by all processes
  const ZoomLive = ZoomScheduler.layer({
    baseUrl: `${url}/v2`,
    rateLimit: RedisRateBudget.layer({ limits: "pro" }).pipe(Layer.provide(connection))
  }).pipe(
    Layer.provide(
      TenantCredentials.refreshToken({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshUrl: `${url}/oauth/token` })
    ),
    Layer.provide([RedisTokenStore.layerKeyed(), FetchHttpClient.layer]),
    Layer.provide(connection)
  )

  yield* Effect.gen(function*() {
    const zoom = yield* ZoomScheduler.ZoomScheduler
    // 60 calls per installation, all at once: each account's budget spaces its own
    const started = Date.now()
    yield* Effect.forEach(tenants, (tenant) =>
      Effect.gen(function*() {
        const forTenant = Tenant.forTenant(zoom, tenant)
        const me = yield* forTenant.users.get("me")
        yield* Effect.forEach(Array.from({ length: 59 }), () => forTenant.users.get("me"), { concurrency: 8, discard: true })
        yield* Console.log(`${tenant.id} (account ${tenant.accountId}): ${me.displayName}`)
      }), { concurrency: "unbounded", discard: true })
    const stats = yield* fake.stats
    yield* Console.log(
      `${stats.requests} requests in ${Date.now() - started} ms, ${stats.tokenRequests.refresh_token} refreshes, ${stats.rateLimited.total} answered 429`
    )
  }).pipe(Effect.provide(ZoomLive))
})

Effect.runPromise(Effect.scoped(program)).then(
  () => process.exit(0),
  (error) => {
    console.error(String(error))
    process.exit(1)
  }
)
