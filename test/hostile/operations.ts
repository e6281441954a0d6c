/**
 * Every one of the client's 21 operations, called with valid input.
 */
import type { Effect } from "effect"
import type { ZoomScheduler } from "@effect-zoom/scheduler"

export type Call = (zoom: ZoomScheduler.Service) => Effect.Effect<unknown, { readonly _tag: string }>

export const operations: ReadonlyArray<readonly [string, Call]> = [
  ["users.get", (z) => z.users.get("me")],
  ["analytics.report", (z) => z.analytics.report({ from: "2024-01-01T00:00:00Z", to: "2024-02-01T00:00:00Z" })],
  ["availability.list", (z) => z.availability.list({ userId: "me" })],
  ["availability.create", (z) =>
    z.availability.create({
      name: "Office Hours",
      timeZone: "America/New_York",
      segmentsRecurrence: { mon: [{ start: "09:00", end: "17:00" }] }
    })],
  ["availability.get", (z) => z.availability.get("avail-1")],
  ["availability.update", (z) => z.availability.update("avail-1", { name: "Renamed", timeZone: "America/New_York" })],
  ["availability.delete", (z) => z.availability.delete("avail-1")],
  ["schedules.list", (z) => z.schedules.list({ userId: "ghost" })],
  ["schedules.create", (z) =>
    z.schedules.create({
      availabilityRules: [{ availabilityId: "avail-1" }],
      capacity: 1,
      availabilityOverride: false,
      summary: "Intro",
      duration: 30
    })],
  ["schedules.get", (z) => z.schedules.get("sched-1")],
  ["schedules.update", (z) => z.schedules.update("sched-1", { summary: "Renamed" })],
  ["schedules.delete", (z) => z.schedules.delete("sched-1")],
  ["schedules.singleUseLink", (z) => z.schedules.singleUseLink({ scheduleId: "sched-unknown" })],
  ["events.list", (z) => z.events.list({ userId: "ghost" })],
  ["events.get", (z) => z.events.get("evt-1")],
  ["events.update", (z) => z.events.update("evt-1", { meetingNotes: "notes" })],
  ["events.delete", (z) => z.events.delete("evt-1")],
  ["events.getAttendee", (z) => z.events.getAttendee("evt-1", "att-1")],
  ["routingForms.getResponse", (z) => z.routingForms.getResponse("form-1", "resp-1")],
  ["shares.create", (z) => z.shares.create({ scheduleId: "sched-1" })],
  ["teams.list", (z) => z.teams.list({ userId: "ghost" })]
]
