/**
 * Persistence of the OAuth token set, and the critical section in which it is
 * refreshed.
 *
 * Zoom rotates the refresh token on every refresh: the old one stops working.
 * A refresh whose result is lost, or one refresh token spent twice by two
 * fibers or processes, locks the integration out. The credentials layer
 * therefore refreshes inside {@link TokenStore}'s `withLock`: take the lock,
 * `get` again, and use the stored token if someone else already refreshed it;
 * otherwise refresh, `set`, release.
 *
 * Stores provided here: {@link layerMemory} (one process). On Node,
 * `@effect-zoom/scheduler-node`'s `NodeTokenStore.layerFile` keeps the token
 * set in a JSON file shared by the processes of one machine (atomic writes, a
 * lock file). Any other backend (a database, a secret manager) is a
 * {@link make} away.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"

/**
 * The stored OAuth token set. Tokens are `Redacted`: printing, logging or
 * `JSON.stringify`-ing a `TokenSet` shows `<redacted>` in their place.
 *
 * @example
 * ```ts
 * import { DateTime, Redacted } from "effect"
 * import { TokenSet } from "@effect-zoom/scheduler/TokenStore"
 *
 * const tokens = new TokenSet({
 *   accessToken: Redacted.make("eyJhbGciOi..."),
 *   expiresAt: DateTime.unsafeMake(Date.now() + 3_600_000),
 *   refreshToken: Redacted.make("eyJzdiI6..."),
 *   scopes: ["scheduler:read", "scheduler:write"],
 *   apiUrl: "https://api.zoom.us"
 * })
 * String(tokens) // accessToken and refreshToken print as <redacted>
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class TokenSet extends Schema.Class<TokenSet>("@effect-zoom/scheduler/TokenSet")({
  /** The bearer token sent to the API. */
  accessToken: Schema.Redacted(Schema.String),
  /** When the access token expires. */
  expiresAt: Schema.DateTimeUtc,
  /** The (rotating) refresh token; absent for grants without one, e.g. server-to-server OAuth. */
  refreshToken: Schema.optional(Schema.Redacted(Schema.String)),
  /** The scopes granted. */
  scopes: Schema.Array(Schema.String),
  /** Zoom's regional `api_url` from the token response. */
  apiUrl: Schema.optional(Schema.String)
}) {}

