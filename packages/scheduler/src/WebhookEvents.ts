/**
 * Schemas of the notifications Zoom Scheduler sends to a webhook endpoint.
 *
 * The payloads are built from the same sub-schemas as the REST answers
 * (`Events.Attendee`, `Events.ExternalLocation`, the fields of
 * `Events.ScheduledEvent`, the same enums and helpers); the lines marked
 * "webhook only" are where Zoom's webhook payloads really differ. Decoding is
 * forward-compatible: unknown properties are ignored, `null` reads as absent,
 * enumerations accept values Zoom adds later (the known ones stay visible in
 * the types, e.g. `"confirmed" | "cancelled" | (string & {})`), and an event
 * type this library does not know yet decodes as an {@link UnknownWebhookEvent}.
 *
 * Verification and serving live in the `Webhooks` module.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * declare const rawBody: string // verified first: see `Webhooks.verify`
 * const event = Schema.decodeUnknownSync(WebhookEvents.WebhookEvent)(JSON.parse(rawBody))
 * if (event._tag === "ScheduledEventCanceled") console.log(event.payload.object?.cancellation?.reason)
 * ```
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import * as Events from "./Events.js"
import { DateTimeText } from "./internal/dates.js"
import { meetingIdentity } from "./internal/meetingIdentity.js"
import { openEnum, optional, optionalFrom, required, requiredFrom } from "./internal/schema.js"

// -----------------------------------------------------------------------------
// event names and enumerations
// -----------------------------------------------------------------------------

/**
 * The `event` names of the notifications this module decodes.
 *
 * @since 0.1.0
 */
export const EventName = {
  scheduledEventCreated: "scheduler.scheduled_event_created",
  scheduledEventCanceled: "scheduler.scheduled_event_canceled",
  endpointUrlValidation: "endpoint.url_validation"
} as const

const knownEventNames: ReadonlyArray<string> = Object.values(EventName)

const customLocationTypes = ["custom", "in-person_meeting", "outbound_call", "inbound_call", "invitee_specified"] as const

/**
 * How an event takes place: a custom location or an online meeting provider.
 *
 * @since 0.1.0
 */
export const LocationKind = openEnum(...customLocationTypes, "zoom", "google_meet", "microsoft_teams")

/** @since 0.1.0 */
export type LocationKind = typeof LocationKind.Type

/**
 * The kind of a non-online `CustomLocation`.
 *
 * @since 0.1.0
 */
export const CustomLocationType = openEnum(...customLocationTypes)

/** @since 0.1.0 */
export type CustomLocationType = typeof CustomLocationType.Type

/**
 * Whether Zoom managed to create the meeting of a `ZoomLocation`.
 *
 * @since 0.1.0
 */
export const ZoomMeetingStatus = openEnum("scheduled", "failed")

/** @since 0.1.0 */
export type ZoomMeetingStatus = typeof ZoomMeetingStatus.Type

/**
 * The conferencing provider of an `ExternalLocation` (the REST schema's).
 *
 * @since 0.1.0
 */
export const ExternalLocationKind = Events.ExternalLocationKind

/** @since 0.1.0 */
export type ExternalLocationKind = Events.ExternalLocationKind

/**
 * Whether a scheduled event is confirmed or cancelled (the REST schema's).
 *
 * @since 0.1.0
 */
export const ScheduledEventStatus = Events.ScheduledEventStatus

/** @since 0.1.0 */
export type ScheduledEventStatus = Events.ScheduledEventStatus

/**
 * Who cancelled an event.
 *
 * @since 0.1.0
 */
export const CancelerType = openEnum("host", "invitee")

/** @since 0.1.0 */
export type CancelerType = typeof CancelerType.Type

// -----------------------------------------------------------------------------
// records
// -----------------------------------------------------------------------------

/**
 * An answer to a booking-form question (all three keys are required on the wire).
 *
 * @since 0.1.0
 */
export const QuestionAndAnswer = Schema.Struct({
  question: required(Schema.String),
  position: required(Schema.Int),
  answer: required(Schema.Array(Schema.String))
}).annotations({ identifier: "QuestionAndAnswer" })

/** @since 0.1.0 */
export interface QuestionAndAnswer extends Schema.Schema.Type<typeof QuestionAndAnswer> {}

/**
 * Someone attending a scheduled event: the REST schema (webhooks send only `displayName` and `email`).
 *
 * @since 0.1.0
 */
