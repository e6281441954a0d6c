/**
 * What the fake observed: the request log, the counters and the webhook deliveries.
 *
 * @internal
 */
import type { Fault } from "./faults.js"
import type { Endpoint } from "./operations.js"

/**
 * One logged request. `Authorization` is logged as `"<redacted>"`, and the
 * token endpoint's secrets (`refresh_token`, `client_secret`, `code`) too.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const failed = (log: ReadonlyArray<FakeZoom.RequestLogEntry>) => log.filter((r) => r.status !== 200)
 * ```
 *
 * @since 0.1.0
 * @category observations
 */
export interface RequestLogEntry {
  readonly seq: number
  /** When the request arrived (Effect `Clock`, epoch milliseconds). */
  readonly at: number
  readonly operation: Endpoint | "unknown"
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  /** The JSON body (or form parameters for the token endpoint), `undefined` if empty. */
  readonly body: unknown
  readonly headers: Readonly<Record<string, string>>
  /** The status served, or `"dropped"` for a dropped connection. */
  readonly status: number | "dropped"
  /** The injected fault, if any. */
  readonly fault?: Fault["_tag"]
  /** The account the request's access token belongs to (API calls with a known token). */
  readonly accountId?: string
  /** The installation the request's access token was issued to, if any. */
  readonly installationId?: string
}

/**
 * Counters for assertions.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const refreshes = Effect.gen(function* () {
 *   const fake = yield* FakeZoom.FakeZoom
 *   const stats = yield* fake.stats
 *   return stats.tokenRequests.refresh_token
 * })
 * ```
 *
 * @since 0.1.0
 * @category observations
 */
export interface FakeZoomStats {
  readonly requests: number
  readonly byOperation: Readonly<Partial<Record<Endpoint | "unknown", number>>>
  readonly byStatus: Readonly<Record<string, number>>
  /** 429s served, by kind (rate limits and injected faults). */
  readonly rateLimited: {
    readonly total: number
    readonly perSecond: number
    readonly daily: number
    readonly concurrent: number
  }
  /** Token endpoint requests by `grant_type` (including rejected ones). */
  readonly tokenRequests: {
    readonly total: number
    readonly refresh_token: number
    readonly account_credentials: number
    readonly other: number
  }
  /** Refresh requests rejected with `invalid_grant` (reused, unknown or expired refresh tokens). */
  readonly rejectedRefreshes: number
  /** Token requests rejected with `invalid_client`. */
  readonly invalidClients: number
  /** Requests answered by an injected fault. */
  readonly faults: number
  readonly webhooks: {
    readonly pending: number
    readonly delivered: number
    readonly failed: number
    readonly attempts: number
  }
}

/**
 * The two webhook events the fake sends.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const created: FakeZoom.WebhookEventName = "scheduler.scheduled_event_created"
 * ```
 *
 * @since 0.1.0
 * @category webhooks
 */
export type WebhookEventName = "scheduler.scheduled_event_created" | "scheduler.scheduled_event_canceled"

/**
 * A webhook delivery and its attempts.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const ok = (d: FakeZoom.WebhookDelivery) => d.state === "delivered" && d.attempts.length === 1
 * ```
 *
 * @since 0.1.0
 * @category webhooks
 */
export interface WebhookDelivery {
  /** The `x-zm-request-id` header (same on every attempt). */
  readonly requestId: string
  readonly event: WebhookEventName
  readonly eventId: string
  readonly url: string
  /** The raw JSON body (signed as is). */
  readonly body: string
  readonly state: "pending" | "delivered" | "failed"
  readonly attempts: ReadonlyArray<{ readonly at: number; readonly status?: number; readonly error?: string }>
}
