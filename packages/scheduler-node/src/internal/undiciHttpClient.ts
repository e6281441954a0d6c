/**
 * An `HttpClient` that sends through an undici `Dispatcher` with its
 * `dispatch` API, the one its own `request` is built on: the request's
 * handler (`Exchange`) gathers the body's chunks itself, with no `Readable`
 * stream, `AbortController`, WHATWG `Request`/`Response`/`Headers` object
 * nor span of its own per request (the operation's span covers the
 * request); that halves the CPU time of a small request against undici's
 * `request`. It is what `NodeTransport.layer` provides.
 *
 * Interrupting a request, or the reading of its body, aborts it (for every
 * reader of that response). A response body is read at most once from the
 * socket; `text`, `json`, `arrayBuffer`, `urlParamsBody` and `formData` share
 * that read, `stream` hands out the body as it arrives, pausing the socket
 * while 64 KiB wait for the reader. The body is received as it arrives even
 * before anyone reads it, up to 1 MiB, so that an unread answer still gives
 * its connection back to the pool; beyond that the socket waits for a
 * reader, and the request is aborted if its response is garbage collected
 * unread. A body of known length up to that limit is gathered before the
 * response is answered (interrupting the wait aborts the request), and is
 * then read with no asynchronous step.
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

type RequestBody = Exclude<Dispatcher.DispatchOptions["body"], undefined>


/** Body bytes a response gathers with no reader before it stops reading from the socket. */
const unreadLimit = 1024 * 1024

/** Body bytes gathered ahead of a `stream` reader before the socket is paused. */
const streamHighWaterMark = 64 * 1024

/** Longer timers never fire (`setTimeout`'s limit). */
const maxTimerMillis = 2 ** 31 - 1

/** Why an exchange was aborted by its reader (an interruption), as undici's error cause. */
const interrupted = () => new Error("the request was interrupted")

