/**
 * Signature and timestamp verification of a webhook request.
 *
 * @internal
 */
import * as Headers from "@effect/platform/Headers"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type { VerifiedRequest, WebhookOptions, WebhookRequest } from "../../Webhooks.js"
import * as Scrub from "../scrub.js"
import * as Signature from "../webhookSignature.js"
import { WebhookSignatureError } from "./errors.js"

/** @internal */
export const HeaderName = {
  /** `v0=<hex HMAC-SHA256>` of `v0:{timestamp}:{raw body}`. */
  signature: "x-zm-signature",
  /** When Zoom signed the request, in seconds since the epoch. */
  timestamp: "x-zm-request-timestamp",
  /** Zoom's identifier of the request. */
  requestId: "x-zm-request-id",
  /** Zoom's tracking identifier of the request. */
  trackingId: "x-zm-trackingid"
} as const

/** @internal */
export const defaultTolerance: Duration.Duration = Duration.minutes(5)

const headerValue = (headers: Headers.Headers, name: string): Option.Option<string> =>
  Option.filter(Headers.get(headers, name), (value) => value.trim().length > 0)

const missingHeader = (header: string) =>
  new WebhookSignatureError({ reason: "MissingHeader", header, message: `Missing header ${header}` })

/** Whether any secret signed the request; the secrets are unwrapped only inside the promise. */
const signedByAny = (options: WebhookOptions, signature: Uint8Array<ArrayBuffer>, timestamp: string, body: Uint8Array | string) =>
  Effect.tryPromise({
    try: () => Signature.matchesAnySecret(options.secrets.map(Redacted.value), signature, timestamp, body),
    catch: () => false as const
  }).pipe(Effect.merge)

/** @internal */
export const verify = (
  request: WebhookRequest,
  options: WebhookOptions
): Effect.Effect<VerifiedRequest, WebhookSignatureError> =>
  Effect.gen(function*() {
    // a secret the app holds is scrubbed from any text that reaches an error or a log
    Scrub.register(...options.secrets)
    const headers = Headers.fromInput(request.headers)
    const signatureHeader = headerValue(headers, HeaderName.signature)
    if (Option.isNone(signatureHeader)) {
      return yield* missingHeader(HeaderName.signature)
    }
    const timestampHeader = headerValue(headers, HeaderName.timestamp)
    if (Option.isNone(timestampHeader)) {
      return yield* missingHeader(HeaderName.timestamp)
    }
    const signature = Signature.parseSignatureHeader(signatureHeader.value)
    if (signature === undefined) {
      return yield* new WebhookSignatureError({
        reason: "MalformedSignature",
        header: HeaderName.signature,
        message: `Header ${HeaderName.signature} is not "v0=" followed by 64 hexadecimal digits`
      })
    }
    const rawTimestamp = timestampHeader.value.trim()
    const timestamp = Signature.parseTimestampHeader(rawTimestamp)
    if (timestamp === undefined) {
      return yield* new WebhookSignatureError({
        reason: "MalformedTimestamp",
        header: HeaderName.timestamp,
        message: `Header ${HeaderName.timestamp} is not a number of seconds since the epoch`
      })
    }
    if (!(yield* signedByAny(options, signature, rawTimestamp, request.body))) {
      return yield* new WebhookSignatureError({
        reason: "BadSignature",
        message: "The signature matches none of the configured webhook secret tokens"
      })
    }
    const toleranceMillis = Duration.toMillis(options.tolerance ?? defaultTolerance)
    const now = yield* Clock.currentTimeMillis
    if (Math.abs(now - timestamp * 1000) > toleranceMillis) {
      return yield* new WebhookSignatureError({
        reason: "StaleTimestamp",
        timestamp,
        toleranceMillis,
        message: `Header ${HeaderName.timestamp} (${timestamp} s) is more than ${
          Duration.format(Duration.millis(toleranceMillis))
        } away from the current time (${Math.floor(now / 1000)} s)`
      })
    }
    return {
      body: request.body,
      timestamp,
      requestId: headerValue(headers, HeaderName.requestId),
      trackingId: headerValue(headers, HeaderName.trackingId)
    }
  })
