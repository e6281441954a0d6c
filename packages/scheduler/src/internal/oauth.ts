/**
 * Zoom's OAuth token endpoint, and single-flight token refreshing.
 *
 * @internal
 */
import type { HttpClient } from "@effect/platform"
import { HttpClientRequest } from "@effect/platform"
import type { Scope } from "effect"
import { DateTime, Deferred, Duration, Effect, Option, Redacted, Ref, Schema } from "effect"
import type { AccessToken, CredentialsError } from "../Credentials.js"
import { AuthError } from "../Errors.js"
import { TokenSet } from "../TokenStore.js"

/** Zoom's token endpoint. */
export const defaultTokenUrl = "https://zoom.us/oauth/token"

const operation = "oauth.token"

const TokenResponse = Schema.Struct({
  access_token: Schema.String.pipe(Schema.minLength(1)),
  token_type: Schema.optional(Schema.String),
  refresh_token: Schema.optional(Schema.String),
  expires_in: Schema.Number,
  scope: Schema.optional(Schema.String),
  api_url: Schema.optional(Schema.String)
})
const decodeTokenResponse = Schema.decodeUnknownOption(TokenResponse)

const describeRejection = (text: string): { readonly error: string; readonly reason: string } => {
  try {
    const body = JSON.parse(text) as Record<string, unknown>
    return {
      error: typeof body.error === "string" ? body.error : "unknown_error",
      reason: typeof body.reason === "string"
        ? body.reason
        : typeof body.error_description === "string"
        ? body.error_description
        : typeof body.message === "string"
        ? body.message
        : ""
    }
  } catch {
    return { error: "unknown_error", reason: "" }
  }
}

/**
 * POSTs a grant to the token endpoint (form body, HTTP Basic auth with the
 * client id and secret) and returns the new token set. Never retried: a
 * refresh token is spent by the first request that reaches Zoom.
 */
export const requestToken = (
  httpClient: HttpClient.HttpClient,
  options: {
    readonly tokenUrl: string
    readonly clientId: string
    readonly clientSecret: Redacted.Redacted<string>
    readonly grant: Record<string, string | Redacted.Redacted<string>>
    /** Kept when the response carries no new refresh token. */
    readonly previousRefreshToken: Option.Option<Redacted.Redacted<string>>
  }
): Effect.Effect<TokenSet, AuthError> =>
  Effect.gen(function*() {
    const form = new URLSearchParams()
    for (const [key, value] of Object.entries(options.grant)) {
      form.set(key, Redacted.isRedacted(value) ? Redacted.value(value) : value)
    }
    const request = HttpClientRequest.post(options.tokenUrl).pipe(
      HttpClientRequest.basicAuth(options.clientId, options.clientSecret),
      HttpClientRequest.acceptJson,
      HttpClientRequest.bodyText(form.toString(), "application/x-www-form-urlencoded")
    )
    const endpointFailure = (message: string, status?: number) =>
      new AuthError({ operation, reason: "TokenEndpoint", ...(status === undefined ? {} : { status }), message })
    const response = yield* Effect.mapError(
      httpClient.execute(request),
      () => endpointFailure(`the token endpoint ${options.tokenUrl} could not be reached`)
    )
    const text = yield* Effect.mapError(
      response.text,
      () => endpointFailure("the token endpoint's answer could not be read", response.status)
    )
    if (response.status >= 400 && response.status < 500) {
      const { error, reason } = describeRejection(text)
      const kind = error === "invalid_client" || response.status === 401 ? "InvalidClient" : "RefreshRejected"
      return yield* new AuthError({
        operation,
        reason: kind,
        status: response.status,
        message: kind === "InvalidClient"
          ? `Zoom rejected the client credentials: ${error}${reason ? ` (${reason})` : ""}`
          : `Zoom rejected the ${options.grant.grant_type} grant: ${error}${reason ? ` (${reason})` : ""}`
      })
    }
    if (response.status < 200 || response.status >= 300) {
      return yield* endpointFailure(`the token endpoint answered ${response.status}`, response.status)
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return yield* endpointFailure("the token endpoint's answer is not JSON", response.status)
    }
    const body = decodeTokenResponse(json)
    if (Option.isNone(body)) {
      return yield* endpointFailure("the token endpoint's answer has no access_token/expires_in", response.status)
    }
    const now = yield* DateTime.now
    const refreshToken = body.value.refresh_token !== undefined && body.value.refresh_token !== ""
      ? Option.some(Redacted.make(body.value.refresh_token))
      : options.previousRefreshToken
    return new TokenSet({
      accessToken: Redacted.make(body.value.access_token),
      expiresAt: DateTime.addDuration(now, Duration.seconds(body.value.expires_in)),
      ...(Option.isSome(refreshToken) ? { refreshToken: refreshToken.value } : {}),
      scopes: (body.value.scope ?? "").split(/[\s,]+/).filter((s) => s.length > 0),
      ...(body.value.api_url !== undefined && body.value.api_url !== "" ? { apiUrl: body.value.api_url } : {})
    })
  })

