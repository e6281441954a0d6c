/**
 * The metrics' definitions and their allocation-free recorders, for the
 * executor's hot path (called from inside steps it already runs, with the
 * fiber's `Effect.tagMetrics` labels); `Metrics.ts` exposes them.
 *
 * @internal
 */
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import type * as MetricKeyType from "effect/MetricKeyType"
import * as MetricLabel from "effect/MetricLabel"
import type * as MetricState from "effect/MetricState"

type Labels = ReadonlyArray<MetricLabel.MetricLabel>
type Histogram = Metric.Metric<MetricKeyType.MetricKeyType.Histogram, number, MetricState.MetricState.Histogram>

/** A monotonic counter (its exporters see a running total). */
const counter = (name: string, description: string): Metric.Metric.Counter<number> =>
  Metric.counter(name, { description, incremental: true })

export const requests: Metric.Metric.Counter<number> = counter("zoom_scheduler_requests", "Zoom Scheduler calls answered, by operation and final status")

export const attempts: Metric.Metric.Counter<number> = counter("zoom_scheduler_attempts", "HTTP attempts sent to Zoom, by operation")

export const retries: Metric.Metric.Counter<number> = counter("zoom_scheduler_retries", "Retries scheduled by the retry policy, by operation and reason")

export const tokenRefreshes: Metric.Metric.Counter<number> = counter("zoom_scheduler_token_refreshes", "Requests to Zoom's OAuth token endpoint, by outcome")

export const rateLimitWaits: Metric.Metric.Counter<number> = counter("zoom_scheduler_rate_limit_waits", "Waits imposed by rate limiting, by operation and source")

export const latencyBoundaries: MetricBoundaries.MetricBoundaries = MetricBoundaries.exponential({
  start: 1,
  factor: 2,
  count: 17
})

export const latency: Histogram = Metric.histogram(
  "zoom_scheduler_request_duration_ms",
  latencyBoundaries,
  "Duration of Zoom Scheduler calls in milliseconds, retries included, by operation"
)

export const rateLimitWaitTime: Histogram = Metric.histogram(
  "zoom_scheduler_rate_limit_wait_ms",
  latencyBoundaries,
  "Time spent waiting for rate limits in milliseconds, by operation and source"
)

/**
 * One label array per label set, so that the metric's own cache (keyed by the
 * array) finds its registry entry without hashing a key on every update.
 * Per operation: its own labels, and one array per second label's value.
 */
interface OperationLabels {
  readonly own: Labels
  readonly byPair: Map<string, Map<string | number, Labels>>
}

const operations = new Map<string, OperationLabels>()

const operationLabels = (operation: string): OperationLabels => {
  let cached = operations.get(operation)
  if (cached === undefined) {
    cached = { own: [MetricLabel.make("operation", operation)], byPair: new Map() }
    operations.set(operation, cached)
  }
  return cached
}

const pairLabels = (operation: string, name: string, value: string | number): Labels => {
  const op = operationLabels(operation)
  let byValue = op.byPair.get(name)
  if (byValue === undefined) {
    byValue = new Map()
    op.byPair.set(name, byValue)
  }
  let cached = byValue.get(value)
  if (cached === undefined) {
    cached = [op.own[0]!, MetricLabel.make(name, String(value))]
    byValue.set(value, cached)
  }
  return cached
}

const outcomeLabels = new Map<string, Labels>()

/** The fiber's `Effect.tagMetrics` labels joined to ours (ours first, as `Metric.tagged` does). */
const withFiberLabels = (fiberLabels: Labels, own: Labels): Labels =>
  fiberLabels.length === 0 ? own : [...own, ...fiberLabels]

/** See `Metrics.recordResponse`. */
export const unsafeRecordResponse = (fiberLabels: Labels, operation: string, status: number | "error", durationMs: number): void => {
  requests.unsafeUpdate(1, withFiberLabels(fiberLabels, pairLabels(operation, "status", status)))
  latency.unsafeUpdate(durationMs, withFiberLabels(fiberLabels, operationLabels(operation).own))
}

/** See `Metrics.recordAttempt`. */
export const unsafeRecordAttempt = (fiberLabels: Labels, operation: string): void =>
  attempts.unsafeUpdate(1, withFiberLabels(fiberLabels, operationLabels(operation).own))

/** See `Metrics.recordRetry`. */
export const unsafeRecordRetry = (fiberLabels: Labels, operation: string, reason: string): void =>
  retries.unsafeUpdate(1, withFiberLabels(fiberLabels, pairLabels(operation, "reason", reason)))

/** See `Metrics.recordRefresh`. */
export const unsafeRecordRefresh = (fiberLabels: Labels, outcome: string): void => {
  let own = outcomeLabels.get(outcome)
  if (own === undefined) {
    own = [MetricLabel.make("outcome", outcome)]
    outcomeLabels.set(outcome, own)
  }
  tokenRefreshes.unsafeUpdate(1, withFiberLabels(fiberLabels, own))
}

/** See `Metrics.recordRateLimitWait`. */
export const unsafeRecordRateLimitWait = (fiberLabels: Labels, operation: string, source: string, waitMs: number): void => {
  const own = withFiberLabels(fiberLabels, pairLabels(operation, "source", source))
  rateLimitWaits.unsafeUpdate(1, own)
  rateLimitWaitTime.unsafeUpdate(waitMs, own)
}