/**
 * One request as undici's dispatch handler: it answers the response when the
 * head arrives, gathers the body as it arrives, and holds the time limit and
 * the means to abort. Nothing per request but this object and the chunks.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined
  /** An abort asked before undici started the request, applied when it does. */
  private pendingAbort: Error | undefined
  private timer: ReturnType<typeof setTimeout> | undefined
  /** Whether the time limit aborted the request. */
  expired = false
  private answered = false
  /** Chunks received and not yet handed out; `first` is the next one a stream takes. */
  private chunks: Array<Buffer> = []
  private first = 0
  private buffered = 0
  /** Whether the body ended (`whole` is set once it is read). */
  ended = false
  /** The body's failure, once it failed. */
  failure: { readonly cause: unknown } | undefined
  /** Whether a reader asked for the body (no more waiting for one). */
  reading = false
  /** Whether the response is in `unread`, waiting to be read or collected. */
  registered = false
  /** Whether the body is handed out as a stream (then it is not gathered whole). */
  streaming = false
  private whole: Buffer | undefined
  private waiters: Array<() => boolean> = []

  constructor(
    millis: number | undefined,
    private readonly onHead: (exchange: Exchange, status: number, headers: Record<string, string | Array<string> | undefined>) => void,
    private readonly onFailure: (exchange: Exchange, cause: unknown) => void
  ) {
    if (millis !== undefined && millis <= maxTimerMillis) {
      this.timer = setTimeout(() => {
        this.timer = undefined
        this.expired = true
        this.abort(new DeadlineExceeded())
      }, millis)
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller
    if (this.pendingAbort !== undefined) controller.abort(this.pendingAbort)
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | Array<string> | undefined>
  ): void {
    if (this.answered || status < 200) return
    this.answered = true
    this.onHead(this, status, headers)
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    if (this.streaming ? this.buffered > streamHighWaterMark : !this.reading && this.buffered > unreadLimit) {
      controller.pause()
    }
    this.wake()
  }

  onResponseEnd(): void {
    this.settle()
    this.ended = true
    this.wake()
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.settle()
    const cause = this.expired ? new DeadlineExceeded() : error
    if (!this.answered) {
      this.answered = true
      this.onFailure(this, cause)
      return
    }
    this.failure = { cause }
    this.wake()
  }

  /** The exchange is over (answer read, or failed): the time limit no longer applies. */
  private settle(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
  }

  /** Aborts the request, unless it is over; before undici started it, as soon as it does. */
  abort(reason: Error = interrupted()): void {
    if (this.ended || this.failure !== undefined) return
    if (reason instanceof DeadlineExceeded) this.expired = true
    else this.settle()
    if (this.controller !== undefined) this.controller.abort(reason)
    else this.pendingAbort = reason
  }

  /** A reader arrived: the socket is read again if it waited for one. */
  startReading(): void {
    if (this.reading) return
    this.reading = true
    if (this.registered) unread.unregister(this)
    if (this.controller?.paused && !this.streaming) this.controller.resume()
  }

  /** Runs `waiter` now and whenever the body moves on, until it answers `true`. */
  wait(waiter: () => boolean): () => void {
    if (waiter()) return () => {}
    this.waiters.push(waiter)
    return () => {
      const i = this.waiters.indexOf(waiter)
      if (i >= 0) this.waiters.splice(i, 1)
    }
  }

  private wake(): void {
    if (this.waiters.length === 0) return
    this.waiters = this.waiters.filter((waiter) => !waiter())
  }

  /** The whole body once it ended (gathered once), `undefined` before. */
  body(): Buffer | undefined {
    if (!this.ended) return undefined
    if (this.whole === undefined) {
      const rest = this.first === 0 ? this.chunks : this.chunks.slice(this.first)
      this.whole = rest.length === 1 ? rest[0]! : Buffer.concat(rest, this.buffered)
      this.chunks = []
      this.first = 0
    }
    return this.whole
  }

  /** The next chunk for a stream: a chunk, `null` at the end, `undefined` when none is there yet. */
  nextChunk(): Buffer | null | undefined {
    if (this.first < this.chunks.length) {
      const chunk = this.chunks[this.first]!
      this.chunks[this.first++] = undefined as unknown as Buffer
      this.buffered -= chunk.length
      if (this.first === this.chunks.length) {
        this.chunks = []
        this.first = 0
      }
      if (this.controller?.paused && this.buffered <= streamHighWaterMark) this.controller.resume()
      return chunk
    }
    return this.ended ? null : undefined
  }
}

