/**
 * Receiving Zoom Scheduler webhooks: signature verification, endpoint URL
 * validation, decoding, and ready-made handlers for `@effect/platform`'s
 * `HttpRouter` and for any other framework.
 *
 * **Zoom's delivery contract** (what the handlers here are built around):
 *
 * - Every request is signed: `x-zm-signature: v0=<hex HMAC-SHA256>` of
 *   `v0:{x-zm-request-timestamp}:{raw body}`, keyed by the app's *secret
 *   token*. {@link verify} checks it against the raw bytes, in constant time
 *   (Web Crypto's HMAC `verify`: no `node:` module, so it runs on any runtime),
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
import type * as HttpApp from "@effect/platform/HttpApp"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type * as Config from "effect/Config"
import type { NonEmptyReadonlyArray } from "effect/Array"
import * as config from "./internal/webhooks/config.js"
import * as decoding from "./internal/webhooks/decode.js"
import type { WebhookDecodeError, WebhookSignatureError } from "./internal/webhooks/errors.js"
import * as serving from "./internal/webhooks/serve.js"
import * as urlValidation from "./internal/webhooks/urlValidation.js"
import * as verification from "./internal/webhooks/verify.js"
import type * as WebhookEvents from "./WebhookEvents.js"

export {
  /** @since 0.1.0 */
  WebhookDecodeError,
  /** @since 0.1.0 */
  WebhookDecodeErrorReason,
  /** @since 0.1.0 */
  WebhookSignatureError,
  /** @since 0.1.0 */
  WebhookSignatureErrorReason
} from "./internal/webhooks/errors.js"

// -----------------------------------------------------------------------------
// constants
// -----------------------------------------------------------------------------

/**
 * The (lower-case) names of the headers Zoom sends with each notification.
 *
 * @since 0.1.0
 * @category constants
 */
export const HeaderName: typeof verification.HeaderName = verification.HeaderName

/**
 * The default window within which `x-zm-request-timestamp` must fall, in
 * either direction from the current time: 5 minutes.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultTolerance: Duration.Duration = verification.defaultTolerance

// -----------------------------------------------------------------------------
// models
// -----------------------------------------------------------------------------

/**
 * Verification settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface WebhookOptions {
  /**
   * The app's secret token(s), from the Marketplace *Feature* page. A request
   * is valid if any of them signed it (rotation); URL validation is answered
   * with the first. See {@link secretsConfig}.
   */
  readonly secrets: NonEmptyReadonlyArray<Redacted.Redacted<string>>
  /** How far `x-zm-request-timestamp` may be from now, either way (default {@link defaultTolerance}). */
  readonly tolerance?: Duration.DurationInput | undefined
}

/**
 * A request as any framework sees it: the headers (a Node/Express-style
 * record, or a Fetch `Headers`; names are case-insensitive) and the **raw**
 * body, exactly as received. A body parsed and serialised again does not
 * verify: with Express use `express.raw({ type: "application/json" })`.
 *
 * @since 0.1.0
 * @category models
 */
export interface WebhookRequest {
  /** The request headers. */
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>> | globalThis.Headers
  /** The raw body: bytes, or the string they decode to. */
  readonly body: Uint8Array | string
}

/**
 * A request whose signature and timestamp are valid, with Zoom's delivery headers.
 *
 * @since 0.1.0
 * @category models
 */
export interface VerifiedRequest {
  /** The raw body, as received. */
  readonly body: Uint8Array | string
  /** `x-zm-request-timestamp`, in **seconds** since the epoch (the body's `event_ts` is in milliseconds). */
  readonly timestamp: number
  /** `x-zm-request-id`. */
  readonly requestId: Option.Option<string>
  /** `x-zm-trackingid`. */
  readonly trackingId: Option.Option<string>
}

/**
 * A verified, decoded event and how it was delivered. Zoom retries a delivery
 * that failed (5xx, or no answer within 3 seconds) after 5, 20 and 60
 * minutes, so one notification can reach the handler more than once: keep
 * handlers idempotent with `WebhookEvents.idempotencyKey(event)`, which a
 * retry repeats because it is built from the body.
 *
 * @since 0.1.0
 * @category models
 */
export interface WebhookDelivery {
  /** The decoded event. */
  readonly event: WebhookEvents.WebhookEvent
  /** `x-zm-request-id` (log it for support tickets). */
  readonly requestId: Option.Option<string>
  /** `x-zm-trackingid`. */
  readonly trackingId: Option.Option<string>
  /** `x-zm-request-timestamp`, in seconds since the epoch. */
  readonly requestTimestamp: number
}

/**
 * The answer to an `endpoint.url_validation` challenge.
 *
 * @since 0.1.0
 * @category models
 */
export interface UrlValidationResponse {
  /** The challenge's token, echoed. */
  readonly plainToken: string
  /** The hex HMAC-SHA256 of `plainToken` keyed by the secret token. */
  readonly encryptedToken: string
}

