/**
 * Schemas of the notifications Zoom Scheduler sends to a webhook endpoint.
 *
 * The wire format is Zoom's (snake_case, see the official Scheduler webhooks
 * OpenAPI document); the decoded values are camelCase. Decoding is
 * forward-compatible:
 *
 * - unknown properties are ignored;
 * - enumerations accept values Zoom may add later (the known values stay
 *   visible in the types, e.g. `"confirmed" | "cancelled" | (string & {})`);
 * - an event type this library does not know yet decodes as an
 *   {@link UnknownWebhookEvent} instead of failing.
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
 * switch (event._tag) {
 *   case "ScheduledEventCreated":
 *     console.log(event.payload.object?.inviteeEmail)
 *     break
 *   case "ScheduledEventCanceled":
 *     console.log(event.payload.object?.cancellation?.reason)
 *     break
 *   case "UnknownWebhookEvent":
 *     console.log("not handled yet:", event.event)
 * }
 * ```
 *
 * @since 0.1.0
 */
import { DateTime, Schema } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"

// -----------------------------------------------------------------------------
// building blocks
// -----------------------------------------------------------------------------

/**
 * Any other string, typed `string & {}` so that a union with literals keeps the
 * literals visible (a plain `"a" | string` collapses to `string`).
 */
const OtherString: Schema.Schema<string & {}> = Schema.String

/**
 * An enumeration that stays open: the known literals, or any other string.
 */
const openEnum = <const Literals extends NonEmptyReadonlyArray<string>>(...literals: Literals) =>
  Schema.Union(Schema.Literal(...literals), OtherString)

/** An optional wire property `key`, exposed under another name. */
const optionalFrom = <S extends Schema.Schema.Any, const Key extends string>(schema: S, key: Key) =>
  Schema.optionalWith(schema, { exact: true }).pipe(Schema.fromKey(key))

/** A required wire property `key`, exposed under another name. */
const requiredFrom = <S extends Schema.Schema.Any, const Key extends string>(schema: S, key: Key) =>
  Schema.propertySignature(schema).pipe(Schema.fromKey(key))

/** An optional wire property whose name does not change. */
const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

// -----------------------------------------------------------------------------
// event names
// -----------------------------------------------------------------------------

/**
 * The wire names of the notifications this module knows.
 *
 * @example
 * ```ts
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * declare const body: { readonly event: string }
 * const isBooking = body.event === WebhookEvents.EventName.scheduledEventCreated
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const EventName = {
  scheduledEventCreated: "scheduler.scheduled_event_created",
  scheduledEventCanceled: "scheduler.scheduled_event_canceled",
  endpointUrlValidation: "endpoint.url_validation"
} as const

const knownEventNames: ReadonlyArray<string> = Object.values(EventName)

// -----------------------------------------------------------------------------
// enumerations
// -----------------------------------------------------------------------------

/**
 * `location_kind`: the unified location type of a scheduled event. For online
 * meetings the details are in `externalLocation`, otherwise in `location`.
 * Open: values Zoom adds later decode as plain strings.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.LocationKind)("google_meet") // "google_meet"
 * Schema.decodeUnknownSync(WebhookEvents.LocationKind)("webex") // "webex": not rejected
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export const LocationKind = openEnum(
  "custom",
  "in-person_meeting",
  "outbound_call",
  "inbound_call",
  "invitee_specified",
  "zoom",
  "google_meet",
  "microsoft_teams"
)

/**
 * The type of {@link LocationKind}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const kind: WebhookEvents.LocationKind = "in-person_meeting"
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export type LocationKind = typeof LocationKind.Type

/**
 * `location_type` of a non-online {@link CustomLocation}. Open.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.CustomLocationType)("outbound_call")
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export const CustomLocationType = openEnum(
  "custom",
  "in-person_meeting",
  "outbound_call",
  "inbound_call",
  "invitee_specified"
)

/**
 * The type of {@link CustomLocationType}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const type: WebhookEvents.CustomLocationType = "inbound_call"
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export type CustomLocationType = typeof CustomLocationType.Type

/**
 * `zoom_meeting_status` of a (deprecated) {@link ZoomLocation}. Open.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.ZoomMeetingStatus)("failed")
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export const ZoomMeetingStatus = openEnum("scheduled", "failed")

/**
 * The type of {@link ZoomMeetingStatus}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const status: WebhookEvents.ZoomMeetingStatus = "scheduled"
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export type ZoomMeetingStatus = typeof ZoomMeetingStatus.Type

/**
 * `kind` of an {@link ExternalLocation}: the online meeting provider. Open.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.ExternalLocationKind)("microsoft_teams")
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export const ExternalLocationKind = openEnum("zoom", "google_meet", "microsoft_teams")

/**
 * The type of {@link ExternalLocationKind}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const kind: WebhookEvents.ExternalLocationKind = "zoom"
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export type ExternalLocationKind = typeof ExternalLocationKind.Type

/**
 * `status` of a {@link ScheduledEvent}. Open.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.ScheduledEventStatus)("cancelled")
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export const ScheduledEventStatus = openEnum("confirmed", "cancelled")

/**
 * The type of {@link ScheduledEventStatus}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const status: WebhookEvents.ScheduledEventStatus = "confirmed"
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export type ScheduledEventStatus = typeof ScheduledEventStatus.Type

/**
 * `canceler_type` of a {@link Cancellation}: who canceled. Open.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.CancelerType)("invitee")
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export const CancelerType = openEnum("host", "invitee")

/**
 * The type of {@link CancelerType}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const who: WebhookEvents.CancelerType = "host"
 * ```
 *
 * @since 0.1.0
 * @category enumerations
 */
