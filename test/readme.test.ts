/**
 * The README's test-kit snippet, as written there, runs and passes.
 */
import { Effect, Layer, Redacted, Stream, TestClock } from "effect"
import { expect, it } from "@effect/vitest"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
import { FakeZoom, Stub } from "@effect-zoom/scheduler-testing"

const myCountOfConfirmedBookings = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) =>
  zoom.events.stream({ pageSize: 100 }).pipe(Stream.filter((e) => e.status === "confirmed"), Stream.runCount))

const ZoomTest = ZoomScheduler.layer().pipe(
  Layer.provideMerge(FakeZoom.layer({ seed: { users: 2, events: 500 } })), // in place of NodeTransport.layer()
  Layer.provide(Credentials.bearer(Redacted.make("any-token")))
)

it.effect("counts confirmed bookings, even through a 429", () =>
  Effect.gen(function*() {
    const fake = yield* FakeZoom.FakeZoom
    yield* fake.inject({ operation: "events.list", times: 1, fault: FakeZoom.Fault.rateLimited("perSecond") })
    const fiber = yield* Effect.fork(myCountOfConfirmedBookings) // your program
    yield* TestClock.adjust("5 seconds") // the retry waits out Retry-After on the TestClock
    const count = yield* Effect.flatten(fiber.await)
    expect(count).toBeGreaterThan(0)
    expect((yield* fake.stats).rateLimited.perSecond).toBe(1)
  }).pipe(Effect.provide(ZoomTest)))

it.effect("a stub layer answers the stubbed call", () =>
  Effect.gen(function*() {
    const page = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.list())
    expect(page.items).toEqual([])
  }).pipe(Effect.provide(Stub.layer({ events: { list: () => Effect.succeed(Stub.page([])) } }))))
