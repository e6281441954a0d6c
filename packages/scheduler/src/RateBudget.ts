/**
 * Rate budgets per Zoom account, shared by every installation of the account
 * and, with a shared store, by every process of the app.
 *
 * Zoom limits requests per account (all installations on the account and
 * all processes of the app together): `LIGHT` operations 4/s and 6,000 a day
 * on free, 30/s on pro, 80/s on business. A {@link RateBudget} spaces each
 * account's requests evenly under its per-second limit (times `headroom`),
 * counts its daily ones per UTC day, and, when Zoom answers 429 for an
 * account anyway, pauses that account (and only that one) until Zoom's
 * `Retry-After` for everyone sharing the budget.
 *
 * The account of a call is the current `Tenant`'s (`accountId`, else its
 * id), and its limits the tenant's `plan` when it names one, else the
 * budget's `limits`. Outside any tenant, the account is `defaultAccount`.
 *
 * Budgets: {@link layerMemory} (one process); across processes and hosts,
 * `@effect-zoom/scheduler-redis`'s `RedisRateBudget.layer`. Plug one into a
 * client with {@link transformClient}.
 *
 * @since 0.2.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { Plan } from "./RateLimit.js"
import { planLimits } from "./RateLimit.js"
import { nextDailyReset, parseRetryAfter } from "./RetryPolicy.js"
import * as Tenant from "./Tenant.js"

/**
 * A budget refused or could not serve a request: the account's daily budget
 * is spent (`Daily`), the account is paused after a 429 for longer than the
 * budget's `maxWait` (`Paused`), or the budget's store is unreachable
 * (`Unavailable`). `retryAfter` says when to try again, when known.
 *
 * @example
 * ```ts
 * import { Duration, Effect } from "effect"
 * import { RateBudget } from "@effect-zoom/scheduler"
 *
 * const take = Effect.flatMap(RateBudget.RateBudget, (budget) => budget.take("acct-A")).pipe(
 *   Effect.catchTag("RateBudgetError", (e) =>
 *     Effect.logWarning(`${e.account}: ${e.reason}, retry in ${Duration.format(e.retryAfter ?? Duration.zero)}`)
 *   )
 * )
 * ```
 *
 * @since 0.2.0
 * @category errors
 */
export class RateBudgetError extends Schema.TaggedError<RateBudgetError>("@effect-zoom/scheduler/RateBudgetError")(
  "RateBudgetError",
  {
    account: Schema.String,
    reason: Schema.Literal("Daily", "Paused", "Unavailable"),
    retryAfter: Schema.optional(Schema.DurationFromSelf),
    message: Schema.String,
    cause: Schema.optional(Schema.Defect)
  }
) {}

/**
 * An account's limits: requests per second, and per UTC day when capped.
 *
 * @since 0.2.0
 * @category models
 */
export interface Limits {
  /** Requests per second. */
  readonly perSecond: number
  /** Requests per UTC day; `undefined` for none. */
  readonly daily?: number | undefined
}

/**
 * A shared budget of requests per account.
 *
 * - `take(account, plan?)`: waits until `account` may send one request
 *   (its per-second spacing, and any pause up to `maxWait`), counting it
 *   against the daily budget; fails with `RateBudgetError` otherwise.
 * - `pause(account, until)`: Zoom answered 429 for `account`; nobody sharing
 *   the budget sends for it before `until` (a later pause wins).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { RateBudget } from "@effect-zoom/scheduler"
 *
 * const send = (request: Effect.Effect<void>) =>
 *   Effect.flatMap(RateBudget.RateBudget, (budget) => Effect.zipRight(budget.take("acct-A", "pro"), request))
 * ```
 *
 * @since 0.2.0
 * @category tags
 */
export class RateBudget extends Context.Tag("@effect-zoom/scheduler/RateBudget")<RateBudget, {
  readonly take: (account: string, plan?: Plan | undefined) => Effect.Effect<void, RateBudgetError>
  readonly pause: (account: string, until: DateTime.Utc) => Effect.Effect<void, RateBudgetError>
}>() {}

/**
 * Options shared by every budget.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** Limits of accounts whose tenant names no plan: a plan, numbers, or a function of the account. */
  readonly limits: Plan | Limits | ((account: string) => Limits)
  /** Fraction of the per-second limit spent, leaving room for clock jitter. Default 0.97. */
  readonly headroom?: number | undefined
  /** Longest wait for a paused account before failing with `Paused`. Default 10 seconds. */
  readonly maxWait?: Duration.DurationInput | undefined
  /** The account of calls made outside any tenant. Default `"default"`. */
  readonly defaultAccount?: string | undefined
}

