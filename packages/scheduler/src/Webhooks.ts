/**
 * Receiving Zoom Scheduler webhooks: signature verification, endpoint URL
 * validation, decoding, and ready-made handlers for `@effect/platform`'s
 * `HttpRouter` and for any other framework.
 *
 * **Zoom's delivery contract** (what the handlers here are built around):
 *
 * - Every request is signed: `x-zm-signature: v0=<hex HMAC-SHA256>` of
 *   `v0:{x-zm-request-timestamp}:{raw body}`, keyed by the app's *secret
 *   token*. {@link verify} checks it against the raw bytes, in constant time,
 *   and rejects a timestamp outside a window (5 minutes by default) to stop
 *   replays.
 * - When the endpoint URL is saved, and then every 72 hours, Zoom sends an
 *   `endpoint.url_validation` challenge that must be answered within 3 seconds
 *   (see {@link answerUrlValidation}); an endpoint that stops answering it is
 *   disabled.
 * - A delivery counts as failed when the endpoint answers 5xx or does not
 *   answer within 3 seconds; Zoom then retries after 5, 20 and 60 minutes. The
 *   same notification can therefore arrive more than once: make the handler
 *   idempotent (see {@link WebhookDelivery}).
 *
 * @example
 * ```ts
 * import { HttpRouter, HttpServer } from "@effect/platform"
 * import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
 * import { Effect, Layer } from "effect"
 * import { createServer } from "node:http"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * const app = Effect.gen(function* () {
 *   const secrets = yield* Webhooks.secretsConfig()
 *   return HttpRouter.empty.pipe(
 *     HttpRouter.post(
 *       "/zoom/webhooks",
 *       Webhooks.httpApp({
 *         secrets,
 *         handler: ({ event }) => Effect.log(`received ${event.event}`)
 *       })
 *     )
 *   )
 * })
 *
 * Layer.unwrapEffect(Effect.map(app, HttpServer.serve())).pipe(
 *   Layer.provide(NodeHttpServer.layer(createServer, { port: 3000 })),
 *   Layer.launch,
 *   NodeRuntime.runMain
 * )
 * ```
 *
 * @since 0.1.0
 */
import type { HttpApp } from "@effect/platform"
import { Headers, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Array, Cause, Clock, Config, ConfigError, Duration, Effect, Either, Option, Redacted, Schema } from "effect"
import type { Scope } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"
import { TreeFormatter } from "effect/ParseResult"
import * as Signature from "./internal/webhookSignature.js"
import * as WebhookEvents from "./WebhookEvents.js"

// -----------------------------------------------------------------------------
// constants
// -----------------------------------------------------------------------------

