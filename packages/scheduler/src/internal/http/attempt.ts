/**
 * One attempt: token → request → answer. Builds the request (base URL, path,
 * query, bearer token, JSON body), sends it under the attempt's deadline and
 * reads the body. The answer is returned whatever its status: what it means
 * is decided after (`statusError`, the 401 replay, decoding).
 *
 * @internal
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Tracer from "effect/Tracer"
import { DeadlineExceeded } from "../../AttemptDeadline.js"
import type { AccessToken } from "../../Credentials.js"
import { AuthError } from "../../Errors.js"
import type { TransportError } from "../../Errors.js"
import type { Deadline } from "./deadline.js"
import type { Attempted } from "./transportError.js"
import { transportError } from "./transportError.js"

/** Zoom's API base URL. */
export const defaultBaseUrl = "https://api.zoom.us/v2"

/** The request of one call: method, encoded path, query and wire body. */
export interface Request {
  readonly operation: string
  readonly method: "GET" | "POST" | "PATCH" | "DELETE"
  /** The path, its parameters already encoded. */
  readonly path: string
  readonly urlParams: Readonly<Record<string, string | number | boolean>> | undefined
  /** The JSON body, already in wire form. */
  readonly body: unknown
}

/** What Zoom answered: status, headers and the body's bytes. */
export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

const hasProtocol = /^[a-z][a-z0-9+.-]*:\/\//i

/** The base URL of a request: the configured one, else the token's regional host, else Zoom's default. */
const baseUrlFor = (baseUrl: Option.Option<string>, token: AccessToken): string => {
  if (Option.isSome(baseUrl)) return baseUrl.value
  if (Option.isSome(token.apiUrl)) {
    const host = token.apiUrl.value.replace(/\/+$/, "")
    return `${hasProtocol.test(host) ? host : `https://${host}`}/v2`
  }
  return defaultBaseUrl
}

/** Whether `value` may be sent as an HTTP header value (no CR, LF, NUL nor other control character but tab). */
const validHeaderValue = (value: string): boolean => {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return false
  }
  return true
}

/** The access token cannot travel in a header: refused before sending, never retried, never shown. */
const invalidToken = (operation: string): AuthError =>
  new AuthError({
    operation,
    reason: "InvalidToken",
    message:
      `${operation}: the access token holds characters an HTTP header cannot carry (CR, LF or another control character); nothing was sent`
  })

const noBody = new Uint8Array(0)

/** The answer and its body, or the transport's failure. */
const readAnswer = (
  at: Attempted,
  sent: Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>
): Effect.Effect<Answer, TransportError> =>
  Effect.flatMap(
    Effect.mapError(sent, (e) =>
      transportError(at, e._tag === "RequestError" && e.reason === "InvalidUrl" ? "InvalidUrl" : "Connection", e.cause)),
    (response) =>
      Effect.map(
        response.status >= 200 && response.status < 300
          ? Effect.mapError(response.arrayBuffer, (e) => transportError(at, "Connection", e.cause))
          // an error's body is best effort, but a body cut by the time limit is a timeout
          : Effect.catchAll(response.arrayBuffer, (e) =>
            e.cause instanceof DeadlineExceeded
              ? Effect.fail(transportError(at, "Timeout", e.cause))
              : Effect.succeed(noBody.buffer)),
        (body): Answer => ({ status: response.status, headers: response.headers, body: new Uint8Array(body) })
      )
  )

/** Sends `request` with `token`, under the deadline. */
export type Attempt = (
  request: Request,
  token: AccessToken,
  parent: Tracer.AnySpan
) => Effect.Effect<Answer, TransportError | AuthError>

/** The attempt of a client: its base URL, deadline and time limit. */
export const makeAttempt = (baseUrl: Option.Option<string>, deadline: Deadline, timeout: Duration.Duration): Attempt =>
(request, token, parent) => {
  if (!validHeaderValue(Redacted.value(token.token))) return Effect.fail(invalidToken(request.operation))
  const url = baseUrlFor(baseUrl, token) + request.path
  let sent = HttpClientRequest.make(request.method)(url, { urlParams: request.urlParams, acceptJson: true })
  sent = HttpClientRequest.bearerToken(sent, token.token)
  if (request.body !== undefined) sent = HttpClientRequest.bodyUnsafeJson(sent, request.body)
  const at: Attempted = { operation: request.operation, method: request.method, url, timeout }
  return deadline(sent, (response) => readAnswer(at, response), () => transportError(at, "Timeout", undefined), parent)
}
