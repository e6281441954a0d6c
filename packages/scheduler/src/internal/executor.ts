/**
 * Sends one operation: validation, URL, token, timeout, status mapping,
 * decoding, the single replay after a refreshed token, and retries.
 *
 * @internal
 */
import type { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { HttpClientRequest } from "@effect/platform"
import type { ParseResult, Tracer } from "effect"
import { Clock, DateTime, Duration, Effect, Exit, Fiber, Option, Schedule, Schema } from "effect"
import type { AccessToken, CredentialsError } from "../Credentials.js"
import {
  AuthError,
  BadRequest,
  DecodeError,
  FieldError,
  NotFound,
  RateLimited,
  ServerError,
  TransportError,
  ValidationError
} from "../Errors.js"
import type { RateLimitType } from "../Errors.js"
import type { RetryableError } from "../RetryPolicy.js"
import { honouringRetryAfter, isRetryable, nextDailyReset, parseRetryAfter } from "../RetryPolicy.js"
import type { ResolvedOptions } from "./options.js"
import { parseJson, utf8 } from "./jsonBody.js"
import { responseDecoder } from "./responseDecoder.js"
import * as AttemptDeadline from "../AttemptDeadline.js"
import { DeadlineExceeded } from "../AttemptDeadline.js"

import type { CommonError } from "../ZoomScheduler.js"

export type { CommonError }

/** The error channel of an operation, from the statuses it documents. */
export type OperationError<NF extends boolean, BR extends boolean> =
  | CommonError
  | (NF extends true ? NotFound : never)
  | (BR extends true ? BadRequest : never)

/** HTTP methods the Scheduler API uses. */
export type Method = "GET" | "POST" | "PATCH" | "DELETE"

/** The static description of one of the 21 operations. */
export interface Operation<A, NF extends boolean, BR extends boolean> {
  /** e.g. `events.list`; the span is `ZoomScheduler.events.list`. */
  readonly name: string
  readonly method: Method
  /** The spec's path template, e.g. `/scheduler/events/{eventId}`. */
  readonly pathTemplate: string
  /** Decodes a 2xx body; `undefined` for operations answering 204. */
  readonly decode: ((body: unknown) => Effect.Effect<A, ParseResult.ParseError>) | undefined
  /** The resource a 404 is about (`"event"`, `"user"`, …), when 404 is documented. */
  readonly notFound: NF extends true ? string : undefined
  /** Whether 400/409/422 are documented. */
  readonly badRequest: BR
  readonly spanName: string
  /** The options of the operation's span, built once. */
  readonly spanOptions: Tracer.SpanOptions
}

/** Declares an operation. */
export const operation = <A, const N extends string | undefined, const BR extends boolean>(options: {
  readonly name: string
  readonly method: Method
  readonly pathTemplate: string
  readonly success: Schema.Schema<A, any> | undefined // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly notFound: N
  readonly badRequest: BR
}): Operation<A, N extends string ? true : false, BR> => ({
  name: options.name,
  method: options.method,
  pathTemplate: options.pathTemplate,
  decode: options.success === undefined ? undefined : responseDecoder(options.success),
  notFound: options.notFound as (N extends string ? true : false) extends true ? string : undefined,
  badRequest: options.badRequest,
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
  readonly run: <A, NF extends boolean, BR extends boolean>(
    op: Operation<A, NF, BR>,
    call: Effect.Effect<Call, ValidationError>
  ) => Effect.Effect<A, OperationError<NF, BR>>
  /**
   * `run`, but the 2xx body is not decoded yet: the result decodes it when
   * run. Prefetching streams fetch a page's bytes ahead of the consumer and
   * decode it when it is reached, so that only the page being consumed is
   * held as objects.
   */
  readonly runDeferred: <A, NF extends boolean, BR extends boolean>(
    op: Operation<A, NF, BR>,
    call: Effect.Effect<Call, ValidationError>
  ) => Effect.Effect<Effect.Effect<A, DecodeError>, OperationError<NF, BR>>
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

interface ZoomErrorBody {
  readonly code: number | string | undefined
  readonly message: string | undefined
  readonly errors: ReadonlyArray<FieldError>
}

const emptyErrorBody: ZoomErrorBody = { code: undefined, message: undefined, errors: [] }

/** Reads Zoom's `{ code, message, errors? }` error body leniently. */
const parseErrorBody = (text: string): ZoomErrorBody | undefined => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return undefined
  const o = json as Record<string, unknown>
  const code = typeof o.code === "number" || typeof o.code === "string" ? o.code : undefined
  const message = typeof o.message === "string"
    ? o.message
    : typeof o.reason === "string"
    ? o.reason
    : typeof o.error === "string"
    ? o.error
    : undefined
  const errors: Array<FieldError> = []
  if (Array.isArray(o.errors)) {
    for (const e of o.errors) {
      if (e !== null && typeof e === "object") {
        const f = e as Record<string, unknown>
        errors.push(
          new FieldError({
            field: typeof f.field === "string" ? f.field : "",
            message: typeof f.message === "string" ? f.message : ""
          })
        )
      }
    }
  }
  return { code, message, errors }
}

const excerpt = (text: string): string => (text.length > 512 ? `${text.slice(0, 512)}…` : text)

const statusMessage = (operation: string, status: number, body: ZoomErrorBody | undefined, text: string): string =>
  body?.message !== undefined
    ? `${operation}: Zoom answered ${status}: ${body.message}`
    : text.length > 0 && body === undefined
    ? `${operation}: Zoom answered ${status} with a body that is not JSON`
    : `${operation}: Zoom answered ${status}`

const scopeCodes: ReadonlySet<number | string> = new Set([4700, 4711, "4700", "4711"])

const limitType = (headers: Record<string, string>, body: ZoomErrorBody | undefined): RateLimitType => {
  const type = (headers["x-ratelimit-type"] ?? "").toLowerCase()
  const message = (body?.message ?? "").toLowerCase()
  if (type.includes("daily") || message.includes("daily")) return "Daily"
  if (message.includes("concurrent")) return "Concurrent"
  if (type === "qps" || type.includes("second") || message.includes("per-second") || message.includes("per second")) {
    return "PerSecond"
  }
  return "Unknown"
}

const rateLimitHeaders = (headers: Record<string, string>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const name of ["x-ratelimit-category", "x-ratelimit-type", "x-ratelimit-limit", "x-ratelimit-remaining", "retry-after"]) {
    const value = headers[name]
    if (value !== undefined) out[name] = value
  }
  return out
}

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

  const failure = <NF extends boolean, BR extends boolean>(
    op: Operation<unknown, NF, BR>,
    call: Call,
    response: HttpClientResponse.HttpClientResponse,
    text: string
  ): Effect.Effect<never, OperationError<NF, BR>> => {
    const status = response.status
    const body = parseErrorBody(text)
    const zoom = body ?? emptyErrorBody
    const message = statusMessage(op.name, status, body, text)
    const codeField = zoom.code === undefined ? {} : { code: zoom.code }
    if (status === 401 || status === 403) {
      const reason = zoom.code !== undefined && scopeCodes.has(zoom.code)
        ? "MissingScopes"
        : zoom.code === 124 || zoom.code === "124"
        ? "InvalidToken"
        : status === 401
        ? "Unauthorized"
        : "Forbidden"
      return Effect.fail(new AuthError({ operation: op.name, reason, status, ...codeField, message }))
    }
    if (status === 404 && op.notFound !== undefined) {
      return Effect.fail(
        new NotFound({ operation: op.name, resource: op.notFound, id: call.subject, ...codeField, message }) as OperationError<NF, BR>
      )
    }
    if ((status === 400 || status === 409 || status === 422) && op.badRequest) {
      return Effect.fail(
        new BadRequest({
          operation: op.name,
          status,
          ...codeField,
          errors: zoom.errors,
          ...(body === undefined && text.length > 0 ? { body: excerpt(text) } : {}),
          message
        }) as OperationError<NF, BR>
      )
    }
    if (status === 429) {
      return Effect.flatMap(DateTime.now, (now) => {
        const headers = response.headers as Record<string, string>
        const type = limitType(headers, body)
        const retryAfter = parseRetryAfter(headers["retry-after"], now)
        const resetAt = Option.isSome(retryAfter) && Option.isSome(retryAfter.value.at)
          ? retryAfter.value.at
          : type === "Daily"
          ? Option.some(nextDailyReset(now))
          : Option.none()
        const wait = Option.isSome(retryAfter)
          ? retryAfter.value.wait
          : Option.isSome(resetAt)
          ? Duration.millis(Math.max(0, DateTime.toEpochMillis(resetAt.value) - DateTime.toEpochMillis(now)))
          : Duration.seconds(1)
        return Effect.fail(
          new RateLimited({
            operation: op.name,
            limitType: type,
            retryAfter: wait,
            ...(Option.isSome(resetAt) ? { resetAt: resetAt.value } : {}),
            headers: rateLimitHeaders(headers),
            ...codeField,
            message
          })
        )
      })
    }
    if (status >= 500) {
      return Effect.fail(new ServerError({ operation: op.name, status, ...codeField, message }))
    }
    return Effect.fail(
      new DecodeError({
        operation: op.name,
        status,
        issue: `status ${status} is not documented for ${op.name}${
          body?.message !== undefined ? ` (Zoom: ${String(zoom.code ?? "")} ${body.message})` : ""
        }`,
        message
      })
    )
  }

  /** The decoding of a 2xx body, run when the effect runs. */
  const decodeAnswer = <A>(op: Operation<A, boolean, boolean>, status: number, body: Uint8Array): Effect.Effect<A, DecodeError> =>
    Effect.suspend(() => {
      const decode = op.decode
      if (decode === undefined) return Effect.void as unknown as Effect.Effect<A>
      let json: unknown
      try {
        json = parseJson(body)
      } catch {
        return Effect.fail(
          new DecodeError({
            operation: op.name,
            status,
            issue: `the body is not JSON: ${excerpt(utf8(body))}`,
            message: `${op.name}: Zoom answered ${status} with a body that is not JSON`
          })
        )
      }
      return Effect.mapError(decode(json), (error) =>
        new DecodeError({
          operation: op.name,
          status,
          issue: error.message,
          message: `${op.name}: Zoom's answer does not match the response schema`
        }))
    })

  /**
   * Sends a call: attempts, retries, status mapping, all in the operation's
   * span; `finish` gets the decoding of the 2xx answer (run inside the span,
   * or handed out to be run later).
   */
  const exchange = <A, NF extends boolean, BR extends boolean, B>(
    op: Operation<A, NF, BR>,
    makeCall: Effect.Effect<Call, ValidationError>,
    finish: (decoded: Effect.Effect<A, DecodeError>) => Effect.Effect<B, OperationError<NF, BR>>
  ): Effect.Effect<B, OperationError<NF, BR>> =>
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

      const send = (token: AccessToken): Effect.Effect<B, OperationError<NF, BR>> => {
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
        const answered = Effect.flatMap(timed, ({ body, response }): Effect.Effect<B, OperationError<NF, BR>> =>
          response.status < 200 || response.status >= 300
            ? failure(op as Operation<unknown, NF, BR>, call, response, utf8(body))
            : finish(decodeAnswer(op, response.status, body)))
        const counted = Effect.suspend(() => {
          attempts++
          return answered
        })
        return options.rateLimiter === undefined ? counted : options.rateLimiter(counted)
      }

      const attempt: Effect.Effect<B, OperationError<NF, BR>> = Effect.flatMap(
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

      const retried: Effect.Effect<B, OperationError<NF, BR>> = Effect.catchAll(
        attempt,
        (first) =>
          isRetryable(first, op.method, maxRetryAfter)
            ? Effect.flatMap(Schedule.driver(retrySchedule), (driver) => {
              const loop = (error: RetryableError): Effect.Effect<B, OperationError<NF, BR>> =>
                Effect.matchEffect(driver.next(error), {
                  onFailure: () => Effect.fail(error),
                  onSuccess: () =>
                    Effect.catchAll(
                      attempt,
                      (next) => isRetryable(next, op.method, maxRetryAfter) ? loop(next) : Effect.fail(next)
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