export const Attendee = Events.Attendee

/** @since 0.1.0 */
export type Attendee = Events.Attendee

/**
 * How many invitees a scheduled event has, and may have.
 *
 * @since 0.1.0
 */
export const InviteeCounters = Schema.Struct({
  total: optional(Schema.Int),
  active: optional(Schema.Int),
  limit: optional(Schema.Int)
}).annotations({ identifier: "InviteeCounters" })

/** @since 0.1.0 */
export interface InviteeCounters extends Schema.Schema.Type<typeof InviteeCounters> {}

/**
 * The Zoom meeting of a `ZoomLocation`: the meeting id, passcode and personal
 * meeting id of `ExternalLocation`, under the deprecated location's `zoom_` keys.
 *
 * @since 0.1.0
 */
export const ZoomMeetingData = Schema.Struct(
  meetingIdentity("zoom") // webhook only: `ExternalLocation`'s identity keys, prefixed `zoom_` (zoomMeetingId from zoom_meeting_id, …)
).annotations({ identifier: "ZoomMeetingData" })

/** @since 0.1.0 */
export interface ZoomMeetingData extends Schema.Schema.Type<typeof ZoomMeetingData> {}

/**
 * The (deprecated) Zoom-meeting variant of `Location`, recognised by `location_type: "zoom"` or any `zoom_*` key.
 *
 * @since 0.1.0
 */
export const ZoomLocation = Schema.Struct({
  zoomJoinUrl: optionalFrom(Schema.String, "zoom_join_url"),
  locationType: optionalFrom(Schema.Literal("zoom"), "location_type"),
  zoomMeetingData: optionalFrom(ZoomMeetingData, "zoom_meeting_data"),
  zoomMeetingStatus: optionalFrom(ZoomMeetingStatus, "zoom_meeting_status")
}).pipe(
  Schema.filter((location) =>
    location.locationType === "zoom" ||
    location.zoomJoinUrl !== undefined ||
    location.zoomMeetingData !== undefined ||
    location.zoomMeetingStatus !== undefined
  ),
  Schema.attachPropertySignature("_tag", "ZoomLocation")
).annotations({ identifier: "ZoomLocation" })

/** @since 0.1.0 */
export interface ZoomLocation extends Schema.Schema.Type<typeof ZoomLocation> {}

/**
 * The non-online variant of `Location`: an address, a phone number, or what the invitee gave.
 *
 * @since 0.1.0
 */
export const CustomLocation = Schema.Struct({
  customLocation: optionalFrom(Schema.String, "custom_location"),
  locationType: optionalFrom(CustomLocationType, "location_type"),
  additionalInfo: optionalFrom(Schema.String, "additional_info")
}).pipe(Schema.attachPropertySignature("_tag", "CustomLocation")).annotations({ identifier: "CustomLocation" })

/** @since 0.1.0 */
export interface CustomLocation extends Schema.Schema.Type<typeof CustomLocation> {}

/**
 * Where a scheduled event takes place (the spec's `oneOf`), told apart by `_tag`.
 *
 * @since 0.1.0
 */
export const Location = Schema.Union(ZoomLocation, CustomLocation).annotations({ identifier: "Location" })

/** @since 0.1.0 */
export type Location = typeof Location.Type

/**
 * The conferencing details Zoom attached to an event: the REST schema.
 *
 * @since 0.1.0
 */
export const ExternalLocation = Events.ExternalLocation

/** @since 0.1.0 */
export type ExternalLocation = Events.ExternalLocation

/**
 * The scheduled event of a webhook payload: the REST event's shared fields, and the webhook's own.
 *
 * @since 0.1.0
 */
export const ScheduledEvent = Schema.Struct({
  ...Events.scheduledEventFields,
  location: optional(Location), // webhook: an object (zoom or custom); REST: free text
  locationKind: optionalFrom(LocationKind, "location_kind"), // webhook only
  inviteeCounters: optionalFrom(InviteeCounters, "invitee_counters"), // webhook only
  created: optional(DateTimeText) // webhook only
}).annotations({ identifier: "ScheduledEvent" })

/** @since 0.1.0 */
export interface ScheduledEvent extends Schema.Schema.Type<typeof ScheduledEvent> {}

/**
 * Salesforce record ids of a booking, by record kind (e.g. `sf_person`).
 *
 * @since 0.1.0
 */
