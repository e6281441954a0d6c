/**
 * Zoom's OAuth token endpoint, and single-flight token refreshing.
 *
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as Scope from "effect/Scope"
import * as DateTime from "effect/DateTime"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type { AccessToken, CredentialsError } from "../Credentials.js"
import { AuthError } from "../Errors.js"
import { recordRefresh } from "../Metrics.js"
import { TokenSet } from "../TokenStore.js"
import * as Scrub from "./scrub.js"
import type { Peek } from "./tokenPeek.js"
import { checkApiUrl, checkSecureUrl } from "./secureUrl.js"

/** Zoom's token endpoint. */
export const defaultTokenUrl = "https://zoom.us/oauth/token"

/**
 * The time limit of a token request (answer and body) when none is
 * configured: the client's default per-attempt `timeout`, 30 seconds.
 */
export const defaultTokenRequestTimeout: Duration.Duration = Duration.seconds(30)

/** The refusal of a URL that would receive a secret, as an `AuthError("InsecureUrl")`. */
export const insecureUrl = (message: string): AuthError => new AuthError({ operation, reason: "InsecureUrl", message })

/**
 * The token endpoint, checked by the https rule: a refusal is an
 * `AuthError("InsecureUrl")` and nothing is sent.
 */
export const checkTokenUrl = (tokenUrl: string, allowInsecureHttp: boolean): Either.Either<string, AuthError> =>
  Either.mapBoth(checkSecureUrl(tokenUrl, { what: "the token endpoint", allowInsecureHttp }), {
    onLeft: (refused) => insecureUrl(refused.message),
    onRight: () => tokenUrl
  })

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

/** At most this much of the token endpoint's text goes into an error. */
const maxReasonLength = 300

