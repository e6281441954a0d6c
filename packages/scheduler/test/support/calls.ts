/**
 * One valid call of each of the 21 operations, with what a 404 to it is
 * about: for suites that run every operation against the same answers.
 */
import type { Effect } from "effect"
import type { ZoomScheduler } from "@effect-zoom/scheduler"

export interface OperationCall {
  /** e.g. `events.getAttendee`. */
  readonly name: string
  readonly method: "GET" | "POST" | "PATCH" | "DELETE"
  readonly call: (zoom: ZoomScheduler.Service) => Effect.Effect<unknown, ZoomScheduler.CommonError>
  /** The `NotFound` a 404 to this call is: resource and id. */
  readonly notFound: readonly [string, string]
}

const availability = { name: "Hours", timeZone: "America/New_York", segmentsRecurrence: { mon: [{ start: "09:00", end: "17:00" }] } }

export const calls: ReadonlyArray<OperationCall> = [
  { name: "users.get", method: "GET", call: (z) => z.users.get("u-1"), notFound: ["user", "u-1"] },
  { name: "analytics.report", method: "GET", call: (z) => z.analytics.report({ userId: "u-1" }), notFound: ["user", "u-1"] },
  { name: "availability.list", method: "GET", call: (z) => z.availability.list({ userId: "u-1" }), notFound: ["user", "u-1"] },
  { name: "availability.create", method: "POST", call: (z) => z.availability.create(availability), notFound: ["user", "me"] },
  { name: "availability.get", method: "GET", call: (z) => z.availability.get("av-1"), notFound: ["availability", "av-1"] },
  {
    name: "availability.update",
    method: "PATCH",
    call: (z) => z.availability.update("av-1", availability),
    notFound: ["availability", "av-1"]
  },
  { name: "availability.delete", method: "DELETE", call: (z) => z.availability.delete("av-1"), notFound: ["availability", "av-1"] },
  { name: "schedules.list", method: "GET", call: (z) => z.schedules.list({ userId: "u-1" }), notFound: ["user", "u-1"] },
  {
    name: "schedules.create",
    method: "POST",
    call: (z) => z.schedules.create({ availabilityOverride: false, availabilityRules: [], capacity: 1 }, { userId: "u-1" }),
    notFound: ["user", "u-1"]
  },
  { name: "schedules.get", method: "GET", call: (z) => z.schedules.get("sc-1"), notFound: ["schedule", "sc-1"] },
  { name: "schedules.update", method: "PATCH", call: (z) => z.schedules.update("sc-1", { summary: "x" }), notFound: ["schedule", "sc-1"] },
  { name: "schedules.delete", method: "DELETE", call: (z) => z.schedules.delete("sc-1"), notFound: ["schedule", "sc-1"] },
  {
    name: "schedules.singleUseLink",
    method: "POST",
    call: (z) => z.schedules.singleUseLink({ scheduleId: "sc-1" }),
    notFound: ["schedule", "sc-1"]
  },
  { name: "events.list", method: "GET", call: (z) => z.events.list({ userId: "u-1" }), notFound: ["user", "u-1"] },
  { name: "events.get", method: "GET", call: (z) => z.events.get("ev-1"), notFound: ["event", "ev-1"] },
  { name: "events.update", method: "PATCH", call: (z) => z.events.update("ev-1", { status: "confirmed" }), notFound: ["event", "ev-1"] },
  { name: "events.delete", method: "DELETE", call: (z) => z.events.delete("ev-1"), notFound: ["event", "ev-1"] },
  { name: "events.getAttendee", method: "GET", call: (z) => z.events.getAttendee("ev-1", "at-1"), notFound: ["attendee", "at-1"] },
  {
    name: "routingForms.getResponse",
    method: "GET",
    call: (z) => z.routingForms.getResponse("f-1", "r-1"),
    notFound: ["routingFormResponse", "r-1"]
  },
  { name: "shares.create", method: "POST", call: (z) => z.shares.create({ scheduleId: "sc-1" }), notFound: ["schedule", "sc-1"] },
  { name: "teams.list", method: "GET", call: (z) => z.teams.list({ userId: "u-1" }), notFound: ["user", "u-1"] }
]
