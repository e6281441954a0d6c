/**
 * Sends one operation: validation, URL, token, timeout, status mapping,
 * decoding, the single replay after a refreshed token, and retries.
 *
 * @internal
 */
import type { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { HttpClientRequest } from "@effect/platform"
import type { ParseResult, Tracer } from "effect"
import { Clock, DateTime, Duration, Effect, Exit, Fiber, Option, Redacted, Schedule, Schema } from "effect"
import type { AccessToken, CredentialsError } from "../Credentials.js"
import { AuthError, DecodeError, TransportError, ValidationError } from "../Errors.js"
import type { RetryableError } from "../RetryPolicy.js"
import { honouringRetryAfter, isRetryable } from "../RetryPolicy.js"
import type { ResolvedOptions } from "./options.js"
import { utf8 } from "./jsonBody.js"
import { responseDecoder } from "./responseDecoder.js"
import { decodeBody } from "./http/decodeBody.js"
import { statusError } from "./http/statusError.js"
import * as AttemptDeadline from "../AttemptDeadline.js"
import { DeadlineExceeded } from "../AttemptDeadline.js"

import type { CommonError } from "../ZoomScheduler.js"

export type { CommonError }

/**
 * The error channel of every operation: since every status maps to its error
 * on every operation (see `http/statusError.ts`), it is the same union for all.
 */
export type OperationError = CommonError

/** HTTP methods the Scheduler API uses. */
export type Method = "GET" | "POST" | "PATCH" | "DELETE"

/** The static description of one of the 21 operations. */
export interface Operation<A> {
  /** e.g. `events.list`; the span is `ZoomScheduler.events.list`. */
  readonly name: string
  readonly method: Method
  /** The spec's path template, e.g. `/scheduler/events/{eventId}`. */
  readonly pathTemplate: string
  /** Decodes a 2xx body; `undefined` for operations answering 204. */
  readonly decode: ((body: unknown) => Effect.Effect<A, ParseResult.ParseError>) | undefined
  /** The resource a 404 is about (`"event"`, `"user"`, …). */
  readonly notFound: string
  readonly spanName: string
  /** The options of the operation's span, built once. */
  readonly spanOptions: Tracer.SpanOptions
}

/** Declares an operation. */
export const operation = <A>(options: {
  readonly name: string
  readonly method: Method
  readonly pathTemplate: string
  readonly success: Schema.Schema<A, any> | undefined // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly notFound: string
}): Operation<A> => ({
  name: options.name,
  method: options.method,
  pathTemplate: options.pathTemplate,
  decode: options.success === undefined ? undefined : responseDecoder(options.success),
  notFound: options.notFound,
  spanName: `ZoomScheduler.${options.name}`,
  spanOptions: {
    kind: "client",
    captureStackTrace: false,
    attributes: {
      "zoom.operation": options.name,
      "http.request.method": options.method,
      "url.template": options.pathTemplate
    }
  }
})

/** One call of an operation, after validation. */
export interface Call {
  /** The path, its parameters already encoded. */
  readonly path: string
  readonly urlParams: Readonly<Record<string, string | number | boolean>> | undefined
  /** The JSON body, already in wire form. */
  readonly body: unknown
  /** The id a 404 is about. */
  readonly subject: string
}

/** Sends calls of operations. */
export interface Executor {
  readonly options: ResolvedOptions
  readonly run: <A>(
    op: Operation<A>,
    call: Effect.Effect<Call, ValidationError>
  ) => Effect.Effect<A, OperationError>
  /**
   * `run`, but the 2xx body is not decoded yet: the result decodes it when
   * run. Prefetching streams fetch a page's bytes ahead of the consumer and
   * decode it when it is reached, so that only the page being consumed is
   * held as objects.
   */
  readonly runDeferred: <A>(
    op: Operation<A>,
    call: Effect.Effect<Call, ValidationError>
  ) => Effect.Effect<Effect.Effect<A, DecodeError>, OperationError>
}

/** A path segment, percent-encoded; `""`, `"."` and `".."` would change the path and are refused. */
export const pathSegment = (operation: string, name: string, value: string): Effect.Effect<string, ValidationError> =>
  value === "" || value === "." || value === ".."
    ? Effect.fail(
      new ValidationError({
        operation,
        issue: `${name} must be a non-empty id other than "." and ".."`,
        message: `${operation}: invalid ${name}`
      })
    )
    : Effect.succeed(encodeURIComponent(value))

const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** The input as written, keys in snake_case: what is sent when validation is off. */
const unchecked = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(unchecked)
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[snakeCase(k)] = unchecked(v)
    }
    return out
  }
  return value
}

