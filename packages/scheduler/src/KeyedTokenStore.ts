/**
 * Token sets of many installations (tenants), each under its own key, and the
 * critical section in which one of them is refreshed.
 *
 * The contract is {@link TokenStore}'s, with a key in front: a Marketplace app
 * installed by thousands of Zoom users keeps one rotating refresh token per
 * installation, and refreshes each under that installation's lock (lock, read
 * again, refresh, `set` before use). Locks of different keys never wait for
 * each other.
 *
 * Stores provided here: {@link layerMemory} (one process). Across processes
 * and hosts, `@effect-zoom/scheduler-redis`'s `RedisTokenStore.layerKeyed`.
 * {@link forKey} turns one key of a keyed store into a plain `TokenStore`.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { TokenStore } from "./TokenStore.js"
import type { TokenSet, TokenStoreError } from "./TokenStore.js"

/**
 * Where the token sets of many installations live, one per key, and the
 * per-key lock under which each is refreshed.
 *
 * - `get(key)`: the stored token set, `Option.none()` if the key holds none.
 * - `set(key, tokens)`: replaces the key's token set.
 * - `withLock(key, effect)`: runs `effect` exclusive with every other holder
 *   of the same key (among fibers and, for shared stores, processes), never
 *   with holders of other keys. Released when the effect completes, fails or
 *   is interrupted. Not re-entrant.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { KeyedTokenStore } from "@effect-zoom/scheduler"
 *
 * const stored = Effect.flatMap(KeyedTokenStore.KeyedTokenStore, (store) => store.get("installation-42"))
 * ```
 *
 * @since 0.2.0
 * @category tags
 */
export class KeyedTokenStore extends Context.Tag("@effect-zoom/scheduler/KeyedTokenStore")<KeyedTokenStore, {
  readonly get: (key: string) => Effect.Effect<Option.Option<TokenSet>, TokenStoreError>
  readonly set: (key: string, tokens: TokenSet) => Effect.Effect<void, TokenStoreError>
  readonly withLock: <A, E, R>(key: string, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | TokenStoreError, R>
}>() {}

/**
 * Builds a keyed token store from its three operations. Each operation gets
 * a span (`KeyedTokenStore.get`, `.set`, `.withLock`) carrying the key as
 * `zoom.tenant`; `withLock` must provide the exclusion the backend needs.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { KeyedTokenStore } from "@effect-zoom/scheduler"
 *
 * declare const database: KeyedTokenStore.KeyedTokenStore["Type"]
 * const store = KeyedTokenStore.make(database)
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (impl: KeyedTokenStore["Type"]): KeyedTokenStore["Type"] =>
  KeyedTokenStore.of({
    get: (key) => Effect.withSpan(impl.get(key), "KeyedTokenStore.get", { attributes: { "zoom.tenant": key } }),
    set: (key, tokens) =>
      Effect.withSpan(impl.set(key, tokens), "KeyedTokenStore.set", { attributes: { "zoom.tenant": key } }),
    withLock: (key, effect) =>
      Effect.withSpan(impl.withLock(key, effect), "KeyedTokenStore.withLock", { attributes: { "zoom.tenant": key } })
  })

/**
 * An in-memory keyed store: a `Map` of token sets, and a semaphore per key
 * that exists only while someone holds or waits for it (memory stays
 * proportional to the keys stored, not to the keys ever locked). One process
 * only.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { KeyedTokenStore } from "@effect-zoom/scheduler"
 *
 * const program = Effect.gen(function*() {
 *   const store = yield* KeyedTokenStore.makeMemory()
 *   return yield* store.get("installation-42") // Option.none()
 * })
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeMemory = (
  initial: Iterable<readonly [string, TokenSet]> = []
): Effect.Effect<KeyedTokenStore["Type"]> =>
  Effect.sync(() => {
    const tokens = new Map<string, TokenSet>(initial)
    const locks = new Map<string, { readonly semaphore: Effect.Semaphore; holders: number }>()
    const enter = (key: string) =>
      Effect.sync(() => {
        let lock = locks.get(key)
        if (lock === undefined) {
          lock = { semaphore: Effect.unsafeMakeSemaphore(1), holders: 0 }
          locks.set(key, lock)
        }
        lock.holders++
        return lock
      })
    const leave = (key: string, lock: { holders: number }) =>
      Effect.sync(() => {
        if (--lock.holders === 0) locks.delete(key)
      })
    return make({
      get: (key) => Effect.sync(() => Option.fromNullable(tokens.get(key))),
      set: (key, next) => Effect.sync(() => void tokens.set(key, next)),
      withLock: (key, effect) =>
        Effect.acquireUseRelease(enter(key), (lock) => lock.semaphore.withPermits(1)(effect), (lock) => leave(key, lock))
    })
  })

/**
 * A layer with an in-memory {@link KeyedTokenStore}, optionally seeded.
 *
 * @example
 * ```ts
 * import { KeyedTokenStore } from "@effect-zoom/scheduler"
 *
 * const StoreLive = KeyedTokenStore.layerMemory()
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const layerMemory = (initial: Iterable<readonly [string, TokenSet]> = []): Layer.Layer<KeyedTokenStore> =>
  Layer.effect(KeyedTokenStore, makeMemory(initial))

/**
 * One key of a keyed store, seen as a single-installation `TokenStore`: the
 * plain `Credentials.refreshToken` then works on it unchanged.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { KeyedTokenStore } from "@effect-zoom/scheduler"
 *
 * const program = Effect.gen(function*() {
 *   const keyed = yield* KeyedTokenStore.makeMemory()
 *   const single = KeyedTokenStore.forKey(keyed, "installation-42")
 *   return yield* single.get
 * })
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const forKey = (store: KeyedTokenStore["Type"], key: string): TokenStore["Type"] =>
  TokenStore.of({
    get: store.get(key),
    set: (tokens) => store.set(key, tokens),
    withLock: (effect) => store.withLock(key, effect)
  })

/**
 * A `TokenStore` layer for one key of the {@link KeyedTokenStore} in context.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { KeyedTokenStore } from "@effect-zoom/scheduler"
 *
 * const single = KeyedTokenStore.layerForKey("installation-42").pipe(Layer.provide(KeyedTokenStore.layerMemory()))
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const layerForKey = (key: string): Layer.Layer<TokenStore, never, KeyedTokenStore> =>
  Layer.effect(TokenStore, Effect.map(KeyedTokenStore, (store) => forKey(store, key)))
