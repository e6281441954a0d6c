/**
 * The operation's span, parent of the platform's `http.client` spans: its
 * name and attributes are built once per operation; the attempts and the
 * last status are set as it ends.
 *
 * @internal
 */
import type { Tracer } from "effect"
import { Effect } from "effect"

/** The span of an operation, built once. */
export interface OperationSpan {
  readonly name: string
  readonly options: Tracer.SpanOptions
}

/** The span of `operation` (`events.list` → `ZoomScheduler.events.list`). */
export const operationSpan = (operation: string, method: string, pathTemplate: string): OperationSpan => ({
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
  readonly status: number
}

/** Runs `self` in the span; `outcome` is read as it ends. */
export const inSpan = <A, E>(span: OperationSpan, self: Effect.Effect<A, E>, outcome: () => Outcome): Effect.Effect<A, E> =>
  Effect.useSpan(span.name, span.options, (s) =>
    Effect.withParentSpan(
      Effect.onExit(self, () =>
        Effect.sync(() => {
          const { attempts, status } = outcome()
          s.attribute("zoom.attempts", attempts)
          s.attribute("http.response.status_code", status)
        })),
      s
    ))