/**
 * A framework-agnostic HTTP answer, to copy onto the framework's response object.
 *
 * @since 0.1.0
 * @category models
 */
export interface WebhookResponse {
  /** The HTTP status. */
  readonly status: number
  /** The response headers (`content-type`). */
  readonly headers: Readonly<Record<string, string>>
  /** The JSON body, serialised. */
  readonly body: string
}

/**
 * Options of {@link handleRequest}: the verification settings and the handler.
 *
 * @since 0.1.0
 * @category models
 */
export interface HandlerOptions<E, R> extends WebhookOptions {
  /** Receives each verified, decoded event. */
  readonly handler: (delivery: WebhookDelivery) => Effect.Effect<void, E, R>
}

/**
 * Options of {@link httpApp}.
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpAppOptions<E, R> extends HandlerOptions<E, R> {
  /**
   * `"background"` (default): answer 200 once verified and decoded, run the
   * handler in its own fiber, log its failures (Zoom will not retry them).
   * `"inline"`: run the handler first, 200 on success, 500 on failure (Zoom retries).
   */
  readonly mode?: "background" | "inline" | undefined
  /** Where background handlers run (interrupted when it closes); daemon fibers without it. */
  readonly scope?: Scope.Scope | undefined
}

// -----------------------------------------------------------------------------
// operations
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
export const secretsConfig: (name?: string) => Config.Config<NonEmptyReadonlyArray<Redacted.Redacted<string>>> =
  config.secretsConfig

/**
 * Verifies that Zoom sent `request`: both signature headers are present, the
 * signature is the `v0` HMAC-SHA256 of `v0:{timestamp}:{raw body}` under one
 * of `options.secrets` (Web Crypto's constant-time `verify`, every secret
 * tried), and the timestamp is within `options.tolerance` of `Clock`'s current
 * time (past or future). Fails with a `WebhookSignatureError`.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
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
export const verify: (
  request: WebhookRequest,
  options: WebhookOptions
) => Effect.Effect<VerifiedRequest, WebhookSignatureError> = verification.verify

/**
 * Decodes a verified body (bytes as UTF-8, or a string) into a notification:
 * an event, or the URL-validation challenge. Fails with a `WebhookDecodeError`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * declare const request: Webhooks.WebhookRequest
 * declare const options: Webhooks.WebhookOptions
 *
 * const notification = Webhooks.verify(request, options).pipe(
 *   Effect.flatMap((verified) => Webhooks.decode(verified.body))
 * )
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode: (
  body: Uint8Array | string
) => Effect.Effect<WebhookEvents.WebhookNotification, WebhookDecodeError> = decoding.decode

/**
 * Answers an `endpoint.url_validation` challenge: the `plainToken` and its hex
 * HMAC-SHA256 under the first (current) secret, computed with Web Crypto
 * (hence an `Effect`). Zoom sends it when the endpoint URL is saved and every
 * 72 hours, and disables an endpoint that does not answer within 3 seconds;
 * {@link handleRequest} and {@link httpApp} answer it for you.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * const answer = Webhooks.answerUrlValidation("qgg8vlvZRS6UYooatFL8Aw", { secrets: [Redacted.make("secret")] }).pipe(
 *   Effect.map((response) => JSON.stringify(response))
 * )
 * ```
 *
 * @since 0.1.0
 * @category URL validation
 */
export const answerUrlValidation: (
  plainToken: string,
  options: Pick<WebhookOptions, "secrets">
) => Effect.Effect<UrlValidationResponse> = urlValidation.answerUrlValidation

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
 * import { createServer } from "node:http"
 * import { Effect, Redacted } from "effect"
 * import { Webhooks } from "@effect-zoom/scheduler"
 *
 * const secrets = [Redacted.make("your-webhook-secret-token")] as const
 *
 * // any framework works the same way: pass the headers and the raw body bytes
 * createServer(async (req, res) => {
 *   const chunks: Array<Uint8Array> = []
 *   for await (const chunk of req) chunks.push(chunk)
 *   const response = await Effect.runPromise(
 *     Webhooks.handleRequest(
 *       { headers: req.headers, body: Buffer.concat(chunks) },
 *       { secrets, handler: ({ event }) => Effect.log(`received ${event.event}`) }
 *     )
 *   )
 *   res.writeHead(response.status, response.headers).end(response.body)
 * }).listen(3000)
 * ```
 *
 * @since 0.1.0
 * @category serving
 */
export const handleRequest: <E, R>(
  request: WebhookRequest,
  options: HandlerOptions<E, R>
) => Effect.Effect<WebhookResponse, never, R> = serving.handleRequest

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
export const httpApp: <E, R>(options: HttpAppOptions<E, R>) => HttpApp.Default<never, R> = serving.httpApp