/**
 * The (lower-case) names of the headers Zoom sends with each notification.
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * declare const headers: Record<string, string | undefined>
 * const signature = headers[Webhooks.HeaderName.signature]
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
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

/**
 * The default window within which `x-zm-request-timestamp` must fall, in
 * either direction from the current time: 5 minutes.
 *
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * Duration.toMinutes(Webhooks.defaultTolerance) // 5
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultTolerance: Duration.Duration = Duration.minutes(5)

// -----------------------------------------------------------------------------
// errors
// -----------------------------------------------------------------------------

/**
 * Why a request failed verification.
 *
 * - `MissingHeader`: `x-zm-signature` or `x-zm-request-timestamp` is absent or
 *   empty (`header` says which).
 * - `MalformedSignature`: `x-zm-signature` is not `v0=` followed by 64 hex
 *   digits.
 * - `MalformedTimestamp`: `x-zm-request-timestamp` is not a whole number of
 *   seconds.
 * - `BadSignature`: the signature matches none of the configured secrets (a
 *   tampered body, a wrong secret, or a sender other than Zoom).
 * - `StaleTimestamp`: the signature is valid but the timestamp is outside the
 *   allowed window (a replay, or a clock far off).
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * const retryable = (reason: Webhooks.WebhookSignatureErrorReason) => reason === "StaleTimestamp"
 * ```
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

/**
 * The type of {@link WebhookSignatureErrorReason}.
 *
 * @example
 * ```ts
 * import type { Webhooks } from "@effect-zoom/scheduler"
 *
 * const reason: Webhooks.WebhookSignatureErrorReason = "BadSignature"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type WebhookSignatureErrorReason = typeof WebhookSignatureErrorReason.Type

/**
 * A request that did not pass {@link verify}. It carries the reason, the
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
 * Why a verified body could not be decoded.
 *
 * - `InvalidJson`: the body is not UTF-8 JSON.
 * - `NotAnObject`: the JSON is not an object.
 * - `InvalidEvent`: a known notification (`endpoint.url_validation` or a
 *   Scheduler event) whose content does not match its schema, or an object
 *   without `event` / `event_ts`.
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * const isSyntax = (reason: Webhooks.WebhookDecodeErrorReason) => reason !== "InvalidEvent"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const WebhookDecodeErrorReason = Schema.Literal("InvalidJson", "NotAnObject", "InvalidEvent")

/**
 * The type of {@link WebhookDecodeErrorReason}.
 *
 * @example
 * ```ts
 * import type { Webhooks } from "@effect-zoom/scheduler"
 *
 * const reason: Webhooks.WebhookDecodeErrorReason = "InvalidJson"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type WebhookDecodeErrorReason = typeof WebhookDecodeErrorReason.Type

/**
 * A body that {@link decode} could not turn into a notification. The HTTP
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

// -----------------------------------------------------------------------------
// models
// -----------------------------------------------------------------------------

/**
 * Verification settings.
 *
 * - `secrets`: the app's secret token(s), from the Marketplace *Feature* page.
 *   Several can be listed to rotate without downtime: a request is valid if
 *   any of them signed it. Put the current secret first: URL validation is
 *   answered with it. See {@link secretsConfig}.
 * - `tolerance`: how far `x-zm-request-timestamp` may be from the current
 *   time, in either direction (default {@link defaultTolerance}, 5 minutes).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import type { Webhooks } from "@effect-zoom/scheduler"
 *
 * const options: Webhooks.WebhookOptions = {
 *   secrets: [Redacted.make(process.env.ZOOM_WEBHOOK_SECRET_TOKEN!)],
 *   tolerance: "2 minutes"
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface WebhookOptions {
  readonly secrets: NonEmptyReadonlyArray<Redacted.Redacted<string>>
  readonly tolerance?: Duration.DurationInput | undefined
}

/**
 * A request as any framework sees it: the headers (a Node/Express-style
 * record, or a Fetch `Headers`; names are case-insensitive) and the **raw**
 * body, exactly as received. A body parsed and serialised again does not
 * verify: with Express use `express.raw({ type: "application/json" })`.
 *
 * @example
 * ```ts
 * import type { Webhooks } from "@effect-zoom/scheduler"
 *
 * const fromFetch = async (request: Request): Promise<Webhooks.WebhookRequest> => ({
 *   headers: request.headers,
 *   body: new Uint8Array(await request.arrayBuffer())
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>> | globalThis.Headers
  readonly body: Uint8Array | string
}

/**
 * A request whose signature and timestamp are valid, with Zoom's delivery
 * headers. `timestamp` is `x-zm-request-timestamp`, in **seconds** since the
 * epoch (the body's `event_ts` is in milliseconds).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * declare const request: Webhooks.WebhookRequest
 * declare const options: Webhooks.WebhookOptions
 *
 * const event = Webhooks.verify(request, options).pipe(
 *   Effect.flatMap((verified: Webhooks.VerifiedRequest) => Webhooks.decode(verified.body))
 * )
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface VerifiedRequest {
  readonly body: Uint8Array | string
  readonly timestamp: number
  readonly requestId: Option.Option<string>
  readonly trackingId: Option.Option<string>
}

/**
 * A verified, decoded event and how it was delivered: `requestId`
 * (`x-zm-request-id`), `trackingId` (`x-zm-trackingid`) and
 * `requestTimestamp` (`x-zm-request-timestamp`, seconds since the epoch).
 *
 * Zoom retries a delivery that failed (5xx, or no answer within 3 seconds)
 * after 5, 20 and 60 minutes, so one notification can reach the handler more
 * than once. Keep handlers idempotent: remember what was processed under
 * `WebhookEvents.idempotencyKey(event)`, which a retry repeats because it is
 * built from the body (Zoom does not document whether its request headers stay
 * the same across retries; log `requestId` for support tickets).
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { WebhookEvents, Webhooks } from "@effect-zoom/scheduler"
 *
 * declare const seen: (key: string) => Effect.Effect<boolean> // e.g. INSERT ... ON CONFLICT DO NOTHING
 *
 * const handler = (delivery: Webhooks.WebhookDelivery) =>
 *   Effect.gen(function* () {
 *     if (yield* seen(WebhookEvents.idempotencyKey(delivery.event))) return
 *     yield* Effect.log(`processing ${delivery.event.event}`, Option.getOrUndefined(delivery.requestId))
 *   })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface WebhookDelivery {
  readonly event: WebhookEvents.WebhookEvent
  readonly requestId: Option.Option<string>
  readonly trackingId: Option.Option<string>
  readonly requestTimestamp: number
}

/**
 * The answer to an `endpoint.url_validation` challenge: the `plainToken` and
 * its hex HMAC-SHA256 keyed by the secret token.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * const answer: Webhooks.UrlValidationResponse = Webhooks.answerUrlValidation("qgg8vlvZRS6UYooatFL8Aw", {
 *   secrets: [Redacted.make("secret")]
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface UrlValidationResponse {
  readonly plainToken: string
  readonly encryptedToken: string
}

/**
 * A framework-agnostic HTTP answer: status, headers and a (JSON) body, to copy
 * onto the framework's response object.
 *
 * @example
 * ```ts
 * import type { ServerResponse } from "node:http"
 * import type { Webhooks } from "@effect-zoom/scheduler"
 *
 * const send = (res: ServerResponse, response: Webhooks.WebhookResponse) =>
 *   res.writeHead(response.status, response.headers).end(response.body)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface WebhookResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * Options of {@link handleRequest}: the verification settings and the
 * `handler` that receives each verified, decoded event.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import type { Webhooks } from "@effect-zoom/scheduler"
 *
 * const options: Webhooks.HandlerOptions<never, never> = {
 *   secrets: [Redacted.make("secret")],
 *   handler: ({ event }) => Effect.log(event.event)
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface HandlerOptions<E, R> extends WebhookOptions {
  readonly handler: (delivery: WebhookDelivery) => Effect.Effect<void, E, R>
}

/**
 * Options of {@link httpApp}.
 *
 * - `mode`: `"background"` (the default) answers 200 as soon as the event is
 *   verified and decoded, and runs the handler in a fiber of its own, so a
 *   slow handler never pushes the answer past Zoom's 3 seconds; a handler
 *   failure is logged (Zoom will not retry it). `"inline"` runs the handler
 *   before answering: 200 when it succeeds, 500 when it fails (Zoom then
 *   retries); use it when the handler only enqueues or persists quickly.
 * - `scope`: where background handlers run. Without it they are daemon
 *   fibers, which outlive the request and the server. With it, they are
 *   interrupted when the scope closes (e.g. the scope of the server's layer,
 *   for a clean shutdown).
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import type { Webhooks } from "@effect-zoom/scheduler"
 *
 * const options: Webhooks.HttpAppOptions<never, never> = {
 *   secrets: [Redacted.make("secret")],
 *   mode: "inline",
 *   handler: ({ event }) => Effect.log(event.event)
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpAppOptions<E, R> extends HandlerOptions<E, R> {
  readonly mode?: "background" | "inline" | undefined
  readonly scope?: Scope.Scope | undefined
}

// -----------------------------------------------------------------------------
// configuration
// -----------------------------------------------------------------------------

/**
 * Reads the secret token(s) from configuration, `ZOOM_WEBHOOK_SECRET_TOKEN` by
 * default, as `Redacted` values. A comma-separated list rotates secrets: list
 * the new secret first, then the old one until Zoom no longer uses it.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * // ZOOM_WEBHOOK_SECRET_TOKEN="new-secret,old-secret"
 * const program = Effect.gen(function* () {
 *   const secrets = yield* Webhooks.secretsConfig()
 *   return Webhooks.httpApp({ secrets, handler: ({ event }) => Effect.log(event.event) })
 * })
 * ```
 *
 * @since 0.1.0
 * @category configuration
 */
