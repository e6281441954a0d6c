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
 * Stores provided here: {@link layerMemory} (one process) and {@link layerFile}
 * (a JSON file shared by processes of one machine, with atomic writes and a
 * lock file). Any other backend (a database, a secret manager) is a
 * {@link make} away.
 *
 * @since 0.1.0
 */
import * as NodePath from "node:path"
import type { Config, ConfigError } from "effect"
import { Clock, Context, Duration, Effect, Layer, Option, ParseResult, Ref, Schema, Scope } from "effect"
import * as AtomicFile from "./internal/atomicFile.js"
import * as FileLock from "./internal/fileLock.js"

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
 * processes are not excluded; use {@link layerFile} for that.
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

// -----------------------------------------------------------------------------
// file
// -----------------------------------------------------------------------------

/**
 * Options of the file token store.
 *
 * @example
 * ```ts
 * import type { FileOptions } from "@effect-zoom/scheduler/TokenStore"
 *
 * const options: FileOptions = { lockTimeout: "10 seconds", staleLockAfter: "2 minutes" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface FileOptions {
  /**
   * A lock file whose owner stopped refreshing it for this long is taken over
   * (a live owner refreshes it a few times per period). A lock whose owner pid
   * is gone from this host is taken over at once. Default: 60 seconds.
   */
  readonly staleLockAfter?: Duration.DurationInput
  /** Mean delay between two attempts while the lock is busy (jittered ±50%). Default: 50 millis. */
  readonly lockRetryInterval?: Duration.DurationInput
  /**
   * How long `withLock` waits for the lock (other fibers of this process
   * included) before failing with `TokenStoreError({ operation: "lock" })`.
   * Default: 30 seconds.
   */
  readonly lockTimeout?: Duration.DurationInput
}

const FILE_MODE = 0o600

/** On-disk format, version 1: snake_case JSON. Unknown keys are ignored. */
const TokenFileV1 = Schema.Struct({
  version: Schema.Literal(1),
  accessToken: Schema.propertySignature(Schema.Redacted(Schema.String)).pipe(Schema.fromKey("access_token")),
  expiresAt: Schema.propertySignature(Schema.DateTimeUtc).pipe(Schema.fromKey("expires_at")),
  refreshToken: Schema.optionalWith(Schema.Redacted(Schema.String), { exact: true }).pipe(
    Schema.fromKey("refresh_token")
  ),
  scopes: Schema.Array(Schema.String),
  apiUrl: Schema.optionalWith(Schema.String, { exact: true }).pipe(Schema.fromKey("api_url"))
})

/** Where and why a decode failed, without the offending values (they may be secrets). */
const describeIssues = (error: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .map((issue) => {
      const where = issue.path.length === 0 ? "the document" : `"${issue.path.map(String).join(".")}"`
      const what = issue._tag === "Missing"
        ? "is missing"
        : issue._tag === "Unexpected"
        ? "is not allowed"
        : "has an invalid value"
      return `${where} ${what}`
    })
    .join(", ")

const decodeTokenFile = (path: string, raw: string): Effect.Effect<TokenSet, TokenStoreError> =>
  Effect.gen(function*() {
    const invalid = (why: string) =>
      new TokenStoreError({ operation: "get", message: `token file ${path} is unreadable: ${why}` })
    if (raw.trim() === "") return yield* invalid("it is empty")
    const json: unknown = yield* Effect.try({
      try: () => JSON.parse(raw),
      // The SyntaxError quotes the content: keep neither its message nor the error.
      catch: () => invalid("it is not valid JSON")
    })
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      return yield* invalid("it is not a JSON object")
    }
    if ("version" in json && json.version !== 1) {
      const version = typeof json.version === "number" ? String(json.version) : "non-numeric"
      return yield* invalid(`unsupported format version ${version} (expected 1)`)
    }
    const { version: _version, ...fields } = yield* Schema.decodeUnknown(TokenFileV1, { errors: "all" })(json).pipe(
      Effect.mapError((error) => invalid(describeIssues(error)))
    )
    return new TokenSet(fields)
  })

// Encodes from the fields, so that a structurally typed plain object is accepted too.
const encodeTokenFile = (path: string, tokens: TokenSet): Effect.Effect<string, TokenStoreError> =>
  Schema.encode(TokenFileV1)({
    version: 1,
    accessToken: tokens.accessToken,
    expiresAt: tokens.expiresAt,
    scopes: tokens.scopes,
    ...(tokens.refreshToken === undefined ? {} : { refreshToken: tokens.refreshToken }),
    ...(tokens.apiUrl === undefined ? {} : { apiUrl: tokens.apiUrl })
  }).pipe(
    Effect.map((encoded) => `${JSON.stringify(encoded, null, 2)}\n`),
    Effect.mapError((error) =>
      new TokenStoreError({
        operation: "set",
        message: `cannot encode the token set for ${path}: ${describeIssues(error)}`
      })
    )
  )

