/**
 * Decoding a verified webhook body into a notification.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { TreeFormatter } from "effect/ParseResult"
import * as WebhookEvents from "../../WebhookEvents.js"
import { WebhookDecodeError } from "./errors.js"

const utf8 = new TextDecoder("utf-8", { fatal: true })

const decodeNotification = Schema.decodeUnknown(WebhookEvents.WebhookNotification)

/** @internal */
export const decode = (
  body: Uint8Array | string
): Effect.Effect<WebhookEvents.WebhookNotification, WebhookDecodeError> =>
  Effect.gen(function*() {
    const json = yield* Effect.try({
      try: (): unknown => JSON.parse(typeof body === "string" ? body : utf8.decode(body)),
      catch: () => new WebhookDecodeError({ reason: "InvalidJson", message: "The webhook body is not UTF-8 JSON" })
    })
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
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
