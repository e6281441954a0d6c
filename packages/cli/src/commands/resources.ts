/**
 * `zoom-scheduler users me`, `schedules list|get`, `events list`: one call
 * each, printed as text or (with `--json`) as Zoom's wire JSON.
 *
 * @internal
 */
import { Args, Command, Options } from "@effect/cli"
import { Effect, Option, Schema } from "effect"
import { Events, Schedules, Users, ZoomScheduler } from "@effect-zoom/scheduler"
import { line, printJson } from "../internal/output.js"
import type { Globals } from "../internal/settings.js"
import { globalOptions, settings, withGlobals, zoomLayer } from "../internal/settings.js"

/** Runs `f` with the client built from the command's settings. */
export const withZoom = <A, E>(
  globals: Globals,
  f: (zoom: ZoomScheduler.ZoomScheduler["Type"]) => Effect.Effect<A, E>
) =>
  Effect.flatMap(settings(globals), (s) =>
    Effect.flatMap(ZoomScheduler.ZoomScheduler, f).pipe(Effect.provide(zoomLayer(s))))

const pageOptions = {
  user: Options.text("user").pipe(Options.withDescription("The user (id or email; default: me)"), Options.withDefault("me")),
  pageSize: Options.integer("page-size").pipe(
    Options.withDescription("Items per page, 1 to 300 (default 30)"),
    Options.optional
  ),
  pageToken: Options.text("page-token").pipe(
    Options.withDescription("Start at this page (the next_page_token of a previous call)"),
    Options.optional
  )
}

const fromTo = {
  from: Options.text("from").pipe(Options.withDescription("Start of the period (ISO 8601, e.g. 2025-06-01T00:00:00Z)"), Options.optional),
  to: Options.text("to").pipe(Options.withDescription("End of the period (ISO 8601)"), Options.optional)
}

const encodeUser = Schema.encodeSync(Users.User)
const encodeSchedule = Schema.encodeSync(Schedules.Schedule)
const encodeEvent = Schema.encodeSync(Events.ScheduledEvent)

const optional = <K extends string, A>(key: K, value: Option.Option<A>): { [P in K]?: A } =>
  (Option.isSome(value) ? { [key]: value.value } : {}) as { [P in K]?: A }

const nextPage = (token: Option.Option<string>) =>
  Option.match(token, { onNone: () => Effect.void, onSome: (t) => line(`next page: --page-token ${t}`) })

const me = Command.make("me", globalOptions, withGlobals((opts) =>
  withZoom(opts, (zoom) => zoom.users.get("me")).pipe(
    Effect.flatMap((user) =>
      opts.json
        ? printJson(encodeUser(user))
        : Effect.forEach(
          [
            `name:           ${user.displayName ?? ""}`,
            `time zone:      ${user.timeZone ?? ""}`,
            `scheduling url: ${user.schedulingUrl ?? ""}`
          ],
          line
        )
    )
  ))).pipe(Command.withDescription("Show the user the credentials belong to"))

/** `zoom-scheduler users`. */
export const users = Command.make("users").pipe(
  Command.withDescription("Zoom users"),
  Command.withSubcommands([me])
)

const schedulesList = Command.make("list", { ...globalOptions, ...pageOptions, ...fromTo }, withGlobals((opts) =>
  withZoom(opts, (zoom) =>
    zoom.schedules.list({
      userId: opts.user,
      ...optional("pageSize", opts.pageSize),
      ...optional("nextPageToken", opts.pageToken),
      ...optional("from", opts.from),
      ...optional("to", opts.to)
    })).pipe(
      Effect.flatMap((page) =>
        opts.json
          ? printJson({
            items: page.items.map((s) => encodeSchedule(s)),
            ...optional("next_page_token", page.nextPageToken)
          })
          : Effect.zipRight(
            Effect.forEach(page.items, (s) =>
              line(`${s.scheduleId ?? ""}\t${s.status ?? ""}\t${s.duration ?? ""} min\t${s.summary ?? ""}`)),
            nextPage(page.nextPageToken)
          )
      )
    ))).pipe(Command.withDescription("List schedules, one page (id, status, duration, summary)"))

const schedulesGet = Command.make(
  "get",
  { ...globalOptions, user: pageOptions.user, id: Args.text({ name: "schedule-id" }) },
  withGlobals((opts) =>
    withZoom(opts, (zoom) => zoom.schedules.get(opts.id, { userId: opts.user })).pipe(
      Effect.flatMap((s) =>
        opts.json
          ? printJson(encodeSchedule(s))
          : Effect.forEach(
            [
              `id:             ${s.scheduleId ?? ""}`,
              `summary:        ${s.summary ?? ""}`,
              `status:         ${s.status ?? ""}`,
              `duration:       ${s.duration ?? ""} min`,
              `time zone:      ${s.timeZone ?? ""}`,
              `scheduling url: ${s.schedulingUrl ?? ""}`
            ],
            line
          )
      )
    ))
).pipe(Command.withDescription("Show one schedule"))

/** `zoom-scheduler schedules`. */
export const schedules = Command.make("schedules").pipe(
  Command.withDescription("Scheduler schedules (booking pages)"),
  Command.withSubcommands([schedulesList, schedulesGet])
)

/** `zoom-scheduler events list`. */
export const eventsList = Command.make("list", { ...globalOptions, ...pageOptions, ...fromTo }, withGlobals((opts) =>
  withZoom(opts, (zoom) =>
    zoom.events.list({
      userId: opts.user,
      ...optional("pageSize", opts.pageSize),
      ...optional("nextPageToken", opts.pageToken),
      ...optional("from", opts.from),
      ...optional("to", opts.to)
    })).pipe(
      Effect.flatMap((page) =>
        opts.json
          ? printJson({ items: page.items.map((e) => encodeEvent(e)), ...optional("next_page_token", page.nextPageToken) })
          : Effect.zipRight(
            Effect.forEach(page.items, (e) =>
              line(`${e.startDateTime ?? ""}\t${e.status ?? ""}\t${e.eventId ?? ""}\t${e.summary ?? ""}`)),
            nextPage(page.nextPageToken)
          )
      )
    ))).pipe(Command.withDescription("List scheduled events, one page (start, status, id, summary)"))