export const secretsConfig = (
  name: string = "ZOOM_WEBHOOK_SECRET_TOKEN"
): Config.Config<NonEmptyReadonlyArray<Redacted.Redacted<string>>> =>
  Config.redacted(name).pipe(
    Config.mapOrFail((redacted) => {
      const secrets = Redacted.value(redacted)
        .split(",")
        .map((secret) => secret.trim())
        .filter((secret) => secret.length > 0)
      return Array.isNonEmptyReadonlyArray(secrets)
        ? Either.right(Array.map(secrets, (secret) => Redacted.make(secret)))
        : Either.left(
          ConfigError.InvalidData([name], "Expected at least one webhook secret token (comma-separated to rotate)")
        )
    })
  )

// -----------------------------------------------------------------------------
// verification
// -----------------------------------------------------------------------------

const headerValue = (headers: Headers.Headers, name: string): Option.Option<string> =>
  Option.filter(Headers.get(headers, name), (value) => value.trim().length > 0)

const missingHeader = (header: string) =>
  new WebhookSignatureError({ reason: "MissingHeader", header, message: `Missing header ${header}` })

/**
 * Verifies that Zoom sent `request`: both signature headers are present, the
 * signature is the `v0` HMAC-SHA256 of `v0:{timestamp}:{raw body}` under one
 * of `options.secrets` (compared in constant time), and the timestamp is
 * within `options.tolerance` of `Clock`'s current time (past or future).
 * Succeeds with the body and Zoom's delivery headers; fails with a
 * {@link WebhookSignatureError}.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * declare const rawBody: Uint8Array
 * declare const headers: Record<string, string | undefined>
 *
 * const verified = Webhooks.verify(
 *   { headers, body: rawBody },
 *   { secrets: [Redacted.make("current"), Redacted.make("previous")] }
 * )
 * ```
 *
 * @since 0.1.0
 * @category verification
 */
