/**
 * The errors of `Webhooks`, re-exported there.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

/**
 * Why a request failed verification: `MissingHeader` (`x-zm-signature` or
 * `x-zm-request-timestamp` absent or empty), `MalformedSignature` (not `v0=`
 * and 64 hex digits), `MalformedTimestamp` (not whole seconds), `BadSignature`
 * (no configured secret signed it), `StaleTimestamp` (valid signature, outside
 * the window: a replay or a clock far off).
 *
 * @since 0.1.0
 * @category errors
 */
export const WebhookSignatureErrorReason = Schema.Literal(
  "MissingHeader",
  "MalformedSignature",
  "MalformedTimestamp",
  "BadSignature",
  "StaleTimestamp"
)

/** @since 0.1.0 */
export type WebhookSignatureErrorReason = typeof WebhookSignatureErrorReason.Type

/**
 * A request that did not pass `Webhooks.verify`. It carries the reason, the
 * header at fault, the timestamp and the allowed window; never a secret, nor
 * the signature it received. The HTTP handlers answer it with 401.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * declare const request: Webhooks.WebhookRequest
 * declare const secrets: Webhooks.WebhookOptions["secrets"]
 *
 * Webhooks.verify(request, { secrets }).pipe(
 *   Effect.catchTag("WebhookSignatureError", (e) => Effect.logWarning(e.reason, e.message))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class WebhookSignatureError extends Schema.TaggedError<WebhookSignatureError>(
  "@effect-zoom/scheduler/WebhookSignatureError"
)("WebhookSignatureError", {
  reason: WebhookSignatureErrorReason,
  /** The header at fault, for `MissingHeader`, `MalformedSignature` and `MalformedTimestamp`. */
  header: Schema.optional(Schema.String),
  /** `x-zm-request-timestamp`, in seconds since the epoch, for `StaleTimestamp`. */
  timestamp: Schema.optional(Schema.Number),
  /** The allowed distance from the current time, in milliseconds, for `StaleTimestamp`. */
  toleranceMillis: Schema.optional(Schema.Number),
  message: Schema.String
}) {}

/**
 * Why a verified body could not be decoded: `InvalidJson` (not UTF-8 JSON),
 * `NotAnObject`, `InvalidEvent` (a known notification that does not match its
 * schema, or an object without `event` / `event_ts`).
 *
 * @since 0.1.0
 * @category errors
 */
export const WebhookDecodeErrorReason = Schema.Literal("InvalidJson", "NotAnObject", "InvalidEvent")

/** @since 0.1.0 */
export type WebhookDecodeErrorReason = typeof WebhookDecodeErrorReason.Type

/**
 * A body that `Webhooks.decode` could not turn into a notification. The HTTP
 * handlers answer it with 400. `issue` is the schema's explanation for
 * `InvalidEvent` (it may quote values of the payload, never a secret).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * Webhooks.decode("not json").pipe(
 *   Effect.catchTag("WebhookDecodeError", (e) => Effect.succeed(e.reason)) // "InvalidJson"
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class WebhookDecodeError extends Schema.TaggedError<WebhookDecodeError>(
  "@effect-zoom/scheduler/WebhookDecodeError"
)("WebhookDecodeError", {
  reason: WebhookDecodeErrorReason,
  /** The `event` of the body, when it has one. */
  event: Schema.optional(Schema.String),
  /** What the schema rejected, for `InvalidEvent`. */
  issue: Schema.optional(Schema.String),
  message: Schema.String
}) {}