export type CancelerType = typeof CancelerType.Type

// -----------------------------------------------------------------------------
// records
// -----------------------------------------------------------------------------

/**
 * One answered question of the booking form (`questions_and_answers[]`). All
 * three properties are required by Zoom's spec.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.QuestionAndAnswer)({ question: "Topic?", position: 0, answer: ["Pricing"] })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const QuestionAndAnswer = Schema.Struct({
  /** The question on the booking page. */
  question: Schema.String,
  /** The index of the question. */
  position: Schema.Int,
  /** The answers to the question. */
  answer: Schema.Array(Schema.String)
}).annotations({ identifier: "QuestionAndAnswer" })

/**
 * The decoded type of {@link QuestionAndAnswer}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const qa: WebhookEvents.QuestionAndAnswer = { question: "Topic?", position: 0, answer: ["Pricing"] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface QuestionAndAnswer extends Schema.Schema.Type<typeof QuestionAndAnswer> {}

/**
 * An attendee (host) of the scheduled event (`attendees[]`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.Attendee)({ display_name: "Jane", email: "jane@example.com" })
 * // { displayName: "Jane", email: "jane@example.com" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Attendee = Schema.Struct({
  /** The attendee's name. */
  displayName: optionalFrom(Schema.String, "display_name"),
  /** The attendee's email address. */
  email: optional(Schema.String)
}).annotations({ identifier: "Attendee" })

/**
 * The decoded type of {@link Attendee}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const host: WebhookEvents.Attendee = { displayName: "Jane" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Attendee extends Schema.Schema.Type<typeof Attendee> {}

/**
 * The event's invitee counters (`invitee_counters`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.InviteeCounters)({ total: 1, active: 1, limit: 3 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const InviteeCounters = Schema.Struct({
  /** The total count of invitees in the event. */
  total: optional(Schema.Int),
  /** The count of active invitees in the event. */
  active: optional(Schema.Int),
  /** The maximum number of invitees allowed for the event. */
  limit: optional(Schema.Int)
}).annotations({ identifier: "InviteeCounters" })

