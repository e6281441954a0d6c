/**
 * Seeding: generated data in bulk (`SeedOptions`) and explicit records (`Seeder`).
 *
 * @internal
 */
import type { ScheduleFields, Segment, SegmentsRecurrence } from "../model.js"
import type { Plan } from "./tenants.js"

/**
 * Counts of generated data. The same `seed` gives the same data (ids
 * included). Generated events are spread over ±180 days around `anchor`
 * (default `2025-06-02T00:00:00Z`), on 30-minute slots, round-robin over the
 * schedules; about 10% are cancelled and 3% pending. Users: the first one is
 * the account owner, i.e. "me" for tokens that do not name a user.
 *
 * Defaults when adding to an empty fake: 1 user, 1 availability and 2
 * schedules per user, 10 events, 1 team, 2 routing-form responses.
 *
 * Tenants: `accounts`, `installations` and `plan` add Zoom accounts and
 * OAuth installations (ids, users and initial refresh tokens from `seed`
 * too); all accounts share the one data set.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const big = FakeZoom.layer({ seed: { users: 3, schedulesPerUser: 2, events: 100_000, seed: 42 } })
 * const tenants = FakeZoom.layer({ seed: { accounts: 50, installations: 1000, plan: "pro" } })
 * ```
 *
 * @since 0.1.0
 * @category seeding
 */
export interface SeedOptions {
  readonly users?: number
  readonly availabilityPerUser?: number
  readonly schedulesPerUser?: number
  readonly events?: number
  readonly teams?: number
  readonly routingResponses?: number
  readonly seed?: number
  /** RFC 3339 date-time (or `YYYY-MM-DD`) around which events are generated. */
  readonly anchor?: string
  /** Zoom accounts to add, each with `plan`'s limits (one budget per account); default none. */
  readonly accounts?: number
  /**
   * OAuth installations to add (default: one per added account): each a new
   * user authorizing the app, with its own refresh token, spread round-robin
   * over the added accounts (over the default account when none are added).
   */
  readonly installations?: number
  /** The plan of the added accounts; default: the fake's `rateLimits`, else no limits. */
  readonly plan?: Plan
}

/**
 * An attendee of a seeded event (wire field names).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const attendee: FakeZoom.SeedAttendeeInput = { email: "ann@example.com", first_name: "Ann" }
 * ```
 *
 * @since 0.1.0
 * @category seeding
 */
export interface SeedAttendeeInput {
  readonly email: string
  readonly first_name?: string
  readonly last_name?: string
  readonly display_name?: string
  readonly time_zone?: string
  readonly no_show?: boolean
}

/**
 * Explicit data for a `seed` function: each method adds one record (wire
 * field names) and returns its id. Unknown references throw (a defect while
 * building the fake). Records are created "now" (Effect `Clock`).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const layer = FakeZoom.layer({
 *   seed: (s) => {
 *     const host = s.user({ display_name: "Host", email: "host@example.com" })
 *     const schedule = s.schedule({ owner: host, summary: "Intro", duration: 30, capacity: 1 })
 *     s.event({ schedule_id: schedule, start_date_time: "2030-01-07T15:00:00Z", attendees: [{ email: "ann@example.com" }] })
 *   }
 * })
 * ```
 *
 * @since 0.1.0
 * @category seeding
 */
export interface Seeder {
  /** Adds a user; the first user added is the account owner ("me"). */
  readonly user: (input?: {
    readonly user_id?: string
    readonly email?: string
    readonly display_name?: string
    readonly slug?: string
    readonly time_zone?: string
    readonly picture?: string
    readonly logo?: string
  }) => string
  /** Adds an availability schedule (owner: a user id or email, default the owner). */
  readonly availability: (input?: {
    readonly owner?: string
    readonly name?: string
    readonly time_zone?: string
    readonly default?: boolean
    readonly segments?: ReadonlyArray<Segment>
    readonly segments_recurrence?: SegmentsRecurrence
  }) => string
  /** Adds a schedule with Zoom's creation defaults. */
  readonly schedule: (input?: ScheduleFields & { readonly owner?: string }) => string
  /** Adds a scheduled event on a schedule; the first attendee is the booker. */
  readonly event: (input: {
    readonly schedule_id: string
    readonly start_date_time: string
    readonly status?: "confirmed" | "cancelled"
    readonly event_type?: "default" | "pending"
    readonly attendees?: ReadonlyArray<SeedAttendeeInput>
    readonly guests?: ReadonlyArray<string>
    readonly meeting_notes?: string
    readonly summary?: string
  }) => string
  /** Adds a team (members: user ids or emails, default the owner). */
  readonly team: (input: {
    readonly name: string
    readonly owner?: string
    readonly members?: ReadonlyArray<string>
    readonly slug?: string
    readonly timezone?: string
  }) => string
  /** Adds a routing-form response; returns its form and response ids. */
  readonly routingResponse: (input?: {
    readonly form_id?: string
    readonly response_id?: string
    readonly booked?: boolean
    readonly booking_link?: string
    readonly creator_email?: string
    readonly questions_and_answers?: ReadonlyArray<{
      readonly question_id: string
      readonly question_content: string
      readonly answers: ReadonlyArray<string>
    }>
    readonly result_type?: "event" | "text" | "url"
    readonly result_value?: string
  }) => { readonly formId: string; readonly responseId: string }
  /** Generates data in bulk, as with {@link SeedOptions}. */
  readonly generate: (options: SeedOptions) => void
}