/** Reads the body once; every accessor but `stream` shares the read. */
class UndiciResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly status: number,
    readonly headers: Headers.Headers,
    private readonly setCookie: ReadonlyArray<string>,
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

  /** The read's outcome if the body is there (or failed): `f` of the bytes; `undefined` while it arrives. */
  private settled<A>(f: (bytes: Buffer) => A): Effect.Effect<A, HttpClientError.ResponseError> | undefined {
    const exchange = this.exchange
    if (exchange.failure !== undefined) return Effect.fail(this.decodeError(exchange.failure.cause))
    const bytes = exchange.body()
    if (bytes === undefined) return undefined
    try {
      return Effect.succeed(f(bytes))
    } catch (cause) {
      return Effect.fail(this.decodeError(cause))
    }
  }

  /**
   * The body read whole, then `f`; interrupting the read aborts the request.
   * A body already there is read at once, with no asynchronous step, and no
   * canceler holds an exchange once it is answered: while they did, bodies
   * outlived young-generation collections (a stream of 370 KB pages kept
   * ~70 MB of them, freed only by 40–58 full collections where the floor
   * needs 2; why a completed step's canceler stays reachable was not
   * established; see BENCHMARKS.md, "Where a page goes").
   */
  private read<A>(f: (bytes: Buffer) => A): Effect.Effect<A, HttpClientError.ResponseError> {
    const exchange = this.exchange
    if (!exchange.streaming && (exchange.ended || exchange.failure !== undefined)) {
      return Effect.suspend(() => {
        exchange.startReading()
        return this.settled(f) ?? Effect.die(new Error("unreachable: an ended body is there"))
      })
    }
    return Effect.async<A, HttpClientError.ResponseError>((resume) => {
      if (exchange.streaming) {
        resume(Effect.fail(this.decodeError(new Error("the body was already consumed as a stream"))))
        return
      }
      exchange.startReading()
      let pending: Exchange | undefined = exchange
      let cancel: (() => void) | undefined = exchange.wait(() => {
        const outcome = this.settled(f)
        if (outcome === undefined) return false
        pending = undefined
        cancel = undefined
        resume(outcome)
        return true
      })
      return Effect.sync(() => {
        cancel?.()
        pending?.abort()
      })
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
    return Effect.flatMap(this.read((bytes) => bytes), (bytes) =>
      Effect.tryPromise({
        try: () =>
          new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": this.headers["content-type"] ?? "" } })
            .formData(),
        catch: (cause) => this.decodeError(cause)
      }))
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    const exchange = this.exchange
    if (exchange.reading && !exchange.streaming) {
      // read whole already (or being read): the same bytes, in one chunk
      return Stream.flatMap(
        Stream.fromEffect(this.read((bytes) => bytes)),
        (bytes) => (bytes.length === 0 ? Stream.empty : Stream.succeed(new Uint8Array(bytes)))
      )
    }
    if (exchange.streaming) return Stream.fail(this.decodeError(new Error("the body is already being streamed")))
    exchange.streaming = true
    exchange.startReading()
    const pull = Effect.async<Uint8Array, Option.Option<HttpClientError.ResponseError>>((resume) =>
      Effect.sync(exchange.wait(() => {
        const chunk = exchange.nextChunk()
        if (chunk === undefined) {
          if (exchange.failure === undefined) return false
          resume(Effect.fail(Option.some(this.decodeError(exchange.failure.cause))))
        } else if (chunk === null) {
          resume(Effect.fail(Option.none()))
        } else {
          resume(Effect.succeed(chunk))
        }
        return true
      }))
    )
    return Stream.repeatEffectOption(pull).pipe(Stream.ensuring(Effect.sync(() => exchange.abort())))
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
 * A response whose body may outgrow `unreadLimit` is registered until it is
 * read: collected unread, its request is aborted, so that a socket paused
 * for a reader that never comes is not held forever.
 */
const unread = new FinalizationRegistry<Exchange>((exchange) => exchange.abort())

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
    // the canceler reaches the exchange only until the answer: a canceler holding it longer kept
    // every body alive until a full collection (see `UndiciResponse.read`)
    let pending: Exchange | undefined
    const answer = (effect: Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError>) => {
      pending = undefined
      resume(effect)
    }
    const exchange = new Exchange(
      millis,
      (exchange, status, raw) => {
        const { headers, setCookie } = responseHeaders(raw)
        const response = new UndiciResponse(request, status, headers, setCookie, exchange)
        const length = headers["content-length"]
        if (length === undefined || !(Number(length) <= unreadLimit)) {
          exchange.registered = true
          unread.register(response, exchange, exchange)
          answer(Effect.succeed(response))
          return
        }
        // a body of known length up to the unread limit is gathered anyway: the response is
        // answered once it is there (or failed), so that reading it takes no asynchronous step
        exchange.wait(() => {
          if (!exchange.ended && exchange.failure === undefined) return false
          answer(Effect.succeed(response))
          return true
        })
      },
      (_exchange, cause) => answer(Effect.fail(requestError(request, "Transport", cause)))
    )
    pending = exchange
    try {
      dispatcher.dispatch({
        origin: url.origin,
        path: url.pathname + url.search,
        method: request.method as Dispatcher.HttpMethod,
        headers,
        body
      }, exchange)
    } catch (cause) {
      exchange.onResponseError(undefined, cause instanceof Error ? cause : new Error(String(cause)))
    }
    return Effect.sync(() => pending?.abort())
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