const fromFileSystemError = (operation: TokenStoreError["operation"]) =>
(
  error: { readonly message: string; readonly cause?: unknown }
): TokenStoreError => new TokenStoreError({ operation, message: error.message, cause: error.cause })

/**
 * A token store in a JSON file shared by the processes of one machine (see
 * {@link layerFile} for the guarantees). The path is resolved against the
 * current directory once, here.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as TokenStore from "@effect-zoom/scheduler/TokenStore"
 *
 * const program = Effect.gen(function*() {
 *   const store = yield* TokenStore.makeFile("/var/lib/my-app/zoom-tokens.json")
 *   return yield* store.get
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeFile = (path: string, options?: FileOptions): Effect.Effect<TokenStore["Type"]> =>
  Effect.sync(() => {
    const file = NodePath.resolve(path)
    const staleAfter = Duration.decode(options?.staleLockAfter ?? "60 seconds")
    const timeoutMs = Duration.toMillis(Duration.decode(options?.lockTimeout ?? "30 seconds"))
    const lock = FileLock.make(`${file}.lock`, {
      staleAfter,
      retryInterval: Duration.decode(options?.lockRetryInterval ?? "50 millis")
    })
    const isTempFile = AtomicFile.isTempFileOf(file)

    const get = AtomicFile.readFileIfExists(file, { mode: FILE_MODE }).pipe(
      Effect.mapError(fromFileSystemError("get")),
      Effect.flatMap(Option.match({
        onNone: () => Effect.succeedNone,
        onSome: (raw) => Effect.asSome(decodeTokenFile(file, raw))
      }))
    )

    const set = (tokens: TokenSet) =>
      encodeTokenFile(file, tokens).pipe(
        Effect.flatMap((content) =>
          AtomicFile.writeFileAtomic(file, content, { mode: FILE_MODE }).pipe(
            Effect.mapError(fromFileSystemError("set"))
          )
        )
      )

    const acquire = Effect.gen(function*() {
      const deadline = (yield* Clock.currentTimeMillis) + timeoutMs
      yield* lock.acquire(deadline).pipe(Effect.mapError(fromFileSystemError("lock")))
      // Under the lock: sweep temporary files abandoned by crashed writers.
      const now = yield* Clock.currentTimeMillis
      yield* AtomicFile.removeStaleFiles(NodePath.dirname(file), isTempFile, Duration.toMillis(staleAfter), now)
    })

    const withLock = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | TokenStoreError, R> =>
      // A scope of our own (not `Effect.scoped`, which would also provide a
      // Scope to `effect`) holds the permit, the lock file and its heartbeat.
      Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(Scope.make(), (scope) =>
          restore(Effect.zipRight(Scope.extend(acquire, scope), effect)).pipe(
            Effect.onExit((exit) => Scope.close(scope, exit))
          ))
      )

    return make({ get, set, withLock })
  })

/**
 * A layer with a {@link TokenStore} persisted in a JSON file, safe to share
 * between the processes of one machine:
 *
 * - writes are atomic (temporary file in the same folder, fsync, rename,
 *   folder fsync): a crash never leaves a truncated or empty token file, and
 *   temporary files left by a crash are ignored (and swept later);
 * - the file is created with mode `0o600` (an existing wider file is narrowed
 *   on read), missing folders with `0o700`;
 * - `withLock` holds an in-process semaphore and a lock file `<path>.lock`
 *   (exclusive create, owner pid/host/time inside, refreshed while held). A
 *   lock whose owner died (dead pid on this host, or not refreshed for
 *   `staleLockAfter`) is taken over safely; waiting beyond `lockTimeout` fails
 *   with `TokenStoreError({ operation: "lock" })`;
 * - a missing file reads as `Option.none()`; a file that does not decode is a
 *   `TokenStoreError({ operation: "get" })`, never an empty store.
 *
 * The format is `{"version":1,"access_token","expires_at","refresh_token"?,
 * "scopes","api_url"?}`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as TokenStore from "@effect-zoom/scheduler/TokenStore"
 *
 * const TokenStoreLive = TokenStore.layerFile(".zoom/tokens.json", { lockTimeout: "10 seconds" })
 *
 * const program = Effect.flatMap(TokenStore.TokenStore, (store) => store.get).pipe(
 *   Effect.provide(TokenStoreLive)
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFile = (path: string, options?: FileOptions): Layer.Layer<TokenStore> =>
  Layer.effect(TokenStore, makeFile(path, options))

/**
 * {@link layerFile} with the path read from `Config`.
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import * as TokenStore from "@effect-zoom/scheduler/TokenStore"
 *
 * const TokenStoreLive = TokenStore.layerFileConfig(
 *   Config.string("ZOOM_TOKEN_FILE").pipe(Config.withDefault(".zoom/tokens.json"))
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFileConfig = (
  path: Config.Config<string>,
  options?: FileOptions
): Layer.Layer<TokenStore, ConfigError.ConfigError> =>
  Layer.effect(TokenStore, Effect.flatMap(path, (resolved) => makeFile(resolved, options)))
