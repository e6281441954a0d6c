/**
 * An `HttpClient` that sends through an undici `Dispatcher` with its core
 * `request` API: no WHATWG `Request`/`Response`/`Headers` objects and no
 * per-request span of its own (the operation's span covers the request). It
 * is what `NodeTransport.layer` provides.
 *
 * Interrupting a request, or the reading of its body, aborts it (for every
 * reader of that response). A response body is read at most once from the
 * socket; `text`, `json`, `arrayBuffer`, `urlParamsBody` and `formData` share
 * that read, `stream` hands out the body as it arrives. A body that is never
 * read is dumped when its response is garbage collected, so that its
 * connection goes back to the pool.
 *
 * @internal
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import type * as HttpBody from "@effect/platform/HttpBody"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Inspectable from "effect/Inspectable"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { Readable } from "node:stream"
import type { Dispatcher } from "undici"
import * as AttemptDeadline from "@effect-zoom/scheduler/AttemptDeadline"
import { DeadlineExceeded } from "@effect-zoom/scheduler/AttemptDeadline"

/**
 * The body as text, like `Response.text()`: UTF-8, a leading byte order mark
 * dropped, malformed sequences replaced. (The client's own decoding does not
 * come through here: it reads `arrayBuffer` and parses the bytes itself.)
 */
const decoder = new TextDecoder()
const utf8 = (bytes: Uint8Array): string => decoder.decode(bytes)

type UndiciBody = Dispatcher.ResponseData["body"]
type RequestBody = Exclude<Dispatcher.DispatchOptions["body"], undefined>


/** The abort controller of one request, and its time limit when it has one. */
class Exchange {
  readonly controller = new AbortController()
  private timer: ReturnType<typeof setTimeout> | undefined
  /** Whether the time limit aborted the request. */
  expired = false

  constructor(millis: number | undefined) {
    if (millis !== undefined && millis <= maxTimerMillis) {
      this.timer = setTimeout(() => {
        this.timer = undefined
        this.expired = true
        this.controller.abort()
      }, millis)
    }
  }

  /** The exchange is over (answer read, or failed): the time limit no longer applies. */
  settle(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
  }

  abort(): void {
    this.settle()
    this.controller.abort()
  }
}

/** Longer timers never fire (`setTimeout`'s limit). */
const maxTimerMillis = 2 ** 31 - 1

/** Reads the body once; every accessor but `stream` shares the read. */
class UndiciResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  private bytesRead: Promise<Buffer> | undefined

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly status: number,
    readonly headers: Headers.Headers,
    private readonly setCookie: ReadonlyArray<string>,
    private readonly body: UndiciBody,
    private readonly exchange: Exchange
  ) {
    super()
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  get cookies(): Cookies.Cookies {
    return Cookies.fromSetCookie(this.setCookie)
  }

  private decodeError(cause: unknown): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({
      request: this.request,
      response: this,
      reason: "Decode",
      cause: this.exchange.expired ? new DeadlineExceeded() : cause
    })
  }

  /** The whole body, read once; the exchange's time limit ends with it. */
  private bytes(): Promise<Buffer> {
    if (this.bytesRead === undefined) {
      unread.unregister(this.body)
      const exchange = this.exchange
      this.bytesRead = this.body.bytes().then(
        (bytes) => {
          exchange.settle()
          return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        },
        (cause: unknown) => {
          exchange.settle()
          throw cause
        }
      )
    }
    return this.bytesRead
  }

  /** The body read as bytes, then `f`; interrupting the read aborts the request. */
  private read<A>(f: (bytes: Buffer) => A): Effect.Effect<A, HttpClientError.ResponseError> {
    return Effect.async<A, HttpClientError.ResponseError>((resume) => {
      this.bytes().then(
        (bytes) => {
          let value: A
          try {
            value = f(bytes)
          } catch (cause) {
            return resume(Effect.fail(this.decodeError(cause)))
          }
          resume(Effect.succeed(value))
        },
        (cause: unknown) => resume(Effect.fail(this.decodeError(cause)))
      )
      return Effect.sync(() => this.exchange.abort())
    })
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return this.read(utf8)
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return this.read((bytes) => (bytes.length === 0 ? null : JSON.parse(utf8(bytes))))
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return this.read((bytes) => UrlParams.fromInput(new URLSearchParams(utf8(bytes))))
  }

  /** The body's bytes; shared with the other readers of this response when they fill a buffer of their own. */
  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return this.read((bytes) =>
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes.buffer as ArrayBuffer
        : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    )
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.tryPromise({
      try: () =>
        this.bytes().then((bytes) =>
          new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": this.headers["content-type"] ?? "" } }).formData()
        ),
      catch: (cause) => this.decodeError(cause)
    })
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    if (this.bytesRead !== undefined) {
      return Stream.flatMap(
        Stream.fromEffect(Effect.tryPromise({ try: () => this.bytesRead!, catch: (cause) => this.decodeError(cause) })),
        (bytes) => (bytes.length === 0 ? Stream.empty : Stream.succeed(new Uint8Array(bytes)))
      )
    }
    this.bytesRead = Promise.reject(new Error("the body was already consumed as a stream"))
    this.bytesRead.catch(() => {})
    unread.unregister(this.body)
    const body = this.body
    const exchange = this.exchange
    return Stream.fromAsyncIterable(body as AsyncIterable<Buffer>, (cause) => this.decodeError(cause)).pipe(
      Stream.map((chunk): Uint8Array => chunk),
      Stream.ensuring(Effect.sync(() => {
        exchange.settle()
        if (!body.destroyed) body.destroy()
      }))
    )
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
}