/**
 * Encodes an input to its wire form, checking the spec's constraints when
 * validation is on.
 */
export const encoder = <A, I>(operation: string, what: string, schema: Schema.Schema<A, I>) => {
  const encode = Schema.encode(schema, { errors: "all", onExcessProperty: "ignore" })
  return (input: A, validate: boolean): Effect.Effect<I, ValidationError> =>
    validate
      ? Effect.mapError(encode(input), (error) =>
        new ValidationError({
          operation,
          issue: error.message,
          message: `${operation}: the ${what} breaks the Zoom Scheduler spec's constraints`
        }))
      : Effect.succeed(unchecked(input) as I)
}

const hasProtocol = /^[a-z][a-z0-9+.-]*:\/\//i

/** The base URL of a request: the configured one, else the token's regional host, else Zoom's default. */
const baseUrlFor = (options: ResolvedOptions, token: AccessToken): string => {
  if (Option.isSome(options.baseUrl)) return options.baseUrl.value
  if (Option.isSome(token.apiUrl)) {
    const host = token.apiUrl.value.replace(/\/+$/, "")
    return `${hasProtocol.test(host) ? host : `https://${host}`}/v2`
  }
  return defaultBaseUrl
}

/** Zoom's API base URL. */
export const defaultBaseUrl = "https://api.zoom.us/v2"

/**
 * Whether a failed attempt is retried: what `RetryPolicy.isRetryable` says,
 * except a request that could not be built (an invalid URL), which would
 * fail the same way again.
 */
const retryable = (error: OperationError, method: string, maxRetryAfter: Duration.Duration): error is RetryableError =>
  !(error._tag === "TransportError" && error.reason === "InvalidUrl") && isRetryable(error, method, maxRetryAfter)

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
    message: `${operation}: the access token holds characters an HTTP header cannot carry (CR, LF or another control character); nothing was sent`
  })

/** The answer to one attempt: the response and its body. */
interface Answer {
  readonly response: HttpClientResponse.HttpClientResponse
  readonly body: Uint8Array
}

const noBody = new Uint8Array(0)

/** The `Clock` Effect runs with by default (the one `TestClock` replaces in tests). */
const liveClock: Clock.Clock = Effect.runSync(Effect.clock)

/** Timers longer than this never fire in the live `Clock` either (`setTimeout`'s limit). */
const maxTimerMillis = 2 ** 31 - 1

/**
 * A timer on `clock`: `start(task)` runs `task` once `duration` has passed and
 * returns a function that cancels it. With the live clock it is a
 * `setTimeout`, exactly what that clock's `sleep` does; any other clock
 * (`TestClock`, a custom one) sleeps in a daemon fiber, so the clock drives it.
 */
const timer = (
  clock: Clock.Clock,
  duration: Duration.Duration
): Effect.Effect<(task: () => void) => () => void> => {
  if (clock === liveClock) {
    const millis = Duration.toMillis(duration)
    return Effect.succeed((task) => {
      if (millis > maxTimerMillis) return () => {}
      const handle = setTimeout(task, millis)
      return () => clearTimeout(handle)
    })
  }
  return Effect.map(Effect.forkDaemon(Effect.interruptible(clock.sleep(duration))), (sleeping) => (task) => {
    sleeping.addObserver((exit) => {
      if (Exit.isSuccess(exit)) task()
    })
    return () => sleeping.unsafeInterruptAsFork(sleeping.id())
  })
}

/**
 * `Effect.timeoutFail`, without racing two fibers: `self` runs in a child
 * fiber and the time limit is a plain timer (see `timer`). When `self` ends
 * first the timer is cancelled and `self`'s FiberRef changes are inherited;
 * when the time is up `self` is interrupted (its request aborted) and
 * awaited, then the call fails with `onTimeout()`. Interrupting the caller
 * interrupts `self`.
 */