/**
 * The decoded type of {@link InviteeCounters}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const counters: WebhookEvents.InviteeCounters = { total: 1, limit: 3 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface InviteeCounters extends Schema.Schema.Type<typeof InviteeCounters> {}

/**
 * Extra data of a Zoom meeting location (`zoom_meeting_data`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.ZoomMeetingData)({ zoom_meeting_id: "1234567890" })
 * // { zoomMeetingId: "1234567890" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ZoomMeetingData = Schema.Struct({
  /** The meeting number, as a string. */
  zoomMeetingId: optionalFrom(Schema.String, "zoom_meeting_id"),
  /** The meeting passcode. */
  zoomMeetingPasscode: optionalFrom(Schema.String, "zoom_meeting_passcode"),
  /** The personal meeting ID, as a string. */
  zoomPersonalMeetingId: optionalFrom(Schema.String, "zoom_personal_meeting_id")
}).annotations({ identifier: "ZoomMeetingData" })

/**
 * The decoded type of {@link ZoomMeetingData}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const data: WebhookEvents.ZoomMeetingData = { zoomMeetingId: "1234567890" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ZoomMeetingData extends Schema.Schema.Type<typeof ZoomMeetingData> {}

const ZoomLocationFields = Schema.Struct({
  /** The URL to join the meeting. */
  zoomJoinUrl: optionalFrom(Schema.String, "zoom_join_url"),
  /** Always `"zoom"` for this variant. */
  locationType: optionalFrom(Schema.Literal("zoom"), "location_type"),
  /** Extra data of the meeting. */
  zoomMeetingData: optionalFrom(ZoomMeetingData, "zoom_meeting_data"),
  /** The status of the meeting. */
  zoomMeetingStatus: optionalFrom(ZoomMeetingStatus, "zoom_meeting_status")
})

/**
 * The `zoom` variant of a scheduled event's `location` (deprecated by Zoom in
 * favour of `externalLocation`). Decoded with `_tag: "ZoomLocation"` when
 * `location_type` is `"zoom"`, or, without `location_type`, when a `zoom_*`
 * property is present.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.Location)({ location_type: "zoom", zoom_join_url: "https://zoom.us/j/1" })
 * // { _tag: "ZoomLocation", locationType: "zoom", zoomJoinUrl: "https://zoom.us/j/1" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ZoomLocation = ZoomLocationFields.pipe(
  Schema.filter((location) =>
    location.locationType === "zoom" ||
    location.zoomJoinUrl !== undefined ||
    location.zoomMeetingData !== undefined ||
    location.zoomMeetingStatus !== undefined
  ),
  Schema.attachPropertySignature("_tag", "ZoomLocation")
).annotations({ identifier: "ZoomLocation" })

/**
 * The decoded type of {@link ZoomLocation}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const location: WebhookEvents.ZoomLocation = { _tag: "ZoomLocation", locationType: "zoom" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ZoomLocation extends Schema.Schema.Type<typeof ZoomLocation> {}

/**
 * The non-online variant of a scheduled event's `location`: a place, a phone
 * number or a location the invitee specifies. Decoded with
 * `_tag: "CustomLocation"`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.Location)({ custom_location: "AAA office", location_type: "in-person_meeting" })
 * // { _tag: "CustomLocation", customLocation: "AAA office", locationType: "in-person_meeting" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomLocation = Schema.Struct({
  /** The location: a phone number or a physical place. */
  customLocation: optionalFrom(Schema.String, "custom_location"),
  /** The location type. */
  locationType: optionalFrom(CustomLocationType, "location_type"),
  /** Additional information for the location. */
  additionalInfo: optionalFrom(Schema.String, "additional_info")
}).pipe(Schema.attachPropertySignature("_tag", "CustomLocation")).annotations({ identifier: "CustomLocation" })