/**
 * POSTs a grant to the token endpoint (form body, HTTP Basic auth with the
 * client id and secret) and returns the new token set. Never retried: a
 * refresh token is spent by the first request that reaches Zoom.
 *
 * The token endpoint must pass the https rule (else `AuthError("InsecureUrl")`
 * before anything is sent); the request and the reading of its answer are
 * bounded by `timeout` (else `AuthError("Timeout")`, the request aborted).
 * Every secret involved is registered with `Scrub`, and the endpoint's text
 * is scrubbed before it enters an error.
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
    /** Time limit of the request, answer and body included. Default {@link defaultTokenRequestTimeout}. */
    readonly timeout?: Duration.Duration | undefined
    /** Allow a plain-http token endpoint off the machine. Default `false`. */
    readonly allowInsecureHttp?: boolean | undefined
  }
): Effect.Effect<TokenSet, AuthError> =>
  Effect.gen(function*() {
    yield* checkTokenUrl(options.tokenUrl, options.allowInsecureHttp === true)
    Scrub.registerClient(options.clientId, options.clientSecret)
    const form = new URLSearchParams()
    for (const [key, value] of Object.entries(options.grant)) {
      if (Redacted.isRedacted(value)) Scrub.register(value)
      form.set(key, Redacted.isRedacted(value) ? Redacted.value(value) : value)
    }
    const timeout = options.timeout ?? defaultTokenRequestTimeout
    const request = HttpClientRequest.post(options.tokenUrl).pipe(
      HttpClientRequest.basicAuth(options.clientId, options.clientSecret),
      HttpClientRequest.acceptJson,
      HttpClientRequest.bodyText(form.toString(), "application/x-www-form-urlencoded")
    )
    const endpointFailure = (message: string, status?: number) =>
      new AuthError({ operation, reason: "TokenEndpoint", ...(status === undefined ? {} : { status }), message })
    const where = tokenEndpointShown(options.tokenUrl)
    // the answer and its body, under one time limit: a stalled endpoint is aborted, never waited on
    const { response, text } = yield* Effect.gen(function*() {
      const response = yield* Effect.mapError(
        httpClient.execute(request),
        () => endpointFailure(`the token endpoint ${where} could not be reached`)
      )
      const text = yield* Effect.mapError(
        response.text,
        () => endpointFailure("the token endpoint's answer could not be read", response.status)
      )
      return { response, text }
    }).pipe(
      Effect.timeoutFail({
        duration: timeout,
        onTimeout: () =>
          new AuthError({
            operation,
            reason: "Timeout",
            message: `the token endpoint ${where} did not answer within ${Duration.format(timeout)}`
          })
      })
    )
    if (response.status >= 400 && response.status < 500) {
      const described = describeRejection(text)
      const error = Scrub.scrub(described.error.slice(0, maxReasonLength))
      const reason = Scrub.scrub(described.reason.slice(0, maxReasonLength))
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
    Scrub.register(body.value.access_token, body.value.refresh_token)
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

/** The token endpoint as shown in an error: no user info, query or fragment. */
const tokenEndpointShown = (tokenUrl: string): string => {
  try {
    const url = new URL(tokenUrl)
    return `${url.protocol}//${url.host}${url.pathname}`
  } catch {
    return "(invalid URL)"
  }
}

/**
 * The access token of a token set, as the client uses it. Its `api_url`
 * must pass the https rule: a token that would send requests (and itself)
 * over plain http to another machine fails with `AuthError("InsecureUrl")`.
 */
export const toAccessToken = (tokens: TokenSet, allowInsecureHttp = false): Effect.Effect<AccessToken, AuthError> =>
  Effect.suspend(() => {
    Scrub.register(tokens.accessToken, tokens.refreshToken)
    if (tokens.apiUrl !== undefined) {
      const checked = checkApiUrl(tokens.apiUrl, allowInsecureHttp)
      if (Either.isLeft(checked)) return Effect.fail(insecureUrl(checked.left.message))
    }
    return Effect.succeed({ token: tokens.accessToken, apiUrl: Option.fromNullable(tokens.apiUrl) })
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
  /** Allow a token whose `api_url` is plain http off the machine. Default `false`. */
  readonly allowInsecureHttp?: boolean | undefined
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
                Effect.tap(remember),
                Effect.exit,
                Effect.flatMap((exit) =>
                  recordRefresh(Exit.isSuccess(exit) ? "success" : "failure").pipe(
                    Effect.zipRight(Ref.set(inflight, Option.none())),
                    Effect.zipRight(Deferred.done(mine, exit))
                  )
                ),
                Effect.forkIn(options.scope),
                Effect.zipRight(Deferred.await(mine))
              )
        ))

    const use = (tokens: TokenSet) => toAccessToken(tokens, options.allowInsecureHttp === true)

    // the cached token set, mirrored for `peek`, with its access token once it passed `use`'s checks
    let latest: { readonly tokens: TokenSet; readonly expiresAt: number; access: AccessToken | undefined } | undefined
    const marginMillis = Duration.toMillis(options.margin)
    const remember = (tokens: TokenSet): Effect.Effect<void> =>
      Effect.zipRight(
        Ref.set(cache, Option.some(tokens)),
        Effect.sync(() => {
          latest = { tokens, expiresAt: DateTime.toEpochMillis(tokens.expiresAt), access: undefined }
        })
      )
    /** The cached access token while fresh at `now`, as `accessToken` would give it (`undefined`: run the effect). */
    const peek: Peek = (now) => {
      if (latest === undefined || !(now + marginMillis < latest.expiresAt)) return undefined
      if (latest.access === undefined) {
        const current = latest
        // `use` checks the api_url and registers the secrets; a set it refuses is never peeked
        const checked = Effect.runSyncExit(use(current.tokens))
        if (Exit.isFailure(checked)) return undefined
        current.access = checked.value
      }
      return latest.access
    }

    const accessToken: Effect.Effect<AccessToken, CredentialsError> = Effect.flatMap(
      Effect.zip(Ref.get(cache), DateTime.now),
      ([cached, now]) =>
        Option.isSome(cached) && isFresh(cached.value, now, options.margin)
          ? use(cached.value)
          : Effect.flatMap(refreshOnce(Option.none()), use)
    )

    const refreshRejected = (rejected: AccessToken): Effect.Effect<Option.Option<AccessToken>, CredentialsError> =>
      Effect.flatMap(Ref.get(cache), (cached) =>
        // another fiber already replaced the rejected token
        Option.isSome(cached) && Redacted.value(cached.value.accessToken) !== Redacted.value(rejected.token)
          ? Effect.asSome(use(cached.value))
          : Effect.asSome(Effect.flatMap(refreshOnce(Option.some(rejected.token)), use)))

    return { accessToken, refreshRejected, peek }
  })
