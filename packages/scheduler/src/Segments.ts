/**
 * Time windows shared by availability schedules, schedules and shares.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { optional } from "./internal/schema.js"
import { DateTimeText, dateTimeInput } from "./internal/dates.js"

/**
 * A daily time window, `"09:00"` to `"17:00"`, in the owner's time zone.
 *
 * @example
 * ```ts
 * import { Segments } from "@effect-zoom/scheduler"
 *
 * const morning: Segments.TimeWindow = { start: "09:00", end: "12:00" }
 * ```
 *
 * @since 0.1.0
 */
export const TimeWindow = Schema.Struct({
  start: optional(Schema.String),
  end: optional(Schema.String)
})

/** @since 0.1.0 */
export interface TimeWindow extends Schema.Schema.Type<typeof TimeWindow> {}

/**
 * Weekly recurring windows, by day (`sun` … `sat`).
 *
 * @example
 * ```ts
 * import { Segments } from "@effect-zoom/scheduler"
 *
 * const weekdays: Segments.WeeklyRecurrence = {
 *   mon: [{ start: "09:00", end: "17:00" }],
 *   fri: [{ start: "09:00", end: "15:00" }]
 * }
 * ```
 *
 * @since 0.1.0
 */
export const WeeklyRecurrence = Schema.Struct({
  sun: optional(Schema.Array(TimeWindow)),
  mon: optional(Schema.Array(TimeWindow)),
  tue: optional(Schema.Array(TimeWindow)),
  wed: optional(Schema.Array(TimeWindow)),
  thu: optional(Schema.Array(TimeWindow)),
  fri: optional(Schema.Array(TimeWindow)),
  sat: optional(Schema.Array(TimeWindow))
})

/** @since 0.1.0 */
export interface WeeklyRecurrence extends Schema.Schema.Type<typeof WeeklyRecurrence> {}

/**
 * A one-off window between two date-times (ISO 8601), as Zoom returns it.
 *
 * @example
 * ```ts
 * import { Segments } from "@effect-zoom/scheduler"
 *
 * const holiday: Segments.DateTimeSegment = { start: "2024-01-07T09:00:00Z", end: "2024-01-08T09:00:00Z" }
 * ```
 *
 * @since 0.1.0
 */
export const DateTimeSegment = Schema.Struct({
  start: optional(DateTimeText),
  end: optional(DateTimeText)
})

/** @since 0.1.0 */
export interface DateTimeSegment extends Schema.Schema.Type<typeof DateTimeSegment> {}

/**
 * A one-off window in a request, where the spec requires both ends.
 *
 * @example
 * ```ts
 * import { Segments } from "@effect-zoom/scheduler"
 *
 * const window: Segments.DateTimeSegmentInput = { start: "2024-01-07T09:00:00Z", end: "2024-01-07T17:00:00Z" }
 * ```
 *
 * @since 0.1.0
 */
export const DateTimeSegmentInput = Schema.Struct({
  start: dateTimeInput("start"),
  end: dateTimeInput("end")
})

/** @since 0.1.0 */
export interface DateTimeSegmentInput extends Schema.Schema.Type<typeof DateTimeSegmentInput> {}

/**
 * A one-off window in a schedule or share request, where either end may be
 * left out; each end given must be an RFC 3339 date-time with an offset.
 *
 * @since 0.2.0
 */
export const PartialDateTimeSegmentInput = Schema.Struct({
  start: Schema.optionalWith(dateTimeInput("start"), { exact: true }),
  end: Schema.optionalWith(dateTimeInput("end"), { exact: true })
})

/** @since 0.2.0 */
export interface PartialDateTimeSegmentInput extends Schema.Schema.Type<typeof PartialDateTimeSegmentInput> {}