/**
 * The decoded type of {@link CustomLocation}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const location: WebhookEvents.CustomLocation = { _tag: "CustomLocation", customLocation: "AAA office" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CustomLocation extends Schema.Schema.Type<typeof CustomLocation> {}

/**
 * A scheduled event's `location` (the spec's `oneOf`): a {@link ZoomLocation}
 * or a {@link CustomLocation}, told apart by `_tag`.
 *
 * @example
 * ```ts
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const describe = (location: WebhookEvents.Location) =>
 *   location._tag === "ZoomLocation" ? location.zoomJoinUrl : location.customLocation
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Location = Schema.Union(ZoomLocation, CustomLocation).annotations({ identifier: "Location" })

/**
 * The decoded type of {@link Location}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const location: WebhookEvents.Location = { _tag: "CustomLocation", customLocation: "+1 555 0100" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Location = ZoomLocation | CustomLocation

/**
 * The online meeting of a scheduled event (`external_location`), for Zoom,
 * Google Meet or Microsoft Teams.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.ExternalLocation)({ kind: "zoom", meeting_join_url: "https://zoom.us/j/1" })
 * // { kind: "zoom", meetingJoinUrl: "https://zoom.us/j/1" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExternalLocation = Schema.Struct({
  /** The meeting provider. */
  kind: optional(ExternalLocationKind),
  /** The meeting ID, as a string. */
  meetingId: optionalFrom(Schema.String, "meeting_id"),
  /** The personal meeting ID, as a string. */
  personalMeetingId: optionalFrom(Schema.String, "personal_meeting_id"),
  /** The meeting passcode. */
  meetingPasscode: optionalFrom(Schema.String, "meeting_passcode"),
  /** The meeting description. */
  meetingDescription: optionalFrom(Schema.String, "meeting_description"),
  /** The URL to join the meeting. */
  meetingJoinUrl: optionalFrom(Schema.String, "meeting_join_url")
}).annotations({ identifier: "ExternalLocation" })

/**
 * The decoded type of {@link ExternalLocation}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const meeting: WebhookEvents.ExternalLocation = { kind: "google_meet", meetingJoinUrl: "https://meet.google.com/x" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ExternalLocation extends Schema.Schema.Type<typeof ExternalLocation> {}

/**
 * The scheduled event itself (`scheduled_event`). Dates stay the strings Zoom
 * sends (ISO 8601, e.g. `"2023-12-21T16:00:00Z"`); parse them with
 * `DateTime.make` when needed.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const event = Schema.decodeUnknownSync(WebhookEvents.ScheduledEvent)({
 *   event_id: "woft7torlatbw8ek24bmit5k60",
 *   start_date_time: "2023-12-21T16:00:00Z",
 *   status: "confirmed"
 * })
 * event.startDateTime // "2023-12-21T16:00:00Z"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ScheduledEvent = Schema.Struct({
  /** The unique identifier of the event. */
  eventId: optionalFrom(Schema.String, "event_id"),
  /** The attendees (hosts) of the event. */
  attendees: optional(Schema.Array(Attendee)),
  /** The event's invitee counters. */
  inviteeCounters: optionalFrom(InviteeCounters, "invitee_counters"),
  /** The end date and time. */
  endDateTime: optionalFrom(Schema.String, "end_date_time"),
  /** The guests' email addresses. */
  guests: optional(Schema.Array(Schema.String)),
  /** Where to look for the location: `externalLocation` for online meetings, `location` otherwise. */
  locationKind: optionalFrom(LocationKind, "location_kind"),
  /** The location, for non-online meetings (and the deprecated Zoom variant). */
  location: optional(Location),
  /** The online meeting details. */
  externalLocation: optionalFrom(ExternalLocation, "external_location"),
  /** The start date and time. */
  startDateTime: optionalFrom(Schema.String, "start_date_time"),
  /** The event status. */
  status: optional(ScheduledEventStatus),
  /** The schedule name. */
  summary: optional(Schema.String),
  /** When the event was last updated. */
  updated: optional(Schema.String),
  /** When the event was created. */
  created: optional(Schema.String),
  /** The meeting notes. */
  meetingNotes: optionalFrom(Schema.String, "meeting_notes")
}).annotations({ identifier: "ScheduledEvent" })

