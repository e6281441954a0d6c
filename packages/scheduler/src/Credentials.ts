/**
 * Where the client's access tokens come from.
 *
 * The client asks the `Credentials` service for a token before every
 * attempt, and tells it when Zoom rejected one as expired (401, code 124), so
 * that OAuth credentials can refresh and the request can be replayed once.
 *
 * @since 0.1.0
 */
import { Config, Context, Effect, Layer, Option, Redacted } from "effect"
import type { AuthError } from "./Errors.js"
import type { TokenStoreError } from "./TokenStore.js"

/**
 * An access token, and the regional API host Zoom issued it for (its
 * `api_url`, e.g. for EU accounts), when known.
 *
 * @since 0.1.0
 */
export interface AccessToken {
  readonly token: Redacted.Redacted<string>
  readonly apiUrl: Option.Option<string>
}

/**
 * The errors of obtaining a token.
 *
 * @since 0.1.0
 */
export type CredentialsError = AuthError | TokenStoreError

/**
 * The credentials seam. Implement it to plug in another token source.
 *
 * @example
 * ```ts
 * import { Effect, Layer, Option, Redacted } from "effect"
 * import { Credentials } from "@effect-zoom/scheduler"
 *
 * // tokens from your own vault
 * declare const fromVault: Effect.Effect<string>
 * const vault = Layer.succeed(Credentials.Credentials, {
 *   accessToken: Effect.map(fromVault, (t) => ({ token: Redacted.make(t), apiUrl: Option.none() })),
 *   refreshRejected: () => Effect.succeedNone
 * })
 * ```
 *
 * @since 0.1.0
 */
export class Credentials extends Context.Tag("@effect-zoom/scheduler/Credentials")<
  Credentials,
  {
    /** A token valid now (refreshing first when it is about to expire). */
    readonly accessToken: Effect.Effect<AccessToken, CredentialsError>
    /**
     * Zoom rejected `rejected` as expired or invalid: returns a replacement to
     * replay the request with, or `None` when these credentials cannot refresh.
     */
    readonly refreshRejected: (rejected: AccessToken) => Effect.Effect<Option.Option<AccessToken>, CredentialsError>
  }
>() {}

/**
 * A fixed bearer token (for example one minted by your own OAuth flow).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Credentials } from "@effect-zoom/scheduler"
 *
 * const credentials = Credentials.bearer(Redacted.make(process.env.ZOOM_ACCESS_TOKEN ?? ""))
 * ```
 *
 * @since 0.1.0
 */
export const bearer = (token: Redacted.Redacted<string>): Layer.Layer<Credentials> => {
  const accessToken: AccessToken = { token, apiUrl: Option.none() }
  return Layer.succeed(Credentials, {
    accessToken: Effect.succeed(accessToken),
    refreshRejected: () => Effect.succeedNone
  })
}

/**
 * A fixed bearer token read from `ZOOM_ACCESS_TOKEN` (or the `Config` you
 * pass). A missing variable fails the layer with a `ConfigError` naming it.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const ZoomLive = ZoomScheduler.layer().pipe(
 *   Layer.provide([Credentials.bearerConfig(), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.1.0
 */
export const bearerConfig = (
  token: Config.Config<Redacted.Redacted<string>> = Config.redacted("ZOOM_ACCESS_TOKEN")
): Layer.Layer<Credentials, import("effect/ConfigError").ConfigError> =>
  Layer.unwrapEffect(Effect.map(token, bearer))