const withTimeout = <A, E, E2>(
  self: Effect.Effect<A, E>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2> =>
  Effect.clockWith((clock) =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(timer(clock, duration), (start) =>
        Effect.flatMap(Effect.fork(restore(self)), (child) =>
          Effect.flatMap(
            restore(
              Effect.async<Exit.Exit<A, E> | undefined>((resume) => {
                let done = false
                const cancel = start(() => {
                  if (done) return
                  done = true
                  resume(Effect.succeed(undefined))
                })
                child.addObserver((exit) => {
                  if (done) return
                  done = true
                  cancel()
                  resume(Effect.succeed(exit))
                })
                return Effect.suspend(() => {
                  done = true
                  cancel()
                  return Fiber.interrupt(child)
                })
              })
            ),
            (exit): Effect.Effect<A, E | E2> =>
              exit === undefined
                ? Effect.zipRight(Fiber.interrupt(child), Effect.fail(onTimeout()))
                : Effect.zipRight(child.inheritAll, exit)
          )))
    )
  )

/**
 * The system or undici error code in a transport failure's cause chain
 * (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`, `ERR_TLS_CERT_ALTNAME_INVALID`, …),
 * as `": CODE"`, or `""`. Codes never carry secrets; messages might, so only
 * the code is shown.
 */
const errorCode = (cause: unknown): string => {
  for (let current = cause, depth = 0; current !== null && typeof current === "object" && depth < 5; depth++) {
    const code = (current as { readonly code?: unknown }).code
    if (typeof code === "string" && /^[A-Z][A-Z0-9_]{2,63}$/.test(code)) return `: ${code}`
    current = (current as { readonly cause?: unknown }).cause
  }
  return ""
}

/**
 * Builds the executor over an `HttpClient`, credentials and options.
 */
