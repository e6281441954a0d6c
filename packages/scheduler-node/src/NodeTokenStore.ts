/**
 * The file token store for Node: a {@link TokenStore.TokenStore} persisted in
 * a JSON file shared by the processes of one machine, with atomic writes and a
 * lock file. The contract, `TokenSet` and the memory store live in
 * `@effect-zoom/scheduler/TokenStore`.
 *
 * @since 0.2.0
 */
import * as NodePath from "node:path"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import { make, TokenSet, TokenStore, TokenStoreError } from "@effect-zoom/scheduler/TokenStore"
import * as AtomicFile from "./internal/atomicFile.js"
import * as FileLock from "./internal/fileLock.js"

/**
 * Options of the file token store.
 *
 * @example
 * ```ts
 * import type { FileOptions } from "@effect-zoom/scheduler-node/NodeTokenStore"
 *
 * const options: FileOptions = { lockTimeout: "10 seconds", staleLockAfter: "2 minutes" }
 * ```
 *
 * @since 0.2.0
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
 * import * as NodeTokenStore from "@effect-zoom/scheduler-node/NodeTokenStore"
 *
 * const program = Effect.gen(function*() {
 *   const store = yield* NodeTokenStore.makeFile("/var/lib/my-app/zoom-tokens.json")
 *   return yield* store.get
 * })
 * ```
 *
 * @since 0.2.0
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
 * import { TokenStore } from "@effect-zoom/scheduler/TokenStore"
 * import * as NodeTokenStore from "@effect-zoom/scheduler-node/NodeTokenStore"
 *
 * const TokenStoreLive = NodeTokenStore.layerFile(".zoom/tokens.json", { lockTimeout: "10 seconds" })
 *
 * const program = Effect.flatMap(TokenStore, (store) => store.get).pipe(
 *   Effect.provide(TokenStoreLive)
 * )
 * ```
 *
 * @since 0.2.0
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
 * import * as NodeTokenStore from "@effect-zoom/scheduler-node/NodeTokenStore"
 *
 * const TokenStoreLive = NodeTokenStore.layerFileConfig(
 *   Config.string("ZOOM_TOKEN_FILE").pipe(Config.withDefault(".zoom/tokens.json"))
 * )
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const layerFileConfig = (
  path: Config.Config<string>,
  options?: FileOptions
): Layer.Layer<TokenStore, ConfigError.ConfigError> =>
  Layer.effect(TokenStore, Effect.flatMap(path, (resolved) => makeFile(resolved, options)))
