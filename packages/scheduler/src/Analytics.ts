/**
 * Schemas of the Scheduler `analytics` resource.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { optionalFrom, optionalInput } from "./internal/schema.js"
import { dateTimeInput } from "./internal/dates.js"

/**
 * Query of `analytics.report`: the period (`from`, `to`, RFC 3339 date-times with an offset), its time
 * zone, and the user (an id, `"me"`, or `"all"`).
 *
 * @example
 * ```ts
 * import { Analytics } from "@effect-zoom/scheduler"
 *
 * const query: Analytics.AnalyticsQuery = {
 *   userId: "me",
 *   from: "2025-01-01T00:00:00Z",
 *   to: "2025-12-31T00:00:00Z",
 *   timeZone: "America/New_York"
 * }
 * ```
 *
 * @since 0.1.0
 */
export const AnalyticsQuery = Schema.Struct({
  from: optionalInput(dateTimeInput("from"), "from"),
  to: optionalInput(dateTimeInput("to"), "to"),
  timeZone: optionalInput(Schema.String, "time_zone"),
  userId: optionalInput(Schema.String, "user_id")
})

/** @since 0.1.0 */
export interface AnalyticsQuery extends Schema.Schema.Type<typeof AnalyticsQuery> {}

/**
 * Activity counters for a period.
 *
 * @example
 * ```ts
 * import { Analytics } from "@effect-zoom/scheduler"
 *
 * const completionRate = (c: Analytics.ActivityCounts) =>
 *   (c.scheduledEventsCompleted ?? 0) / Math.max(1, c.scheduledEventsCreated ?? 0)
 * ```
 *
 * @since 0.1.0
 */
export class ActivityCounts extends Schema.Class<ActivityCounts>("@effect-zoom/scheduler/ActivityCounts")({
  scheduledEventsCreated: optionalFrom(Schema.Number, "scheduled_events_created"),
  scheduledEventsCompleted: optionalFrom(Schema.Number, "scheduled_events_completed"),
  schedulesCreated: optionalFrom(Schema.Number, "schedules_created"),
  scheduledEventsCanceled: optionalFrom(Schema.Number, "scheduled_events_canceled"),
  scheduledEventsRescheduled: optionalFrom(Schema.Number, "scheduled_events_rescheduled"),
  schedulesCanceled: optionalFrom(Schema.Number, "schedules_canceled"),
  oneToOne: optionalFrom(Schema.Number, "one_to_one"),
  anyHostAvailable: optionalFrom(Schema.Number, "any_host_available"),
  oneOffMeeting: optionalFrom(Schema.Number, "one_off_meeting"),
  allHostAvailable: optionalFrom(Schema.Number, "all_host_available"),
  meetingPoll: optionalFrom(Schema.Number, "meeting_poll"),
  oneToMany: optionalFrom(Schema.Number, "one_to_many")
}) {}

/**
 * A ranking entry, e.g. `{ "Test 1-1": 5 }` or `{ "Fri": 20 }`: Zoom keys
 * these objects by label, so they are kept as records.
 *
 * @since 0.1.0
 */
export const RankingEntry = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** @since 0.1.0 */
export type RankingEntry = typeof RankingEntry.Type

/**
 * The analytics report (`GET /scheduler/analytics`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const created = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.analytics.report({ userId: "me" })).pipe(
 *   Effect.map((report) => report.lastNDays?.scheduledEventsCreated ?? 0)
 * )
 * ```
 *
 * @since 0.1.0
 */
export class AnalyticsReport extends Schema.Class<AnalyticsReport>("@effect-zoom/scheduler/AnalyticsReport")({
  lastNDays: optionalFrom(ActivityCounts, "last_n_days"),
  previousPeriod: optionalFrom(ActivityCounts, "previous_period"),
  eventDistributionByDuration: optionalFrom(Schema.Array(RankingEntry), "event_distribution_by_duration"),
  popularSchedules: optionalFrom(Schema.Array(RankingEntry), "popular_schedules"),
  popularTimeOfWeek: optionalFrom(Schema.Array(RankingEntry), "popular_time_of_week"),
  popularTimeOfDay: optionalFrom(Schema.Array(RankingEntry), "popular_time_of_day"),
  usersWithLeastEvents: optionalFrom(Schema.Array(RankingEntry), "users_with_least_events"),
  usersWithMostEvents: optionalFrom(Schema.Array(RankingEntry), "users_with_most_events")
}) {}
