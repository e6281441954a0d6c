/**
 * The in-process transport and layer: an `HttpClient` that routes each
 * `HttpClientRequest` to the fake's pipeline and wraps the answer with
 * `HttpClientResponse.fromWeb`, without sockets, and the layer providing it
 * with the handle. The host of the URL is ignored: only the path (`/v2/...`,
 * `/oauth/token`) and query matter.
 *
 * @internal
 */
import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import type { HttpBody, HttpClientRequest } from "@effect/platform"
import { Chunk, Context, Effect, Layer, Stream } from "effect"
import { engineOf, make as makeFake } from "./fake.js"
import type { FakeZoomHandle } from "./handle.js"
import { FakeZoom } from "./handle.js"
import type { FakeRequest } from "./http.js"
import type { FakeZoomOptions } from "./types/options.js"

const encoder = new TextEncoder()

const concat = (chunks: Chunk.Chunk<Uint8Array>): Uint8Array => {
  const parts = Chunk.toReadonlyArray(chunks)
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

const rawBytes = (body: unknown): Uint8Array => {
  if (body instanceof Uint8Array) return body
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  if (typeof body === "string") return encoder.encode(body)
  if (body instanceof URLSearchParams) return encoder.encode(body.toString())
  return encoder.encode(JSON.stringify(body))
}

/** The bytes and content type of a request body. */
const bodyBytes = (
  request: HttpClientRequest.HttpClientRequest,
  body: HttpBody.HttpBody
): Effect.Effect<{ readonly bytes: Uint8Array; readonly contentType: string | undefined }, HttpClientError.RequestError> => {
  switch (body._tag) {
    case "Empty":
      return Effect.succeed({ bytes: new Uint8Array(0), contentType: undefined })
    case "Uint8Array":
      return Effect.succeed({ bytes: body.body, contentType: body.contentType })
    case "Raw":
      return Effect.succeed({ bytes: rawBytes(body.body), contentType: body.contentType })
    case "FormData": {
      const params = new URLSearchParams()
      body.formData.forEach((value, key) => {
        if (typeof value === "string") params.append(key, value)
      })
      return Effect.succeed({ bytes: encoder.encode(params.toString()), contentType: "application/x-www-form-urlencoded" })
    }
    case "Stream":
      return Stream.runCollect(body.stream).pipe(
        Effect.map((chunks) => ({ bytes: concat(chunks), contentType: body.contentType })),
        Effect.mapError((cause) => new HttpClientError.RequestError({ request, reason: "Encode", cause }))
      )
  }
}

/** An in-process `HttpClient` answering from `fake`'s model. */
export const httpClient = (fake: FakeZoomHandle): HttpClient.HttpClient => {
  const engine = engineOf(fake)
  return HttpClient.make((request, url) =>
    Effect.gen(function*() {
      const { bytes, contentType } = yield* bodyBytes(request, request.body)
      const headers: Record<string, string> = {}
      for (const [key, value] of Object.entries(request.headers)) headers[key.toLowerCase()] = value
      if (contentType !== undefined && headers["content-type"] === undefined) headers["content-type"] = contentType
      const fakeRequest: FakeRequest = {
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        headers,
        body: bytes
      }
      const response = yield* engine.process(fakeRequest)
      if (response._tag === "Drop") {
        return yield* new HttpClientError.RequestError({
          request,
          reason: "Transport",
          description: "The fake Zoom server dropped the connection (injected fault)"
        })
      }
      return HttpClientResponse.fromWeb(
        request,
        // Bytes rather than a string: undici reads them back several times faster.
        new Response(response.body === undefined ? null : encoder.encode(response.body), {
          status: response.status,
          headers: response.headers
        })
      )
    })
  )
}

/** The handle and its in-process client. */
export const context = (fake: FakeZoomHandle): Context.Context<FakeZoom | HttpClient.HttpClient> =>
  Context.make(HttpClient.HttpClient, httpClient(fake)).pipe(Context.add(FakeZoom, fake))

/** A new fake as a layer: the handle and its in-process client. */
export const layer = (options: FakeZoomOptions): Layer.Layer<FakeZoom | HttpClient.HttpClient> =>
  Layer.scopedContext(Effect.map(makeFake(options), context))