export const verify = (
  request: WebhookRequest,
  options: WebhookOptions
): Effect.Effect<VerifiedRequest, WebhookSignatureError> =>
  Effect.gen(function*() {
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
    const secrets = options.secrets.map(Redacted.value)
    if (!Signature.matchesAnySecret(secrets, signature, rawTimestamp, request.body)) {
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

// -----------------------------------------------------------------------------
// decoding
// -----------------------------------------------------------------------------

const utf8 = new TextDecoder("utf-8", { fatal: true })

const decodeNotification = Schema.decodeUnknown(WebhookEvents.WebhookNotification)

/**
 * Decodes a (verified) raw body into a notification: an
 * `EndpointUrlValidation` challenge, a known Scheduler event, or an
 * `UnknownWebhookEvent` for an event type this library does not know. Fails
 * with a {@link WebhookDecodeError} on a body that is not a JSON object, or a
 * known notification that does not match its schema.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * const program = Webhooks.decode(
 *   `{"event":"scheduler.scheduled_event_canceled","event_ts":1626230691572,"payload":{}}`
 * ).pipe(Effect.map((notification) => notification._tag)) // "ScheduledEventCanceled"
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (
  body: Uint8Array | string
): Effect.Effect<WebhookEvents.WebhookNotification, WebhookDecodeError> =>
  Effect.gen(function*() {
    const json = yield* Effect.try({
      try: (): unknown => JSON.parse(typeof body === "string" ? body : utf8.decode(body)),
      catch: () => new WebhookDecodeError({ reason: "InvalidJson", message: "The webhook body is not UTF-8 JSON" })
    })
    if (typeof json !== "object" || json === null || globalThis.Array.isArray(json)) {
      return yield* new WebhookDecodeError({ reason: "NotAnObject", message: "The webhook body is not a JSON object" })
    }
    const event = "event" in json && typeof json.event === "string" ? json.event : undefined
    return yield* decodeNotification(json).pipe(
      Effect.mapError((error) =>
        new WebhookDecodeError({
          reason: "InvalidEvent",
          ...(event === undefined ? {} : { event }),
          issue: TreeFormatter.formatErrorSync(error),
          message: event === undefined
            ? "The webhook body is not a Zoom notification (no event name)"
            : `The webhook body of ${event} does not match its schema`
        })
      )
    )
  })

// -----------------------------------------------------------------------------
// URL validation
// -----------------------------------------------------------------------------

/**
 * Answers Zoom's `endpoint.url_validation` challenge: `encryptedToken` is the
 * hex HMAC-SHA256 of `plainToken` keyed by the **first** (current) secret.
 * Zoom sends the challenge when the endpoint URL is saved and then every 72
 * hours, and expects the answer (as the JSON body of a 200) within 3 seconds;
 * an endpoint that fails re-validation is disabled. The challenge is signed
 * like any notification: {@link verify} it first ({@link handleRequest} and
 * {@link httpApp} do).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * Webhooks.answerUrlValidation("qgg8vlvZRS6UYooatFL8Aw", { secrets: [Redacted.make("secret")] })
 * // { plainToken: "qgg8vlvZRS6UYooatFL8Aw", encryptedToken: "<64 hex digits>" }
 * ```
 *
 * @since 0.1.0
 * @category URL validation
 */
export const answerUrlValidation = (
  plainToken: string,
  options: Pick<WebhookOptions, "secrets">
): UrlValidationResponse => ({
  plainToken,
  encryptedToken: Signature.encryptToken(Redacted.value(options.secrets[0]), plainToken)
})

// -----------------------------------------------------------------------------
// serving
// -----------------------------------------------------------------------------

const jsonResponse = (status: number, body: unknown): WebhookResponse => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body)
})

