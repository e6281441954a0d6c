/**
 * Serving webhooks: verify, decode, answer URL validation, dispatch to the
 * handler (inline or in the background), and map failures to HTTP answers.
 *
 * @internal
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type {
  HandlerOptions,
  HttpAppOptions,
  WebhookDelivery,
  WebhookOptions,
  WebhookRequest,
  WebhookResponse
} from "../../Webhooks.js"
import { decode } from "./decode.js"
import { answerUrlValidation } from "./urlValidation.js"
import { verify } from "./verify.js"

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

const dispatchInline = <E, R>(options: HandlerOptions<E, R>) => (delivery: WebhookDelivery) =>
  runHandler(options, delivery).pipe(
    Effect.as(accepted),
    Effect.catchAllCause((cause) => Effect.as(logHandlerFailure(cause, delivery), handlerFailed))
  )

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
      return jsonResponse(200, yield* answerUrlValidation(notification.payload.plainToken, options))
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

/** @internal */
export const handleRequest = <E, R>(
  request: WebhookRequest,
  options: HandlerOptions<E, R>
): Effect.Effect<WebhookResponse, never, R> => respond(request, options, dispatchInline(options))

const toServerResponse = (response: WebhookResponse): HttpServerResponse.HttpServerResponse => {
  const { "content-type": contentType, ...headers } = response.headers
  return HttpServerResponse.text(response.body, { status: response.status, headers, contentType })
}

/** @internal */
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
