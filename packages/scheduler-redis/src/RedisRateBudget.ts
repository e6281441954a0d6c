/**
 * A `RateBudget` on Redis: every process and host of the app shares each
 * Zoom account's budget.
 *
 * - **Per second**: `@effect/experimental`'s `RateLimiter` with its Redis
 *   store, a token bucket of one request refilled every
 *   `1 / (perSecond × headroom)` seconds per account, waiting (`delay`) rather
 *   than failing: requests of all processes are spaced evenly.
 * - **Per day**: a counter per account and UTC day (`INCR`, expiring after
 *   the day), refusing beyond the daily limit with `RateBudgetError("Daily")`
 *   until 00:00 UTC.
 * - **Shared back-off**: a 429 for an account (`pause`) stores the time until
 *   which nobody sends for it; every process checks it right before sending
 *   and waits (up to `maxWait`, else `RateBudgetError("Paused")`). Other
 *   accounts are not affected.
 *
 * Two Redis round trips per request (the bucket, then the gate: pause and
 * daily count); a Redis failure or a command over `commandTimeout` fails with
 * `RateBudgetError("Unavailable")`. Instants come from each process's clock:
 * keep hosts in sync (NTP); a skew of `s` milliseconds lets the combined rate
 * drift by about `s` milliseconds' worth of requests.
 *
 * @since 0.1.0
 */
import { RateBudget } from "@effect-zoom/scheduler"
import type { RateLimit } from "@effect-zoom/scheduler"
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as RedisStore from "@effect/experimental/RateLimiter/Redis"
import type { Scope } from "effect"
import { Clock, DateTime, Duration, Effect, Layer } from "effect"
import * as Scripts from "./internal/scripts.js"
import { RedisConnection } from "./RedisConnection.js"

/**
 * Options of the Redis budget: the budget's own (limits, headroom, maxWait,
 * defaultAccount), and the time limit of one Redis command (default 5
 * seconds).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends RateBudget.Options {
  /** Time limit of one Redis command. Default 5 seconds. */
  readonly commandTimeout?: Duration.DurationInput | undefined
}

