/**
 * OAuth credentials for many installations through one client: the
 * installation of each call is the current {@link Tenant}, its token set lives
 * under its id in a {@link KeyedTokenStore}.
 *
 * Per installation, the protocol is `Credentials.refreshToken`'s: refreshes
 * are single-flight within the process, and across processes they run under
 * the key's lock (lock, read again, refresh only if still needed, `set`
 * before use). Installations never wait for each other's locks.
 *
 * Access tokens are cached in the process in a bounded LRU cache
 * (`cacheSize` installations, default 10,000); an installation that falls
 * out of it is read from the store again on its next call. One cached
 * installation costs about 2.4 KB of heap with Zoom-sized tokens (a
 * `TokenSet` with two ~800-character `Redacted` tokens, scopes and the map
 * entry; measured in `test/multiTenant.test.ts`): 10,000 cached
 * installations, about 24 MB.
 *
 * @since 0.2.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as Scope from "effect/Scope"
import * as DateTime from "effect/DateTime"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberId from "effect/FiberId"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { Credentials } from "./Credentials.js"
import type { AccessToken, CredentialsError } from "./Credentials.js"
import { AuthError } from "./Errors.js"
import { forKey, KeyedTokenStore } from "./KeyedTokenStore.js"
import { Lru } from "./internal/lru.js"
import { isFresh, toAccessToken } from "./internal/oauth.js"
import { oauthSettings, refreshUnderLock } from "./internal/refreshGrant.js"
import type { RefreshGrant } from "./internal/refreshGrant.js"
import * as Tenant from "./Tenant.js"
import type { TokenSet } from "./TokenStore.js"

/**
 * Options of {@link refreshToken}.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** The app's client id. */
  readonly clientId: string
  /** The app's client secret. */
  readonly clientSecret: Redacted.Redacted<string>
  /** The token endpoint. Default `https://zoom.us/oauth/token`. */
  readonly refreshUrl?: string | undefined
  /** How long before its expiry an access token is refreshed. Default 5 minutes. */
  readonly refreshMargin?: Duration.DurationInput | undefined
  /** Installations whose tokens the process keeps in memory (LRU). Default 10,000. */
  readonly cacheSize?: number | undefined
  /** Token requests this process sends at once, all installations together (a refresh waiting for another process's lock takes none). Default 16. */
  readonly maxConcurrentRefreshes?: number | undefined
  /** Time limit of each token request, answer and body included. Default 30 seconds. */
  readonly tokenRequestTimeout?: Duration.DurationInput | undefined
  /** Allow plain http to a token endpoint or `api_url` off the machine. Default `false`. */
  readonly allowInsecureHttp?: boolean | undefined
}

const noTenant = () =>
  new AuthError({
    operation: "oauth.token",
    reason: "NoRefreshToken",
    message: "no tenant: multi-tenant credentials need the call's installation (Tenant.provide or Tenant.forTenant)"
  })

/**
 * The state of the process: the cache and the refreshes in flight.
 *
 * @since 0.2.0
 * @category models
 */
export interface TenantTokens {
  /** Installations currently cached. */
  readonly cached: () => number
  /** Refreshes in flight in this process. */
  readonly inFlight: () => number
}

