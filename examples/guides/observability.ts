/**
 * Guide: observability (docs/guides/observability.md).
 *
 * Every operation runs in a span named after it. This program records the
 * spans that end with a small tracer wrapped around Effect's own, and prints
 * them as a tree. In production, provide an OpenTelemetry layer instead
 * (e.g. `@effect/opentelemetry`'s `NodeSdk.layer`): the spans are the same.
 */
import { Effect, Exit, Layer, Option, Tracer } from "effect"
import { ZoomScheduler } from "@effect-zoom/scheduler"

/** One ended span. */
export interface RecordedSpan {
  readonly name: string
  readonly parent: string | undefined
  readonly attributes: Readonly<Record<string, unknown>>
  readonly ok: boolean
}

/** Records every ended span into `spans`, delegating everything else to the current tracer. */
export const recordSpans = (spans: Array<RecordedSpan>): Layer.Layer<never> =>
  Layer.unwrapEffect(Effect.map(Effect.tracer, (base) =>
    Layer.setTracer(Tracer.make({
      span(name, parent, context, links, startTime, kind, options) {
        const span = base.span(name, parent, context, links, startTime, kind, options)
        const end = span.end.bind(span)
        span.end = (endTime, exit) => {
          end(endTime, exit)
          spans.push({
            name,
            parent: Option.match(parent, { onNone: () => undefined, onSome: (p) => (p._tag === "Span" ? p.name : undefined) }),
            attributes: Object.fromEntries(span.attributes),
            ok: Exit.isSuccess(exit)
          })
        }
        return span
      },
      context: (f, fiber) => base.context(f, fiber)
    }))))

/** Lists a page of events inside a span of the application's own. */
export const program = Effect.gen(function*() {
  const zoom = yield* ZoomScheduler.ZoomScheduler
  const page = yield* zoom.events.list({ pageSize: 10 })
  return page.items.length
}).pipe(Effect.withSpan("my-app.sync-bookings"))
