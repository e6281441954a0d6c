/**
 * The client's metrics, as Effect `Metric`s: requests by operation and status,
 * HTTP attempts, retries, token refreshes, rate-limit waits and a latency
 * histogram. They live in Effect's global metric registry, like every
 * `Metric`, so any exporter reads them: `@effect/opentelemetry`'s
 * `NodeSdk.layer({ metricReader })` (OTLP, Prometheus), or
 * `Metric.value` / `Metric.snapshot` in a test.
 *
 * Every metric carries the labels the fiber set with `Effect.tagMetrics`, as
 * `Metric.update` does, besides its own (`operation`, `status`, …).
 *
 * The `record*` functions are what the client calls at each step of a
 * request; they are exposed for custom transports and tests. Each costs one
 * `Effect.withFiberRuntime` step and no allocation once the label set has
 * been seen.
 *
 * @example
 * ```ts
 * import { Effect, Metric } from "effect"
 * import { Metrics } from "@effect-zoom/scheduler"
 *
 * // after some calls: how many users.get answered 200
 * const ok = Metric.value(Metrics.requests.pipe(
 *   Metric.tagged("operation", "users.get"),
 *   Metric.tagged("status", "200")
 * ))
 * Effect.runPromise(ok).then((state) => console.log(state.count))
 * ```
 *
 * @since 0.2.0
 */
import { Effect, FiberRef, Metric, MetricBoundaries, MetricLabel } from "effect"
import type { MetricKeyType, MetricState } from "effect"

/**
 * Calls answered, by `operation` (`users.get`, `events.list`, …) and `status`
 * (the final HTTP status as a string, `"error"` when no answer came: a
 * transport failure or a time limit). One per call, retries included.
 *
 * @since 0.2.0
 */
export const requests: Metric.Metric.Counter<number> = Metric.counter("zoom_scheduler_requests", {
  description: "Zoom Scheduler calls answered, by operation and final status",
  incremental: true
})

/**
 * HTTP attempts sent, by `operation`: one per request put on the wire, so
 * `attempts − requests` is the number of retries that were sent.
 *
 * @since 0.2.0
 */
export const attempts: Metric.Metric.Counter<number> = Metric.counter("zoom_scheduler_attempts", {
  description: "HTTP attempts sent to Zoom, by operation",
  incremental: true
})

/**
 * Retries scheduled, by `operation` and `reason` (`"429"`, `"5xx"`,
 * `"transport"`, `"timeout"`): one each time the retry policy decides to try
 * again.
 *
 * @since 0.2.0
 */
export const retries: Metric.Metric.Counter<number> = Metric.counter("zoom_scheduler_retries", {
  description: "Retries scheduled by the retry policy, by operation and reason",
  incremental: true
})

/**
 * OAuth token refreshes, by `outcome` (`"success"` or `"failure"`): one per
 * request to Zoom's token endpoint, however many calls waited for it.
 *
 * @since 0.2.0
 */
export const tokenRefreshes: Metric.Metric.Counter<number> = Metric.counter("zoom_scheduler_token_refreshes", {
  description: "Requests to Zoom's OAuth token endpoint, by outcome",
  incremental: true
})

/**
 * Waits imposed by rate limiting, by `operation` and `source` (`"limiter"`:
 * the client's own `RateLimit` limiter; `"retry-after"`: a 429's
 * `Retry-After`).
 *
 * @since 0.2.0
 */
export const rateLimitWaits: Metric.Metric.Counter<number> = Metric.counter("zoom_scheduler_rate_limit_waits", {
  description: "Waits imposed by rate limiting, by operation and source",
  incremental: true
})

/**
 * The boundaries (ms) of the histograms: 1, 2, 4, … 32,768 ms.
 *
 * @since 0.2.0
 */
export const latencyBoundaries: MetricBoundaries.MetricBoundaries = MetricBoundaries.exponential({
  start: 1,
  factor: 2,
  count: 17
})

/**
 * How long calls took (ms), by `operation`: from the call to its answer
 * decoded or its failure, retries and waits included.
 *
 * @since 0.2.0
 */
export const latency: Metric.Metric<
  MetricKeyType.MetricKeyType.Histogram,
  number,
  MetricState.MetricState.Histogram
> = Metric.histogram(
  "zoom_scheduler_request_duration_ms",
  latencyBoundaries,
  "Duration of Zoom Scheduler calls in milliseconds, retries included, by operation"
)

/**
 * How long rate limiting made calls wait (ms), by `operation` and `source`.
 *
 * @since 0.2.0
 */
export const rateLimitWaitTime: Metric.Metric<
  MetricKeyType.MetricKeyType.Histogram,
  number,
  MetricState.MetricState.Histogram
> = Metric.histogram(
  "zoom_scheduler_rate_limit_wait_ms",
  latencyBoundaries,
  "Time spent waiting for rate limits in milliseconds, by operation and source"
)

/**
 * Why a call is retried.
 *
 * @since 0.2.0
 */
export type RetryReason = "429" | "5xx" | "transport" | "timeout"

