/**
 * The operation's span, parent of the platform's `http.client` spans: its
 * name and attributes are built once per operation; the attempts and the
 * last status are set as it ends, when the call's outcome and duration are
 * also recorded in the metrics (`Metrics.recordResponse`).
 *
 * @internal
 */
import type { Tracer } from "effect"
import { Effect } from "effect"
import { recordResponse } from "../../Metrics.js"

/** The span of an operation, built once. */
export interface OperationSpan {
  /** The operation, as the metrics label it (`events.list`). */
  readonly operation: string
  readonly name: string
  readonly options: Tracer.SpanOptions
}

/** The span of `operation` (`events.list` → `ZoomScheduler.events.list`). */
export const operationSpan = (operation: string, method: string, pathTemplate: string): OperationSpan => ({
  operation,
  name: `ZoomScheduler.${operation}`,
  options: {
    kind: "client",
    captureStackTrace: false,
    attributes: { "zoom.operation": operation, "http.request.method": method, "url.template": pathTemplate }
  }
})

/** What the span reports as it ends. */
export interface Outcome {
  readonly attempts: number
  /** The last attempt's HTTP status; 0 when it got no answer (or none was sent). */
  readonly status: number
}

/** Runs `self` in the span; `outcome` is read as it ends. */
export const inSpan = <A, E>(span: OperationSpan, self: Effect.Effect<A, E>, outcome: () => Outcome): Effect.Effect<A, E> =>
  Effect.clockWith((clock) => {
    const start = clock.unsafeCurrentTimeNanos()
    return Effect.useSpan(span.name, span.options, (s) =>
      Effect.withParentSpan(
        Effect.onExit(self, () =>
          Effect.suspend(() => {
            const { attempts, status } = outcome()
            s.attribute("zoom.attempts", attempts)
            if (status !== 0) s.attribute("http.response.status_code", status)
            const durationMs = Number(clock.unsafeCurrentTimeNanos() - start) / 1e6
            return recordResponse(span.operation, status === 0 ? "error" : status, durationMs)
          })),
        s
      ))
  })
