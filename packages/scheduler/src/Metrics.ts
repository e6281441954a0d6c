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
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import type * as Metric from "effect/Metric"
import type * as MetricBoundaries from "effect/MetricBoundaries"
import type * as MetricKeyType from "effect/MetricKeyType"
import type * as MetricLabel from "effect/MetricLabel"
import type * as MetricState from "effect/MetricState"
import * as internal from "./internal/metrics.js"

/**
 * Calls answered, by `operation` (`users.get`, `events.list`, …) and `status`
 * (the final HTTP status as a string, `"error"` when no answer came: a
 * transport failure or a time limit). One per call, retries included.
 *
 * @since 0.2.0
 */
export const requests: Metric.Metric.Counter<number> = internal.requests

/**
 * HTTP attempts sent, by `operation`: one per request put on the wire, so
 * `attempts − requests` is the number of retries that were sent.
 *
 * @since 0.2.0
 */
export const attempts: Metric.Metric.Counter<number> = internal.attempts

/**
 * Retries scheduled, by `operation` and `reason` (`"429"`, `"5xx"`,
 * `"transport"`, `"timeout"`): one each time the retry policy decides to try
 * again.
 *
 * @since 0.2.0
 */
export const retries: Metric.Metric.Counter<number> = internal.retries

/**
 * OAuth token refreshes, by `outcome` (`"success"` or `"failure"`): one per
 * request to Zoom's token endpoint, however many calls waited for it.
 *
 * @since 0.2.0
 */
export const tokenRefreshes: Metric.Metric.Counter<number> = internal.tokenRefreshes

/**
 * Waits imposed by rate limiting, by `operation` and `source` (`"limiter"`:
 * the client's own `RateLimit` limiter; `"retry-after"`: a 429's
 * `Retry-After`).
 *
 * @since 0.2.0
 */
export const rateLimitWaits: Metric.Metric.Counter<number> = internal.rateLimitWaits

/**
 * The boundaries (ms) of the histograms: 1, 2, 4, … 32,768 ms.
 *
 * @since 0.2.0
 */
export const latencyBoundaries: MetricBoundaries.MetricBoundaries = internal.latencyBoundaries

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
> = internal.latency

/**
 * How long rate limiting made calls wait (ms), by `operation` and `source`.
 *
 * @since 0.2.0
 */
export const rateLimitWaitTime: Metric.Metric<
  MetricKeyType.MetricKeyType.Histogram,
  number,
  MetricState.MetricState.Histogram
> = internal.rateLimitWaitTime

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
  record((fiberLabels) => internal.unsafeRecordResponse(fiberLabels, operation, status, durationMs))

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
  record((fiberLabels) => internal.unsafeRecordAttempt(fiberLabels, operation))

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
  record((fiberLabels) => internal.unsafeRecordRetry(fiberLabels, operation, reason))

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
  record((fiberLabels) => internal.unsafeRecordRefresh(fiberLabels, outcome))

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
  record((fiberLabels) => internal.unsafeRecordRateLimitWait(fiberLabels, operation, source, waitMs))
