/**
 * Schemas of the Scheduler `events` resource (scheduled events, i.e. bookings).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import {
  openEnum,
  optional,
  optionalFrom,
  optionalInput,
  PageSize,
  stringMaxLength,
  wirePage
} from "./internal/schema.js"
import { DateTimeText, dateTimeInput } from "./internal/dates.js"
import { meetingIdentity } from "./internal/meetingIdentity.js"

const Statuses = ["confirmed", "cancelled"] as const

/**
 * Whether a scheduled event is confirmed or cancelled (open to values Zoom adds later).
 *
 * @since 0.1.0
 */
export const ScheduledEventStatus = openEnum(...Statuses)

/** @since 0.1.0 */
export type ScheduledEventStatus = typeof ScheduledEventStatus.Type

/**
 * The conferencing provider of an `ExternalLocation` (open to values Zoom adds later).
 *
 * @since 0.1.0
 */
export const ExternalLocationKind = openEnum("zoom", "google_meet", "microsoft_teams")

/** @since 0.1.0 */
export type ExternalLocationKind = typeof ExternalLocationKind.Type

/**
 * Someone attending a scheduled event (webhook payloads carry only `displayName` and `email`).
 *
 * @since 0.1.0
 */
export const Attendee = Schema.Struct({
  attendeeId: optionalFrom(Schema.String, "attendee_id"),
  booker: optional(Schema.Boolean),
  created: optional(DateTimeText),
  displayName: optionalFrom(Schema.String, "display_name"),
  email: optional(Schema.String),
  firstName: optionalFrom(Schema.String, "first_name"),
  lastName: optionalFrom(Schema.String, "last_name"),
  name: optional(Schema.String),
  timeZone: optionalFrom(Schema.String, "time_zone"),
  noShow: optionalFrom(Schema.Boolean, "no_show")
}).annotations({ identifier: "Attendee" })

/** @since 0.1.0 */
export interface Attendee extends Schema.Schema.Type<typeof Attendee> {}

/**
 * The conferencing details Zoom attached to an event.
 *
 * @since 0.1.0
 */
export const ExternalLocation = Schema.Struct({
  kind: optional(ExternalLocationKind),
  ...meetingIdentity(""), // meetingId, personalMeetingId, meetingPasscode
  meetingDescription: optionalFrom(Schema.String, "meeting_description"),
  meetingJoinUrl: optionalFrom(Schema.String, "meeting_join_url")
}).annotations({ identifier: "ExternalLocation" })

/** @since 0.1.0 */
export interface ExternalLocation extends Schema.Schema.Type<typeof ExternalLocation> {}

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

/** @since 0.1.0 */
export interface TrackingParam extends Schema.Schema.Type<typeof TrackingParam> {}

/**
 * The fields a scheduled event has both in REST answers and in webhook
 * payloads (`WebhookEvents.ScheduledEvent` adds its own beside them).
 *
 * @since 0.3.0
 */
export const scheduledEventFields = {
  eventId: optionalFrom(Schema.String, "event_id"),
  status: optional(ScheduledEventStatus),
  summary: optional(Schema.String),
  startDateTime: optionalFrom(DateTimeText, "start_date_time"),
  endDateTime: optionalFrom(DateTimeText, "end_date_time"),
  attendees: optional(Schema.Array(Attendee)),
  guests: optional(Schema.Array(Schema.String)),
  externalLocation: optionalFrom(ExternalLocation, "external_location"),
  meetingNotes: optionalFrom(Schema.String, "meeting_notes"),
  updated: optional(DateTimeText)
}

/**
 * A scheduled event (a booking), as the REST API answers it.
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
  ...scheduledEventFields,
  scheduleId: optionalFrom(Schema.String, "schedule_id"), // REST only
  eventType: optionalFrom(openEnum("default", "pending"), "event_type"), // REST only
  description: optional(Schema.String), // REST only, not in the spec: Zoom's answers carry it (the connector's samples)
  location: optional(Schema.String), // REST: free text; webhooks: an object (`WebhookEvents.Location`)
  trackingParams: optionalFrom(Schema.Array(TrackingParam), "tracking_params") // REST only; webhooks: `tracking`
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

/** @since 0.1.0 */
export interface CustomValue extends Schema.Schema.Type<typeof CustomValue> {}

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
  created: optional(DateTimeText),
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

/** @since 0.1.0 */
export interface AttendeeUpdate extends Schema.Schema.Type<typeof AttendeeUpdate> {}

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

/** @since 0.1.0 */
export interface EventUpdate extends Schema.Schema.Type<typeof EventUpdate> {}

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
  from: Schema.optionalWith(dateTimeInput("from"), { exact: true }),
  to: Schema.optionalWith(dateTimeInput("to"), { exact: true }),
  timeZone: optionalInput(Schema.String, "time_zone"),
  orderBy: optionalInput(Schema.String, "order_by")
})

/** @since 0.1.0 */
export interface EventsListQuery extends Schema.Schema.Type<typeof EventsListQuery> {}

/**
 * Options of `events.get`.
 *
 * @since 0.1.0
 */
export const EventGetQuery = Schema.Struct({
  userId: optionalInput(Schema.String, "user_id"),
  teamId: optionalInput(Schema.String, "team_id")
})

/** @since 0.1.0 */
export interface EventGetQuery extends Schema.Schema.Type<typeof EventGetQuery> {}

/**
 * Options of `events.update` and `events.delete`.
 *
 * @since 0.1.0
 */
export const EventUserQuery = Schema.Struct({
  userId: optionalInput(Schema.String, "user_id")
})

/** @since 0.1.0 */
export interface EventUserQuery extends Schema.Schema.Type<typeof EventUserQuery> {}

/**
 * Wire form of one page of scheduled events.
 *
 * @since 0.1.0
 */
export const ScheduledEventPage = wirePage(ScheduledEvent)