/**
 * Builds the shared budget on the {@link RedisConnection} in context. The
 * per-second limiter opens a second connection with the same options (the
 * experimental store owns its client), closed with the scope.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { RedisConnection, RedisRateBudget } from "@effect-zoom/scheduler-redis"
 *
 * const program = Effect.scoped(
 *   Effect.gen(function*() {
 *     const budget = yield* RedisRateBudget.make({ limits: "pro" })
 *     yield* budget.take("acct-A")
 *   })
 * ).pipe(Effect.provide(RedisConnection.layer({ url: "redis://127.0.0.1:6379" })))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<RateBudget.RateBudget["Type"], never, RedisConnection | Scope.Scope> =>
  Effect.gen(function*() {
    const { client, keyPrefix } = yield* RedisConnection
    const script = Scripts.define(client)
    const store = yield* RedisStore.make(
      { ...client.options, prefix: `${keyPrefix}rate:` } as Parameters<typeof RedisStore.make>[0]
    )
    const limiter = yield* Effect.provideService(RateLimiter.make, RateLimiter.RateLimiterStore, store)
    const commandTimeout = Duration.decode(options.commandTimeout ?? "5 seconds")
    const maxWait = Duration.toMillis(Duration.decode(options.maxWait ?? "10 seconds"))
    const unavailable = (account: string) => (message: string) =>
      new RateBudget.RateBudgetError({ account, reason: "Unavailable", message })

    // One request is `grain` tokens of a bucket holding `grain` (a burst of one request): the
    // store refills in steps of interval / grain and counts the delay from the caller's clock
    // reading, not from the last refill, so a bucket of one token would start requests up to one
    // interval late (and two of them one interval apart less that error), enough to put 31 requests
    // in one of Zoom's one-second windows. With 1,000 grains the error is 1/1,000 of an interval.
    const grain = 1000
    const slot = (account: string, limits: RateBudget.Limits) =>
      Effect.flatMap(Clock.currentTimeMillis, (asked) =>
        limiter.consume({
          algorithm: "token-bucket",
          onExceeded: "delay",
          window: Duration.millis(RateBudget.intervalMillis(options, limits)),
          limit: grain,
          tokens: grain,
          key: `qps:${account}`
        }).pipe(
          Effect.mapError((e) =>
            unavailable(account)(`Redis: ${e.reason === "StoreError" ? Scripts.describe(e.cause ?? e) : e.message}`)
          ),
          Effect.timeoutFail({
            duration: commandTimeout,
            onTimeout: () => unavailable(account)(`Redis: no answer within ${Duration.format(commandTimeout)}`)
          }),
          // the delay runs from when the slot was asked for: the round trip is not added to it
          Effect.flatMap(({ delay }) => {
            const due = asked + Duration.toMillis(delay)
            return Effect.flatMap(Clock.currentTimeMillis, (now) =>
              (due > now ? Effect.sleep(Duration.millis(due - now)) : Effect.void).pipe(
                Effect.zipRight(Clock.currentTimeMillis),
                Effect.map((woke) => woke - due)
              ))
          })
        ))

    // A process that stalls (GC, a busy CPU) wakes several of its slots at once; sent together
    // they would land in one of Zoom's one-second windows with that window's own requests. The
    // budget leaves about (1 / headroom − 1) seconds of slack per second (31 ms at 0.97): a
    // request whose slot is more than half that behind takes a new slot instead (up to 3 times).
    const lateMillis = Math.max(5, (1000 / Math.min(1, Math.max(0.01, options.headroom ?? 0.97)) - 1000) / 2)
    const onTime = (account: string, limits: RateBudget.Limits, attempts: number): Effect.Effect<void, RateBudget.RateBudgetError> =>
      Effect.flatMap(slot(account, limits), (late) =>
        late > lateMillis && attempts < 3 ? onTime(account, limits, attempts + 1) : Effect.void)

    const take = (account: string, plan?: RateLimit.Plan | undefined): Effect.Effect<void, RateBudget.RateBudgetError> =>
      Effect.gen(function*() {
        const limits = RateBudget.limitsOf(options, account, plan)
        yield* onTime(account, limits, 0)
        const now = yield* Clock.currentTimeMillis
        const reply = yield* Scripts.run(
          () =>
            script(
              "zoomBudgetGate",
              [`${keyPrefix}pause:${account}`, `${keyPrefix}daily:${account}:${RateBudget.utcDay(now)}`],
              [now, limits.daily ?? -1, RateBudget.millisToNextDay(now) + 3_600_000]
            ),
          commandTimeout,
          unavailable(account)
        )
        const [verdict, value] = (reply as ReadonlyArray<number>).map(Number)
        if (verdict === 1) {
          const wait = (value ?? now) - now
          if (wait > maxWait) {
            return yield* new RateBudget.RateBudgetError({
              account,
              reason: "Paused",
              retryAfter: Duration.millis(wait),
              message: `account ${account} is paused after a 429 for ${Math.ceil(wait / 1000)} s`
            })
          }
          yield* Effect.sleep(Duration.millis(wait))
          return yield* take(account, plan)
        }
        if (verdict === 2) {
          return yield* new RateBudget.RateBudgetError({
            account,
            reason: "Daily",
            retryAfter: Duration.millis(RateBudget.millisToNextDay(now)),
            message: `account ${account} spent its daily budget of ${limits.daily} requests`
          })
        }
      })

    const pause = (account: string, until: DateTime.Utc) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const at = DateTime.toEpochMillis(until)
        return at <= now
          ? Effect.void
          : Effect.asVoid(
            Scripts.run(
              () => script("zoomBudgetPause", [`${keyPrefix}pause:${account}`], [at, at - now]),
              commandTimeout,
              unavailable(account)
            )
          )
      })

    return RateBudget.RateBudget.of({ take, pause })
  })

/**
 * The shared budget as a `RateBudget` layer.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { RateBudget, ZoomScheduler } from "@effect-zoom/scheduler"
 * import { RedisConnection, RedisRateBudget } from "@effect-zoom/scheduler-redis"
 *
 * const ZoomLive = Layer.unwrapEffect(
 *   Effect.map(RateBudget.RateBudget, (budget) =>
 *     ZoomScheduler.layer({ transformClient: RateBudget.transformClient(budget) }))
 * ).pipe(
 *   Layer.provide(RedisRateBudget.layer({ limits: "pro" })),
 *   Layer.provide(RedisConnection.layerConfig())
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<RateBudget.RateBudget, never, RedisConnection> =>
  Layer.scoped(RateBudget.RateBudget, make(options))
