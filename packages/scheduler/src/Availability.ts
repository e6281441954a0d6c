/**
 * Schemas of the Scheduler `availability` resource.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { optional, optionalFrom, optionalInput, PageSize, requiredFrom, wirePage } from "./internal/schema.js"
import { DateTimeSegment, DateTimeSegmentInput, WeeklyRecurrence } from "./Segments.js"

/**
 * An availability schedule: when its owner can be booked.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const names = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.availability.list()).pipe(
 *   Effect.map((page) => page.items.map((a) => a.name))
 * )
 * ```
 *
 * @since 0.1.0
 */
export class Availability extends Schema.Class<Availability>("@effect-zoom/scheduler/Availability")({
  availabilityId: optionalFrom(Schema.String, "availability_id"),
  name: optional(Schema.String),
  timeZone: optionalFrom(Schema.String, "time_zone"),
  owner: optional(Schema.String),
  default: optional(Schema.Boolean),
  segmentsRecurrence: optionalFrom(WeeklyRecurrence, "segments_recurrence"),
  segments: optional(Schema.Array(DateTimeSegment))
}) {}

/**
 * The body of `availability.create` and `availability.update`: the spec
 * requires `name` (at least one character) and `timeZone` in both.
 *
 * @example
 * ```ts
 * import { Availability } from "@effect-zoom/scheduler"
 *
 * const body: Availability.AvailabilityInput = {
 *   name: "Extended Office Hours",
 *   timeZone: "America/New_York",
 *   default: false,
 *   segmentsRecurrence: { mon: [{ start: "08:00", end: "18:00" }] }
 * }
 * ```
 *
 * @since 0.1.0
 */
export const AvailabilityInput = Schema.Struct({
  name: Schema.String.pipe(Schema.minLength(1)),
  timeZone: requiredFrom(Schema.String, "time_zone"),
  default: Schema.optionalWith(Schema.Boolean, { exact: true }),
  segments: Schema.optionalWith(Schema.Array(DateTimeSegmentInput), { exact: true }),
  segmentsRecurrence: optionalInput(WeeklyRecurrence, "segments_recurrence")
})

/** @since 0.1.0 */
export interface AvailabilityInput extends Schema.Schema.Type<typeof AvailabilityInput> {}

/**
 * Query of `availability.list` / `availability.stream`.
 *
 * @example
 * ```ts
 * import { Availability } from "@effect-zoom/scheduler"
 *
 * const query: Availability.AvailabilityListQuery = { userId: "me", pageSize: 10 }
 * ```
 *
 * @since 0.1.0
 */
export const AvailabilityListQuery = Schema.Struct({
  userId: optionalInput(Schema.String, "user_id"),
  pageSize: optionalInput(PageSize, "page_size"),
  nextPageToken: optionalInput(Schema.String, "next_page_token")
})

/** @since 0.1.0 */
export interface AvailabilityListQuery extends Schema.Schema.Type<typeof AvailabilityListQuery> {}

/**
 * Wire form of one page of availability schedules.
 *
 * @since 0.1.0
 */
export const AvailabilityPage = wirePage(Availability)
