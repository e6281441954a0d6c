/**
 * The answer to Zoom's `endpoint.url_validation` challenge.
 *
 * @internal
 */
import { Effect, Redacted } from "effect"
import type { UrlValidationResponse, WebhookOptions } from "../../Webhooks.js"
import * as Signature from "../webhookSignature.js"

/** @internal */
export const answerUrlValidation = (
  plainToken: string,
  options: Pick<WebhookOptions, "secrets">
): Effect.Effect<UrlValidationResponse> =>
  Effect.map(
    Effect.promise(() => Signature.encryptToken(Redacted.value(options.secrets[0]), plainToken)),
    (encryptedToken) => ({ plainToken, encryptedToken })
  )