/**
 * Where a rate-limit wait came from.
 *
 * @since 0.2.0
 */
export type RateLimitSource = "limiter" | "retry-after"

/**
 * The status label of a call: its final HTTP status, or `"error"` when no
 * answer came.
 *
 * @since 0.2.0
 */
export type Status = number | "error"

/**
 * One label array per label set, so that the metric's own cache (keyed by the
 * array) finds its registry entry without hashing a key on every update.
 */
const labelCache = new Map<string, ReadonlyArray<MetricLabel.MetricLabel>>()

const labels = (key: string, make: () => ReadonlyArray<MetricLabel.MetricLabel>): ReadonlyArray<MetricLabel.MetricLabel> => {
  let cached = labelCache.get(key)
  if (cached === undefined) {
    cached = make()
    labelCache.set(key, cached)
  }
  return cached
}

const operationLabels = (operation: string) =>
  labels(`o\u0000${operation}`, () => [MetricLabel.make("operation", operation)])

const pairLabels = (operation: string, name: string, value: string) =>
  labels(`p\u0000${operation}\u0000${name}\u0000${value}`, () => [
    MetricLabel.make("operation", operation),
    MetricLabel.make(name, value)
  ])

/** The fiber's `Effect.tagMetrics` labels joined to ours (ours first, as `Metric.tagged` does). */
const withFiberLabels = (
  fiberLabels: ReadonlyArray<MetricLabel.MetricLabel>,
  own: ReadonlyArray<MetricLabel.MetricLabel>
): ReadonlyArray<MetricLabel.MetricLabel> => (fiberLabels.length === 0 ? own : [...own, ...fiberLabels])

const record = (update: (fiberLabels: ReadonlyArray<MetricLabel.MetricLabel>) => void): Effect.Effect<void> =>
  Effect.withFiberRuntime<void>((fiber) => {
    update(fiber.getFiberRef(FiberRef.currentMetricLabels))
    return Effect.void
  })

/**
 * Records a call's outcome: one `requests` for `operation` and `status`, and
 * `durationMs` in the `latency` histogram.
 *
 * @example
 * ```ts
 * import { Metrics } from "@effect-zoom/scheduler"
 *
 * const recorded = Metrics.recordResponse("users.get", 200, 12.5)
 * ```
 *
 * @since 0.2.0
 */
export const recordResponse = (operation: string, status: Status, durationMs: number): Effect.Effect<void> =>
  record((fiberLabels) => {
    requests.unsafeUpdate(1, withFiberLabels(fiberLabels, pairLabels(operation, "status", String(status))))
    latency.unsafeUpdate(durationMs, withFiberLabels(fiberLabels, operationLabels(operation)))
  })

/**
 * Records one HTTP attempt of `operation` (call it each time a request is put
 * on the wire, the first one included).
 *
 * @example
 * ```ts
 * import { Metrics } from "@effect-zoom/scheduler"
 *
 * const recorded = Metrics.recordAttempt("events.list")
 * ```
 *
 * @since 0.2.0
 */
export const recordAttempt = (operation: string): Effect.Effect<void> =>
  record((fiberLabels) => attempts.unsafeUpdate(1, withFiberLabels(fiberLabels, operationLabels(operation))))

/**
 * Records a retry of `operation` decided for `reason`.
 *
 * @example
 * ```ts
 * import { Metrics } from "@effect-zoom/scheduler"
 *
 * const recorded = Metrics.recordRetry("events.list", "429")
 * ```
 *
 * @since 0.2.0
 */
export const recordRetry = (operation: string, reason: RetryReason): Effect.Effect<void> =>
  record((fiberLabels) => retries.unsafeUpdate(1, withFiberLabels(fiberLabels, pairLabels(operation, "reason", reason))))

/**
 * Records one request to the OAuth token endpoint and its outcome.
 *
 * @example
 * ```ts
 * import { Metrics } from "@effect-zoom/scheduler"
 *
 * const recorded = Metrics.recordRefresh("success")
 * ```
 *
 * @since 0.2.0
 */
export const recordRefresh = (outcome: "success" | "failure"): Effect.Effect<void> =>
  record((fiberLabels) =>
    tokenRefreshes.unsafeUpdate(
      1,
      withFiberLabels(fiberLabels, labels(`r\u0000${outcome}`, () => [MetricLabel.make("outcome", outcome)]))
    )
  )

/**
 * Records a wait of `waitMs` imposed on `operation` by rate limiting.
 *
 * @example
 * ```ts
 * import { Metrics } from "@effect-zoom/scheduler"
 *
 * const recorded = Metrics.recordRateLimitWait("events.list", "retry-after", 1000)
 * ```
 *
 * @since 0.2.0
 */
export const recordRateLimitWait = (operation: string, source: RateLimitSource, waitMs: number): Effect.Effect<void> =>
  record((fiberLabels) => {
    const own = withFiberLabels(fiberLabels, pairLabels(operation, "source", source))
    rateLimitWaits.unsafeUpdate(1, own)
    rateLimitWaitTime.unsafeUpdate(waitMs, own)
  })
