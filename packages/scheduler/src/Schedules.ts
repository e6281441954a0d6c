/**
 * Schemas of the Scheduler `schedules` resource.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import {
  numberBetween,
  openEnum,
  optional,
  optionalFrom,
  optionalInput,
  PageSize,
  requiredFrom,
  stringLength,
  stringMaxLength,
  wirePage
} from "./internal/schema.js"
import { DateText, dateInput, DateTimeText, dateTimeInput } from "./internal/dates.js"
import { DateTimeSegment, PartialDateTimeSegmentInput, WeeklyRecurrence } from "./Segments.js"

const AddOnTypes = ["zoomMeeting", "zoomPhone", "offline"] as const
const CustomFieldFormats = ["text", "string", "phone_number", "choices_one", "choices_many", "select"] as const
const IntervalTypes = ["unlimited", "fixed"] as const
const ScheduleTypes = ["one", "multiple"] as const
const Statuses = ["confirmed", "cancelled"] as const

/**
 * A rule of a schedule's availability: an availability schedule by id, or
 * a host (by email) with custom windows.
 *
 * @example
 * ```ts
 * import { Schedules } from "@effect-zoom/scheduler"
 *
 * const rule: Schedules.AvailabilityRule = { availabilityId: "avail-001" }
 * ```
 *
 * @since 0.1.0
 */
export const AvailabilityRule = Schema.Struct({
  availabilityId: optionalFrom(Schema.String, "availability_id"),
  email: optional(Schema.String),
  segments: optional(Schema.Array(DateTimeSegment)),
  segmentsRecurrence: optionalFrom(WeeklyRecurrence, "segments_recurrence"),
  timeZone: optionalFrom(Schema.String, "time_zone"),
  useCustom: optionalFrom(Schema.Boolean, "use_custom")
})

/** @since 0.1.0 */
export interface AvailabilityRule extends Schema.Schema.Type<typeof AvailabilityRule> {}

/**
 * A booking-form question of a schedule, as Zoom returns it.
 *
 * @since 0.1.0
 */
export const CustomField = Schema.Struct({
  customFieldId: optionalFrom(Schema.String, "custom_field_id"),
  enabled: optional(Schema.Boolean),
  format: optional(openEnum(...CustomFieldFormats)),
  includeOther: optionalFrom(Schema.Boolean, "include_other"),
  name: optional(Schema.String),
  position: optional(Schema.Number),
  required: optional(Schema.Boolean),
  answerChoices: optionalFrom(Schema.Array(Schema.String), "answer_choices")
})

/** @since 0.1.0 */
export interface CustomField extends Schema.Schema.Type<typeof CustomField> {}

/**
 * A person attached to a schedule (its creator or organizer).
 *
 * @since 0.1.0
 */
export const SchedulePerson = Schema.Struct({
  displayName: optionalFrom(Schema.String, "display_name"),
  email: optional(Schema.String),
  self: optional(Schema.Boolean)
})

/** @since 0.1.0 */
export interface SchedulePerson extends Schema.Schema.Type<typeof SchedulePerson> {}

/**
 * Minutes blocked before and after each booking.
 *
 * @since 0.1.0
 */
export const Buffer = Schema.Struct({
  before: optional(Schema.Number),
  after: optional(Schema.Number)
})

/** @since 0.1.0 */
export interface Buffer extends Schema.Schema.Type<typeof Buffer> {}

/**
 * A schedule (a bookable meeting type), as Zoom returns it.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const urls = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.schedules.list({ userId: "me" })).pipe(
 *   Effect.map((page) => page.items.map((s) => s.schedulingUrl))
 * )
 * ```
 *
 * @since 0.1.0
 */
export class Schedule extends Schema.Class<Schedule>("@effect-zoom/scheduler/Schedule")({
  scheduleId: optionalFrom(Schema.String, "schedule_id"),
  summary: optional(Schema.String),
  description: optional(Schema.String),
  duration: optional(Schema.Number),
  capacity: optional(Schema.Number),
  active: optional(Schema.Boolean),
  status: optional(openEnum(...Statuses)),
  timeZone: optionalFrom(Schema.String, "time_zone"),
  scheduleType: optionalFrom(openEnum(...ScheduleTypes), "schedule_type"),
  slug: optional(Schema.String),
  schedulingUrl: optionalFrom(Schema.String, "scheduling_url"),
  addOnType: optionalFrom(openEnum(...AddOnTypes), "add_on_type"),
  availabilityOverride: optionalFrom(Schema.Boolean, "availability_override"),
  availabilityRules: optionalFrom(Schema.Array(AvailabilityRule), "availability_rules"),
  bookingLimit: optionalFrom(Schema.Number, "booking_limit"),
  buffer: optional(Buffer),
  color: optional(Schema.String),
  creator: optional(SchedulePerson),
  organizer: optional(SchedulePerson),
  cushion: optional(Schema.Number),
  customFields: optionalFrom(Schema.Array(CustomField), "custom_fields"),
  startDate: optionalFrom(DateText, "start_date"),
  endDate: optionalFrom(DateText, "end_date"),
  location: optional(Schema.String),
  secret: optional(Schema.Boolean),
  segments: optional(Schema.Array(DateTimeSegment)),
  segmentsRecurrence: optionalFrom(WeeklyRecurrence, "segments_recurrence"),
  startTimeIncrement: optionalFrom(Schema.Number, "start_time_increment"),
  intervalType: optionalFrom(openEnum(...IntervalTypes), "interval_type"),
  updated: optional(DateTimeText)
}) {}