/** The access token of a token set, as the client uses it. */
export const toAccessToken = (tokens: TokenSet): AccessToken => ({
  token: tokens.accessToken,
  apiUrl: Option.fromNullable(tokens.apiUrl)
})

/** Whether a token set is still usable `margin` before its expiry. */
export const isFresh = (tokens: TokenSet, now: DateTime.Utc, margin: Duration.Duration): boolean =>
  DateTime.lessThan(DateTime.addDuration(now, margin), tokens.expiresAt)

/**
 * A token cache whose refreshes are single-flight within the process: however
 * many fibers need a new token at once, `refresh` runs once and all of them
 * wait for it. A failed refresh is not cached. The refresh runs in `scope`,
 * so a caller's interruption never leaves the others waiting.
 */
export const makeSingleFlight = (options: {
  readonly scope: Scope.Scope
  readonly margin: Duration.Duration
  /** Produces fresh tokens; `rejected` is the access token Zoom refused, if any. */
  readonly refresh: (rejected: Option.Option<Redacted.Redacted<string>>) => Effect.Effect<TokenSet, CredentialsError>
}) =>
  Effect.gen(function*() {
    const cache = yield* Ref.make(Option.none<TokenSet>())
    const inflight = yield* Ref.make(Option.none<Deferred.Deferred<TokenSet, CredentialsError>>())

    const refreshOnce = (rejected: Option.Option<Redacted.Redacted<string>>): Effect.Effect<TokenSet, CredentialsError> =>
      Effect.flatMap(Deferred.make<TokenSet, CredentialsError>(), (mine) =>
        Effect.flatMap(
          Ref.modify(inflight, (current) =>
            Option.isSome(current)
              ? [current.value, current] as const
              : [mine, Option.some(mine)] as const),
          (deferred) =>
            deferred !== mine
              ? Deferred.await(deferred)
              : options.refresh(rejected).pipe(
                Effect.tap((tokens) => Ref.set(cache, Option.some(tokens))),
                Effect.exit,
                Effect.flatMap((exit) =>
                  Ref.set(inflight, Option.none()).pipe(Effect.zipRight(Deferred.done(mine, exit)))
                ),
                Effect.forkIn(options.scope),
                Effect.zipRight(Deferred.await(mine))
              )
        ))

    const accessToken: Effect.Effect<AccessToken, CredentialsError> = Effect.flatMap(
      Effect.zip(Ref.get(cache), DateTime.now),
      ([cached, now]) =>
        Option.isSome(cached) && isFresh(cached.value, now, options.margin)
          ? Effect.succeed(toAccessToken(cached.value))
          : Effect.map(refreshOnce(Option.none()), toAccessToken)
    )

    const refreshRejected = (rejected: AccessToken): Effect.Effect<Option.Option<AccessToken>, CredentialsError> =>
      Effect.flatMap(Ref.get(cache), (cached) =>
        // another fiber already replaced the rejected token
        Option.isSome(cached) && Redacted.value(cached.value.accessToken) !== Redacted.value(rejected.token)
          ? Effect.succeed(Option.some(toAccessToken(cached.value)))
          : Effect.map(refreshOnce(Option.some(rejected.token)), (tokens) => Option.some(toAccessToken(tokens))))

    return { accessToken, refreshRejected, cache }
  })
