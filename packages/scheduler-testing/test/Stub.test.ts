import { describe, expect, it } from "@effect/vitest"
import { Cause, Chunk, Effect, Exit, Option, Stream } from "effect"
import { Events, Users, ZoomScheduler } from "@effect-zoom/scheduler"
import { Stub } from "@effect-zoom/scheduler-testing"

describe("Stub.layer", () => {
  it.effect("serves the provided operations", () =>
    Effect.gen(function*() {
      const zoom = yield* ZoomScheduler.ZoomScheduler
      const user = yield* zoom.users.get("me")
      expect(user.displayName).toBe("Jane")
    }).pipe(Effect.provide(Stub.layer({ users: { get: () => Effect.succeed(new Users.User({ displayName: "Jane" })) } }))))

  it.effect("an operation that was not provided dies with a defect naming it", () =>
    Effect.gen(function*() {
      const zoom = yield* ZoomScheduler.ZoomScheduler
      const exit = yield* Effect.exit(zoom.events.get("evt-1"))
      expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
      expect(String(exit)).toContain("events.get was not provided")
      const streamed = yield* Effect.exit(Stream.runDrain(zoom.schedules.stream()))
      expect(String(streamed)).toContain("schedules.stream was not provided")
    }).pipe(Effect.provide(Stub.layer({}))))

  it.effect("stream and pages are derived from list, following nextPageToken", () =>
    Effect.gen(function*() {
      const calls: Array<string | undefined> = []
      const layer = Stub.layer({
        events: {
          list: (query) =>
            Effect.sync(() => {
              calls.push(query?.nextPageToken)
              return query?.nextPageToken === undefined
                ? Stub.page([new Events.ScheduledEvent({ eventId: "a" })], "t2")
                : Stub.page([new Events.ScheduledEvent({ eventId: "b" })])
            })
        }
      })
      const zoom = yield* Effect.provide(ZoomScheduler.ZoomScheduler, layer)
      const events = yield* Stream.runCollect(zoom.events.stream({ userId: "me" }))
      expect(Chunk.toReadonlyArray(events).map((e) => e.eventId)).toEqual(["a", "b"])
      expect(calls).toEqual([undefined, "t2"])
      const pages = yield* Stream.runCollect(zoom.events.pages())
      expect(Chunk.toReadonlyArray(pages).map((p) => Option.getOrNull(p.nextPageToken))).toEqual(["t2", null])
    }))
})
