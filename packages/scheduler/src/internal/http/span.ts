/**
 * The operation's span, parent of the platform's `http.client` spans: its
 * name and attributes are built once per operation; the attempts and the
 * last status are set as it ends, when the call's outcome and duration are
 * also recorded in the metrics (`Metrics.recordResponse`).
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import type * as Fiber from "effect/Fiber"
import type * as Tracer from "effect/Tracer"
import { unsafeRecordResponse } from "../metrics.js"

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

const nanosOf = (fiber: Fiber.RuntimeFiber<unknown, unknown>): bigint =>
  Context.get(fiber.currentDefaultServices, Clock.Clock).unsafeCurrentTimeNanos()

/**
 * Runs the effect `use` makes of the span; `outcome` is read as it ends.
 * The duration runs from the span's start (read on the `Clock`), or from the
 * call's start when the span has no start time (tracing or its timing
 * disabled).
 *
 * Unlike `Effect.useSpan` + `Effect.withParentSpan`, the span is not put in
 * the fiber's context for the whole call (that `FiberRef` change and its
 * undoing cost ~9 µs a call, about a third of the client's own work): `use`
 * gets the span and makes it the parent of the steps that may start spans of
 * their own (a token refresh, a rate limiter, an `HttpClient` other than
 * `NodeTransport`'s, which makes none). The attributes, the metrics and the
 * span's end share one exit step.
 */
export const inSpan = <A, E>(
  span: OperationSpan,
  use: (parent: Tracer.Span) => Effect.Effect<A, E>,
  outcome: () => Outcome,
  metrics: boolean
): Effect.Effect<A, E> =>
  Effect.uninterruptibleMask((restore) =>
    Effect.flatMap(Effect.makeSpan(span.name, span.options), (s) =>
      Effect.withFiberRuntime<A, E>((fiber) => {
        const timed = fiber.getFiberRef(FiberRef.currentTracerTimingEnabled)
        const start = s.status._tag === "Started" && s.status.startTime !== 0n ? s.status.startTime : nanosOf(fiber)
        return Effect.onExit(restore(use(s)), (exit) =>
          Effect.sync(() => {
            const { attempts, status } = outcome()
            s.attribute("zoom.attempts", attempts)
            if (status !== 0) s.attribute("http.response.status_code", status)
            const end = nanosOf(fiber)
            if (metrics) {
              unsafeRecordResponse(
                fiber.getFiberRef(FiberRef.currentMetricLabels),
                span.operation,
                status === 0 ? "error" : status,
                Number(end - start) / 1e6
              )
            }
            // a success ends the span without the call's value: an ended span stays reachable for a
            // while (young-generation collections kept every 300-event page alive with it, ~9 ms each)
            if (s.status._tag !== "Ended") s.end(timed ? end : 0n, Exit.isSuccess(exit) ? Exit.void : exit)
          }))
      })
    )
  )
