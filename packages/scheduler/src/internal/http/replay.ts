/**
 * The 401 replay: an answer that rejects the access token (401 with Zoom's
 * code 124) is sent once more with a refreshed token, when the credentials
 * can refresh; otherwise that answer stands (and becomes
 * `AuthError(InvalidToken)` like any other 401). Decided on the answer
 * itself: no error is raised to be caught.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { AccessToken, CredentialsError } from "../../Credentials.js"
import { utf8 } from "../jsonBody.js"
import type { Answer } from "./attempt.js"
import { parseErrorBody } from "./statusError.js"

/** What the executor needs of the credentials. */
export interface TokenSource {
  readonly accessToken: Effect.Effect<AccessToken, CredentialsError>
  readonly refreshRejected: (rejected: AccessToken) => Effect.Effect<Option.Option<AccessToken>, CredentialsError>
}

/** Whether Zoom rejected the token itself (401, code 124), as opposed to its scopes or the user. */
export const rejectsToken = (answer: Answer): boolean => {
  if (answer.status !== 401) return false
  const code = parseErrorBody(utf8(answer.body))?.code
  return code === 124 || code === "124"
}

/** Takes a token, sends, and sends once more with a refreshed token when Zoom rejected the first. */
export const withReplay = <E>(
  tokens: TokenSource,
  send: (token: AccessToken) => Effect.Effect<Answer, E>
): Effect.Effect<Answer, E | CredentialsError> =>
  Effect.flatMap(tokens.accessToken, (token) =>
    Effect.flatMap(send(token), (answer) =>
      rejectsToken(answer)
        ? Effect.flatMap(
          tokens.refreshRejected(token),
          Option.match({ onNone: () => Effect.succeed(answer), onSome: send })
        )
        : Effect.succeed(answer)))
