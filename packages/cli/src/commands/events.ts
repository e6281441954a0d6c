/**
 * `zoom-scheduler events list|export`. The export streams: each page is
 * fetched as the previous one is written, rendered, written (waiting when
 * the destination is slow) and dropped, so memory stays flat however many
 * events there are.
 *
 * @internal
 */
import { Command, Options } from "@effect/cli"
import { Effect, Option, Ref, Stream } from "effect"
import { Events } from "@effect-zoom/scheduler"
import * as Format from "../internal/exportFormat.js"
import * as Output from "../internal/output.js"
import { globalOptions, withGlobals } from "../internal/settings.js"
import { eventsList, withZoom } from "./resources.js"

const exportCommand = Command.make(
  "export",
  {
    ...globalOptions,
    user: Options.text("user").pipe(Options.withDescription("The user (id or email; default: me)"), Options.withDefault("me")),
    from: Options.text("from").pipe(Options.withDescription("Start of the period (ISO 8601)"), Options.optional),
    to: Options.text("to").pipe(Options.withDescription("End of the period (ISO 8601)"), Options.optional),
    status: Options.choice("status", ["confirmed", "cancelled"] as const).pipe(
      Options.withDescription("Only events with this status"),
      Options.optional
    ),
    format: Options.choice("format", Format.formats).pipe(
      Options.withDescription("ndjson (one event per line), csv, or json (one array)"),
      Options.withDefault("ndjson" as const)
    ),
    output: Options.file("output", { exists: "either" }).pipe(
      Options.withAlias("o"),
      Options.withDescription("Write to this file instead of stdout"),
      Options.optional
    )
  },
  withGlobals((opts) =>
    // the client (and the stored login) is set up before anything is written
    withZoom(opts, (zoom) =>
      Effect.gen(function*() {
        const render = Format.renderer(opts.format)
        const sink = Option.isSome(opts.output) ? yield* Output.file(opts.output.value) : Output.stdout
        const progress = yield* Output.progress(process.stderr.isTTY === true)
        const counts = yield* Ref.make({ items: 0, pages: 0 })
        const keep = Option.match(opts.status, {
          onNone: () => () => true,
          onSome: (status) => (e: Events.ScheduledEvent) => e.status === status
        })
        const query = {
          userId: opts.user,
          pageSize: 300,
          showDeleted: true, // cancelled events too; --status filters
          ...(Option.isSome(opts.from) ? { from: opts.from.value } : {}),
          ...(Option.isSome(opts.to) ? { to: opts.to.value } : {})
        }
        yield* sink.write(render.header)
        // Zoom lists pending events (awaiting the host's confirmation) only when asked: two passes
        yield* Stream.concat(zoom.events.pages(query), zoom.events.pages({ ...query, eventType: "pending" })).pipe(
          Stream.runForEach((page) =>
            Effect.gen(function*() {
              const items = page.items.filter(keep)
              const before = yield* Ref.get(counts)
              if (items.length > 0) yield* sink.write(render.page(items, before.items === 0))
              const after = { items: before.items + items.length, pages: before.pages + 1 }
              yield* Ref.set(counts, after)
              yield* progress.update(after.items, after.pages)
            })
          )
        )
        const total = yield* Ref.get(counts)
        yield* sink.write(render.footer(total.items))
        yield* sink.end
        yield* progress.done(total.items, total.pages)
        if (opts.json) process.stderr.write(`${JSON.stringify({ items: total.items, pages: total.pages })}\n`)
      })
    ))
).pipe(Command.withDescription("Export every scheduled event of a period, streamed (ndjson, csv or json)"))

/** `zoom-scheduler events`. */
export const events = Command.make("events").pipe(
  Command.withDescription("Scheduled events (bookings)"),
  Command.withSubcommands([eventsList, exportCommand])
)
