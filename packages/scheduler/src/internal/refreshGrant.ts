/**
 * What the OAuth credentials share: the settings they resolve from their
 * options, and the rotating-refresh-token step that `Credentials.refreshToken`
 * and `TenantCredentials` run under a store's lock.
 *
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { AuthError } from "../Errors.js"
import type { TokenSet, TokenStore, TokenStoreError } from "../TokenStore.js"
import { defaultTokenRequestTimeout, defaultTokenUrl, isFresh, requestToken } from "./oauth.js"

/** How long before its expiry an access token is replaced when no `refreshMargin` is given. */
const defaultRefreshMargin: Duration.Duration = Duration.minutes(5)

/** The OAuth options as the credentials use them, defaults applied. */
export interface OAuthSettings {
  /** How long before its expiry an access token is replaced. */
  readonly margin: Duration.Duration
  /** The token endpoint. */
  readonly tokenUrl: string
  /** Time limit of each token request. */
  readonly timeout: Duration.Duration
  /** Allow plain http to a token endpoint or `api_url` off the machine. */
  readonly allowInsecureHttp: boolean
}

/** Resolves the options every OAuth credentials layer takes; `tokenUrl` is its token-endpoint option. */
export const oauthSettings = (
  options: {
    readonly refreshMargin?: Duration.DurationInput | undefined
    readonly tokenRequestTimeout?: Duration.DurationInput | undefined
    readonly allowInsecureHttp?: boolean | undefined
  },
  tokenUrl: string | undefined
): OAuthSettings => ({
  margin: Duration.decode(options.refreshMargin ?? defaultRefreshMargin),
  tokenUrl: tokenUrl ?? defaultTokenUrl,
  timeout: Duration.decode(options.tokenRequestTimeout ?? defaultTokenRequestTimeout),
  allowInsecureHttp: options.allowInsecureHttp === true
})

/** The app and endpoint a refresh-token grant is sent with. */
export interface RefreshGrant {
  readonly httpClient: HttpClient.HttpClient
  readonly settings: OAuthSettings
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** Wraps each token request (e.g. a bound on requests at once); waiting for the lock is outside it. */
  readonly throttle?: <A, E>(request: Effect.Effect<A, E>) => Effect.Effect<A, E>
}

/**
 * One refresh of `store`'s token set, under its lock: the store is read
 * again, and a fresh token another fiber or process stored is used as it is
 * (unless it is the one Zoom `rejected`); otherwise the stored refresh token
 * (or `initialRefreshToken` when the store holds none) is exchanged, and the
 * rotated set is written to the store before it is returned.
 */
export const refreshUnderLock = (
  grant: RefreshGrant,
  store: TokenStore["Type"],
  options: {
    readonly rejected: Option.Option<Redacted.Redacted<string>>
    /** The refresh token to start from when the store holds none. */
    readonly initialRefreshToken: Option.Option<Redacted.Redacted<string>>
    /** The message of the `AuthError("NoRefreshToken")` when there is no refresh token. */
    readonly noRefreshToken: string
  }
): Effect.Effect<TokenSet, AuthError | TokenStoreError> =>
  store.withLock(
    Effect.gen(function*() {
      const now = yield* DateTime.now
      const stored = yield* store.get
      if (
        Option.isSome(stored) && isFresh(stored.value, now, grant.settings.margin) &&
        (Option.isNone(options.rejected) ||
          Redacted.value(stored.value.accessToken) !== Redacted.value(options.rejected.value))
      ) {
        return stored.value // another fiber or process refreshed already
      }
      const current = Option.flatMap(stored, (tokens) => Option.fromNullable(tokens.refreshToken)).pipe(
        Option.orElse(() => options.initialRefreshToken)
      )
      if (Option.isNone(current)) {
        return yield* new AuthError({ operation: "oauth.token", reason: "NoRefreshToken", message: options.noRefreshToken })
      }
      const request = requestToken(grant.httpClient, {
        tokenUrl: grant.settings.tokenUrl,
        clientId: grant.clientId,
        clientSecret: grant.clientSecret,
        grant: { grant_type: "refresh_token", refresh_token: current.value },
        previousRefreshToken: current,
        timeout: grant.settings.timeout,
        allowInsecureHttp: grant.settings.allowInsecureHttp
      })
      const next = yield* (grant.throttle === undefined ? request : grant.throttle(request))
      // persist the rotated refresh token before the new access token is used
      yield* store.set(next)
      return next
    })
  )
