/**
 * Sends one operation, as a pipeline of the steps in `http/`, outermost
 * first: the span (`span.ts`) → retry through the `RetryPolicy`
 * (`retry.ts`) → the 401 replay (`replay.ts`) → one attempt: token, request,
 * deadline, answer (`attempt.ts`, `deadline.ts`) → the answer's meaning: a
 * typed error by status (`statusError.ts`) or the decoded body
 * (`decodeBody.ts`).
 *
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import type * as Redacted from "effect/Redacted"
import type * as Tracer from "effect/Tracer"
import type { AccessToken } from "../Credentials.js"
import type { AuthError, DecodeError, TransportError, ValidationError } from "../Errors.js"
import { recordRateLimitWait } from "../Metrics.js"
import type { CommonError } from "../ZoomScheduler.js"
import type { Answer, Request } from "./http/attempt.js"
import { makeAttempt } from "./http/attempt.js"
import { decodeBody } from "./http/decodeBody.js"
import { deadline } from "./http/deadline.js"
import type { TokenSource } from "./http/replay.js"
import { withReplay } from "./http/replay.js"
import { retrying } from "./http/retry.js"
import type { OperationSpan } from "./http/span.js"
import { inSpan, operationSpan } from "./http/span.js"
import { statusError } from "./http/statusError.js"
import { responseDecoder } from "./decode/index.js"
import { unsafeRecordAttempt } from "./metrics.js"
import { utf8 } from "./jsonBody.js"
import type { ResolvedOptions } from "./options.js"
import * as Scrub from "./scrub.js"
import { peekOf } from "./tokenPeek.js"

export { defaultBaseUrl } from "./http/attempt.js"

/**
 * The error channel of every operation: every status maps to its error on
 * every operation (see `http/statusError.ts`), so it is one union for all.
 */
export type OperationError = CommonError

/** HTTP methods the Scheduler API uses. */
export type Method = Request["method"]

/** The static description of an operation, built once per client. */
export interface Operation<A> {
  /** e.g. `events.list`. */
  readonly name: string
  readonly method: Method
  /** Decodes a 2xx body; `undefined` for operations answering 204. */
  readonly decode: ((body: unknown) => Effect.Effect<A, ParseResult.ParseError>) | undefined
  /** The resource a 404 is about (`"event"`, `"user"`, …). */
  readonly notFound: string
  readonly span: OperationSpan
}