/**
 * A booking-form question in a request; the spec requires every key but
 * `customFieldId` and `answerChoices` (1 to 50 choices of 1 to 8192 characters).
 *
 * @example
 * ```ts
 * import { Schedules } from "@effect-zoom/scheduler"
 *
 * const question: Schedules.CustomFieldInput = {
 *   name: "What would you like to discuss?",
 *   format: "text",
 *   enabled: true,
 *   required: true,
 *   includeOther: false,
 *   position: 0
 * }
 * ```
 *
 * @since 0.1.0
 */
export const CustomFieldInput = Schema.Struct({
  customFieldId: optionalInput(Schema.String, "custom_field_id"),
  enabled: Schema.Boolean,
  format: Schema.Literal(...CustomFieldFormats),
  includeOther: requiredFrom(Schema.Boolean, "include_other"),
  name: Schema.String,
  position: Schema.Number,
  required: Schema.Boolean,
  answerChoices: optionalInput(
    Schema.Array(stringLength(1, 8192)).pipe(Schema.minItems(1), Schema.maxItems(50)),
    "answer_choices"
  )
})

/** @since 0.1.0 */
export interface CustomFieldInput extends Schema.Schema.Type<typeof CustomFieldInput> {}

/**
 * Buffer minutes in a request (0 to 240 each).
 *
 * @since 0.1.0
 */
export const BufferInput = Schema.Struct({
  before: Schema.optionalWith(numberBetween(0, 240), { exact: true }),
  after: Schema.optionalWith(numberBetween(0, 240), { exact: true })
})

/**
 * An availability rule in a request.
 *
 * @since 0.1.0
 */
export const AvailabilityRuleInput = Schema.Struct({
  availabilityId: optionalInput(Schema.String, "availability_id"),
  email: Schema.optionalWith(Schema.String, { exact: true }),
  segments: Schema.optionalWith(Schema.Array(PartialDateTimeSegmentInput), { exact: true }),
  segmentsRecurrence: optionalInput(WeeklyRecurrence, "segments_recurrence"),
  timeZone: optionalInput(Schema.String, "time_zone"),
  useCustom: optionalInput(Schema.Boolean, "use_custom")
})

const scheduleInputFields = {
  addOnType: optionalInput(Schema.Literal(...AddOnTypes), "add_on_type"),
  bookingLimit: optionalInput(numberBetween(0, 96), "booking_limit"),
  buffer: Schema.optionalWith(BufferInput, { exact: true }),
  color: Schema.optionalWith(Schema.String, { exact: true }),
  cushion: Schema.optionalWith(numberBetween(0, 14340), { exact: true }),
  customFields: optionalInput(Schema.Array(CustomFieldInput), "custom_fields"),
  description: Schema.optionalWith(stringMaxLength(8192), { exact: true }),
  duration: Schema.optionalWith(numberBetween(15, 1440), { exact: true }),
  startDate: optionalInput(dateInput("startDate"), "start_date"),
  endDate: optionalInput(dateInput("endDate"), "end_date"),
  segments: Schema.optionalWith(Schema.Array(PartialDateTimeSegmentInput), { exact: true }),
  segmentsRecurrence: optionalInput(WeeklyRecurrence, "segments_recurrence"),
  timeZone: optionalInput(Schema.String, "time_zone"),
  location: Schema.optionalWith(stringMaxLength(1024), { exact: true }),
  intervalType: optionalInput(Schema.Literal(...IntervalTypes), "interval_type"),
  secret: Schema.optionalWith(Schema.Boolean, { exact: true }),
  slug: Schema.optionalWith(stringLength(3, 256), { exact: true }),
  startTimeIncrement: optionalInput(numberBetween(5, 720), "start_time_increment"),
  summary: Schema.optionalWith(stringMaxLength(256), { exact: true }),
  active: Schema.optionalWith(Schema.Boolean, { exact: true })
}