const accepted = jsonResponse(200, { received: true })

const handlerFailed = jsonResponse(500, { error: "HandlerFailed" })

const deliveryAnnotations = (delivery: WebhookDelivery) => ({
  "zoom.webhook.event": delivery.event.event,
  "zoom.webhook.request_id": Option.getOrElse(delivery.requestId, () => "")
})

const runHandler = <E, R>(
  options: HandlerOptions<E, R>,
  delivery: WebhookDelivery
): Effect.Effect<void, E, R> =>
  Effect.suspend(() => options.handler(delivery)).pipe(
    Effect.withSpan("ZoomScheduler.webhooks.handler", { attributes: deliveryAnnotations(delivery) })
  )

const logHandlerFailure = <E>(cause: Cause.Cause<E>, delivery: WebhookDelivery) =>
  Effect.logError("Zoom webhook handler failed", cause).pipe(Effect.annotateLogs(deliveryAnnotations(delivery)))

/** Runs the handler before answering: 200 when it succeeds, 500 (Zoom retries) when it fails. */
const dispatchInline = <E, R>(options: HandlerOptions<E, R>) => (delivery: WebhookDelivery) =>
  runHandler(options, delivery).pipe(
    Effect.as(accepted),
    Effect.catchAllCause((cause) => Effect.as(logHandlerFailure(cause, delivery), handlerFailed))
  )

/** Answers 200 at once; the handler runs in its own fiber and its failures are logged. */
const dispatchInBackground = <E, R>(options: HttpAppOptions<E, R>) => (delivery: WebhookDelivery) => {
  const background = runHandler(options, delivery).pipe(
    Effect.catchAllCause((cause) =>
      Cause.isInterruptedOnly(cause)
        ? Effect.logDebug("Zoom webhook handler interrupted").pipe(Effect.annotateLogs(deliveryAnnotations(delivery)))
        : logHandlerFailure(cause, delivery)
    )
  )
  const forked = options.scope === undefined ? Effect.forkDaemon(background) : Effect.forkIn(background, options.scope)
  return Effect.as(forked, accepted)
}

const respond = <R>(
  request: WebhookRequest,
  options: WebhookOptions,
  dispatch: (delivery: WebhookDelivery) => Effect.Effect<WebhookResponse, never, R>
): Effect.Effect<WebhookResponse, never, R> =>
  Effect.gen(function*() {
    const verified = yield* verify(request, options)
    const notification = yield* decode(verified.body)
    if (notification._tag === "EndpointUrlValidation") {
      yield* Effect.annotateCurrentSpan("zoom.webhook.event", notification.event)
      return jsonResponse(200, answerUrlValidation(notification.payload.plainToken, options))
    }
    const delivery: WebhookDelivery = {
      event: notification,
      requestId: verified.requestId,
      trackingId: verified.trackingId,
      requestTimestamp: verified.timestamp
    }
    yield* Effect.annotateCurrentSpan(deliveryAnnotations(delivery))
    return yield* dispatch(delivery)
  }).pipe(
    Effect.catchTags({
      WebhookSignatureError: (error) =>
        Effect.as(
          Effect.logWarning("Rejected a Zoom webhook request", error.message),
          jsonResponse(401, { error: error._tag, reason: error.reason, message: error.message })
        ),
      WebhookDecodeError: (error) =>
        Effect.as(
          Effect.logWarning("Rejected an undecodable Zoom webhook body", error.message),
          jsonResponse(400, { error: error._tag, reason: error.reason, message: error.message })
        )
    }),
    Effect.withSpan("ZoomScheduler.webhooks.handle")
  )

