/**
 * The operation's span, parent of the platform's `http.client` spans: its
 * name and attributes are built once per operation; the attempts and the
 * last status are set as it ends, when the call's outcome and duration are
 * also recorded in the metrics (`Metrics.recordResponse`).
 *
 * @internal
 */
import type * as Tracer from "effect/Tracer"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import type * as Fiber from "effect/Fiber"
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
 * Runs `self` in the span; `outcome` is read as it ends. The duration runs
 * from the span's start (read on the `Clock`), or from the call's start
 * when the span has no start time (tracing or its timing disabled).
 */
export const inSpan = <A, E>(span: OperationSpan, self: Effect.Effect<A, E>, outcome: () => Outcome): Effect.Effect<A, E> =>
  Effect.useSpan(span.name, span.options, (s) => {
    const run = (start: bigint) =>
      Effect.withParentSpan(
        Effect.onExit(self, () =>
          Effect.withFiberRuntime<void>((fiber) => {
            const { attempts, status } = outcome()
            s.attribute("zoom.attempts", attempts)
            if (status !== 0) s.attribute("http.response.status_code", status)
            unsafeRecordResponse(
              fiber.getFiberRef(FiberRef.currentMetricLabels),
              span.operation,
              status === 0 ? "error" : status,
              Number(nanosOf(fiber) - start) / 1e6
            )
            return Effect.void
          })),
        s
      )
    return s.status._tag === "Started" && s.status.startTime !== 0n
      ? run(s.status.startTime)
      : Effect.withFiberRuntime<A, E>((fiber) => run(nanosOf(fiber)))
  })