export const SalesforceIds = Schema.Record({ key: Schema.String, value: Schema.String }).annotations({
  identifier: "SalesforceIds"
})

/** @since 0.1.0 */
export type SalesforceIds = typeof SalesforceIds.Type

/**
 * The UTM parameters and Salesforce ids captured at booking.
 *
 * @since 0.1.0
 */
export const Tracking = Schema.Struct({
  utmSource: optionalFrom(Schema.String, "utm_source"),
  utmMedium: optionalFrom(Schema.String, "utm_medium"),
  utmCampaign: optionalFrom(Schema.String, "utm_campaign"),
  utmContent: optionalFrom(Schema.String, "utm_content"),
  utmTerm: optionalFrom(Schema.String, "utm_term"),
  salesforceIds: optionalFrom(Schema.Array(SalesforceIds), "salesforce_ids")
}).annotations({ identifier: "Tracking" })

/** @since 0.1.0 */
export interface Tracking extends Schema.Schema.Type<typeof Tracking> {}

/**
 * Who cancelled an event, when (`cancelAt`, a date-time with offset) and why.
 *
 * @since 0.1.0
 */
export const Cancellation = Schema.Struct({
  canceledBy: optionalFrom(Schema.String, "canceled_by"),
  cancelerType: optionalFrom(CancelerType, "canceler_type"),
  cancelAt: optionalFrom(DateTimeText, "cancel_at"),
  reason: optional(Schema.String)
}).annotations({ identifier: "Cancellation" })

/** @since 0.1.0 */
export interface Cancellation extends Schema.Schema.Type<typeof Cancellation> {}

const bookingFields = {
  inviteeEmail: optionalFrom(Schema.String, "invitee_email"),
  inviteeFirstName: optionalFrom(Schema.String, "invitee_first_name"),
  inviteeLastName: optionalFrom(Schema.String, "invitee_last_name"),
  manageUrl: optionalFrom(Schema.String, "manage_url"),
  timeZone: optionalFrom(Schema.String, "time_zone"),
  questionsAndAnswers: optionalFrom(Schema.Array(QuestionAndAnswer), "questions_and_answers"),
  scheduledEvent: optionalFrom(ScheduledEvent, "scheduled_event"),
  tracking: optional(Tracking),
  rescheduled: optional(Schema.Boolean),
  created: optional(DateTimeText),
  textPhoneNumber: optionalFrom(Schema.String, "text_phone_number")
}

/**
 * The booking of a `scheduler.scheduled_event_created` notification.
 *
 * @since 0.1.0
 */
export const ScheduledEventCreatedObject = Schema.Struct(bookingFields).annotations({
  identifier: "ScheduledEventCreatedObject"
})

/** @since 0.1.0 */
export interface ScheduledEventCreatedObject extends Schema.Schema.Type<typeof ScheduledEventCreatedObject> {}

/**
 * The booking of a `scheduler.scheduled_event_canceled` notification, with its cancellation.
 *
 * @since 0.1.0
 */
export const ScheduledEventCanceledObject = Schema.Struct({
  ...bookingFields,
  cancellation: optional(Cancellation)
}).annotations({ identifier: "ScheduledEventCanceledObject" })

/** @since 0.1.0 */
export interface ScheduledEventCanceledObject extends Schema.Schema.Type<typeof ScheduledEventCanceledObject> {}

const payloadOf = <A, I>(object: Schema.Schema<A, I>) =>
  Schema.Struct({
    accountId: optionalFrom(Schema.String, "account_id"),
    userId: optionalFrom(Schema.String, "user_id"),
    object: optional(object)
  })

/** `event_ts`: when Zoom created the notification, in milliseconds since the epoch. */
const EventTs = Schema.Int.annotations({
  description: "The time the event was created, in milliseconds since the epoch."
})

// -----------------------------------------------------------------------------
// notifications
// -----------------------------------------------------------------------------

/** A Scheduler event notification: its `event` name, `event_ts`, the payload around `object`, told apart by `_tag`. */
const notification = <const Name extends string, const Tag extends string, A, I>(
  event: Name,
  tag: Tag,
  object: Schema.Schema<A, I>
) =>
  Schema.Struct({
    event: Schema.Literal(event),
    eventTs: requiredFrom(EventTs, "event_ts"),
    payload: payloadOf(object)
  }).pipe(Schema.attachPropertySignature("_tag", tag)).annotations({ identifier: tag })

/**
 * `scheduler.scheduled_event_created`: someone booked an event.
 *
 * @since 0.1.0
 */
