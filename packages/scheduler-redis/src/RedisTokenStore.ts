/**
 * Token stores on Redis, shared by every process and host of the app: one
 * token set (`layer`, a `TokenStore`) or one per installation (`layerKeyed`,
 * a `KeyedTokenStore`).
 *
 * - **Lease lock.** `withLock(key, …)` takes `SET lock owner NX PX leaseTtl`
 *   with a random owner; while the effect runs the lease is extended every
 *   third of its TTL, and it is released by a compare-and-delete script (a
 *   holder never deletes someone else's lease). A holder that dies (SIGKILL)
 *   stops extending: another process takes over once the lease expires.
 * - **Fencing.** Each lease draws a fencing token; the write script refuses a
 *   token set from a holder older than the one that wrote the stored set, so
 *   a holder whose lease expired never overwrites a newer token.
 * - **No rotated token is lost.** `set` keeps retrying a write the
 *   connection lost for `persistFor` (default 1 minute); past that it fails
 *   (the new tokens are not used) and keeps the write pending in the process,
 *   written before the key is read or released and retried in the
 *   background. A holder that takes over from one that never released first
 *   waits up to `handoverWait` for that holder's write to land.
 *
 * Each installation is one Redis hash (`<prefix>tokens:<key>`: the token set
 * as JSON and its fences) and, while locked, one lease key
 * (`<prefix>lock:<key>`). Run Redis with persistence (`appendonly yes`): a
 * rotated refresh token that only lived in memory is lost with a restart.
 *
 * @since 0.1.0
 */
import { KeyedTokenStore, TokenStore } from "@effect-zoom/scheduler"
import { randomUUID } from "node:crypto"
import { Duration, Effect, FiberRef, Layer, Option, Schedule, Schema, Scope } from "effect"
import * as Scripts from "./internal/scripts.js"
import { RedisConnection } from "./RedisConnection.js"

/**
 * Options of the Redis token stores; every one has a default.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Lifetime of a lease not extended (its holder died or lost Redis). Default 30 seconds. */
  readonly leaseTtl?: Duration.DurationInput | undefined
  /** How long `withLock` waits for a held lock before failing (`TokenStoreError` "lock"). Default 1 minute. */
  readonly lockTimeout?: Duration.DurationInput | undefined
  /** Pause between two attempts to take a held lock (jittered). Default 25 milliseconds. */
  readonly retryInterval?: Duration.DurationInput | undefined
  /** Time limit of one Redis command. Default 5 seconds. */
  readonly commandTimeout?: Duration.DurationInput | undefined
  /** How long `set` retries a write Redis did not acknowledge. Default 1 minute. */
  readonly persistFor?: Duration.DurationInput | undefined
  /** How long a new holder waits for the write of a holder that never released. Default: `leaseTtl`. */
  readonly handoverWait?: Duration.DurationInput | undefined
}

const codec = Schema.parseJson(TokenStore.TokenSet)
const encode = Schema.encode(codec)
const decode = Schema.decodeUnknown(codec)

/** The fences of the leases the current fiber holds, by data key. */
const heldFences = FiberRef.unsafeMake<ReadonlyMap<string, string>>(new Map())

interface Lease {
  readonly owner: string
  readonly fence: string
  readonly previous: string
  readonly stored: string
}