/**
 * The limits that apply to `account`: the plan's when one is given, else the
 * options'.
 *
 * @example
 * ```ts
 * import { RateBudget } from "@effect-zoom/scheduler"
 *
 * RateBudget.limitsOf({ limits: "free" }, "acct-A") // { perSecond: 4, daily: 6000 }
 * ```
 *
 * @since 0.2.0
 * @category accessors
 */
export const limitsOf = (options: Options, account: string, plan?: Plan | undefined): Limits => {
  const source = plan ?? options.limits
  const limits = typeof source === "string" ? planLimits[source] : typeof source === "function" ? source(account) : source
  if (!(limits.perSecond > 0) || !Number.isFinite(limits.perSecond)) {
    throw new RangeError(`RateBudget: perSecond must be a positive number, got ${limits.perSecond} for ${account}`)
  }
  return limits
}

/**
 * The spacing between two requests of an account, in milliseconds.
 *
 * @example
 * ```ts
 * import { RateBudget } from "@effect-zoom/scheduler"
 *
 * RateBudget.intervalMillis({ limits: "pro", headroom: 1 }, { perSecond: 30 }) // 33.33...
 * ```
 *
 * @since 0.2.0
 * @category accessors
 */
export const intervalMillis = (options: Options, limits: Limits): number =>
  1000 / (limits.perSecond * Math.min(1, Math.max(0.01, options.headroom ?? 0.97)))

/**
 * The UTC day of an instant, `YYYY-MM-DD`, naming daily budget windows.
 *
 * @example
 * ```ts
 * import { RateBudget } from "@effect-zoom/scheduler"
 *
 * RateBudget.utcDay(0) // "1970-01-01"
 * ```
 *
 * @since 0.2.0
 * @category accessors
 */
export const utcDay = (epochMillis: number): string => new Date(epochMillis).toISOString().slice(0, 10)

/**
 * Milliseconds from `epochMillis` to the next 00:00 UTC, when daily budgets
 * reset.
 *
 * @example
 * ```ts
 * import { RateBudget } from "@effect-zoom/scheduler"
 *
 * RateBudget.millisToNextDay(0) // 86_400_000
 * ```
 *
 * @since 0.2.0
 * @category accessors
 */
export const millisToNextDay = (epochMillis: number): number =>
  DateTime.toEpochMillis(nextDailyReset(DateTime.unsafeMake(epochMillis))) - epochMillis

/**
 * An in-memory budget: one process, accounts kept in a `Map` (an account's
 * state is a few numbers). Time comes from Effect's `Clock`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { RateBudget } from "@effect-zoom/scheduler"
 *
 * const program = Effect.gen(function*() {
 *   const budget = yield* RateBudget.makeMemory({ limits: "free" })
 *   yield* budget.take("acct-A")
 * })
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeMemory = (options: Options): Effect.Effect<RateBudget["Type"]> =>
  Effect.sync(() => {
    const maxWait = Duration.toMillis(Duration.decode(options.maxWait ?? Duration.seconds(10)))
    const accounts = new Map<string, { nextSlot: number; day: string; inDay: number; pausedUntil: number }>()
    const stateOf = (account: string) => {
      let state = accounts.get(account)
      if (state === undefined) {
        state = { nextSlot: 0, day: "", inDay: 0, pausedUntil: 0 }
        accounts.set(account, state)
      }
      return state
    }
    const take = (account: string, plan?: Plan | undefined): Effect.Effect<void, RateBudgetError> =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const state = stateOf(account)
        if (state.pausedUntil > now) {
          const wait = state.pausedUntil - now
          return wait > maxWait
            ? Effect.fail(
              new RateBudgetError({
                account,
                reason: "Paused",
                retryAfter: Duration.millis(wait),
                message: `account ${account} is paused after a 429 for ${Math.ceil(wait / 1000)} s`
              })
            )
            : Effect.zipRight(Effect.sleep(Duration.millis(wait)), take(account, plan))
        }
        const limits = limitsOf(options, account, plan)
        const day = utcDay(now)
        if (state.day !== day) {
          state.day = day
          state.inDay = 0
        }
        if (limits.daily !== undefined && state.inDay >= limits.daily) {
          return Effect.fail(
            new RateBudgetError({
              account,
              reason: "Daily",
              retryAfter: Duration.millis(millisToNextDay(now)),
              message: `account ${account} spent its daily budget of ${limits.daily} requests`
            })
          )
        }
        state.inDay++
        const slot = Math.max(now, state.nextSlot)
        state.nextSlot = slot + intervalMillis(options, limits)
        return slot > now ? Effect.sleep(Duration.millis(slot - now)) : Effect.void
      })
    return RateBudget.of({
      take,
      pause: (account, until) =>
        Effect.sync(() => {
          const state = stateOf(account)
          state.pausedUntil = Math.max(state.pausedUntil, DateTime.toEpochMillis(until))
        })
    })
  })

/**
 * A layer with an in-memory {@link RateBudget}.
 *
 * @example
 * ```ts
 * import { RateBudget } from "@effect-zoom/scheduler"
 *
 * const BudgetLive = RateBudget.layerMemory({ limits: "pro" })
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const layerMemory = (options: Options): Layer.Layer<RateBudget> => Layer.effect(RateBudget, makeMemory(options))

/** The account and plan of the current call. */
const currentAccount = (defaultAccount: string) =>
  Effect.map(Tenant.Tenant, Option.match({
    onNone: () => ({ account: defaultAccount, plan: undefined }),
    onSome: (tenant) => ({ account: Tenant.accountOf(tenant), plan: tenant.plan })
  }))

