/**
 * Fault injection: the faults a test can inject and which requests they apply to.
 *
 * @internal
 */
import type { Duration } from "effect"
import type { Endpoint } from "./operations.js"

/**
 * A fault to inject into the next matching request(s):
 * - `Status`: answer with this status (JSON body `{ code, message }` unless
 *   `body` is given; a string body is sent as text). The request is not processed.
 * - `Latency`: wait `duration` (Effect `Clock`, so `TestClock` drives it
 *   in-process), then process the request normally.
 * - `Drop`: destroy the connection without answering (in-process: the request
 *   fails with an `HttpClientError.RequestError` of reason `"Transport"`). The
 *   request is not processed.
 * - `TruncatedJson`: process the request, then send only the first half of
 *   its JSON body (a 204 becomes a 200 with a cut body).
 * - `NonJson`: answer with a non-JSON body, by default an HTML 502 page.
 * - `RateLimited`: Zoom's 429 of the given kind: `perSecond` (with
 *   `Retry-After: <seconds>`), `daily` (with `Retry-After` = next 00:00 UTC)
 *   or `concurrent` ("too many concurrent requests").
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const unavailable: FakeZoom.Fault = { _tag: "Status", status: 503 }
 * ```
 *
 * @since 0.1.0
 * @category faults
 */
export type Fault =
  | {
    readonly _tag: "Status"
    readonly status: number
    readonly body?: unknown
    readonly headers?: Readonly<Record<string, string>>
  }
  | { readonly _tag: "Latency"; readonly duration: Duration.DurationInput }
  | { readonly _tag: "Drop" }
  | { readonly _tag: "TruncatedJson" }
  | {
    readonly _tag: "NonJson"
    readonly status?: number
    readonly body?: string
    readonly contentType?: string
  }
  | {
    readonly _tag: "RateLimited"
    readonly kind: "perSecond" | "daily" | "concurrent"
    /** For `perSecond` and `concurrent`: the `Retry-After` seconds (default 1). */
    readonly retryAfterSeconds?: number
    /** The `X-RateLimit-Limit` header value (default 30 per second, 6000 per day). */
    readonly limit?: number
  }

/**
 * Constructors of {@link Fault}s.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const flaky = Effect.gen(function* () {
 *   const fake = yield* FakeZoom.FakeZoom
 *   yield* fake.inject({ operation: "events.list", times: 2, fault: FakeZoom.Fault.status(503) })
 *   yield* fake.inject({ fault: FakeZoom.Fault.latency("2 seconds") })
 *   yield* fake.inject({ operation: "oauth.token", fault: FakeZoom.Fault.drop })
 * })
 * ```
 *
 * @since 0.1.0
 * @category faults
 */
export const Fault = {
  /** Answer with `status` (and optionally a body / headers). */
  status: (
    status: number,
    options: { readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> } = {}
  ): Fault => ({ _tag: "Status", status, ...options }),
  /** Delay the response by `duration`, then answer normally. */
  latency: (duration: Duration.DurationInput): Fault => ({ _tag: "Latency", duration }),
  /** Drop the connection without answering. */
  drop: { _tag: "Drop" } as Fault,
  /** Answer with the first half of the real JSON body. */
  truncatedJson: { _tag: "TruncatedJson" } as Fault,
  /** Answer with a non-JSON body (default: an HTML 502 page). */
  nonJson: (
    options: { readonly status?: number; readonly body?: string; readonly contentType?: string } = {}
  ): Fault => ({ _tag: "NonJson", ...options }),
  /** Zoom's 429 of the given kind. */
  rateLimited: (
    kind: "perSecond" | "daily" | "concurrent",
    options: { readonly retryAfterSeconds?: number; readonly limit?: number } = {}
  ): Fault => ({ _tag: "RateLimited", kind, ...options })
} as const

/**
 * Which requests a fault applies to: `operation` (omit for any request),
 * `accountId` (omit for any account), `times` (default 1; `Infinity` for
 * every request until `clearFaults`).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const spec: FakeZoom.FaultSpec = { operation: "schedules.create", times: 3, fault: FakeZoom.Fault.status(500) }
 * ```
 *
 * @since 0.1.0
 * @category faults
 */
export interface FaultSpec {
  readonly operation?: Endpoint
  /** Only requests whose access token belongs to this account (API calls; omit for any). */
  readonly accountId?: string
  readonly times?: number
  readonly fault: Fault
}