export const ScheduledEventCreated = notification(
  EventName.scheduledEventCreated,
  "ScheduledEventCreated",
  ScheduledEventCreatedObject
)

/** @since 0.1.0 */
export interface ScheduledEventCreated extends Schema.Schema.Type<typeof ScheduledEventCreated> {}

/**
 * `scheduler.scheduled_event_canceled`: a host or an invitee cancelled an event.
 *
 * @since 0.1.0
 */
export const ScheduledEventCanceled = notification(
  EventName.scheduledEventCanceled,
  "ScheduledEventCanceled",
  ScheduledEventCanceledObject
)

/** @since 0.1.0 */
export interface ScheduledEventCanceled extends Schema.Schema.Type<typeof ScheduledEventCanceled> {}

/**
 * A notification whose `event` this library does not know yet, with its raw payload.
 *
 * @since 0.1.0
 */
export const UnknownWebhookEvent = Schema.Struct({
  event: Schema.String.pipe(
    Schema.filter((name) => !knownEventNames.includes(name), {
      message: () => "a known event name is decoded by its own schema"
    })
  ),
  eventTs: requiredFrom(EventTs, "event_ts"),
  payload: Schema.Unknown
}).pipe(Schema.attachPropertySignature("_tag", "UnknownWebhookEvent")).annotations({
  identifier: "UnknownWebhookEvent"
})

/** @since 0.1.0 */
export interface UnknownWebhookEvent extends Schema.Schema.Type<typeof UnknownWebhookEvent> {}

/**
 * Any event notification (URL validation excluded), told apart by `_tag`.
 *
 * @since 0.1.0
 */
export const WebhookEvent = Schema.Union(ScheduledEventCreated, ScheduledEventCanceled, UnknownWebhookEvent).annotations({
  identifier: "WebhookEvent"
})

/** @since 0.1.0 */
export type WebhookEvent = typeof WebhookEvent.Type

/**
 * `endpoint.url_validation`: Zoom's challenge, answered by `Webhooks.answerUrlValidation`.
 *
 * @since 0.1.0
 */
export const EndpointUrlValidation = Schema.Struct({
  event: Schema.Literal(EventName.endpointUrlValidation),
  eventTs: optionalFrom(EventTs, "event_ts"),
  payload: Schema.Struct({ plainToken: required(Schema.String) })
}).pipe(Schema.attachPropertySignature("_tag", "EndpointUrlValidation")).annotations({
  identifier: "EndpointUrlValidation"
})

/** @since 0.1.0 */
export interface EndpointUrlValidation extends Schema.Schema.Type<typeof EndpointUrlValidation> {}

/**
 * Anything Zoom posts to a webhook endpoint: an event or the URL-validation challenge.
 *
 * @since 0.1.0
 */
export const WebhookNotification = Schema.Union(
  EndpointUrlValidation,
  ScheduledEventCreated,
  ScheduledEventCanceled,
  UnknownWebhookEvent
).annotations({ identifier: "WebhookNotification" })

/** @since 0.1.0 */
export type WebhookNotification = typeof WebhookNotification.Type

// -----------------------------------------------------------------------------
// helpers
// -----------------------------------------------------------------------------

/**
 * When Zoom created the notification (`eventTs`, milliseconds since the epoch).
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * declare const event: WebhookEvents.WebhookEvent
 * console.log(DateTime.formatIso(WebhookEvents.eventTime(event)))
 * ```
 *
 * @since 0.1.0
 */
export const eventTime = (event: { readonly eventTs: number }): DateTime.Utc => DateTime.unsafeMake(event.eventTs)

/**
 * A key that is the same for every delivery of one notification (Zoom
 * retries): event name, `eventTs` and, when present, the scheduled event's id.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Webhooks, WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const seen = new Set<string>()
 * const handler = (delivery: Webhooks.WebhookDelivery) =>
 *   seen.has(WebhookEvents.idempotencyKey(delivery.event)) ? Effect.void : Effect.log(delivery.event.event)
 * ```
 *
 * @since 0.1.0
 */
export const idempotencyKey = (event: WebhookEvent): string => {
  const base = `${event.event}:${event.eventTs}`
  if (event._tag === "UnknownWebhookEvent") {
    return base
  }
  const eventId = event.payload.object?.scheduledEvent?.eventId
  return eventId === undefined ? base : `${base}:${eventId}`
}