/**
 * The decoded type of {@link ScheduledEvent}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const event: WebhookEvents.ScheduledEvent = { eventId: "woft7torlatbw8ek24bmit5k60", status: "confirmed" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduledEvent extends Schema.Schema.Type<typeof ScheduledEvent> {}

/**
 * One entry of `tracking.salesforce_ids`: Salesforce object IDs keyed by the
 * name Zoom gives them (e.g. `{ "sf_person": "0035g00000AbCdEAAZ" }`). The keys
 * are Zoom's and are kept as sent.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.SalesforceIds)({ sf_person: "0035g00000AbCdEAAZ" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SalesforceIds = Schema.Record({ key: Schema.String, value: Schema.String }).annotations({
  identifier: "SalesforceIds"
})

/**
 * The decoded type of {@link SalesforceIds}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const ids: WebhookEvents.SalesforceIds = { sf_relates: "0015g00000AbCdEAAZ" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SalesforceIds = typeof SalesforceIds.Type

/**
 * Where the invitee came from (`tracking`): present only when the booking
 * link carried UTM parameters.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.Tracking)({ utm_source: "email", utm_campaign: "spring_sale" })
 * // { utmSource: "email", utmCampaign: "spring_sale" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Tracking = Schema.Struct({
  /** Which site sent the traffic. */
  utmSource: optionalFrom(Schema.String, "utm_source"),
  /** What type of link was used, such as pay-per-click or email. */
  utmMedium: optionalFrom(Schema.String, "utm_medium"),
  /** The product promotion or campaign. */
  utmCampaign: optionalFrom(Schema.String, "utm_campaign"),
  /** What was clicked to bring the user to the site. */
  utmContent: optionalFrom(Schema.String, "utm_content"),
  /** The search terms. */
  utmTerm: optionalFrom(Schema.String, "utm_term"),
  /** Salesforce object IDs. */
  salesforceIds: optionalFrom(Schema.Array(SalesforceIds), "salesforce_ids")
}).annotations({ identifier: "Tracking" })

/**
 * The decoded type of {@link Tracking}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const tracking: WebhookEvents.Tracking = { utmSource: "email" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Tracking extends Schema.Schema.Type<typeof Tracking> {}

/**
 * Who canceled a scheduled event, when and why (`cancellation`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.Cancellation)({ canceler_type: "host", reason: "Time conflict" })
 * // { cancelerType: "host", reason: "Time conflict" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Cancellation = Schema.Struct({
  /** The name or email address of the canceler. */
  canceledBy: optionalFrom(Schema.String, "canceled_by"),
  /** The kind of user who canceled. */
  cancelerType: optionalFrom(CancelerType, "canceler_type"),
  /** When the event was canceled (ISO 8601, possibly with an offset). */
  cancelAt: optionalFrom(Schema.String, "cancel_at"),
  /** The reason given for the cancellation. */
  reason: optional(Schema.String)
}).annotations({ identifier: "Cancellation" })

/**
 * The decoded type of {@link Cancellation}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const cancellation: WebhookEvents.Cancellation = { cancelerType: "invitee" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Cancellation extends Schema.Schema.Type<typeof Cancellation> {}

const bookingFields = {
  /** The email address of the person who booked. */
  inviteeEmail: optionalFrom(Schema.String, "invitee_email"),
  /** The first name of the person who booked. */
  inviteeFirstName: optionalFrom(Schema.String, "invitee_first_name"),
  /** The last name of the person who booked. */
  inviteeLastName: optionalFrom(Schema.String, "invitee_last_name"),
  /** The URL where the invitee reschedules or cancels. */
  manageUrl: optionalFrom(Schema.String, "manage_url"),
  /** The invitee's time zone. */
  timeZone: optionalFrom(Schema.String, "time_zone"),
  /** The questions and answers of the booking form. */
  questionsAndAnswers: optionalFrom(Schema.Array(QuestionAndAnswer), "questions_and_answers"),
  /** The scheduled event. */
  scheduledEvent: optionalFrom(ScheduledEvent, "scheduled_event"),
  /** Where the invitee came from (UTM parameters). */
  tracking: optional(Tracking),
  /** Whether the booking comes from a reschedule. */
  rescheduled: optional(Schema.Boolean),
  /** When the booking was created. */
  created: optional(Schema.String),
  /** The invitee's phone number for text reminders. */
  textPhoneNumber: optionalFrom(Schema.String, "text_phone_number")
}

