/**
 * The answer to Zoom's `endpoint.url_validation` challenge.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
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
