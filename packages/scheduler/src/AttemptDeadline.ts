/**
 * The per-attempt time limit as a contract between the client and its
 * `HttpClient`. The client bounds every attempt (answer and body read) by its
 * `timeout`. An `HttpClient` that can enforce that limit itself, on a plain
 * timer that aborts the request, says so with `withSupport`; the client then
 * hands the limit to it instead of running the attempt in a child fiber
 * under a timer of its own (the generic fallback, which any `HttpClient` and
 * `TestClock` get). Wrapping a client (`HttpClient.mapRequest`, a
 * `transformClient`) drops the capability: the fallback applies.
 *
 * @example
 * ```ts
 * import { HttpClient } from "@effect/platform"
 * import { AttemptDeadline } from "@effect-zoom/scheduler"
 *
 * declare const base: HttpClient.HttpClient
 * declare const within: AttemptDeadline.ExecuteWithin
 * const client = AttemptDeadline.withSupport(base, within)
 * AttemptDeadline.executeWithin(client) // === within
 * ```
 *
 * @since 0.2.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as Effect from "effect/Effect"

/**
 * The cause, in a `RequestError` or `ResponseError`, of a request aborted
 * because its time limit passed.
 *
 * @example
 * ```ts
 * import { AttemptDeadline } from "@effect-zoom/scheduler"
 *
 * const cause = new AttemptDeadline.DeadlineExceeded()
 * ```
 *
 * @since 0.2.0
 */
export class DeadlineExceeded extends Error {
  constructor() {
    super("the request's time limit passed")
    this.name = "DeadlineExceeded"
  }
}

/**
 * Sends a request with a time limit, in milliseconds, covering the answer and
 * the reading of its body: past it the request is aborted and fails (or its
 * body read fails) with a `DeadlineExceeded` cause.
 *
 * @since 0.2.0
 */
export type ExecuteWithin = (
  request: HttpClientRequest.HttpClientRequest,
  millis: number
) => Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError>

const TypeId: unique symbol = Symbol.for("@effect-zoom/scheduler/AttemptDeadline")

/** An `HttpClient` that enforces time limits itself. */
interface Supporting extends HttpClient.HttpClient {
  readonly [TypeId]: ExecuteWithin
}

/**
 * Marks `client` as enforcing time limits itself, with `within`.
 *
 * @example
 * ```ts
 * import { HttpClient } from "@effect/platform"
 * import { AttemptDeadline } from "@effect-zoom/scheduler"
 *
 * declare const base: HttpClient.HttpClient
 * declare const within: AttemptDeadline.ExecuteWithin
 * const client = AttemptDeadline.withSupport(base, within)
 * ```
 *
 * @since 0.2.0
 */
export const withSupport = <C extends HttpClient.HttpClient>(client: C, within: ExecuteWithin): C =>
  Object.assign(client, { [TypeId]: within })

/**
 * The `ExecuteWithin` of a client marked by `withSupport`, unwrapped;
 * `undefined` for any other client.
 *
 * @example
 * ```ts
 * import { HttpClient } from "@effect/platform"
 * import { AttemptDeadline } from "@effect-zoom/scheduler"
 *
 * declare const client: HttpClient.HttpClient
 * const native = AttemptDeadline.executeWithin(client) !== undefined
 * ```
 *
 * @since 0.2.0
 */
export const executeWithin = (client: HttpClient.HttpClient): ExecuteWithin | undefined =>
  TypeId in client ? (client as Supporting)[TypeId] : undefined