const pauseAfter = (
  budget: RateBudget["Type"],
  account: string,
  retryAfter: Duration.Duration
): Effect.Effect<void> =>
  Effect.flatMap(DateTime.now, (now) => budget.pause(account, DateTime.addDuration(now, retryAfter))).pipe(
    Effect.catchAll((error) => Effect.logWarning(`RateBudget: could not pause ${account}: ${error.message}`))
  )

const refusal = (request: Parameters<typeof HttpClientResponse.fromWeb>[0], error: RateBudgetError) => {
  const seconds = Math.max(1, Math.ceil(Duration.toMillis(error.retryAfter ?? Duration.seconds(1)) / 1000))
  return HttpClientResponse.fromWeb(
    request,
    new Response(JSON.stringify({ code: 429, message: error.message }), {
      status: 429,
      headers: {
        "content-type": "application/json",
        "retry-after": String(seconds),
        "x-ratelimit-type": error.reason === "Daily" ? "Daily-limit" : "QPS",
        "x-ratelimit-source": "client"
      }
    })
  )
}

/**
 * The budget as a `transformClient` for `ZoomScheduler.layer`: every request
 * waits for its account's budget first, and a 429 from Zoom pauses the
 * account until its `Retry-After` for everyone sharing the budget. A budget
 * that refuses (daily budget spent, account paused longer than `maxWait`)
 * answers 429 itself (header `x-ratelimit-source: client`), so the client
 * fails with its usual `RateLimited`; an unreachable budget store fails the
 * attempt as a connection failure (`TransportError`, the `RateBudgetError`
 * as its cause). The wait counts against the attempt's `timeout`.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { RateBudget, ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const ZoomLive = Layer.unwrapEffect(
 *   Effect.map(RateBudget.RateBudget, (budget) =>
 *     ZoomScheduler.layer({ transformClient: RateBudget.transformClient(budget) }))
 * ).pipe(Layer.provide(RateBudget.layerMemory({ limits: "pro" })))
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const transformClient = (
  budget: RateBudget["Type"],
  options: { readonly defaultAccount?: string | undefined } = {}
) =>
(client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(client, (effect, request) =>
    Effect.flatMap(currentAccount(options.defaultAccount ?? "default"), ({ account, plan }) =>
      budget.take(account, plan).pipe(
        Effect.matchEffect({
          onFailure: (error) =>
            error.reason === "Unavailable"
              ? Effect.fail(
                new HttpClientError.RequestError({ request, reason: "Transport", cause: error, description: error.message })
              )
              : Effect.succeed(refusal(request, error)),
          onSuccess: () =>
            Effect.tap(effect, (response) =>
              response.status === 429
                ? Effect.flatMap(DateTime.now, (now) => {
                  const after = parseRetryAfter(response.headers["retry-after"], now)
                  const wait = Option.isSome(after)
                    ? after.value.wait
                    : response.headers["x-ratelimit-type"]?.toLowerCase().startsWith("daily")
                    ? Duration.millis(millisToNextDay(DateTime.toEpochMillis(now)))
                    : Duration.seconds(1)
                  return pauseAfter(budget, account, wait)
                })
                : Effect.void)
        })
      )))