/**
 * Builds multi-tenant refresh-token credentials (see {@link refreshToken}),
 * returning the service and its cache's state.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { TenantCredentials } from "@effect-zoom/scheduler"
 *
 * const program = Effect.gen(function*() {
 *   const { credentials, state } = yield* TenantCredentials.make({
 *     clientId: "client-id",
 *     clientSecret: Redacted.make("client-secret")
 *   })
 *   return state.cached()
 * })
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<
  { readonly credentials: Credentials["Type"]; readonly state: TenantTokens },
  never,
  HttpClient.HttpClient | KeyedTokenStore | Scope.Scope
> =>
  Effect.gen(function*() {
    const permits = yield* Effect.makeSemaphore(Math.max(1, options.maxConcurrentRefreshes ?? 16))
    const grant: RefreshGrant = {
      httpClient: yield* HttpClient.HttpClient,
      settings: oauthSettings(options, options.refreshUrl),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      // the permit bounds token requests only: a fiber waiting for another process's lock holds none
      throttle: permits.withPermits(1)
    }
    const store = yield* KeyedTokenStore
    const scope = yield* Effect.scope
    const { allowInsecureHttp: insecure, margin } = grant.settings
    const cache = new Lru<string, TokenSet>(options.cacheSize ?? 10_000)
    const inflight = new Map<string, Deferred.Deferred<TokenSet, CredentialsError>>()

    const refresh = (key: string, rejected: Option.Option<Redacted.Redacted<string>>) =>
      refreshUnderLock(grant, forKey(store, key), {
        rejected,
        initialRefreshToken: Option.none(),
        noRefreshToken: `no refresh token stored for installation ${key}`
      }).pipe(Effect.withSpan("ZoomScheduler.oauth.refresh", { attributes: { "zoom.tenant": key } }))

    const refreshOnce = (
      key: string,
      rejected: Option.Option<Redacted.Redacted<string>>
    ): Effect.Effect<TokenSet, CredentialsError> =>
      Effect.suspend(() => {
        const running = inflight.get(key)
        if (running !== undefined) return Deferred.await(running)
        const mine = Deferred.unsafeMake<TokenSet, CredentialsError>(FiberId.none)
        inflight.set(key, mine)
        return refresh(key, rejected).pipe(
          Effect.tap((tokens) => Effect.sync(() => cache.set(key, tokens))),
          Effect.exit,
          Effect.flatMap((exit) =>
            Effect.sync(() => {
              if (inflight.get(key) === mine) inflight.delete(key)
            }).pipe(Effect.zipRight(Deferred.done(mine, exit)))
          ),
          Effect.forkIn(scope),
          Effect.zipRight(Deferred.await(mine))
        )
      })

    const tenant = Tenant.currentOrFail(noTenant)

    const accessToken: Effect.Effect<AccessToken, CredentialsError> = Effect.flatMap(tenant, ({ id }) =>
      Effect.flatMap(DateTime.now, (now) => {
        const cached = cache.get(id)
        return cached !== undefined && isFresh(cached, now, margin)
          ? toAccessToken(cached, insecure)
          : Effect.flatMap(refreshOnce(id, Option.none()), (tokens) => toAccessToken(tokens, insecure))
      }))

    const refreshRejected = (rejected: AccessToken): Effect.Effect<Option.Option<AccessToken>, CredentialsError> =>
      Effect.flatMap(tenant, ({ id }) => {
        const cached = cache.get(id)
        // another fiber already replaced the rejected token
        return cached !== undefined && Redacted.value(cached.accessToken) !== Redacted.value(rejected.token)
          ? Effect.asSome(toAccessToken(cached, insecure))
          : Effect.flatMap(refreshOnce(id, Option.some(rejected.token)), (tokens) =>
            Effect.asSome(toAccessToken(tokens, insecure)))
      })

    return {
      credentials: Credentials.of({ accessToken, refreshRejected }),
      state: { cached: () => cache.size, inFlight: () => inflight.size }
    }
  })

/**
 * OAuth 2.0 with Zoom's rotating refresh tokens, for every installation of
 * the app at once: each call uses the tokens of the current {@link Tenant}
 * (an `AuthError("NoRefreshToken")` outside any), read from and written to
 * the {@link KeyedTokenStore} under the installation's id. Needs an
 * `HttpClient` and a `KeyedTokenStore`; the store must already hold each
 * installation's token set (written when the user installed the app, e.g.
 * by `OAuth.exchangeCode` into `KeyedTokenStore.forKey(store, id)`).
 *
 * @example
 * ```ts
 * import { Layer, Redacted } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { KeyedTokenStore, TenantCredentials, ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const ZoomLive = ZoomScheduler.layer().pipe(
 *   Layer.provide(
 *     TenantCredentials.refreshToken({ clientId: "my-client-id", clientSecret: Redacted.make("my-client-secret") })
 *   ),
 *   Layer.provide([KeyedTokenStore.layerMemory(), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const refreshToken = (
  options: Options
): Layer.Layer<Credentials, never, HttpClient.HttpClient | KeyedTokenStore> =>
  Layer.scoped(Credentials, Effect.map(make(options), ({ credentials }) => credentials))