/**
 * Bodies nobody reads are dumped once their response is collected, so that
 * their connection is released; reading a body unregisters it.
 */
const unread = new FinalizationRegistry<UndiciBody>((body) => {
  body.dump().catch(() => {})
})

/** undici's response headers (lower-case names, repeated ones as arrays) as platform `Headers`. */
const responseHeaders = (
  raw: Record<string, string | Array<string> | undefined>
): { readonly headers: Headers.Headers; readonly setCookie: ReadonlyArray<string> } => {
  const headers: Record<string, string> = {}
  let setCookie: ReadonlyArray<string> = []
  for (const name in raw) {
    const value = raw[name]
    if (value === undefined) continue
    if (name === "set-cookie") setCookie = typeof value === "string" ? [value] : value
    headers[name] = typeof value === "string" ? value : value.join(", ")
  }
  return { headers: Headers.unsafeFromRecord(headers), setCookie }
}

const requestError = (
  request: HttpClientRequest.HttpClientRequest,
  reason: "Transport" | "Encode" | "InvalidUrl",
  cause: unknown
) => new HttpClientError.RequestError({ request, reason, cause })

/** A request body in a form undici's `request` sends, with the headers it implies. */
const requestBody = (
  request: HttpClientRequest.HttpClientRequest,
  body: HttpBody.HttpBody
): Effect.Effect<
  { readonly body: RequestBody; readonly headers: Readonly<Record<string, string>> },
  HttpClientError.RequestError
> => {
  switch (body._tag) {
    case "Empty":
      return Effect.succeed({ body: null, headers: request.headers })
    case "Uint8Array":
      return Effect.succeed({ body: body.body, headers: request.headers })
    case "Raw":
      return Effect.succeed({ body: body.body as RequestBody, headers: request.headers })
    case "FormData":
      // multipart encoding, boundary included, by the platform's own `Response`
      return Effect.tryPromise({
        try: async () => {
          const encoded = new Response(body.formData)
          const bytes = Buffer.from(await encoded.arrayBuffer())
          return {
            body: bytes,
            headers: {
              ...request.headers,
              "content-type": encoded.headers.get("content-type") ?? "multipart/form-data",
              "content-length": String(bytes.length)
            }
          }
        },
        catch: (cause) => requestError(request, "Encode", cause)
      })
    case "Stream":
      return Effect.map(Stream.toReadableStreamEffect(body.stream), (web) => ({
        body: Readable.fromWeb(web as import("node:stream/web").ReadableStream<Uint8Array>),
        headers: request.headers
      }))
  }
}

/** Sends one request through `dispatcher`; interrupting the effect aborts the request. */
const send = (
  dispatcher: Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  body: RequestBody,
  headers: Readonly<Record<string, string>>,
  millis: number | undefined
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> =>
  Effect.async<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError>((resume) => {
    const exchange = new Exchange(millis)
    dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method,
      headers,
      body,
      signal: exchange.controller.signal
    }).then(
      (data) => {
        const { headers, setCookie } = responseHeaders(data.headers)
        const response = new UndiciResponse(request, data.statusCode, headers, setCookie, data.body, exchange)
        unread.register(response, data.body, data.body)
        resume(Effect.succeed(response))
      },
      (cause: unknown) => {
        exchange.settle()
        resume(Effect.fail(requestError(request, "Transport", exchange.expired ? new DeadlineExceeded() : cause)))
      }
    )
    return Effect.sync(() => exchange.abort())
  })

const execute = (
  dispatcher: Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  millis: number | undefined
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> => {
  const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
  if (Either.isLeft(url)) return Effect.fail(requestError(request, "InvalidUrl", url.left))
  if (request.body._tag === "Empty" || request.body._tag === "Uint8Array") {
    const body = request.body._tag === "Empty" ? null : request.body.body
    return send(dispatcher, request, url.right, body, request.headers, millis)
  }
  return Effect.flatMap(
    requestBody(request, request.body),
    (encoded) => send(dispatcher, request, url.right, encoded.body, encoded.headers, millis)
  )
}

/** The `HttpClient` over `dispatcher`. */
export const make = (dispatcher: Dispatcher): HttpClient.HttpClient => {
  const client = HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
    (effect) => Effect.flatMap(effect, (request) => execute(dispatcher, request, undefined)),
    Effect.succeed
  )
  return AttemptDeadline.withSupport(client, (request, millis) => execute(dispatcher, request, millis))
}
