/**
 * The metrics' recording helpers: each updates exactly the metric and label
 * set it documents, honours the fiber's `Effect.tagMetrics` labels, and
 * histograms hold what was recorded. Metrics live in Effect's global
 * registry, so every case uses operation names of its own.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Metric } from "effect"
import * as fc from "fast-check"
import { Metrics } from "@effect-zoom/scheduler"

let serial = 0
/** An operation name no other case (or property run) uses. */
const freshOperation = (what: string) => `test.${what}.${++serial}`

const count = (metric: Metric.Metric.Counter<number>, ...labels: ReadonlyArray<readonly [string, string]>) =>
  Effect.map(
    Metric.value(labels.reduce((m, [key, value]) => Metric.tagged(m, key, value), metric)),
    (state) => state.count
  )

describe("Metrics", () => {
  it.effect("recordResponse counts the call by operation and status and records its duration", () =>
    Effect.gen(function*() {
      const operation = freshOperation("response")
      yield* Metrics.recordResponse(operation, 200, 3)
      yield* Metrics.recordResponse(operation, 200, 40)
      yield* Metrics.recordResponse(operation, 404, 7)
      yield* Metrics.recordResponse(operation, "error", 40_000)
      expect(yield* count(Metrics.requests, ["operation", operation], ["status", "200"])).toBe(2)
      expect(yield* count(Metrics.requests, ["operation", operation], ["status", "404"])).toBe(1)
      expect(yield* count(Metrics.requests, ["operation", operation], ["status", "error"])).toBe(1)
      expect(yield* count(Metrics.requests, ["operation", operation], ["status", "500"])).toBe(0)

      const histogram = yield* Metric.value(Metric.tagged(Metrics.latency, "operation", operation))
      expect(histogram.count).toBe(4)
      expect(histogram.sum).toBe(3 + 40 + 7 + 40_000)
      expect(histogram.min).toBe(3)
      expect(histogram.max).toBe(40_000)
      // cumulative buckets: ≤ 4 ms holds 3; ≤ 8 holds 3 and 7; ≤ 64 adds 40; 40,000 lies past the last boundary
      const bucket = (bound: number) => histogram.buckets.find(([b]) => b === bound)?.[1]
      expect(bucket(2)).toBe(0)
      expect(bucket(4)).toBe(1)
      expect(bucket(8)).toBe(2)
      expect(bucket(64)).toBe(3)
      expect(bucket(32_768)).toBe(3)
    }))

  it.effect("counts and durations add up for any sequence of answers", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              status: fc.constantFrom<Metrics.Status>(200, 201, 204, 400, 401, 404, 429, 500, 503, "error"),
              ms: fc.double({ min: 0, max: 60_000, noNaN: true })
            }),
            { maxLength: 40 }
          ),
          async (answers) => {
            const operation = freshOperation("property")
            await Effect.runPromise(Effect.forEach(answers, (a) => Metrics.recordResponse(operation, a.status, a.ms), { discard: true }))
            for (const status of new Set(answers.map((a) => a.status))) {
              const expected = answers.filter((a) => a.status === status).length
              const actual = await Effect.runPromise(count(Metrics.requests, ["operation", operation], ["status", String(status)]))
              expect(actual).toBe(expected)
            }
            const histogram = await Effect.runPromise(Metric.value(Metric.tagged(Metrics.latency, "operation", operation)))
            expect(histogram.count).toBe(answers.length)
            expect(histogram.sum).toBeCloseTo(answers.reduce((s, a) => s + a.ms, 0), 6)
          }
        ),
        { numRuns: 50 }
      )
    ))

  it.effect("recordAttempt, recordRetry, recordRefresh and recordRateLimitWait update their own metric only", () =>
    Effect.gen(function*() {
      const operation = freshOperation("steps")
      const refreshesBefore = yield* count(Metrics.tokenRefreshes, ["outcome", "success"])
      const failedBefore = yield* count(Metrics.tokenRefreshes, ["outcome", "failure"])

      yield* Metrics.recordAttempt(operation)
      yield* Metrics.recordAttempt(operation)
      yield* Metrics.recordRetry(operation, "429")
      yield* Metrics.recordRefresh("success")
      yield* Metrics.recordRateLimitWait(operation, "retry-after", 1_000)

      expect(yield* count(Metrics.attempts, ["operation", operation])).toBe(2)
      expect(yield* count(Metrics.retries, ["operation", operation], ["reason", "429"])).toBe(1)
      expect(yield* count(Metrics.retries, ["operation", operation], ["reason", "5xx"])).toBe(0)
      expect(yield* count(Metrics.tokenRefreshes, ["outcome", "success"])).toBe(refreshesBefore + 1)
      expect(yield* count(Metrics.tokenRefreshes, ["outcome", "failure"])).toBe(failedBefore)
      expect(yield* count(Metrics.rateLimitWaits, ["operation", operation], ["source", "retry-after"])).toBe(1)
      expect(yield* count(Metrics.rateLimitWaits, ["operation", operation], ["source", "limiter"])).toBe(0)
      const waited = yield* Metric.value(
        Metrics.rateLimitWaitTime.pipe(Metric.tagged("operation", operation), Metric.tagged("source", "retry-after"))
      )
      expect(waited.sum).toBe(1_000)
      // no call was answered
      expect(yield* count(Metrics.requests, ["operation", operation], ["status", "200"])).toBe(0)
    }))

  it.effect("labels set with Effect.tagMetrics are added, as Metric.update adds them", () =>
    Effect.gen(function*() {
      const operation = freshOperation("tagged")
      yield* Metrics.recordResponse(operation, 200, 5).pipe(Effect.tagMetrics("tenant", "acme"))
      yield* Metrics.recordResponse(operation, 200, 5)
      expect(yield* count(Metrics.requests, ["operation", operation], ["status", "200"], ["tenant", "acme"])).toBe(1)
      expect(yield* count(Metrics.requests, ["operation", operation], ["status", "200"])).toBe(1)
      expect(yield* count(Metrics.requests, ["operation", operation], ["status", "200"], ["tenant", "other"])).toBe(0)
    }))
})
