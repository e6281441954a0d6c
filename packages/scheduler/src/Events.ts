/**
 * Schemas of the Scheduler `events` resource (scheduled events, i.e. bookings).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import {
  openEnum,
  optional,
  optionalFrom,
  optionalInput,
  PageSize,
  stringMaxLength,
  wirePage
} from "./internal/schema.js"

const Statuses = ["confirmed", "cancelled"] as const

/**
 * Someone attending a scheduled event.
 *
 * @since 0.1.0
 */
export const Attendee = Schema.Struct({
  attendeeId: optionalFrom(Schema.String, "attendee_id"),
  booker: optional(Schema.Boolean),
  created: optional(Schema.String),
  displayName: optionalFrom(Schema.String, "display_name"),
  email: optional(Schema.String),
  firstName: optionalFrom(Schema.String, "first_name"),
  lastName: optionalFrom(Schema.String, "last_name"),
  name: optional(Schema.String),
  timeZone: optionalFrom(Schema.String, "time_zone"),
  noShow: optionalFrom(Schema.Boolean, "no_show")
})

/**
 * @since 0.1.0
 */
export type Attendee = typeof Attendee.Type

/**
 * The conferencing details Zoom attached to an event.
 *
 * @since 0.1.0
 */
export const ExternalLocation = Schema.Struct({
  kind: optional(Schema.String),
  meetingId: optionalFrom(Schema.String, "meeting_id"),
  personalMeetingId: optionalFrom(Schema.String, "personal_meeting_id"),
  meetingPasscode: optionalFrom(Schema.String, "meeting_passcode"),
  meetingDescription: optionalFrom(Schema.String, "meeting_description"),
  meetingJoinUrl: optionalFrom(Schema.String, "meeting_join_url")
})

/**
 * @since 0.1.0
 */
export type ExternalLocation = typeof ExternalLocation.Type

/**
 * A UTM or other tracking parameter captured at booking.
 *
 * @since 0.1.0
 */
export const TrackingParam = Schema.Struct({
  key: optional(Schema.String),
  label: optional(Schema.String),
  value: optional(Schema.String)
})

/**
 * @since 0.1.0
 */
export type TrackingParam = typeof TrackingParam.Type

/**
 * A scheduled event (a booking). `summary` and `description` are not in the
 * spec but appear in Zoom's answers (see the connector's samples), so they
 * are read when present.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const confirmed = Stream.unwrap(
 *   Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream({ userId: "me" }))
 * ).pipe(Stream.filter((event) => event.status === "confirmed"))
 * ```
 *
 * @since 0.1.0
 */
export class ScheduledEvent extends Schema.Class<ScheduledEvent>("@effect-zoom/scheduler/ScheduledEvent")({
  eventId: optionalFrom(Schema.String, "event_id"),
  scheduleId: optionalFrom(Schema.String, "schedule_id"),
  status: optional(openEnum(...Statuses)),
  eventType: optionalFrom(openEnum("default", "pending"), "event_type"),
  summary: optional(Schema.String),
  description: optional(Schema.String),
  startDateTime: optionalFrom(Schema.String, "start_date_time"),
  endDateTime: optionalFrom(Schema.String, "end_date_time"),
  attendees: optional(Schema.Array(Attendee)),
  guests: optional(Schema.Array(Schema.String)),
  location: optional(Schema.String),
  externalLocation: optionalFrom(ExternalLocation, "external_location"),
  meetingNotes: optionalFrom(Schema.String, "meeting_notes"),
  trackingParams: optionalFrom(Schema.Array(TrackingParam), "tracking_params"),
  updated: optional(Schema.String)
}) {}

/**
 * An answer to a booking-form question.
 *
 * @since 0.1.0
 */
export const CustomValue = Schema.Struct({
  name: optional(Schema.String),
  position: optional(Schema.Number),
  values: optional(Schema.Array(Schema.String))
})

/**
 * @since 0.1.0
 */
export type CustomValue = typeof CustomValue.Type

/**
 * One attendee of an event, with the answers they gave when booking
 * (`GET /scheduler/events/{eventId}/attendees/{attendeeId}`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const answers = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.getAttendee("evt-001", "att-1")).pipe(
 *   Effect.map((attendee) => attendee.customValues ?? [])
 * )
 * ```
 *
 * @since 0.1.0
 */