/**
 * A token store operation failed: reading (`get`), writing (`set`), or
 * acquiring the lock (`lock`, including a lock timeout). The message never
 * contains token values or file content.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TokenStore } from "@effect-zoom/scheduler/TokenStore"
 *
 * const program = Effect.flatMap(TokenStore, (store) => store.get).pipe(
 *   Effect.catchTag("TokenStoreError", (error) =>
 *     Effect.logError(`token store ${error.operation} failed: ${error.message}`)
 *   )
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class TokenStoreError extends Schema.TaggedError<TokenStoreError>("@effect-zoom/scheduler/TokenStoreError")(
  "TokenStoreError",
  { operation: Schema.Literal("get", "set", "lock"), message: Schema.String, cause: Schema.optional(Schema.Defect) }
) {}

/**
 * Where the OAuth token set lives, and the lock under which it is refreshed.
 *
 * - `get`: the stored token set, `Option.none()` if nothing is stored yet.
 * - `set`: replaces the stored token set (atomically, for durable stores).
 * - `withLock`: runs an effect in the store's critical section, exclusive
 *   among fibers and, for shared stores, among processes. The lock is released
 *   when the effect completes, fails or is interrupted. It is not re-entrant:
 *   do not call `withLock` inside `withLock`. `get` and `set` never take it.
 *
 * @example
 * ```ts
 * import { DateTime, Effect, Option } from "effect"
 * import { TokenSet, TokenStore } from "@effect-zoom/scheduler/TokenStore"
 *
 * // The refresh protocol: lock, read again, refresh only if still needed.
 * const freshTokens = (refresh: (current: Option.Option<TokenSet>) => Effect.Effect<TokenSet>) =>
 *   Effect.gen(function*() {
 *     const store = yield* TokenStore
 *     return yield* store.withLock(
 *       Effect.gen(function*() {
 *         const now = yield* DateTime.now
 *         const current = yield* store.get
 *         if (Option.isSome(current) && DateTime.lessThan(now, current.value.expiresAt)) {
 *           return current.value // another fiber or process refreshed already
 *         }
 *         const next = yield* refresh(current)
 *         yield* store.set(next)
 *         return next
 *       })
 *     )
 *   })
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class TokenStore extends Context.Tag("@effect-zoom/scheduler/TokenStore")<TokenStore, {
  readonly get: Effect.Effect<Option.Option<TokenSet>, TokenStoreError>
  readonly set: (tokens: TokenSet) => Effect.Effect<void, TokenStoreError>
  readonly withLock: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | TokenStoreError, R>
}>() {}

/**
 * Builds a token store from its three operations, e.g. over a database or a
 * secret manager. Each operation gets a tracing span (`TokenStore.get`,
 * `TokenStore.set`, `TokenStore.withLock`); nothing else is added, so `withLock`
 * must provide the exclusion the backend needs (a row lock, a lease, ...).
 *
 * @example
 * ```ts
 * import { Effect, Layer, Option, Ref } from "effect"
 * import * as TokenStore from "@effect-zoom/scheduler/TokenStore"
 *
 * // A store kept in a Ref (a real one would talk to a database).
 * const layer = Layer.effect(
 *   TokenStore.TokenStore,
 *   Effect.gen(function*() {
 *     const ref = yield* Ref.make(Option.none<TokenStore.TokenSet>())
 *     const mutex = yield* Effect.makeSemaphore(1)
 *     return TokenStore.make({
 *       get: Ref.get(ref),
 *       set: (tokens) => Ref.set(ref, Option.some(tokens)),
 *       withLock: (effect) => mutex.withPermits(1)(effect)
 *     })
 *   })
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (impl: TokenStore["Type"]): TokenStore["Type"] =>
  TokenStore.of({
    get: Effect.withSpan(impl.get, "TokenStore.get"),
    set: (tokens) => Effect.withSpan(impl.set(tokens), "TokenStore.set"),
    withLock: (effect) => Effect.withSpan(impl.withLock(effect), "TokenStore.withLock")
  })

// -----------------------------------------------------------------------------
// memory
// -----------------------------------------------------------------------------

/**
 * An in-memory token store: the token set lives in a `Ref`, the lock is a
 * semaphore of one permit. Tokens are lost when the process exits, and other
 * processes are not excluded; use `NodeTokenStore.layerFile` from
 * `@effect-zoom/scheduler-node` for that.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as TokenStore from "@effect-zoom/scheduler/TokenStore"
 *
 * const program = Effect.gen(function*() {
 *   const store = yield* TokenStore.makeMemory()
 *   return yield* store.get // Option.none()
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory = (initial?: TokenSet): Effect.Effect<TokenStore["Type"]> =>
  Effect.gen(function*() {
    const ref = yield* Ref.make(Option.fromNullable(initial))
    const mutex = yield* Effect.makeSemaphore(1)
    return make({
      get: Ref.get(ref),
      set: (tokens) => Ref.set(ref, Option.some(tokens)),
      withLock: (effect) => mutex.withPermits(1)(effect)
    })
  })

/**
 * A layer with an in-memory {@link TokenStore}, optionally seeded with a token
 * set (e.g. one obtained out of band). Each build of the layer has its own
 * state.
 *
 * @example
 * ```ts
 * import { DateTime, Effect, Redacted } from "effect"
 * import * as TokenStore from "@effect-zoom/scheduler/TokenStore"
 *
 * const seeded = TokenStore.layerMemory(
 *   new TokenStore.TokenSet({
 *     accessToken: Redacted.make("eyJhbGciOi..."),
 *     expiresAt: DateTime.unsafeMake("2030-01-01T00:00:00Z"),
 *     scopes: []
 *   })
 * )
 * const program = Effect.flatMap(TokenStore.TokenStore, (store) => store.get).pipe(Effect.provide(seeded))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (initial?: TokenSet): Layer.Layer<TokenStore> =>
  Layer.effect(TokenStore, makeMemory(initial))