/**
 * `payload.object` of `scheduler.scheduled_event_created`: the booking.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.ScheduledEventCreatedObject)({ invitee_email: "john.doe@example.com" })
 * // { inviteeEmail: "john.doe@example.com" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ScheduledEventCreatedObject = Schema.Struct(bookingFields).annotations({
  identifier: "ScheduledEventCreatedObject"
})

/**
 * The decoded type of {@link ScheduledEventCreatedObject}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const booking: WebhookEvents.ScheduledEventCreatedObject = { inviteeEmail: "john.doe@example.com" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduledEventCreatedObject extends Schema.Schema.Type<typeof ScheduledEventCreatedObject> {}

/**
 * `payload.object` of `scheduler.scheduled_event_canceled`: the booking and
 * its {@link Cancellation}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.ScheduledEventCanceledObject)({ cancellation: { reason: "Time conflict" } })
 * // { cancellation: { reason: "Time conflict" } }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ScheduledEventCanceledObject = Schema.Struct({
  ...bookingFields,
  /** Who canceled, when and why. */
  cancellation: optional(Cancellation)
}).annotations({ identifier: "ScheduledEventCanceledObject" })

/**
 * The decoded type of {@link ScheduledEventCanceledObject}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const booking: WebhookEvents.ScheduledEventCanceledObject = { cancellation: { cancelerType: "host" } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduledEventCanceledObject extends Schema.Schema.Type<typeof ScheduledEventCanceledObject> {}

const payloadOf = <A, I>(object: Schema.Schema<A, I>) =>
  Schema.Struct({
    /** The account ID of the scheduled event's host. */
    accountId: optionalFrom(Schema.String, "account_id"),
    /** The user ID of the scheduled event's host. */
    userId: optionalFrom(Schema.String, "user_id"),
    /** The event information. */
    object: optional(object)
  })

/** `event_ts`: milliseconds since the epoch, when Zoom created the notification. */
const EventTs = Schema.Int.annotations({
  description: "The time the event was created, in milliseconds since the epoch."
})

// -----------------------------------------------------------------------------
// events
// -----------------------------------------------------------------------------

/**
 * `scheduler.scheduled_event_created`: someone booked an event with the host
 * through the public booking page. Decoded with `_tag: "ScheduledEventCreated"`.
 * `eventTs` is in milliseconds since the epoch (see {@link eventTime}).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const event = Schema.decodeUnknownSync(WebhookEvents.ScheduledEventCreated)({
 *   event: "scheduler.scheduled_event_created",
 *   event_ts: 1626230691572,
 *   payload: { account_id: "AAAAAABBBB", object: { invitee_email: "john.doe@example.com" } }
 * })
 * event.payload.object?.inviteeEmail // "john.doe@example.com"
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export const ScheduledEventCreated = Schema.Struct({
  /** The name of the event. */
  event: Schema.Literal(EventName.scheduledEventCreated),
  /** When the event was created, in milliseconds since the epoch. */
  eventTs: requiredFrom(EventTs, "event_ts"),
  /** The host and the booking. */
  payload: payloadOf(ScheduledEventCreatedObject)
}).pipe(Schema.attachPropertySignature("_tag", "ScheduledEventCreated")).annotations({
  identifier: "ScheduledEventCreated"
})