export class EventAttendee extends Schema.Class<EventAttendee>("@effect-zoom/scheduler/EventAttendee")({
  attendeeId: optionalFrom(Schema.String, "attendee_id"),
  eventId: optionalFrom(Schema.String, "event_id"),
  scheduleId: optionalFrom(Schema.String, "schedule_id"),
  created: optional(Schema.String),
  displayName: optionalFrom(Schema.String, "display_name"),
  email: optional(Schema.String),
  firstName: optionalFrom(Schema.String, "first_name"),
  lastName: optionalFrom(Schema.String, "last_name"),
  timeZone: optionalFrom(Schema.String, "time_zone"),
  noShow: optionalFrom(Schema.Boolean, "no_show"),
  customValues: optionalFrom(Schema.Array(CustomValue), "custom_values")
}) {}

/**
 * An attendee change in `events.update`: mark a no-show, by attendee id or email.
 *
 * @since 0.1.0
 */
export const AttendeeUpdate = Schema.Struct({
  attendeeId: optionalInput(Schema.String, "attendee_id"),
  email: Schema.optionalWith(Schema.String, { exact: true }),
  noShow: optionalInput(Schema.Boolean, "no_show")
})

/**
 * @since 0.1.0
 */
export type AttendeeUpdate = typeof AttendeeUpdate.Type

/**
 * The body of `events.update`: confirm or cancel, add notes (up to 1024
 * characters), or mark attendees.
 *
 * @example
 * ```ts
 * import { Events } from "@effect-zoom/scheduler"
 *
 * const cancel: Events.EventUpdate = { status: "cancelled", meetingNotes: "Cancelled due to scheduling conflict." }
 * ```
 *
 * @since 0.1.0
 */
export const EventUpdate = Schema.Struct({
  status: Schema.optionalWith(Schema.Literal(...Statuses), { exact: true }),
  meetingNotes: optionalInput(stringMaxLength(1024), "meeting_notes"),
  attendees: Schema.optionalWith(Schema.Array(AttendeeUpdate), { exact: true })
})

/**
 * @since 0.1.0
 */
export type EventUpdate = typeof EventUpdate.Type

/**
 * Query of `events.list` / `events.stream`.
 *
 * @example
 * ```ts
 * import { Events } from "@effect-zoom/scheduler"
 *
 * const query: Events.EventsListQuery = {
 *   userId: "me",
 *   from: "2025-06-01T00:00:00Z",
 *   to: "2025-07-01T00:00:00Z",
 *   pageSize: 300
 * }
 * ```
 *
 * @since 0.1.0
 */
export const EventsListQuery = Schema.Struct({
  userId: optionalInput(Schema.String, "user_id"),
  teamId: optionalInput(Schema.String, "team_id"),
  pageSize: optionalInput(PageSize, "page_size"),
  nextPageToken: optionalInput(Schema.String, "next_page_token"),
  eventType: optionalInput(Schema.Literal("pending"), "event_type"),
  showDeleted: optionalInput(Schema.Boolean, "show_deleted"),
  search: Schema.optionalWith(Schema.String, { exact: true }),
  from: Schema.optionalWith(Schema.String, { exact: true }),
  to: Schema.optionalWith(Schema.String, { exact: true }),
  timeZone: optionalInput(Schema.String, "time_zone"),
  orderBy: optionalInput(Schema.String, "order_by")
})

/**
 * @since 0.1.0
 */
export type EventsListQuery = typeof EventsListQuery.Type

/**
 * Options of `events.get`.
 *
 * @since 0.1.0
 */
export const EventGetQuery = Schema.Struct({
  userId: optionalInput(Schema.String, "user_id"),
  teamId: optionalInput(Schema.String, "team_id")
})

/**
 * @since 0.1.0
 */
export type EventGetQuery = typeof EventGetQuery.Type

/**
 * Options of `events.update` and `events.delete`.
 *
 * @since 0.1.0
 */
export const EventUserQuery = Schema.Struct({
  userId: optionalInput(Schema.String, "user_id")
})

/**
 * @since 0.1.0
 */
export type EventUserQuery = typeof EventUserQuery.Type

/**
 * Wire form of one page of scheduled events.
 *
 * @since 0.1.0
 */
export const ScheduledEventPage = wirePage(ScheduledEvent)