/**
 * The body of `schedules.create`. The spec requires `availabilityOverride`,
 * `availabilityRules` and `capacity` (1 to 200). (Its `required` list also
 * names `start`, `end` and `type`, which it never defines as properties;
 * Zoom's own samples omit them, and so do we.)
 *
 * @example
 * ```ts
 * import { Schedules } from "@effect-zoom/scheduler"
 *
 * const body: Schedules.ScheduleCreate = {
 *   availabilityRules: [{ availabilityId: "avail-001" }],
 *   availabilityOverride: false,
 *   capacity: 1,
 *   summary: "30-min Team Sync",
 *   duration: 30,
 *   timeZone: "America/New_York",
 *   addOnType: "zoomMeeting",
 *   scheduleType: "one",
 *   slug: "team-sync"
 * }
 * ```
 *
 * @since 0.1.0
 */
export const ScheduleCreate = Schema.Struct({
  availabilityOverride: requiredFrom(Schema.Boolean, "availability_override"),
  availabilityRules: requiredFrom(Schema.Array(AvailabilityRuleInput), "availability_rules"),
  capacity: numberBetween(1, 200),
  scheduleType: optionalInput(Schema.Literal(...ScheduleTypes), "schedule_type"),
  ...scheduleInputFields
})

/** @since 0.1.0 */
export interface ScheduleCreate extends Schema.Schema.Type<typeof ScheduleCreate> {}

/**
 * The body of `schedules.update`: any subset of the schedule's fields.
 *
 * @example
 * ```ts
 * import { Schedules } from "@effect-zoom/scheduler"
 *
 * const patch: Schedules.ScheduleUpdate = { summary: "45-min Intro Call", duration: 45 }
 * ```
 *
 * @since 0.1.0
 */
export const ScheduleUpdate = Schema.Struct({
  availabilityOverride: optionalInput(Schema.Boolean, "availability_override"),
  availabilityRules: optionalInput(Schema.Array(AvailabilityRuleInput), "availability_rules"),
  capacity: Schema.optionalWith(numberBetween(1, 200), { exact: true }),
  status: Schema.optionalWith(Schema.Literal(...Statuses), { exact: true }),
  ...scheduleInputFields
})

/** @since 0.1.0 */
export interface ScheduleUpdate extends Schema.Schema.Type<typeof ScheduleUpdate> {}

/**
 * Query of `schedules.list` / `schedules.stream`.
 *
 * @example
 * ```ts
 * import { Schedules } from "@effect-zoom/scheduler"
 *
 * const query: Schedules.SchedulesListQuery = { userId: "me", pageSize: 10, showDeleted: false }
 * ```
 *
 * @since 0.1.0
 */
export const SchedulesListQuery = Schema.Struct({
  userId: optionalInput(Schema.String, "user_id"),
  pageSize: optionalInput(PageSize, "page_size"),
  nextPageToken: optionalInput(Schema.String, "next_page_token"),
  showDeleted: optionalInput(Schema.Boolean, "show_deleted"),
  from: optionalInput(dateTimeInput("from"), "from"),
  to: optionalInput(dateTimeInput("to"), "to"),
  timeZone: optionalInput(Schema.String, "time_zone")
})

/** @since 0.1.0 */
export interface SchedulesListQuery extends Schema.Schema.Type<typeof SchedulesListQuery> {}

/**
 * Options of the schedule calls that act for another user (`user_id`).
 *
 * @since 0.1.0
 */
export const ScheduleUserQuery = Schema.Struct({
  userId: optionalInput(Schema.String, "user_id")
})

/** @since 0.1.0 */
export interface ScheduleUserQuery extends Schema.Schema.Type<typeof ScheduleUserQuery> {}

/**
 * Body of `schedules.singleUseLink`.
 *
 * @example
 * ```ts
 * import { Schedules } from "@effect-zoom/scheduler"
 *
 * const body: Schedules.SingleUseLinkInput = { scheduleId: "sched-001" }
 * ```
 *
 * @since 0.1.0
 */
export const SingleUseLinkInput = Schema.Struct({
  scheduleId: requiredFrom(Schema.String.pipe(Schema.minLength(1)), "schedule_id")
})

/** @since 0.1.0 */
export interface SingleUseLinkInput extends Schema.Schema.Type<typeof SingleUseLinkInput> {}

/**
 * Query of `schedules.singleUseLink` (a team schedule's link).
 *
 * @since 0.1.0
 */
export const SingleUseLinkQuery = Schema.Struct({
  teamId: optionalInput(Schema.String, "team_id")
})

/** @since 0.1.0 */
export interface SingleUseLinkQuery extends Schema.Schema.Type<typeof SingleUseLinkQuery> {}

/**
 * A scheduling URL that works for one booking only.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const link = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) =>
 *   zoom.schedules.singleUseLink({ scheduleId: "sched-001" })
 * ).pipe(Effect.map((l) => l.schedulingUrl))
 * ```
 *
 * @since 0.1.0
 */
export class SingleUseLink extends Schema.Class<SingleUseLink>("@effect-zoom/scheduler/SingleUseLink")({
  schedulingUrl: requiredFrom(Schema.String, "scheduling_url")
}) {}

/**
 * Wire form of one page of schedules.
 *
 * @since 0.1.0
 */
export const SchedulePage = wirePage(Schedule)