/**
 * The decoded type of {@link ScheduledEventCreated}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const onCreated = (event: WebhookEvents.ScheduledEventCreated) => event.payload.object?.scheduledEvent?.eventId
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export interface ScheduledEventCreated extends Schema.Schema.Type<typeof ScheduledEventCreated> {}

/**
 * `scheduler.scheduled_event_canceled`: the host or the invitee canceled a
 * scheduled event. Decoded with `_tag: "ScheduledEventCanceled"`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const event = Schema.decodeUnknownSync(WebhookEvents.ScheduledEventCanceled)({
 *   event: "scheduler.scheduled_event_canceled",
 *   event_ts: 1626230691572,
 *   payload: { object: { cancellation: { canceler_type: "host", reason: "Time conflict" } } }
 * })
 * event.payload.object?.cancellation?.reason // "Time conflict"
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export const ScheduledEventCanceled = Schema.Struct({
  /** The name of the event. */
  event: Schema.Literal(EventName.scheduledEventCanceled),
  /** When the event was created, in milliseconds since the epoch. */
  eventTs: requiredFrom(EventTs, "event_ts"),
  /** The host, the booking and the cancellation. */
  payload: payloadOf(ScheduledEventCanceledObject)
}).pipe(Schema.attachPropertySignature("_tag", "ScheduledEventCanceled")).annotations({
  identifier: "ScheduledEventCanceled"
})

/**
 * The decoded type of {@link ScheduledEventCanceled}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const onCanceled = (event: WebhookEvents.ScheduledEventCanceled) => event.payload.object?.cancellation?.cancelerType
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export interface ScheduledEventCanceled extends Schema.Schema.Type<typeof ScheduledEventCanceled> {}

/**
 * Any notification whose `event` this library does not know (yet): it decodes
 * with `_tag: "UnknownWebhookEvent"`, its name, `eventTs` and the raw
 * `payload`, instead of failing. Known event names never decode as unknown: a
 * malformed known event is a decoding error.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.WebhookEvent)({ event: "scheduler.something_new", event_ts: 1, payload: { a: 1 } })
 * // { _tag: "UnknownWebhookEvent", event: "scheduler.something_new", eventTs: 1, payload: { a: 1 } }
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export const UnknownWebhookEvent = Schema.Struct({
  /** The name of the event. */
  event: Schema.String.pipe(
    Schema.filter((name) => !knownEventNames.includes(name), {
      message: () => "a known event name is decoded by its own schema"
    })
  ),
  /** When the event was created, in milliseconds since the epoch. */
  eventTs: requiredFrom(EventTs, "event_ts"),
  /** The payload, undecoded. */
  payload: Schema.Unknown
}).pipe(Schema.attachPropertySignature("_tag", "UnknownWebhookEvent")).annotations({
  identifier: "UnknownWebhookEvent"
})

/**
 * The decoded type of {@link UnknownWebhookEvent}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const name = (event: WebhookEvents.UnknownWebhookEvent) => event.event
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export interface UnknownWebhookEvent extends Schema.Schema.Type<typeof UnknownWebhookEvent> {}

/**
 * A Scheduler event notification: {@link ScheduledEventCreated},
 * {@link ScheduledEventCanceled} or {@link UnknownWebhookEvent}, told apart by
 * `_tag`. Endpoint URL validation is not an event: see
 * {@link EndpointUrlValidation} and {@link WebhookNotification}.
 *
 * @example
 * ```ts
 * import { Match } from "effect"
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const describe = Match.type<WebhookEvents.WebhookEvent>().pipe(
 *   Match.tag("ScheduledEventCreated", (e) => `booked by ${e.payload.object?.inviteeEmail}`),
 *   Match.tag("ScheduledEventCanceled", (e) => `canceled: ${e.payload.object?.cancellation?.reason}`),
 *   Match.tag("UnknownWebhookEvent", (e) => `unhandled ${e.event}`),
 *   Match.exhaustive
 * )
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export const WebhookEvent = Schema.Union(ScheduledEventCreated, ScheduledEventCanceled, UnknownWebhookEvent).annotations({
  identifier: "WebhookEvent"
})

/**
 * The decoded type of {@link WebhookEvent}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const isBooking = (event: WebhookEvents.WebhookEvent) => event._tag === "ScheduledEventCreated"
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export type WebhookEvent = ScheduledEventCreated | ScheduledEventCanceled | UnknownWebhookEvent

/**
 * `endpoint.url_validation`: Zoom's challenge when an endpoint URL is saved
 * and then every 72 hours. Answer it with `Webhooks.answerUrlValidation` (the
 * `Webhooks` handlers do it for you). Decoded with
 * `_tag: "EndpointUrlValidation"`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * Schema.decodeUnknownSync(WebhookEvents.EndpointUrlValidation)({
 *   event: "endpoint.url_validation",
 *   event_ts: 1654503849680,
 *   payload: { plainToken: "qgg8vlvZRS6UYooatFL8Aw" }
 * })
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export const EndpointUrlValidation = Schema.Struct({
  /** The name of the event. */
  event: Schema.Literal(EventName.endpointUrlValidation),
  /** When Zoom sent the challenge, in milliseconds since the epoch. */
  eventTs: optionalFrom(EventTs, "event_ts"),
  /** The challenge. */
  payload: Schema.Struct({
    /** The token to hash and send back. */
    plainToken: Schema.String
  })
}).pipe(Schema.attachPropertySignature("_tag", "EndpointUrlValidation")).annotations({
  identifier: "EndpointUrlValidation"
})

