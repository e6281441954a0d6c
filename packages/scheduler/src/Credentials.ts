/**
 * Where the client's access tokens come from.
 *
 * The client asks the `Credentials` service for a token before every
 * attempt, and tells it when Zoom rejected one as expired (401, code 124), so
 * that OAuth credentials can refresh and the request can be replayed once.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as ConfigError from "effect/ConfigError"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { AuthError } from "./Errors.js"
import { makeSingleFlight, requestToken } from "./internal/oauth.js"
import { withPeek } from "./internal/tokenPeek.js"
import { oauthSettings, refreshUnderLock } from "./internal/refreshGrant.js"
import type { RefreshGrant } from "./internal/refreshGrant.js"
import * as Scrub from "./internal/scrub.js"
import { TokenStore } from "./TokenStore.js"
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
  return Layer.sync(Credentials, () => {
    // a server echoing the token back never gets it into an error
    Scrub.register(token)
    return withPeek({
      accessToken: Effect.succeed(accessToken),
      refreshRejected: () => Effect.succeedNone
    }, () => accessToken)
  })
}

/** What each variable the `…Config` layers read should be set to. */
const variableHints: Readonly<Record<string, string>> = {
  ZOOM_ACCESS_TOKEN: "a Zoom OAuth access token (see docs/guides/first-refresh-token.md to get one)",
  ZOOM_CLIENT_ID: "your Zoom app's Client ID (Zoom App Marketplace, your app, App Credentials)",
  ZOOM_CLIENT_SECRET: "your Zoom app's Client Secret (Zoom App Marketplace, your app, App Credentials)",
  ZOOM_ACCOUNT_ID: "your Zoom account ID (the Server-to-Server OAuth app's App Credentials page)"
}

/**
 * A missing variable's error names it and says what to set it to (Effect's
 * own message for a missing `Config.redacted` is only `<redacted>`).
 */
const explainMissing = (error: ConfigError.ConfigError): ConfigError.ConfigError => {
  switch (error._op) {
    case "And":
      return ConfigError.And(explainMissing(error.left), explainMissing(error.right))
    case "Or":
      return ConfigError.Or(explainMissing(error.left), explainMissing(error.right))
    case "MissingData": {
      const name = error.path.join("_")
      const hint = variableHints[error.path[error.path.length - 1] ?? ""]
      return hint === undefined && error.message !== "<redacted>"
        ? error
        : ConfigError.MissingData(error.path, `${name} is not set${hint === undefined ? "" : `: set it to ${hint}`}`)
    }
    default:
      return error
  }
}

/**
 * A credentials layer built from what `config` reads; a missing variable
 * fails it with a `ConfigError` that names the variable (see `explainMissing`).
 */
const layerFromConfig = <A, R>(
  config: Config.Config<A>,
  build: (value: A) => Layer.Layer<Credentials, never, R>
): Layer.Layer<Credentials, ConfigError.ConfigError, R> =>
  Layer.unwrapEffect(Effect.map(Effect.mapError(config, explainMissing), build))

/** The app's `ZOOM_CLIENT_ID` and `ZOOM_CLIENT_SECRET`, read by both OAuth `…Config` layers. */
const appConfig = () => ({ clientId: Config.string("ZOOM_CLIENT_ID"), clientSecret: Config.redacted("ZOOM_CLIENT_SECRET") })

/** An optional variable: `undefined` when it is not set. */
const optionalConfig = <A>(config: Config.Config<A>): Config.Config<A | undefined> =>
  Config.map(Config.option(config), Option.getOrUndefined)

/**
 * The network options shared by the OAuth credentials.
 *
 * @since 0.2.0
 */
export interface TokenRequestOptions {
  /**
   * Time limit of each token request, the answer's body included. Past it
   * the request is aborted and the call (and every caller waiting on the
   * same refresh) fails with `AuthError("Timeout")`; a later call requests
   * again. Default 30 seconds, the client's default `timeout`.
   */
  readonly tokenRequestTimeout?: Duration.DurationInput | undefined
  /**
   * Allow a plain `http://` token endpoint, or a token whose `api_url` is
   * plain http, on a host that is not loopback. Otherwise such a URL fails
   * with `AuthError("InsecureUrl")` before any secret is sent. Default `false`.
   */
  readonly allowInsecureHttp?: boolean | undefined
}

