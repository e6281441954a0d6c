/**
 * The Zoom Scheduler client: all 21 operations of the Scheduler API as
 * Effects with typed errors, paginated lists as Streams.
 *
 * @example
 * ```ts
 * import { Effect, Layer, Redacted, Stream } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const program = Effect.gen(function* () {
 *   const zoom = yield* ZoomScheduler.ZoomScheduler
 *   const me = yield* zoom.users.get("me")
 *   const confirmed = yield* zoom.events.stream({ userId: "me" }).pipe(
 *     Stream.filter((event) => event.status === "confirmed"),
 *     Stream.runCount
 *   )
 *   return `${me.displayName}: ${confirmed} confirmed bookings`
 * })
 *
 * const ZoomLive = ZoomScheduler.layer().pipe(
 *   Layer.provide([Credentials.bearer(Redacted.make("access-token")), FetchHttpClient.layer])
 * )
 *
 * Effect.runPromise(program.pipe(Effect.provide(ZoomLive)))
 * ```
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as Scope from "effect/Scope"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { Credentials } from "./Credentials.js"
import type { CredentialsError } from "./Credentials.js"
import type * as Endpoint from "./endpoints/Endpoint.js"
import { endpoints } from "./endpoints/index.js"
import type { Endpoints } from "./endpoints/index.js"
import type {
  AuthError,
  BadRequest,
  DecodeError,
  NotFound,
  RateLimited,
  ServerError,
  TransportError,
  ValidationError
} from "./Errors.js"
import { bindTable, methodNames } from "./internal/bindEndpoint.js"
import { defaultBaseUrl, makeExecutor } from "./internal/executor.js"
import type { ResolvedOptions } from "./internal/options.js"
import { checkSecureUrl } from "./internal/secureUrl.js"
import * as RateBudget from "./RateBudget.js"
import * as RateLimit from "./RateLimit.js"
import type { RetryPolicy } from "./RetryPolicy.js"
import { defaultPolicy } from "./RetryPolicy.js"

/**
 * The errors any operation can fail with. Zoom's spec documents few error
 * statuses, but Zoom answers them all on every operation, so the client maps
 * each status the same way everywhere and every operation's error channel is
 * this one union: 400/409/422 (and any other 4xx but 401, 403, 404, 429)
 * `BadRequest`; 401/403 `AuthError` (code 4700 `MissingScopes`); 404
 * `NotFound` (the resource named by the operation); 429 `RateLimited`; 5xx
 * `ServerError`. Besides: obtaining or storing a token
 * (`AuthError`, `TokenStoreError`), the network (`TransportError`), an
 * answer that breaks the contract (`DecodeError`: a body that is not JSON or
 * does not match the schema), and input rejected before sending
 * (`ValidationError`).
 *
 * @since 0.1.0
 */
export type CommonError =
  | AuthError
  | BadRequest
  | NotFound
  | RateLimited
  | ServerError
  | TransportError
  | DecodeError
  | ValidationError
  | CredentialsError

/**
 * `users` operations, derived from the `users` endpoint table.
 *
 * @since 0.1.0
 */
export interface Users extends Endpoint.Methods<Endpoints["users"]> {}

/**
 * `analytics` operations, derived from the `analytics` endpoint table.
 *
 * @since 0.1.0
 */
export interface Analytics extends Endpoint.Methods<Endpoints["analytics"]> {}

/**
 * `availability` operations, derived from the `availability` endpoint table.
 *
 * @since 0.1.0
 */
export interface Availability extends Endpoint.Methods<Endpoints["availability"]> {}

/**
 * `schedules` operations, derived from the `schedules` endpoint table.
 *
 * @since 0.1.0
 */
export interface Schedules extends Endpoint.Methods<Endpoints["schedules"]> {}

/**
 * `events` operations (scheduled events, i.e. bookings), derived from the `events` endpoint table.
 *
 * @since 0.1.0
 */
export interface Events extends Endpoint.Methods<Endpoints["events"]> {}

/**
 * Routing-form operations, derived from the `routingForms` endpoint table.
 *
 * @since 0.1.0
 */
export interface RoutingForms extends Endpoint.Methods<Endpoints["routingForms"]> {}

/**
 * `shares` operations, derived from the `shares` endpoint table.
 *
 * @since 0.1.0
 */
export interface Shares extends Endpoint.Methods<Endpoints["shares"]> {}

/**
 * `teams` operations, derived from the `teams` endpoint table.
 *
 * @since 0.1.0
 */
export interface Teams extends Endpoint.Methods<Endpoints["teams"]> {}

/**
 * The client, grouped by resource.
 *
 * @since 0.1.0
 */
export interface Service {
  readonly users: Users
  readonly analytics: Analytics
  readonly availability: Availability
  readonly schedules: Schedules
  readonly events: Events
  readonly routingForms: RoutingForms
  readonly shares: Shares
  readonly teams: Teams
}

/**
 * The client's service tag.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const teams = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.teams.list())
 * ```
 *
 * @since 0.1.0
 */
