/**
 * Rendering of the model's records in Zoom's wire format (snake_case JSON),
 * following the response schemas of the Scheduler spec operation by operation.
 *
 * @internal
 */
import type {
  AttendeeRecord,
  AvailabilityRecord,
  EventRecord,
  Model,
  RoutingResponseRecord,
  ScheduleRecord,
  TeamRecord,
  UserRecord
} from "./model.js"
import { SCHEDULER_HOST } from "./model.js"
import { formatDateTime, formatTimestamp } from "./time.js"

/** A JSON object. */
export type JsonObject = { readonly [key: string]: unknown }

/** `GET /scheduler/users/{userId}`. */
export const user = (u: UserRecord): JsonObject => ({
  slug: u.slug,
  scheduling_url: `${SCHEDULER_HOST}/${u.slug}`,
  display_name: u.displayName,
  ...(u.picture !== undefined ? { picture: u.picture } : {}),
  ...(u.logo !== undefined ? { logo: u.logo } : {}),
  time_zone: u.timeZone
})

/** `GET /scheduler/availability[/{id}]` items (the spec lists no `segments` there). */
export const availability = (a: AvailabilityRecord): JsonObject => ({
  availability_id: a.id,
  default: a.isDefault,
  name: a.name,
  owner: a.ownerId,
  segments_recurrence: a.segmentsRecurrence,
  time_zone: a.timeZone
})

/** `POST /scheduler/availability` 201 body (includes `segments`). */
export const createdAvailability = (a: AvailabilityRecord): JsonObject => ({
  ...availability(a),
  segments: a.segments
})

const person = (model: Model, userId: string, viewerId: string): JsonObject => {
  const u = model.users.get(userId)
  return { display_name: u?.displayName ?? "", email: u?.email ?? "", self: userId === viewerId }
}

/** A schedule, as returned by get/list/create. `viewerId` decides `creator.self`/`organizer.self`. */
export const schedule = (model: Model, s: ScheduleRecord, viewerId: string): JsonObject => ({
  schedule_id: s.id,
  ...s.fields,
  creator: person(model, s.ownerId, viewerId),
  organizer: person(model, s.ownerId, viewerId),
  scheduling_url: model.schedulingUrl(s),
  status: s.status,
  updated: formatTimestamp(s.updatedMs)
})

/** An attendee without its custom values. */
export const attendeeBase = (a: AttendeeRecord): JsonObject => ({
  attendee_id: a.id,
  booker: a.booker,
  created: formatTimestamp(a.createdMs),
  display_name: a.displayName,
  email: a.email,
  ...(a.firstName !== undefined ? { first_name: a.firstName } : {}),
  ...(a.lastName !== undefined ? { last_name: a.lastName } : {}),
  time_zone: a.timeZone,
  no_show: a.noShow
})

/** A scheduled event, times formatted in `timeZone` (UTC `Z` when absent). */
export const event = (e: EventRecord, timeZone?: string): JsonObject => ({
  event_id: e.id,
  schedule_id: e.scheduleId,
  attendees: e.attendees.map(attendeeBase),
  ...(e.description !== undefined ? { description: e.description } : {}),
  end_date_time: formatDateTime(e.endMs, timeZone),
  guests: e.guests,
  ...(e.location !== undefined ? { location: e.location } : {}),
  start_date_time: formatDateTime(e.startMs, timeZone),
  status: e.status,
  summary: e.summary,
  updated: formatTimestamp(e.updatedMs),
  ...(e.meetingNotes !== undefined ? { meeting_notes: e.meetingNotes } : {}),
  event_type: e.eventType,
  ...(e.externalLocation !== undefined ? { external_location: e.externalLocation } : {}),
  ...(e.trackingParams !== undefined ? { tracking_params: e.trackingParams } : {})
})

/** `GET /scheduler/events/{eventId}/attendees/{attendeeId}`. */
export const attendee = (e: EventRecord, a: AttendeeRecord): JsonObject => {
  const { booker: _booker, ...rest } = attendeeBase(a)
  return {
    ...rest,
    event_id: e.id,
    schedule_id: e.scheduleId,
    custom_values: a.customValues
  }
}

/** `GET /scheduler/routing/forms/{formId}/response/{responseId}`. */
export const routingResponse = (r: RoutingResponseRecord): JsonObject => ({
  booked: r.booked,
  ...(r.bookingLink !== undefined ? { booking_link: r.bookingLink } : {}),
  created_time: formatTimestamp(r.createdMs),
  creator_email: r.creatorEmail,
  form_id: r.formId,
  questions_and_answers: r.questionsAndAnswers,
  result_type: r.resultType,
  result_value: r.resultValue
})

/** `GET /scheduler/teams` items. */
export const team = (t: TeamRecord): JsonObject => ({
  team_id: t.id,
  owner_id: t.ownerId,
  member_count: t.memberIds.length,
  name: t.name,
  slug: t.slug,
  timezone: t.timezone
})
