/**
 * The invitee side of Zoom Scheduler, which the REST API does not expose:
 * booking a slot of a schedule, and cancelling a booking. Used by the fake's
 * `book`/`cancel` handle operations.
 *
 * @internal
 */
import type { BookInput } from "./handle.js"
import type { AttendeeRecord, EventRecord, Model } from "./model.js"
import { makeEvent } from "./seed.js"
import { parseDateTime } from "./time.js"

/** A webhook-worthy change of the model. */
export type Notification =
  | { readonly kind: "created"; readonly eventId: string; readonly attendeeId: string }
  | { readonly kind: "canceled"; readonly eventId: string }

/** The outcome of a booking attempt. */
export type BookResult =
  | { readonly _tag: "Booked"; readonly event: EventRecord; readonly attendee: AttendeeRecord }
  | { readonly _tag: "NotFound"; readonly resource: string; readonly id: string }
  | { readonly _tag: "Conflict"; readonly reason: string }
  | { readonly _tag: "Invalid"; readonly field: string; readonly reason: string }

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

/**
 * Books `input.startDateTime` on a schedule as an invitee would. A schedule
 * with capacity > 1 collects attendees in one event per slot; a full slot
 * (or a cancelled/inactive schedule) is a conflict.
 */
export const book = (model: Model, input: BookInput, nowMs: number): BookResult => {
  const schedule = model.schedulesById.get(input.scheduleId)
  if (schedule === undefined) return { _tag: "NotFound", resource: "Schedule", id: input.scheduleId }
  if (schedule.status === "cancelled" || schedule.fields.active === false) {
    return { _tag: "Conflict", reason: `Schedule ${schedule.id} is not accepting bookings.` }
  }
  const startMs = parseDateTime(input.startDateTime)
  if (startMs === undefined) {
    return { _tag: "Invalid", field: "startDateTime", reason: "must be an RFC 3339 date-time with an offset" }
  }
  if (!EMAIL.test(input.attendee.email)) {
    return { _tag: "Invalid", field: "attendee.email", reason: "must be a valid email address" }
  }
  const attendeeInput = {
    email: input.attendee.email,
    ...(input.attendee.firstName !== undefined ? { first_name: input.attendee.firstName } : {}),
    ...(input.attendee.lastName !== undefined ? { last_name: input.attendee.lastName } : {}),
    ...(input.attendee.displayName !== undefined ? { display_name: input.attendee.displayName } : {}),
    ...(input.attendee.timeZone !== undefined ? { time_zone: input.attendee.timeZone } : {})
  }
  const capacity = schedule.fields.capacity ?? 1
  const existing = model.eventsAt(schedule.id, startMs)
  const booked = existing.reduce((n, e) => n + e.attendees.length, 0)
  if (booked >= capacity) {
    return {
      _tag: "Conflict",
      reason: `The slot ${input.startDateTime} of schedule ${schedule.id} is full (capacity ${capacity}).`
    }
  }
  if (existing.length > 0) {
    // Group booking: one more attendee on the slot's event.
    const event = existing[0]
    const host = model.users.get(schedule.ownerId)!
    const attendee: AttendeeRecord = {
      id: model.random.resourceId(),
      email: attendeeInput.email,
      firstName: input.attendee.firstName,
      lastName: input.attendee.lastName,
      displayName: input.attendee.displayName ??
        ([input.attendee.firstName, input.attendee.lastName].filter((s) => s !== undefined).join(" ") ||
          attendeeInput.email.split("@")[0]),
      timeZone: input.attendee.timeZone ?? host.timeZone,
      booker: false,
      noShow: false,
      createdMs: nowMs,
      customValues: input.answers ?? []
    }
    event.attendees.push(attendee)
    for (const guest of input.guests ?? []) if (!event.guests.includes(guest)) event.guests.push(guest)
    event.updatedMs = nowMs
    model.events.touched()
    return { _tag: "Booked", event, attendee }
  }
  const event = makeEvent(model, schedule, {
    startMs,
    status: "confirmed",
    eventType: "default",
    attendees: [attendeeInput],
    guests: input.guests ?? [],
    meetingNotes: input.notes,
    createdMs: nowMs,
    ...(input.answers !== undefined ? { customValues: input.answers } : {})
  })
  model.events.insert(event)
  return { _tag: "Booked", event, attendee: event.attendees[0] }
}