export class ZoomScheduler extends Context.Tag("@effect-zoom/scheduler/ZoomScheduler")<ZoomScheduler, Service>() {}

/**
 * Client options; every one has a default.
 *
 * @example
 * ```ts
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const layer = ZoomScheduler.layer({ timeout: "10 seconds", rateLimit: { plan: "pro" } })
 * ```
 *
 * @since 0.1.0
 */
export interface Options {
  /**
   * The API's base URL. Default: the `api_url` of the OAuth token when it
   * carries one (Zoom's regional host), else `https://api.zoom.us/v2`. A plain
   * `http://` URL is refused unless it points at loopback or
   * `allowInsecureHttp` is set.
   */
  readonly baseUrl?: string | undefined
  /** Allow a plain `http://` base URL that is not loopback. Default `false`. */
  readonly allowInsecureHttp?: boolean | undefined
  /** Time limit of each attempt, reading the body included. Default 30 seconds. */
  readonly timeout?: Duration.DurationInput | undefined
  /**
   * Check inputs against the spec's constraints before sending (a failure is
   * a `ValidationError` and nothing is sent). Default `true`. When `false`,
   * inputs are sent as written, keys converted to snake_case.
   */
  readonly validation?: boolean | undefined
  /**
   * Decode answers with the client's decoders, written ahead of time from
   * the response schemas (same results as `Schema.decodeUnknown`, an order
   * of magnitude faster on large pages). Default `true`; `false` uses
   * Effect's own parser alone.
   */
  readonly fastDecode?: boolean | undefined
  /**
   * Record the client's metrics (see `Metrics`: requests by operation and
   * status, attempts, retries, rate-limit waits, the latency histogram).
   * Default `true`; `false` records none of them, for an application that
   * exports no metrics (token refreshes are counted by the credentials layer
   * either way). Recording costs about 1% of a `users.get` on loopback (BENCHMARKS.md).
   */
  readonly metrics?: boolean | undefined
  /** Retry schedule and limits; see `RetryPolicy`. Default `RetryPolicy.defaultPolicy`. */
  readonly retry?: Partial<RetryPolicy> | undefined
  /**
   * Client-side rate limiting; off by default. A plan or a per-second rate
   * limits this process (see `RateLimit`); a `RateBudget` layer (in memory, or
   * `RedisRateBudget.layer` shared by every process) budgets each Zoom account
   * and pauses an account everywhere after a 429 (see `RateBudget`).
   */
  readonly rateLimit?: RateLimit.RateLimitOptions | Layer.Layer<RateBudget.RateBudget, ConfigError.ConfigError> | undefined
  /**
   * Pages that `stream` fetches ahead of its consumer. Default 1: the next
   * page's request is sent as soon as a page is handed out, and the page is
   * decoded when the consumer reaches it; more keeps up to that many pages
   * ahead. 0 fetches only on demand.
   */
  readonly pagePrefetch?: number | undefined
  /** Adjust the `HttpClient` (add headers, logging, a proxy-aware client…). */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

const checkBaseUrl = (baseUrl: string, allowInsecureHttp: boolean): Effect.Effect<string, ConfigError.ConfigError> =>
  Either.match(checkSecureUrl(baseUrl, { what: "baseUrl", allowInsecureHttp }), {
    onLeft: (insecure) => Effect.fail(ConfigError.InvalidData(["baseUrl"], insecure.message)),
    onRight: (url) =>
      /\/scheduler\/*$/i.test(url.pathname)
        ? Effect.fail(
          ConfigError.InvalidData(
            ["baseUrl"],
            `baseUrl is the API root (${defaultBaseUrl}), without /scheduler: every operation's path starts with /scheduler (got ${url.origin}${url.pathname})`
          )
        )
        : Effect.succeed(baseUrl.replace(/\/+$/, ""))
  })

const isBudgetLayer = (
  rateLimit: Options["rateLimit"]
): rateLimit is Layer.Layer<RateBudget.RateBudget, ConfigError.ConfigError> => Layer.isLayer(rateLimit)

/**
 * Builds the client from an `HttpClient` and `Credentials` in the context.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const program = Effect.gen(function* () {
 *   const zoom = yield* ZoomScheduler.make({ timeout: "5 seconds" })
 *   return yield* zoom.users.get("me")
 * })
 * ```
 *
 * @since 0.1.0
 */
export const make = (
  options: Options = {}
): Effect.Effect<Service, ConfigError.ConfigError, HttpClient.HttpClient | Credentials | Scope.Scope> =>
  Effect.gen(function*() {
    const baseUrl = options.baseUrl === undefined
      ? Option.none()
      : Option.some(yield* checkBaseUrl(options.baseUrl, options.allowInsecureHttp === true))
    const httpClient = yield* HttpClient.HttpClient
    const credentials = yield* Credentials
    const rateLimit = options.rateLimit
    const budget = isBudgetLayer(rateLimit)
      ? Context.get(yield* Layer.build(rateLimit), RateBudget.RateBudget)
      : undefined
    const rateLimiter = rateLimit === undefined || isBudgetLayer(rateLimit)
      ? undefined
      : yield* RateLimit.make(rateLimit)
    const resolved: ResolvedOptions = {
      baseUrl,
      timeout: Duration.decode(options.timeout ?? Duration.seconds(30)),
      validation: options.validation ?? true,
      fastDecode: options.fastDecode ?? true,
      metrics: options.metrics ?? true,
      retry: { ...defaultPolicy, ...options.retry },
      pagePrefetch: Math.max(0, Math.floor(options.pagePrefetch ?? 1)),
      rateLimiter
    }
    const transformed = options.transformClient === undefined ? httpClient : options.transformClient(httpClient)
    const exec = makeExecutor(
      budget === undefined ? transformed : RateBudget.transformClient(budget)(transformed),
      credentials,
      resolved
    )
    return {
      users: bindTable(exec, "users", endpoints.users),
      analytics: bindTable(exec, "analytics", endpoints.analytics),
      availability: bindTable(exec, "availability", endpoints.availability),
      schedules: bindTable(exec, "schedules", endpoints.schedules),
      events: bindTable(exec, "events", endpoints.events),
      routingForms: bindTable(exec, "routingForms", endpoints.routingForms),
      shares: bindTable(exec, "shares", endpoints.shares),
      teams: bindTable(exec, "teams", endpoints.teams)
    }
  })

/**
 * The client as a layer. It needs an `HttpClient` (`NodeTransport.layer()`
 * from `@effect-zoom/scheduler-node` on Node, the fastest; `FetchHttpClient.layer` anywhere `fetch` exists; or a
 * test kit's fake) and `Credentials`.
 *
 * @example
 * ```ts
 * import { Layer, Redacted } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const ZoomLive = ZoomScheduler.layer({ timeout: "10 seconds" }).pipe(
 *   Layer.provide([Credentials.bearer(Redacted.make("token")), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.1.0
 */
export const layer = (
  options: Options = {}
): Layer.Layer<ZoomScheduler, ConfigError.ConfigError, HttpClient.HttpClient | Credentials> =>
  Layer.scoped(ZoomScheduler, make(options))

/**
 * The client as a layer configured from `Config` (environment variables by
 * default): `ZOOM_BASE_URL`, `ZOOM_TIMEOUT` (a duration such as `"10 seconds"`),
 * `ZOOM_VALIDATION` (`true`/`false`), `ZOOM_RATE_LIMIT_PLAN` (`free`, `pro`,
 * `business`). Options given in code take precedence for what `Config` cannot
 * express (retry schedule, transform).
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const ZoomLive = ZoomScheduler.layerConfig().pipe(
 *   Layer.provide([Credentials.bearerConfig(), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.1.0
 */
export const layerConfig = (
  options: Options = {}
): Layer.Layer<ZoomScheduler, ConfigError.ConfigError, HttpClient.HttpClient | Credentials> =>
  Layer.unwrapEffect(
    Effect.map(
      Config.all({
        baseUrl: Config.option(Config.string("ZOOM_BASE_URL")),
        timeout: Config.option(Config.duration("ZOOM_TIMEOUT")),
        validation: Config.option(Config.boolean("ZOOM_VALIDATION")),
        plan: Config.option(Config.literal("free", "pro", "business")("ZOOM_RATE_LIMIT_PLAN"))
      }),
      (config) =>
        layer({
          ...options,
          ...Option.match(config.baseUrl, { onNone: () => ({}), onSome: (baseUrl) => ({ baseUrl }) }),
          ...Option.match(config.timeout, { onNone: () => ({}), onSome: (timeout) => ({ timeout }) }),
          ...Option.match(config.validation, { onNone: () => ({}), onSome: (validation) => ({ validation }) }),
          ...Option.match(config.plan, { onNone: () => ({}), onSome: (plan) => ({ rateLimit: { plan } }) })
        })
    )
  )

/**
 * Zoom's API base URL, `https://api.zoom.us/v2`.
 *
 * @since 0.1.0
 */
export const DEFAULT_BASE_URL: string = defaultBaseUrl

/**
 * The name of every method of the client, by group (`stream` and `pages`
 * after each paginated `list`), derived from the endpoint tables: for test
 * kits and tools that walk the whole API.
 *
 * @example
 * ```ts
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * ZoomScheduler.operations.events // ["list", "stream", "pages", "get", "update", "delete", "getAttendee"]
 * ```
 *
 * @since 0.2.0
 */
export const operations: { readonly [G in keyof Service]: ReadonlyArray<keyof Service[G] & string> } = {
  users: methodNames(endpoints.users),
  analytics: methodNames(endpoints.analytics),
  availability: methodNames(endpoints.availability),
  schedules: methodNames(endpoints.schedules),
  events: methodNames(endpoints.events),
  routingForms: methodNames(endpoints.routingForms),
  shares: methodNames(endpoints.shares),
  teams: methodNames(endpoints.teams)
} as { readonly [G in keyof Service]: ReadonlyArray<keyof Service[G] & string> }