/**
 * Handles one webhook request for any framework (Express, Fastify, a
 * serverless function...): verifies it, answers URL validation, decodes the
 * event and runs `options.handler` before answering.
 *
 * | outcome                              | status | body                                      |
 * | ------------------------------------ | ------ | ----------------------------------------- |
 * | URL validation                       | 200    | `{ plainToken, encryptedToken }`          |
 * | event handled                        | 200    | `{ "received": true }`                    |
 * | signature error                      | 401    | `{ error, reason, message }` (no secret)  |
 * | body not a JSON object / bad event   | 400    | `{ error, reason, message }`              |
 * | handler failed (logged)              | 500    | `{ "error": "HandlerFailed" }`            |
 *
 * The handler runs inline, which suits serverless platforms (nothing runs
 * after the answer) and lets Zoom retry a failed handler. Zoom waits 3 seconds
 * at most: a slow handler should only enqueue (or use {@link httpApp}, whose
 * default runs the handler in the background).
 *
 * @example
 * ```ts
 * import express from "express"
 * import { Effect, Redacted } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * const secrets = [Redacted.make(process.env.ZOOM_WEBHOOK_SECRET_TOKEN!)] as const
 * const app = express()
 * app.post("/zoom/webhooks", express.raw({ type: "application/json" }), async (req, res) => {
 *   const response = await Effect.runPromise(
 *     Webhooks.handleRequest(
 *       { headers: req.headers, body: req.body },
 *       { secrets, handler: ({ event }) => Effect.log(`received ${event.event}`) }
 *     )
 *   )
 *   res.status(response.status).set(response.headers).send(response.body)
 * })
 * ```
 *
 * @since 0.1.0
 * @category serving
 */
export const handleRequest = <E, R>(
  request: WebhookRequest,
  options: HandlerOptions<E, R>
): Effect.Effect<WebhookResponse, never, R> => respond(request, options, dispatchInline(options))

const toServerResponse = (response: WebhookResponse): HttpServerResponse.HttpServerResponse => {
  const { "content-type": contentType, ...headers } = response.headers
  return HttpServerResponse.text(response.body, { status: response.status, headers, contentType })
}

/**
 * An `@effect/platform` HTTP app for the webhook endpoint: it reads the raw
 * body, verifies it (401 on failure), answers URL validation, decodes the
 * event (400 on failure) and hands it to `options.handler`. By default it
 * answers 200 without waiting for the handler, which runs in a fiber of its
 * own so that a slow handler cannot exceed Zoom's 3 seconds; a failing handler
 * is logged with `Effect.logError`. See {@link HttpAppOptions} for `mode` and
 * `scope`.
 *
 * @example
 * ```ts
 * import { HttpRouter } from "@effect/platform"
 * import { Effect, Redacted } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * const router = HttpRouter.empty.pipe(
 *   HttpRouter.post(
 *     "/zoom/webhooks",
 *     Webhooks.httpApp({
 *       secrets: [Redacted.make("current"), Redacted.make("previous")],
 *       handler: ({ event }) =>
 *         event._tag === "ScheduledEventCreated"
 *           ? Effect.log(`booked by ${event.payload.object?.inviteeEmail}`)
 *           : Effect.void
 *     })
 *   )
 * )
 * ```
 *
 * @since 0.1.0
 * @category serving
 */
export const httpApp = <E, R>(options: HttpAppOptions<E, R>): HttpApp.Default<never, R> => {
  const dispatch = options.mode === "inline" ? dispatchInline(options) : dispatchInBackground(options)
  return Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const body = yield* Effect.either(request.arrayBuffer)
    if (Either.isLeft(body)) {
      yield* Effect.logWarning("Could not read a Zoom webhook body", body.left.message)
      return toServerResponse(jsonResponse(400, { error: "UnreadableBody" }))
    }
    const response = yield* respond({ headers: request.headers, body: new Uint8Array(body.right) }, options, dispatch)
    return toServerResponse(response)
  })
}