export const makeExecutor = (
  httpClient: HttpClient.HttpClient,
  credentials: {
    readonly accessToken: Effect.Effect<AccessToken, CredentialsError>
    readonly refreshRejected: (rejected: AccessToken) => Effect.Effect<Option.Option<AccessToken>, CredentialsError>
  },
  options: ResolvedOptions
): Executor => {
  const maxRetryAfter = Duration.decode(options.retry.maxRetryAfter)
  const executeWithin = AttemptDeadline.executeWithin(httpClient)
  const timeoutMillis = Duration.toMillis(options.timeout)
  const retrySchedule = honouringRetryAfter(options.retry.schedule)

  /** The decoding of a 2xx body, run when the effect runs. */
  const decodeAnswer = <A>(op: Operation<A>, status: number, body: Uint8Array): Effect.Effect<A, DecodeError> =>
    Effect.suspend(() => op.decode === undefined ? Effect.void as Effect.Effect<A> : decodeBody(op.name, op.decode, status, body))

  /**
   * Sends a call: attempts, retries, status mapping, all in the operation's
   * span; `finish` gets the decoding of the 2xx answer (run inside the span,
   * or handed out to be run later).
   */
  const exchange = <A, B>(
    op: Operation<A>,
    makeCall: Effect.Effect<Call, ValidationError>,
    finish: (decoded: Effect.Effect<A, DecodeError>) => Effect.Effect<B, OperationError>
  ): Effect.Effect<B, OperationError> =>
    Effect.flatMap(makeCall, (call) => {
      let attempts = 0
      let lastStatus = 0

      /** A failed exchange; a cause that says the time limit passed makes it a `Timeout`. */
      const transport = (url: string, failure: "Connection" | "Timeout" | "InvalidUrl", cause: unknown) => {
        const reason = cause instanceof DeadlineExceeded ? "Timeout" : failure
        return new TransportError({
          operation: op.name,
          method: op.method,
          url: url.split("?")[0] ?? url,
          reason,
          ...(cause === undefined || reason === "Timeout" ? {} : { cause }),
          message: reason === "Timeout"
            ? `${op.name}: no answer within ${Duration.format(options.timeout)}`
            : `${op.name}: ${reason === "InvalidUrl" ? "invalid URL" : "connection failed"}${errorCode(cause)} (${
              op.method
            } ${url.split("?")[0]})`
        })
      }

      const send = (token: AccessToken): Effect.Effect<B, OperationError> => {
        if (!validHeaderValue(Redacted.value(token.token))) return Effect.fail(invalidToken(op.name))
        const url = baseUrlFor(options, token) + call.path
        let request = HttpClientRequest.make(op.method)(url, {
          urlParams: call.urlParams,
          acceptJson: true
        })
        request = HttpClientRequest.bearerToken(request, token.token)
        if (call.body !== undefined) request = HttpClientRequest.bodyUnsafeJson(request, call.body)
        // the I/O of the attempt, under its time limit: the answer and its body
        const exchange = (
          sent: Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>
        ): Effect.Effect<Answer, TransportError> =>
          Effect.flatMap(
            Effect.mapError(sent, (e) =>
              transport(url, e._tag === "RequestError" && e.reason === "InvalidUrl" ? "InvalidUrl" : "Connection", e.cause)),
            (response) => {
              lastStatus = response.status
              return Effect.map(
                response.status >= 200 && response.status < 300
                  ? Effect.mapError(response.arrayBuffer, (e) => transport(url, "Connection", e.cause))
                  : Effect.catchAll(response.arrayBuffer, (e) =>
                    e.cause instanceof DeadlineExceeded
                      ? Effect.fail(transport(url, "Timeout", e.cause))
                      : Effect.succeed(noBody.buffer)),
                (body): Answer => ({ response, body: new Uint8Array(body) })
              )
            }
          )
        const timed: Effect.Effect<Answer, TransportError> = Effect.clockWith((clock) =>
          // a transport that enforces the limit itself, on live timers, needs no extra fiber
          executeWithin !== undefined && clock === liveClock
            ? exchange(executeWithin(request, timeoutMillis))
            : withTimeout(exchange(httpClient.execute(request)), options.timeout, () => transport(url, "Timeout", undefined))
        )
        // then the answer, outside the time limit (decoding is synchronous: a timer cannot cut it short)
        const answered = Effect.flatMap(timed, ({ body, response }): Effect.Effect<B, OperationError> =>
          response.status < 200 || response.status >= 300
            ? Effect.flatMap(DateTime.now, (now) =>
              Effect.fail(
                statusError({ operation: op.name, resource: op.notFound, id: call.subject }, {
                  status: response.status,
                  headers: response.headers,
                  text: utf8(body)
                }, now)
              ))
            : finish(decodeAnswer(op, response.status, body)))
        const counted = Effect.suspend(() => {
          attempts++
          return answered
        })
        return options.rateLimiter === undefined ? counted : options.rateLimiter(counted)
      }

      const attempt: Effect.Effect<B, OperationError> = Effect.flatMap(
        credentials.accessToken,
        (token) =>
          Effect.catchIf(
            send(token),
            (e): e is AuthError => e._tag === "AuthError" && e.reason === "InvalidToken",
            (rejected) =>
              Effect.flatMap(
                credentials.refreshRejected(token),
                Option.match({ onNone: () => Effect.fail(rejected), onSome: send })
              )
          )
      )

      const retried: Effect.Effect<B, OperationError> = Effect.catchAll(
        attempt,
        (first) =>
          retryable(first, op.method, maxRetryAfter)
            ? Effect.flatMap(Schedule.driver(retrySchedule), (driver) => {
              const loop = (error: RetryableError): Effect.Effect<B, OperationError> =>
                Effect.matchEffect(driver.next(error), {
                  onFailure: () => Effect.fail(error),
                  onSuccess: () =>
                    Effect.catchAll(
                      attempt,
                      (next) => retryable(next, op.method, maxRetryAfter) ? loop(next) : Effect.fail(next)
                    )
                })
              return loop(first)
            })
            : Effect.fail(first)
      )

      // the operation's span, parent of the platform's `http.client` spans; attempts and status are set as it ends
      return Effect.useSpan(op.spanName, op.spanOptions, (span) =>
        Effect.withParentSpan(
          Effect.onExit(retried, () =>
            Effect.sync(() => {
              span.attribute("zoom.attempts", attempts)
              span.attribute("http.response.status_code", lastStatus)
            })),
          span
        ))
    })

  return {
    options,
    run: (op, makeCall) => exchange(op, makeCall, (decoded) => decoded),
    runDeferred: (op, makeCall) => exchange(op, makeCall, Effect.succeed)
  }
}
