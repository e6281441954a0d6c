/**
 * Guide: testing your code with the fake and stubs (docs/guides/testing.md).
 * `pnpm test` runs this file.
 */
import { expect, it, layer } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream, TestClock } from "effect"
import { Credentials, Errors, ZoomScheduler } from "@effect-zoom/scheduler"
import { FakeZoom, Stub } from "@effect-zoom/scheduler-testing"

// the code under test: yours
const countConfirmed = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) =>
  zoom.events.stream({ pageSize: 100 }).pipe(Stream.filter((e) => e.status === "confirmed"), Stream.runCount))

// 1. the fake Zoom in place of the transport: real client, real retries, in-process
const ZoomTest = ZoomScheduler.layer().pipe(
  Layer.provideMerge(FakeZoom.layer({ seed: { users: 1, events: 250, seed: 1 } })),
  Layer.provide(Credentials.bearer(Redacted.make("any-token")))
)

layer(ZoomTest)("with the fake", (it) => {
  it.effect("counts confirmed bookings across pages", () =>
    Effect.gen(function*() {
      expect(yield* countConfirmed).toBeGreaterThan(100)
    }))

  it.effect("survives a 429: the retry waits on the TestClock", () =>
    Effect.gen(function*() {
      const fake = yield* FakeZoom.FakeZoom
      yield* fake.inject({ operation: "events.list", times: 1, fault: FakeZoom.Fault.rateLimited("perSecond") })
      const fiber = yield* Effect.fork(countConfirmed)
      yield* TestClock.adjust("5 seconds")
      expect(yield* Effect.flatten(fiber.await)).toBeGreaterThan(100)
    }))
})

// 2. a stub: only the calls your code makes, answers you choose
it.effect("a stubbed NotFound reaches your error handling", () =>
  Effect.gen(function*() {
    const zoom = yield* ZoomScheduler.ZoomScheduler
    const error = yield* Effect.flip(zoom.events.get("evt-404"))
    expect(error._tag).toBe("NotFound")
  }).pipe(Effect.provide(Stub.layer({
    events: {
      get: (id) => Effect.fail(new Errors.NotFound({ operation: "events.get", resource: "event", id, message: "not found" }))
    }
  }))))