/**
 * A fixed bearer token read from `ZOOM_ACCESS_TOKEN` (or the `Config` you
 * pass). A missing variable fails the layer with a `ConfigError` naming it
 * and saying what to set it to.
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
): Layer.Layer<Credentials, ConfigError.ConfigError> =>
  layerFromConfig(token, bearer)

/**
 * Options of {@link refreshToken}.
 *
 * @since 0.1.0
 */
export interface RefreshTokenOptions extends TokenRequestOptions {
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** The token endpoint. Default `https://zoom.us/oauth/token`. */
  readonly refreshUrl?: string | undefined
  /**
   * The refresh token to start from when the `TokenStore` holds none. Once
   * a refresh has rotated it, the stored one is used instead.
   */
  readonly refreshToken?: Redacted.Redacted<string> | undefined
  /** How long before its expiry an access token is refreshed. Default 5 minutes. */
  readonly refreshMargin?: Duration.DurationInput | undefined
}

/**
 * OAuth 2.0 with Zoom's rotating refresh tokens (the connector's
 * `OAuth2RefreshTokenGrantConfig`). Needs an `HttpClient` and a `TokenStore`.
 *
 * - The access token is refreshed `refreshMargin` before it expires, and once
 *   more when Zoom answers 401 with code 124 (then the request is replayed
 *   exactly once).
 * - Refreshing is single-flight: however many fibers need a token at once,
 *   one request goes to the token endpoint and all of them wait for it.
 *   Across processes, the `TokenStore`'s lock does the same: under the lock
 *   the store is read again, and a token another process stored is used
 *   instead of refreshing.
 * - Zoom rotates the refresh token on every refresh; the new token set is
 *   written to the store **before** the new access token is used. If saving
 *   fails, the call fails with `TokenStoreError` and the unsaved tokens are
 *   never used.
 * - A rejected refresh (`invalid_grant`, …) fails at once with
 *   `AuthError("RefreshRejected")`; it is never retried, and the store is
 *   left untouched.
 * - When the token response carries `api_url` (Zoom's regional host),
 *   requests go there (unless the client has an explicit `baseUrl`). An
 *   `api_url` that is plain http to another machine is refused with
 *   `AuthError("InsecureUrl")` (after the rotated tokens are saved), as is
 *   a plain-http `refreshUrl`, unless `allowInsecureHttp` is set.
 * - Each token request is bounded by `tokenRequestTimeout` (default 30
 *   seconds): a stalled endpoint fails every waiting caller with
 *   `AuthError("Timeout")`, and the next call refreshes again.
 *
 * @example
 * ```ts
 * import { Layer, Redacted } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
 * import { NodeTokenStore } from "@effect-zoom/scheduler-node"
 *
 * const ZoomLive = ZoomScheduler.layer().pipe(
 *   Layer.provide(
 *     Credentials.refreshToken({
 *       clientId: "my-client-id",
 *       clientSecret: Redacted.make("my-client-secret"),
 *       refreshToken: Redacted.make("first-refresh-token")
 *     })
 *   ),
 *   Layer.provide([NodeTokenStore.layerFile("./.zoom-tokens.json"), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.1.0
 */
export const refreshToken = (
  options: RefreshTokenOptions
): Layer.Layer<Credentials, never, HttpClient.HttpClient | TokenStore> =>
  Layer.scoped(
    Credentials,
    Effect.gen(function*() {
      const grant: RefreshGrant = {
        httpClient: yield* HttpClient.HttpClient,
        settings: oauthSettings(options, options.refreshUrl),
        clientId: options.clientId,
        clientSecret: options.clientSecret
      }
      const store = yield* TokenStore
      Scrub.registerClient(options.clientId, options.clientSecret)
      Scrub.register(options.refreshToken)
      const flight = yield* makeSingleFlight({
        scope: yield* Effect.scope,
        margin: grant.settings.margin,
        allowInsecureHttp: grant.settings.allowInsecureHttp,
        refresh: (rejected) =>
          refreshUnderLock(grant, store, {
            rejected,
            initialRefreshToken: Option.fromNullable(options.refreshToken),
            noRefreshToken: "no refresh token: the token store holds none and none was configured (ZOOM_REFRESH_TOKEN)"
          }).pipe(Effect.withSpan("ZoomScheduler.oauth.refresh"))
      })
      return withPeek(Credentials.of({ accessToken: flight.accessToken, refreshRejected: flight.refreshRejected }), flight.peek)
    })
  )

