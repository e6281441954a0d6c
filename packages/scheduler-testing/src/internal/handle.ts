/**
 * The fake's handle: control and inspection of a running fake, and its service tag.
 *
 * @internal
 */
import { Context } from "effect"
import type { Duration, Effect, Option, Redacted } from "effect"
import type { FakeZoomConflict, FakeZoomInvalidInput, FakeZoomNotFound } from "./errors.js"
import type { FaultSpec } from "./types/faults.js"
import type { FakeZoomStats, RequestLogEntry, WebhookDelivery } from "./types/observations.js"
import type { StaticToken, WebhookOptions } from "./types/options.js"
import type { Seeder, SeedOptions } from "./types/seed.js"
import type { ScheduledEventSnapshot, ScheduleSnapshot, Snapshot } from "./types/snapshots.js"
import type { AccountSnapshot, InstallationSnapshot, Plan } from "./types/tenants.js"

/**
 * A booking made by the fake playing the invitee. `notes` become the event's
 * `meeting_notes`; `answers` the attendee's `custom_values`.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const input: FakeZoom.BookInput = {
 *   scheduleId: "ygfx661g9x8dwcgeusdqhsplc0",
 *   startDateTime: "2030-01-07T15:00:00Z",
 *   attendee: { email: "ann@example.com", firstName: "Ann", lastName: "Lee" }
 * }
 * ```
 *
 * @since 0.1.0
 * @category fake-only operations
 */
export interface BookInput {
  readonly scheduleId: string
  readonly startDateTime: string
  readonly attendee: {
    readonly email: string
    readonly firstName?: string
    readonly lastName?: string
    readonly displayName?: string
    readonly timeZone?: string
  }
  readonly guests?: ReadonlyArray<string>
  readonly notes?: string
  readonly answers?: ReadonlyArray<{ readonly name: string; readonly position: number; readonly values: ReadonlyArray<string> }>
}

/**
 * The result of {@link FakeZoomHandle.book}.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const path = (b: FakeZoom.Booking) => `/v2/scheduler/events/${b.eventId}/attendees/${b.attendeeId}`
 * ```
 *
 * @since 0.1.0
 * @category fake-only operations
 */
export interface Booking {
  readonly eventId: string
  readonly attendeeId: string
  readonly event: ScheduledEventSnapshot
}

/**
 * Control and inspection of a running fake. Every member is an `Effect`
 * reading the current time from Effect's `Clock`.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect, Redacted } from "effect"
 *
 * const setup = Effect.gen(function* () {
 *   const fake = yield* FakeZoom.FakeZoom
 *   const refreshToken = yield* fake.issueRefreshToken()
 *   yield* fake.inject({ operation: "events.list", fault: FakeZoom.Fault.status(503) })
 *   return Redacted.value(refreshToken)
 * })
 * ```
 *
 * @since 0.1.0
 * @category handle
 */
export interface FakeZoomHandle {
  readonly accountId: string
  /** The account owner: the user behind "me" for tokens that do not name one. */
  readonly defaultUserId: string

  /** Plays the invitee: books a slot of a schedule (404 unknown schedule, 409 full slot). */
  readonly book: (input: BookInput) => Effect.Effect<Booking, FakeZoomNotFound | FakeZoomConflict | FakeZoomInvalidInput>
  /** Cancels an event as its invitee (409 if already cancelled); sends the canceled webhook. */
  readonly cancel: (eventId: string, reason?: string) => Effect.Effect<void, FakeZoomNotFound | FakeZoomConflict>
  /** Adds data (generated or explicit), as the `seed` option does. */
  readonly seed: (seed: SeedOptions | ((seeder: Seeder) => void)) => Effect.Effect<void>

  /** The whole state in wire shape. */
  readonly snapshot: Effect.Effect<Snapshot>
  /** One event in wire shape. */
  readonly getEvent: (eventId: string) => Effect.Effect<Option.Option<ScheduledEventSnapshot>>
  /** One schedule in wire shape. */
  readonly getSchedule: (scheduleId: string) => Effect.Effect<Option.Option<ScheduleSnapshot>>

  /** Injects a fault into the next matching request(s); a status outside 200–599 is a defect. */
  readonly inject: (spec: FaultSpec) => Effect.Effect<void>
  /** Removes every pending fault. */
  readonly clearFaults: Effect.Effect<void>

  /** Issues a refresh token to the installation of the owner (or `userId`) on the default account, optionally bound to a client. */
  readonly issueRefreshToken: (
    options?: { readonly userId?: string; readonly clientId?: string }
  ) => Effect.Effect<Redacted.Redacted<string>, FakeZoomNotFound>
  /** Issues an access token (default lifetime: the configured access token TTL). */
  readonly issueAccessToken: (
    options?: { readonly userId?: string; readonly expiresIn?: Duration.DurationInput }
  ) => Effect.Effect<Redacted.Redacted<string>, FakeZoomNotFound>
  /** Registers a static access token. */
  readonly registerToken: (token: string | Redacted.Redacted<string> | StaticToken) => Effect.Effect<void, FakeZoomNotFound>
  /** Expires every known access token now (the next API call with one answers 401 code 124). */
  readonly expireAccessTokens: Effect.Effect<void>

  /** Adds a webhook subscription. */
  readonly registerWebhook: (options: WebhookOptions) => Effect.Effect<void>
  /** Every webhook delivery so far (copies). */
  readonly webhookDeliveries: Effect.Effect<ReadonlyArray<WebhookDelivery>>
  /** Waits until no delivery is in flight (retries included; drive them with `TestClock` in-process). */
  readonly awaitWebhooks: Effect.Effect<void>

  /** Every account, the default one first. */
  readonly accounts: Effect.Effect<ReadonlyArray<AccountSnapshot>>
  /** Every installation in creation order, with its current refresh token and counters. */
  readonly installations: Effect.Effect<ReadonlyArray<InstallationSnapshot>>
  /** Adds an account (a generated id unless given; 409 for an existing one) with a plan's limits, or none. */
  readonly addAccount: (
    options?: { readonly accountId?: string; readonly plan?: Plan }
  ) => Effect.Effect<AccountSnapshot, FakeZoomConflict>
  /**
   * Installs the app: a user (an existing id or email, else a new user)
   * authorizes it on an account (default: the default account), which
   * creates the installation, or re-authorizes it, and issues it a new
   * refresh token, optionally bound to a client.
   */
  readonly install: (
    options?: { readonly accountId?: string; readonly userId?: string; readonly clientId?: string }
  ) => Effect.Effect<InstallationSnapshot, FakeZoomNotFound>

  /** The request log (oldest first). */
  readonly requests: Effect.Effect<ReadonlyArray<RequestLogEntry>>
  /** Counters. */
  readonly stats: Effect.Effect<FakeZoomStats>
  /** Clears the request log and the request counters. */
  readonly clearRequests: Effect.Effect<void>
}

/**
 * The service tag of the fake's handle, provided by {@link layer}.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const stats = Effect.flatMap(FakeZoom.FakeZoom, (fake) => fake.stats)
 * ```
 *
 * @since 0.1.0
 * @category handle
 */
export class FakeZoom extends Context.Tag("@effect-zoom/scheduler-testing/FakeZoom")<FakeZoom, FakeZoomHandle>() {}
