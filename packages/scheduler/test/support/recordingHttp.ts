/**
 * An in-process `HttpClient` for tests: records every request (method, path,
 * query, JSON body, headers) and answers with a handler's `Response`.
 */
import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import type { HttpClientRequest } from "@effect/platform"
import { Effect, Layer, Redacted } from "effect"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"

export interface RecordedRequest {
  readonly method: string
  readonly url: URL
  readonly path: string
  readonly query: Record<string, string>
  readonly body: unknown
  readonly headers: Record<string, string>
}

export type Handler = (request: RecordedRequest) => Response | "drop" | Effect.Effect<Response | "drop">

const decoder = new TextDecoder()

const bodyOf = (request: HttpClientRequest.HttpClientRequest): unknown => {
  const body = request.body
  if (body._tag === "Uint8Array" && body.contentType === "application/x-www-form-urlencoded") {
    return new URLSearchParams(decoder.decode(body.body))
  }
  if (body._tag === "Uint8Array") return JSON.parse(decoder.decode(body.body))
  if (body._tag === "Empty") return undefined
  throw new Error(`unexpected body ${body._tag}`)
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json", ...headers } })

export const noContent = (): Response => new Response(null, { status: 204 })

export interface Recorder {
  readonly requests: Array<RecordedRequest>
  readonly layer: Layer.Layer<HttpClient.HttpClient>
}

export const recorder = (handler: Handler): Recorder => {
  const requests: Array<RecordedRequest> = []
  const client = HttpClient.make((request, url) =>
    Effect.suspend(() => {
      const recorded: RecordedRequest = {
        method: request.method,
        url,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams.entries()),
        body: bodyOf(request),
        headers: { ...request.headers }
      }
      requests.push(recorded)
      const answer = handler(recorded)
      return Effect.flatMap(Effect.isEffect(answer) ? answer : Effect.succeed(answer), (response) =>
        response === "drop"
          ? Effect.fail(
            new HttpClientError.RequestError({
              request,
              reason: "Transport",
              cause: new TypeError("fetch failed: socket hang up")
            })
          )
          : Effect.succeed(HttpClientResponse.fromWeb(request, response)))
    })
  )
  return { requests, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

export const TOKEN = "test-access-token-3f9a"

/** The client over a recorder, with a bearer token. */
export const clientLayer = (rec: Recorder, options: ZoomScheduler.Options = {}) =>
  ZoomScheduler.layer(options).pipe(
    Layer.provide([rec.layer, Credentials.bearer(Redacted.make(TOKEN))]),
    Layer.orDie
  )
