/**
 * The fake's state in wire shape (snapshots), for assertions.
 *
 * @internal
 */
import type { ScheduleFields, Segment, SegmentsRecurrence } from "../model.js"

/**
 * A user in a {@link Snapshot} (the `users.get` body plus id and email).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const name = (u: FakeZoom.UserSnapshot) => u.display_name
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export interface UserSnapshot {
  readonly user_id: string
  readonly email: string
  readonly display_name: string
  readonly slug: string
  readonly scheduling_url: string
  readonly time_zone: string
  readonly picture?: string
  readonly logo?: string
}

/**
 * An availability schedule in a {@link Snapshot}.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const isDefault = (a: FakeZoom.AvailabilitySnapshot) => a.default
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export interface AvailabilitySnapshot {
  readonly availability_id: string
  readonly default: boolean
  readonly name: string
  readonly owner: string
  readonly segments: ReadonlyArray<Segment>
  readonly segments_recurrence: SegmentsRecurrence
  readonly time_zone: string
}

/**
 * A schedule in a {@link Snapshot}: its wire fields plus `owner_id`.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const capacity = (s: FakeZoom.ScheduleSnapshot) => s.capacity
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export interface ScheduleSnapshot extends ScheduleFields {
  readonly schedule_id: string
  readonly owner_id: string
  readonly scheduling_url: string
  readonly status: "confirmed" | "cancelled"
  readonly updated: string
}

/**
 * An attendee in a {@link ScheduledEventSnapshot}.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const email = (a: FakeZoom.AttendeeSnapshot) => a.email
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export interface AttendeeSnapshot {
  readonly attendee_id: string
  readonly booker: boolean
  readonly created: string
  readonly display_name: string
  readonly email: string
  readonly first_name?: string
  readonly last_name?: string
  readonly time_zone: string
  readonly no_show: boolean
  readonly custom_values: ReadonlyArray<{
    readonly name: string
    readonly position: number
    readonly values: ReadonlyArray<string>
  }>
}

/**
 * A scheduled event in a {@link Snapshot} (times in UTC), plus the host and
 * the cancellation details when cancelled.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const cancelled = (e: FakeZoom.ScheduledEventSnapshot) => e.status === "cancelled"
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export interface ScheduledEventSnapshot {
  readonly event_id: string
  readonly schedule_id: string
  readonly host_user_id: string
  readonly attendees: ReadonlyArray<AttendeeSnapshot>
  readonly description?: string
  readonly start_date_time: string
  readonly end_date_time: string
  readonly guests: ReadonlyArray<string>
  readonly location?: string
  readonly status: "confirmed" | "cancelled"
  readonly summary: string
  readonly created: string
  readonly updated: string
  readonly meeting_notes?: string
  readonly event_type: "default" | "pending"
  readonly external_location?: {
    readonly kind: string
    readonly meeting_id: string
    readonly personal_meeting_id?: string
    readonly meeting_passcode: string
    readonly meeting_description: string
    readonly meeting_join_url: string
  }
  readonly tracking_params?: ReadonlyArray<{ readonly key: string; readonly label: string; readonly value: string }>
  readonly cancellation?: {
    readonly canceled_by: string
    readonly canceler_type: "host" | "invitee"
    readonly cancel_at: string
    readonly reason?: string
  }
}

/**
 * The fake's whole state, in wire shape, for assertions.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const countEvents = Effect.gen(function* () {
 *   const fake = yield* FakeZoom.FakeZoom
 *   const snapshot = yield* fake.snapshot
 *   return snapshot.events.length
 * })
 * ```
 *
 * @since 0.1.0
 * @category snapshots
 */
export interface Snapshot {
  readonly accountId: string
  /** The account owner, i.e. "me" for tokens that do not name a user. */
  readonly defaultUserId: string
  readonly users: ReadonlyArray<UserSnapshot>
  readonly availability: ReadonlyArray<AvailabilitySnapshot>
  readonly schedules: ReadonlyArray<ScheduleSnapshot>
  /** Sorted by start time. */
  readonly events: ReadonlyArray<ScheduledEventSnapshot>
  readonly teams: ReadonlyArray<{
    readonly team_id: string
    readonly owner_id: string
    readonly member_ids: ReadonlyArray<string>
    readonly name: string
    readonly slug: string
    readonly timezone: string
  }>
  readonly routingResponses: ReadonlyArray<{ readonly form_id: string; readonly response_id: string; readonly booked: boolean }>
  readonly shares: ReadonlyArray<{
    readonly share_id: string
    readonly schedule_id: string
    readonly scheduling_url: string
    readonly settings: Readonly<Record<string, unknown>>
  }>
  readonly singleUseLinks: ReadonlyArray<{
    readonly link_id: string
    readonly schedule_id: string
    readonly team_id?: string
    readonly scheduling_url: string
  }>
}

