/**
 * The connector's "meeting scheduler" example, on effect-zoom: create a
 * schedule on one of my availability schedules, list my schedules, and
 * count my scheduled events.
 *
 * Run (Node 20 and npm only, from the repository root):
 *
 *   ZOOM_CLIENT_ID=… ZOOM_CLIENT_SECRET=… ZOOM_REFRESH_TOKEN=… \
 *     npx --yes pnpm@10.34.9 exec tsx --conditions=source examples/meeting-scheduler.ts
 *
 * It runs once and exits (0 on success, 1 with the error on one line).
 */
import { pathToFileURL } from "node:url"
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Stream } from "effect"
import { Errors, ZoomScheduler } from "@effect-zoom/scheduler"
import { userId, ZoomFromEnv } from "./zoomFromEnv.js"

export const program = Effect.gen(function*() {
  const zoom = yield* ZoomScheduler.ZoomScheduler
  const user = yield* userId

  const me = yield* zoom.users.get(user)
  yield* Console.log(`Meeting Scheduler for ${me.displayName ?? "User"}`)
  yield* Console.log(`Time Zone: ${me.timeZone ?? "UTC"}`)

  // the connector's sample hard-codes an availability id; we use one of ours, or create one
  const weekday = [{ start: "09:00", end: "17:00" }]
  const weekend = [{ start: "09:00", end: "12:00" }]
  const existing = (yield* zoom.availability.list({ userId: user, pageSize: 1 })).items[0]
  const availabilityId = existing?.availabilityId ?? (yield* zoom.availability.create({
    name: "Meeting hours",
    timeZone: "Asia/Shanghai",
    segmentsRecurrence: { sun: weekend, mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: weekend }
  })).availabilityId

  const created = yield* zoom.schedules.create({
    addOnType: "zoomMeeting",
    availabilityOverride: false,
    availabilityRules: availabilityId === undefined ? [] : [{ availabilityId }],
    capacity: 1,
    color: "#fff200",
    customFields: [{
      enabled: true,
      format: "text",
      includeOther: false,
      name: "Please share anything that will help prepare for our meeting.",
      position: 0,
      required: false
    }],
    description: "30 minute meeting",
    duration: 30,
    startDate: "2025-06-27", // schedules take calendar dates; segments and list filters take date-times
    endDate: "2025-07-05",
    timeZone: "Asia/Shanghai",
    location: "AAA office",
    intervalType: "fixed",
    slug: "conference",
    startTimeIncrement: 30,
    summary: "daily meeting",
    scheduleType: "one",
    active: true
  }, { userId: user })
  yield* Console.log(`Created: ${created.summary} (${created.scheduleId})`)

  yield* zoom.schedules.list({ userId: user, pageSize: 10, showDeleted: false }).pipe(
    Effect.flatMap((page) =>
      Effect.zipRight(
        Console.log(`Schedules on this page: ${page.items.length}`),
        Effect.forEach(page.items, (s) => Console.log(`- ${s.summary ?? "Unnamed Schedule"} (${s.duration ?? 0}min)`), {
          discard: true
        })
      )
    ),
    Effect.catchAll((error) => Console.log(`Error fetching schedules: ${Errors.format(error)}`))
  )

  // the connector reads totalRecords from the first page; Zoom's answer has no total:
  // count by streaming every page (one request per 300 events)
  const total = yield* zoom.events.stream({ userId: user, pageSize: 300 }).pipe(Stream.runCount)
  yield* Console.log(`Total Events: ${total}`)
  const firstTwo = yield* zoom.events.list({ userId: user, pageSize: 2 })
  if (firstTwo.items.length === 0) yield* Console.log("No scheduled events found yet.")
  for (const event of firstTwo.items) {
    yield* Console.log(`- Event ${event.eventId ?? "Unknown"} (${event.status ?? "Unknown"})`)
  }
})

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  NodeRuntime.runMain(program.pipe(Effect.provide(ZoomFromEnv), Errors.report), { disableErrorReporting: true })
}
