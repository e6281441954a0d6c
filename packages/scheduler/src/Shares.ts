/**
 * Schemas of the Scheduler `shares` resource (shareable, customised booking links).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { numberBetween, optionalInput, requiredFrom } from "./internal/schema.js"
import { dateInput } from "./internal/dates.js"
import { PartialDateTimeSegmentInput, WeeklyRecurrence } from "./Segments.js"

/**
 * The body of `shares.create`: a schedule to share, with optional overrides
 * of its dates, duration (15 to 1440 minutes) and windows.
 *
 * @example
 * ```ts
 * import { Shares } from "@effect-zoom/scheduler"
 *
 * const body: Shares.ShareInput = { scheduleId: "sched-001", duration: 45, intervalType: "unlimited" }
 * ```
 *
 * @since 0.1.0
 */
export const ShareInput = Schema.Struct({
  scheduleId: requiredFrom(Schema.String.pipe(Schema.minLength(1)), "schedule_id"),
  startDate: optionalInput(dateInput("startDate"), "start_date"),
  endDate: optionalInput(dateInput("endDate"), "end_date"),
  intervalType: optionalInput(Schema.Literal("unlimited", "fixed"), "interval_type"),
  timeZone: optionalInput(Schema.String, "time_zone"),
  duration: Schema.optionalWith(numberBetween(15, 1440), { exact: true }),
  segmentsRecurrence: optionalInput(WeeklyRecurrence, "segments_recurrence"),
  segments: Schema.optionalWith(Schema.Array(PartialDateTimeSegmentInput), { exact: true })
})

/** @since 0.1.0 */
export interface ShareInput extends Schema.Schema.Type<typeof ShareInput> {}

/**
 * The scheduling URL of a new share.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const url = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.shares.create({ scheduleId: "sched-001" })).pipe(
 *   Effect.map((share) => share.schedulingUrl)
 * )
 * ```
 *
 * @since 0.1.0
 */
export class Share extends Schema.Class<Share>("@effect-zoom/scheduler/Share")({
  schedulingUrl: requiredFrom(Schema.String, "scheduling_url")
}) {}