/**
 * The decoded type of {@link EndpointUrlValidation}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const token = (challenge: WebhookEvents.EndpointUrlValidation) => challenge.payload.plainToken
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export interface EndpointUrlValidation extends Schema.Schema.Type<typeof EndpointUrlValidation> {}

/**
 * Anything Zoom posts to the endpoint: an {@link EndpointUrlValidation}
 * challenge or a {@link WebhookEvent}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * declare const rawBody: string
 * const notification = Schema.decodeUnknownSync(WebhookEvents.WebhookNotification)(JSON.parse(rawBody))
 * if (notification._tag === "EndpointUrlValidation") {
 *   // answer the challenge
 * }
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export const WebhookNotification = Schema.Union(
  EndpointUrlValidation,
  ScheduledEventCreated,
  ScheduledEventCanceled,
  UnknownWebhookEvent
).annotations({ identifier: "WebhookNotification" })

/**
 * The decoded type of {@link WebhookNotification}.
 *
 * @example
 * ```ts
 * import type { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * const isChallenge = (n: WebhookEvents.WebhookNotification) => n._tag === "EndpointUrlValidation"
 * ```
 *
 * @since 0.1.0
 * @category events
 */
export type WebhookNotification = EndpointUrlValidation | WebhookEvent

// -----------------------------------------------------------------------------
// helpers
// -----------------------------------------------------------------------------

/**
 * `eventTs` (milliseconds since the epoch) as a `DateTime.Utc`.
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * DateTime.formatIso(WebhookEvents.eventTime({ eventTs: 1626230691572 })) // "2021-07-14T02:44:51.572Z"
 * ```
 *
 * @since 0.1.0
 * @category helpers
 */
export const eventTime = (event: { readonly eventTs: number }): DateTime.Utc => DateTime.unsafeMake(event.eventTs)

/**
 * A key that is the same for every delivery of one notification, to make a
 * handler idempotent: Zoom retries a delivery it considers failed (a 5xx, or no
 * answer within 3 seconds) after 5, 20 and 60 minutes, so one notification can
 * arrive up to four times. The key is built from the body (`event`, `eventTs`
 * and, for Scheduler events, the scheduled event's `eventId`), which a retry
 * repeats; Zoom does not document whether its request headers stay the same
 * across retries.
 *
 * @example
 * ```ts
 * import { WebhookEvents } from "@effect-zoom/scheduler"
 *
 * WebhookEvents.idempotencyKey({
 *   _tag: "UnknownWebhookEvent",
 *   event: "scheduler.something_new",
 *   eventTs: 1626230691572,
 *   payload: {}
 * }) // "scheduler.something_new:1626230691572"
 * ```
 *
 * @since 0.1.0
 * @category helpers
 */
export const idempotencyKey = (event: WebhookEvent): string => {
  const base = `${event.event}:${event.eventTs}`
  if (event._tag === "UnknownWebhookEvent") {
    return base
  }
  const eventId = event.payload.object?.scheduledEvent?.eventId
  return eventId === undefined ? base : `${base}:${eventId}`
}