/** Declares an operation; `fastDecode: false` decodes with Effect's own parser. */
export const operation = <A>(options: {
  readonly name: string
  readonly method: Method
  readonly pathTemplate: string
  readonly success: Schema.Schema<A, any> | undefined // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly notFound: string
  readonly fastDecode: boolean
}): Operation<A> => ({
  name: options.name,
  method: options.method,
  decode: options.success === undefined ? undefined : responseDecoder(options.success, { fast: options.fastDecode }),
  notFound: options.notFound,
  span: operationSpan(options.name, options.method, options.pathTemplate)
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
  readonly run: <A>(op: Operation<A>, call: Effect.Effect<Call, ValidationError>) => Effect.Effect<A, OperationError>
  /**
   * `run`, but the 2xx body is not decoded yet: `decoded` decodes it when
   * run. Prefetching streams fetch a page's bytes ahead of the consumer and
   * decode it when it is reached, so that only the page being consumed is
   * held as objects.
   */
  readonly runDeferred: <A>(
    op: Operation<A>,
    call: Effect.Effect<Call, ValidationError>
  ) => Effect.Effect<Deferred<A>, OperationError>
}

/** A 2xx answer's bytes, their decoding deferred. */
export interface Deferred<A> {
  readonly body: Uint8Array
  /** Decodes the body. */
  readonly decoded: Effect.Effect<A, DecodeError>
}

/** The decoding of a 2xx answer, run when the effect runs. */
const decoding = <A>(op: Operation<A>, answer: Answer): Effect.Effect<A, DecodeError> =>
  op.decode === undefined
    ? Effect.void as Effect.Effect<A>
    : Effect.suspend(() => decodeBody(op.name, op.decode!, answer.status, answer.body))

/** A non-2xx answer's typed error. */
const failure = (
  op: Operation<unknown>,
  call: Call,
  answer: Answer,
  sentWith: Iterable<Redacted.Redacted<string>>
): Effect.Effect<never, OperationError> =>
  Effect.flatMap(DateTime.now, (now) =>
    Effect.fail(
      statusError({ operation: op.name, resource: op.notFound, id: call.subject }, {
        status: answer.status,
        headers: answer.headers,
        // The server's text, with every secret the client holds (and the token this call sent) scrubbed.
        text: Scrub.scrub(utf8(answer.body), sentWith)
      }, now)
    ))

/**
 * Builds the executor over an `HttpClient`, credentials and options.
 */
export const makeExecutor = (httpClient: HttpClient.HttpClient, tokens: TokenSource, options: ResolvedOptions): Executor => {
  const attempt = makeAttempt(options.baseUrl, deadline(httpClient, options.timeout), options.timeout)
  const retry = retrying(options.retry, options.metrics)
  const metrics = options.metrics
  const limit = options.rateLimiter
  const peek = peekOf(tokens)

  /**
   * The credentials as one call sees them: a token the credentials can give
   * at once is taken without running anything; their effects (which may
   * refresh) run with the operation's span as their parent.
   */
  const tokensUnder = (parent: Tracer.Span): TokenSource => ({
    accessToken: peek === undefined ? Effect.withParentSpan(tokens.accessToken, parent) : Effect.withFiberRuntime((fiber) => {
      const token = peek(Context.get(fiber.currentDefaultServices, Clock.Clock).unsafeCurrentTimeMillis())
      // the effect (and its parent span) only when the credentials cannot tell at once
      return token === undefined ? Effect.withParentSpan(tokens.accessToken, parent) : Effect.succeed(token)
    }),
    refreshRejected: (rejected) => Effect.withParentSpan(tokens.refreshRejected(rejected), parent)
  })

  /**
   * Sends a call through the pipeline; `finish` gets the 2xx answer (its
   * decoding runs inside the span, or is handed out to be run later).
   */
  const exchange = <A, B>(
    op: Operation<A>,
    makeCall: Effect.Effect<Call, ValidationError>,
    finish: (answer: Answer) => Effect.Effect<B, OperationError>
  ): Effect.Effect<B, OperationError> =>
    Effect.flatMap(makeCall, (call) => {
      const outcome = { attempts: 0, status: 0 }
      const sentWith: Array<Redacted.Redacted<string>> = []
      const request: Request = {
        operation: op.name,
        method: op.method,
        path: call.path,
        urlParams: call.urlParams,
        body: call.body
      }
      const answered = (parent: Tracer.Span): Effect.Effect<B, OperationError> => {
        const counted = (token: AccessToken) =>
          Effect.withFiberRuntime<Answer, TransportError | AuthError>((fiber) => {
            outcome.attempts++
            outcome.status = 0
            sentWith.push(token.token)
            if (metrics) unsafeRecordAttempt(fiber.getFiberRef(FiberRef.currentMetricLabels), op.name)
            return Effect.tap(attempt(request, token, parent), (answer) => {
              outcome.status = answer.status
            })
          })
        const send = limit === undefined ? counted : (token: AccessToken) =>
          // the limiter's wait: from asking it to being let through
          Effect.withParentSpan(
            Effect.flatMap(Clock.currentTimeMillis, (asked) =>
              limit(Effect.flatMap(Clock.currentTimeMillis, (admitted) =>
                admitted > asked
                  ? metrics
                    ? Effect.zipRight(recordRateLimitWait(op.name, "limiter", admitted - asked), counted(token))
                    : counted(token)
                  : counted(token)))),
            parent
          )
        return Effect.flatMap(
          withReplay(tokensUnder(parent), send),
          (answer): Effect.Effect<B, OperationError> =>
            answer.status >= 200 && answer.status < 300
              ? finish(answer)
              : failure(op as Operation<unknown>, call, answer, sentWith)
        )
      }
      return inSpan(op.span, (parent) => retry(answered(parent), op.method, op.name), () => outcome, metrics)
    })

  return {
    options,
    run: (op, makeCall) => exchange(op, makeCall, (answer) => decoding(op, answer)),
    runDeferred: (op, makeCall) => exchange(op, makeCall, (answer) => Effect.succeed({ body: answer.body, decoded: decoding(op, answer) }))
  }
}
