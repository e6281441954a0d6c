/**
 * The connector's "availability manager" example, on effect-zoom: who am I,
 * this year's analytics, my availability schedules (creating "Extended Office
 * Hours" unless three exist already), my schedules.
 *
 * Run (Node 20 and npm only, from the repository root):
 *
 *   ZOOM_CLIENT_ID=… ZOOM_CLIENT_SECRET=… ZOOM_REFRESH_TOKEN=… \
 *     npx --yes pnpm@10.34.9 exec tsx --conditions=source examples/availability-manager.ts
 *
 * It runs once and exits (0 on success, 1 with the error on one line).
 * Against the fake Zoom: `npx --yes pnpm@10.34.9 exec zoom-scheduler-fake`
 * prints the `ZOOM_BASE_URL`, `ZOOM_REFRESH_URL` and refresh token to use.
 */
import { pathToFileURL } from "node:url"
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { Errors, ZoomScheduler } from "@effect-zoom/scheduler"
import { userId, ZoomFromEnv } from "./zoomFromEnv.js"

const EXTENDED = "Extended Office Hours"

export const program = Effect.gen(function*() {
  const zoom = yield* ZoomScheduler.ZoomScheduler
  const user = yield* userId

  const me = yield* zoom.users.get(user)
  yield* Console.log(`User: ${me.displayName} | Timezone: ${me.timeZone}`)

  // the connector's sample sends from: "2025-01-01"; Zoom wants RFC 3339 date-times
  const analytics = yield* zoom.analytics.report({ userId: user, from: "2025-01-01T00:00:00Z", to: "2025-12-31T23:59:59Z" })
  const stats = analytics.lastNDays
  if (stats !== undefined) {
    yield* Console.log(
      `Analytics - Events Created: ${stats.scheduledEventsCreated ?? 0} | Completed: ${stats.scheduledEventsCompleted ?? 0} | Canceled: ${stats.scheduledEventsCanceled ?? 0}`
    )
  }

  const availability = yield* zoom.availability.list({ userId: user, pageSize: 10 })
  yield* Console.log(`Availability Schedules: ${availability.items.length}`)
  for (const a of availability.items) {
    yield* Console.log(`- ${a.name} (${a.timeZone}), ID: ${a.availabilityId}`)
    yield* Console.log(`  Owner: ${a.owner ?? "Unknown"}`)
  }

  const extended = availability.items.filter((a) => a.name === EXTENDED).length
  if (extended >= 3) {
    yield* Console.log(`Skipping creation - already have ${extended} ${EXTENDED} schedules`)
  } else {
    const weekday = [{ start: "08:00", end: "18:00" }]
    const created = yield* zoom.availability.create({
      name: EXTENDED,
      timeZone: "America/New_York",
      segmentsRecurrence: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: [{ start: "08:00", end: "16:00" }] }
    })
    yield* Console.log(`Created new availability: ${created.name} (${created.availabilityId})`)
  }

  // the connector prints "Error fetching schedules" and goes on; so do we, with the typed error
  yield* zoom.schedules.list({ userId: user, pageSize: 5, showDeleted: false }).pipe(
    Effect.flatMap((page) =>
      page.items.length === 0
        ? Console.log("No schedules found")
        : Effect.zipRight(
          Console.log(`Active Schedules: ${page.items.length}`),
          Effect.forEach(page.items, (s) => Console.log(`- ${s.summary} (${s.duration}min, ${s.capacity} attendees)`), {
            discard: true
          })
        )
    ),
    Effect.catchAll((error) => Console.log(`Error fetching schedules: ${Errors.format(error)}`))
  )
})

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  NodeRuntime.runMain(program.pipe(Effect.provide(ZoomFromEnv), Errors.report), { disableErrorReporting: true })
}