/**
 * Builds a keyed token store on the {@link RedisConnection} in context.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { RedisConnection, RedisTokenStore } from "@effect-zoom/scheduler-redis"
 *
 * const program = Effect.scoped(
 *   Effect.gen(function*() {
 *     const store = yield* RedisTokenStore.makeKeyed({ leaseTtl: "10 seconds" })
 *     return yield* store.get("installation-42")
 *   })
 * ).pipe(Effect.provide(RedisConnection.layer({ url: "redis://127.0.0.1:6379" })))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeKeyed = (
  options: Options = {}
): Effect.Effect<KeyedTokenStore.KeyedTokenStore["Type"], never, RedisConnection | Scope.Scope> =>
  Effect.gen(function*() {
    const { client, keyPrefix } = yield* RedisConnection
    const layerScope = yield* Effect.scope
    const script = Scripts.define(client)
    const leaseMillis = Math.max(10, Math.round(Duration.toMillis(Duration.decode(options.leaseTtl ?? "30 seconds"))))
    const lockTimeout = Duration.toMillis(Duration.decode(options.lockTimeout ?? "1 minute"))
    const retryMillis = Math.max(1, Duration.toMillis(Duration.decode(options.retryInterval ?? "25 millis")))
    const commandTimeout = Duration.decode(options.commandTimeout ?? "5 seconds")
    const persistFor = Duration.decode(options.persistFor ?? "1 minute")
    const handoverWait = Duration.toMillis(Duration.decode(options.handoverWait ?? Duration.millis(leaseMillis)))
    const dataKey = (key: string) => `${keyPrefix}tokens:${key}`
    const lockKey = (key: string) => `${keyPrefix}lock:${key}`
    const failure = (operation: "get" | "set" | "lock") => (message: string) =>
      new TokenStore.TokenStoreError({ operation, message })
    const call = <A>(operation: "get" | "set" | "lock", f: () => Promise<A>) =>
      Scripts.run(f, commandTimeout, failure(operation))

    // writes that Redis did not acknowledge within `persistFor`, by key
    const pending = new Map<string, { readonly payload: string; readonly fence: string }>()
    const flushing = new Set<string>()

    const write = (key: string, payload: string, fence: string) =>
      call("set", () => script("zoomTokensWrite", [dataKey(key)], [payload, fence]))

    const flush = (key: string): Effect.Effect<void, TokenStore.TokenStoreError> =>
      Effect.suspend(() => {
        const entry = pending.get(key)
        if (entry === undefined) return Effect.void
        return Effect.flatMap(write(key, entry.payload, entry.fence), (written) =>
          Effect.sync(() => {
            if (pending.get(key) === entry) pending.delete(key)
          }).pipe(
            Effect.zipRight(
              written === 1
                ? Effect.logInfo(`RedisTokenStore: the pending token set of ${key} is stored`)
                : Effect.logWarning(`RedisTokenStore: the pending token set of ${key} was superseded by a newer one`)
            )
          ))
      })

    const flushInBackground = (key: string) =>
      Effect.suspend(() => {
        if (flushing.has(key)) return Effect.void
        flushing.add(key)
        return flush(key).pipe(
          Effect.retry(Schedule.spaced("1 second")),
          Effect.ensuring(Effect.sync(() => flushing.delete(key))),
          Effect.forkIn(layerScope),
          Effect.asVoid
        )
      })

    const get = (key: string) =>
      Effect.zipRight(
        flush(key).pipe(Effect.mapError((e) => failure("get")(e.message))),
        Effect.flatMap(call("get", () => client.hget(dataKey(key), "tokens")), (json) =>
          json === null
            ? Effect.succeedNone
            : Effect.map(
              Effect.mapError(decode(json), () => failure("get")(`the token set stored for ${key} is malformed`)),
              Option.some
            ))
      )

    const set = (key: string, tokens: TokenStore.TokenSet) =>
      Effect.gen(function*() {
        const payload = yield* Effect.mapError(encode(tokens), () => failure("set")("the token set cannot be encoded"))
        const fence = (yield* FiberRef.get(heldFences)).get(dataKey(key)) ?? ""
        const written = yield* write(key, payload, fence).pipe(
          Effect.retry(Schedule.spaced("200 millis").pipe(Schedule.upTo(persistFor))),
          Effect.tapError(() =>
            Effect.sync(() => pending.set(key, { payload, fence })).pipe(
              Effect.zipRight(flushInBackground(key)),
              Effect.zipRight(
                Effect.logError(`RedisTokenStore: the token set of ${key} is not stored yet; retrying in the background`)
              )
            )
          )
        )
        if (written !== 1) {
          return yield* failure("set")(`a later lock holder stored a newer token set for ${key}: this one is stale`)
        }
      })

    const tryAcquire = (key: string, owner: string) =>
      Effect.map(
        call("lock", () => script("zoomLockAcquire", [lockKey(key), dataKey(key)], [owner, leaseMillis])),
        (reply): Lease | undefined => {
          if (!Array.isArray(reply)) return undefined
          const [fence, previous, stored] = reply as ReadonlyArray<unknown>
          return { owner, fence: String(fence), previous: String(previous ?? ""), stored: String(stored ?? "") }
        }
      )

    const release = (key: string, lease: Lease) =>
      Effect.zipRight(
        flush(key).pipe(
          Effect.retry(Schedule.spaced("200 millis").pipe(Schedule.upTo(persistFor))),
          Effect.catchAll((e) => Effect.logError(`RedisTokenStore: ${e.message}`))
        ),
        call("lock", () => script("zoomLockRelease", [lockKey(key), dataKey(key)], [lease.owner, lease.fence])).pipe(
          Effect.catchAll((e) => Effect.logWarning(`RedisTokenStore: lease of ${key} not released (it expires): ${e.message}`))
        )
      )

    const acquire = (key: string, scope: Scope.Scope) => {
      const owner = randomUUID()
      const attempt = Effect.uninterruptible(
        Effect.tap(tryAcquire(key, owner), (lease) =>
          lease === undefined ? Effect.void : Scope.addFinalizer(scope, release(key, lease)))
      )
      const loop = (deadline: number): Effect.Effect<Lease, TokenStore.TokenStoreError> =>
        Effect.flatMap(attempt, (lease) =>
          lease !== undefined
            ? Effect.succeed(lease)
            : Date.now() > deadline
            ? Effect.fail(failure("lock")(`the lock of ${key} is still held after ${lockTimeout} ms`))
            : Effect.zipRight(Effect.sleep(Duration.millis(retryMillis * (0.5 + Math.random()))), loop(deadline)))
      return Effect.suspend(() => loop(Date.now() + lockTimeout))
    }

    // a holder that never released may still write what it refreshed: give it `handoverWait`
    const handover = (key: string, lease: Lease) => {
      if (lease.previous === "" || (lease.stored !== "" && Number(lease.stored) >= Number(lease.previous))) {
        return Effect.void
      }
      const storedFence = call("get", () => client.hget(dataKey(key), "fence")).pipe(
        Effect.map((fence) => Number(fence ?? "0")),
        Effect.orElseSucceed(() => 0)
      )
      return storedFence.pipe(
        Effect.repeat({
          schedule: Schedule.spaced(Duration.millis(Math.max(retryMillis, 50))).pipe(
            Schedule.upTo(Duration.millis(handoverWait))
          ),
          until: (fence) => fence >= Number(lease.previous)
        }),
        Effect.asVoid
      )
    }

    const extend = (key: string, lease: Lease): Effect.Effect<void> =>
      Effect.sleep(Duration.millis(leaseMillis / 3)).pipe(
        Effect.zipRight(
          call("lock", () => script("zoomLockExtend", [lockKey(key)], [lease.owner, leaseMillis])).pipe(
            Effect.orElseSucceed(() => 1) // Redis unreachable: try again at the next beat
          )
        ),
        Effect.flatMap((extended) =>
          extended === 1 ? extend(key, lease) : Effect.logWarning(`RedisTokenStore: the lease of ${key} was lost`)
        )
      )

    const withLock = <A, E, R>(key: string, effect: Effect.Effect<A, E, R>) =>
      Effect.acquireUseRelease(
        Scope.make(),
        (scope) =>
          Effect.gen(function*() {
            const lease = yield* acquire(key, scope)
            yield* handover(key, lease)
            yield* Effect.forkIn(extend(key, lease), scope)
            return yield* Effect.locallyWith(effect, heldFences, (held) => new Map(held).set(dataKey(key), lease.fence))
          }),
        (scope, exit) => Scope.close(scope, exit)
      )

    return KeyedTokenStore.make({ get, set, withLock })
  })

/**
 * A single token set on Redis (the key `default`, or `key`): the store of
 * `Credentials.refreshToken` shared by all processes of an app that has one
 * installation.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { RedisConnection, RedisTokenStore } from "@effect-zoom/scheduler-redis"
 *
 * const program = Effect.scoped(
 *   Effect.gen(function*() {
 *     const store = yield* RedisTokenStore.make()
 *     return yield* store.get
 *   })
 * ).pipe(Effect.provide(RedisConnection.layer({ url: "redis://127.0.0.1:6379" })))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options & { readonly key?: string | undefined } = {}
): Effect.Effect<TokenStore.TokenStore["Type"], never, RedisConnection | Scope.Scope> =>
  Effect.map(makeKeyed(options), (store) => KeyedTokenStore.forKey(store, options.key ?? "default"))

/**
 * The single token set on Redis as a `TokenStore` layer.
 *
 * @example
 * ```ts
 * import { Layer, Redacted } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
 * import { RedisConnection, RedisTokenStore } from "@effect-zoom/scheduler-redis"
 *
 * const ZoomLive = ZoomScheduler.layer().pipe(
 *   Layer.provide(Credentials.refreshTokenConfig()),
 *   Layer.provide([RedisTokenStore.layer(), FetchHttpClient.layer]),
 *   Layer.provide(RedisConnection.layerConfig())
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options & { readonly key?: string | undefined } = {}
): Layer.Layer<TokenStore.TokenStore, never, RedisConnection> => Layer.scoped(TokenStore.TokenStore, make(options))

/**
 * The per-installation token sets on Redis as a `KeyedTokenStore` layer, for
 * `TenantCredentials.refreshToken`.
 *
 * @example
 * ```ts
 * import { Layer, Redacted } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { TenantCredentials, ZoomScheduler } from "@effect-zoom/scheduler"
 * import { RedisConnection, RedisTokenStore } from "@effect-zoom/scheduler-redis"
 *
 * const ZoomLive = ZoomScheduler.layer().pipe(
 *   Layer.provide(TenantCredentials.refreshToken({ clientId: "id", clientSecret: Redacted.make("secret") })),
 *   Layer.provide([RedisTokenStore.layerKeyed(), FetchHttpClient.layer]),
 *   Layer.provide(RedisConnection.layerConfig())
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerKeyed = (
  options: Options = {}
): Layer.Layer<KeyedTokenStore.KeyedTokenStore, never, RedisConnection> =>
  Layer.scoped(KeyedTokenStore.KeyedTokenStore, makeKeyed(options))