/**
 * {@link refreshToken} configured from `Config` (environment variables by
 * default): `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET`, and optionally
 * `ZOOM_REFRESH_TOKEN` (needed until the store holds a token set) and
 * `ZOOM_REFRESH_URL`. A missing variable fails with a `ConfigError` naming it.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
 * import { NodeTokenStore } from "@effect-zoom/scheduler-node"
 *
 * const ZoomLive = ZoomScheduler.layerConfig().pipe(
 *   Layer.provide(Credentials.refreshTokenConfig()),
 *   Layer.provide([NodeTokenStore.layerFile("./.zoom-tokens.json"), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.1.0
 */
export const refreshTokenConfig = (
  options: { readonly refreshMargin?: Duration.DurationInput } & TokenRequestOptions = {}
): Layer.Layer<Credentials, ConfigError.ConfigError, HttpClient.HttpClient | TokenStore> =>
  layerFromConfig(
    Config.all({
      ...appConfig(),
      refreshToken: optionalConfig(Config.redacted("ZOOM_REFRESH_TOKEN")),
      refreshUrl: optionalConfig(Config.string("ZOOM_REFRESH_URL"))
    }),
    (config) => refreshToken({ ...options, ...config })
  )

/**
 * Options of {@link serverToServer}.
 *
 * @since 0.1.0
 */
export interface ServerToServerOptions extends TokenRequestOptions {
  readonly accountId: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** The token endpoint. Default `https://zoom.us/oauth/token`. */
  readonly tokenUrl?: string | undefined
  /** How long before its expiry a token is replaced. Default 5 minutes. */
  readonly refreshMargin?: Duration.DurationInput | undefined
}

/**
 * Zoom's Server-to-Server OAuth (`grant_type=account_credentials`): a token
 * per account, cached until `refreshMargin` before its expiry, fetched
 * single-flight (one request however many fibers need it), and fetched
 * again when Zoom rejects it as expired. Each token request is bounded by
 * `tokenRequestTimeout` (`AuthError("Timeout")` past it, for every waiting
 * caller); a plain-http `tokenUrl` or `api_url` off the machine fails with
 * `AuthError("InsecureUrl")` unless `allowInsecureHttp` is set. Needs an
 * `HttpClient`.
 *
 * @example
 * ```ts
 * import { Layer, Redacted } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const ZoomLive = ZoomScheduler.layer().pipe(
 *   Layer.provide(
 *     Credentials.serverToServer({
 *       accountId: "my-account",
 *       clientId: "my-client-id",
 *       clientSecret: Redacted.make("my-client-secret")
 *     })
 *   ),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 */
export const serverToServer = (
  options: ServerToServerOptions
): Layer.Layer<Credentials, never, HttpClient.HttpClient> =>
  Layer.scoped(
    Credentials,
    Effect.gen(function*() {
      const httpClient = yield* HttpClient.HttpClient
      const settings = oauthSettings(options, options.tokenUrl)
      Scrub.registerClient(options.clientId, options.clientSecret)
      const flight = yield* makeSingleFlight({
        scope: yield* Effect.scope,
        margin: settings.margin,
        allowInsecureHttp: settings.allowInsecureHttp,
        refresh: () =>
          requestToken(httpClient, {
            tokenUrl: settings.tokenUrl,
            clientId: options.clientId,
            clientSecret: options.clientSecret,
            grant: { grant_type: "account_credentials", account_id: options.accountId },
            previousRefreshToken: Option.none(),
            timeout: settings.timeout,
            allowInsecureHttp: settings.allowInsecureHttp
          }).pipe(Effect.withSpan("ZoomScheduler.oauth.accountCredentials"))
      })
      return withPeek(Credentials.of({ accessToken: flight.accessToken, refreshRejected: flight.refreshRejected }), flight.peek)
    })
  )

/**
 * {@link serverToServer} configured from `Config` (environment variables by
 * default): `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET`, and
 * optionally `ZOOM_TOKEN_URL`. A missing variable fails with a `ConfigError`
 * naming it.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const ZoomLive = ZoomScheduler.layerConfig().pipe(
 *   Layer.provide(Credentials.serverToServerConfig()),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 */
export const serverToServerConfig = (
  options: { readonly refreshMargin?: Duration.DurationInput } & TokenRequestOptions = {}
): Layer.Layer<Credentials, ConfigError.ConfigError, HttpClient.HttpClient> =>
  layerFromConfig(
    Config.all({
      accountId: Config.string("ZOOM_ACCOUNT_ID"),
      ...appConfig(),
      tokenUrl: optionalConfig(Config.string("ZOOM_TOKEN_URL"))
    }),
    (config) => serverToServer({ ...options, ...config })
  )
