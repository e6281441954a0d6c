/**
 * Errors of the fake's own (non-Zoom) operations, such as `book` and `cancel`.
 *
 * @internal
 */
import { Schema } from "effect"

/**
 * A resource the fake-only operation refers to does not exist (HTTP 404 in
 * Zoom's terms).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const fake = yield* FakeZoom.FakeZoom
 *   return yield* fake.cancel("no-such-event")
 * }).pipe(Effect.catchTag("FakeZoomNotFound", (e) => Effect.succeed(`${e.resource} ${e.id}: ${e.status}`)))
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class FakeZoomNotFound extends Schema.TaggedError<FakeZoomNotFound>(
  "@effect-zoom/scheduler-testing/FakeZoomNotFound"
)("FakeZoomNotFound", { resource: Schema.String, id: Schema.String }) {
  /** The HTTP status Zoom would answer with. */
  get status(): 404 { return 404 }

  override get message(): string {
    return `${this.resource} not found: ${this.id}`
  }
}

/**
 * The fake-only operation conflicts with the state (HTTP 409 in Zoom's terms),
 * e.g. booking a slot that is already at capacity.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const bookTwice = (fake: FakeZoom.FakeZoomHandle, scheduleId: string) =>
 *   Effect.gen(function* () {
 *     const input = { scheduleId, startDateTime: "2030-01-07T15:00:00Z", attendee: { email: "a@example.com" } }
 *     yield* fake.book(input)
 *     yield* fake.book({ ...input, attendee: { email: "b@example.com" } })
 *   }).pipe(Effect.catchTag("FakeZoomConflict", (e) => Effect.succeed(e.reason)))
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class FakeZoomConflict extends Schema.TaggedError<FakeZoomConflict>(
  "@effect-zoom/scheduler-testing/FakeZoomConflict"
)("FakeZoomConflict", {
  reason: Schema.String
}) {
  /** The HTTP status Zoom would answer with. */
  get status(): 409 { return 409 }

  override get message(): string {
    return this.reason
  }
}

/**
 * An argument of a fake-only operation is invalid (HTTP 400 in Zoom's terms).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const bad = (fake: FakeZoom.FakeZoomHandle, scheduleId: string) =>
 *   fake.book({ scheduleId, startDateTime: "tomorrow", attendee: { email: "a@example.com" } }).pipe(
 *     Effect.catchTag("FakeZoomInvalidInput", (e) => Effect.succeed(e.field))
 *   )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class FakeZoomInvalidInput extends Schema.TaggedError<FakeZoomInvalidInput>(
  "@effect-zoom/scheduler-testing/FakeZoomInvalidInput"
)("FakeZoomInvalidInput", { field: Schema.String, reason: Schema.String }) {
  /** The HTTP status Zoom would answer with. */
  get status(): 400 { return 400 }

  override get message(): string {
    return `${this.field}: ${this.reason}`
  }
}

/**
 * The loopback server could not listen (e.g. the port is taken).
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 * import { Effect } from "effect"
 *
 * const program = FakeZoom.serve({ port: 8080 }).pipe(
 *   Effect.catchTag("FakeZoomServeError", (e) => Effect.die(e.message)),
 *   Effect.scoped
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class FakeZoomServeError extends Schema.TaggedError<FakeZoomServeError>(
  "@effect-zoom/scheduler-testing/FakeZoomServeError"
)("FakeZoomServeError", {
  host: Schema.String,
  port: Schema.Number,
  cause: Schema.Defect
}) {
  override get message(): string {
    return `The fake Zoom server could not listen on ${this.host}:${this.port}`
  }
}
