/**
 * The Redis connection shared by the token store and the rate budget, and
 * the prefix of every key they write.
 *
 * @since 0.1.0
 */
import type { ConfigError } from "effect"
import { Config, Context, Effect, Layer, Option, Redacted } from "effect"
import { Redis } from "ioredis"
import type { RedisOptions } from "ioredis"

/**
 * An ioredis client and the key prefix of this app's data (`zoom:` by
 * default), so that several apps or environments can share one Redis.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { RedisConnection } from "@effect-zoom/scheduler-redis"
 *
 * const ping = Effect.flatMap(RedisConnection.RedisConnection, ({ client }) => Effect.promise(() => client.ping()))
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class RedisConnection extends Context.Tag("@effect-zoom/scheduler-redis/RedisConnection")<RedisConnection, {
  /** The ioredis client. */
  readonly client: Redis
  /** Prepended to every key written. */
  readonly keyPrefix: string
}>() {}

/**
 * Where to connect: an existing ioredis client (left open when the layer is
 * released), or a `redis://` / `rediss://` URL or ioredis options (a client
 * opened by the layer and closed with it).
 *
 * @since 0.1.0
 * @category models
 */
export type Options =
  & { readonly keyPrefix?: string | undefined }
  & (
    | { readonly client: Redis }
    | { readonly url: string | Redacted.Redacted<string>; readonly redisOptions?: RedisOptions | undefined }
    | { readonly redisOptions: RedisOptions }
  )

/**
 * The default key prefix, `zoom:`.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultKeyPrefix = "zoom:"

const open = (options: Options): Redis => {
  if ("client" in options) return options.client
  const extra: RedisOptions = { ...options.redisOptions }
  const client = "url" in options
    ? new Redis(Redacted.isRedacted(options.url) ? Redacted.value(options.url) : options.url, extra)
    : new Redis(extra)
  // connection errors reach the callers as failed commands (typed errors); without a
  // listener ioredis would also print every reconnection attempt's error
  client.on("error", () => {})
  return client
}

/**
 * The connection as a layer. A client this layer opens is closed (`QUIT`)
 * when the layer is released.
 *
 * @example
 * ```ts
 * import { RedisConnection } from "@effect-zoom/scheduler-redis"
 *
 * const RedisLive = RedisConnection.layer({ url: "redis://127.0.0.1:6379", keyPrefix: "my-app:zoom:" })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<RedisConnection> =>
  Layer.scoped(
    RedisConnection,
    Effect.map(
      Effect.acquireRelease(
        Effect.sync(() => open(options)),
        (client) =>
          "client" in options
            ? Effect.void
            : Effect.promise(() => client.quit().then(() => undefined, () => client.disconnect()))
      ),
      (client) => RedisConnection.of({ client, keyPrefix: options.keyPrefix ?? defaultKeyPrefix })
    )
  )

/**
 * {@link layer} configured from `Config` (environment variables by default):
 * `ZOOM_REDIS_URL` (read as a secret: it may carry a password) and
 * optionally `ZOOM_REDIS_KEY_PREFIX`. A missing variable fails with a
 * `ConfigError` naming it.
 *
 * @example
 * ```ts
 * import { RedisConnection } from "@effect-zoom/scheduler-redis"
 *
 * const RedisLive = RedisConnection.layerConfig()
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: {
    readonly url?: Config.Config<Redacted.Redacted<string>>
    readonly keyPrefix?: Config.Config<Option.Option<string>>
  } = {}
): Layer.Layer<RedisConnection, ConfigError.ConfigError> =>
  Layer.unwrapEffect(
    Effect.map(
      Config.all({
        url: config.url ?? Config.redacted("ZOOM_REDIS_URL"),
        keyPrefix: config.keyPrefix ?? Config.option(Config.string("ZOOM_REDIS_KEY_PREFIX"))
      }),
      ({ keyPrefix, url }) => layer({ url, keyPrefix: Option.getOrUndefined(keyPrefix) })
    )
  )
