/**
 * Inputs that break the spec's constraints are rejected with a
 * ValidationError before anything is sent.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import { ZoomScheduler } from "@effect-zoom/scheduler"
import type { Schedules } from "@effect-zoom/scheduler"
import { clientLayer, json, noContent, recorder } from "./support/recordingHttp.js"

const rejects = <A, E extends { readonly _tag: string }>(
  f: (zoom: ZoomScheduler.Service) => Effect.Effect<A, E>,
  options: ZoomScheduler.Options = {}
) =>
  Effect.gen(function*() {
    const rec = recorder(() => json(201, {}))
    const error = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, f).pipe(
      Effect.flip,
      Effect.provide(clientLayer(rec, options))
    )
    return { error, sent: rec.requests.length }
  })

const schedule: Schedules.ScheduleCreate = { availabilityOverride: false, availabilityRules: [], capacity: 1 }

describe("request validation", () => {
  it.effect.prop(
    "schedule capacity outside 1..200 is rejected and nothing is sent",
    [fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 201 }), fc.constant(Number.NaN))],
    ([capacity]) =>
      Effect.gen(function*() {
        const { error, sent } = yield* rejects((zoom) => zoom.schedules.create({ ...schedule, capacity }))
        expect(error._tag).toBe("ValidationError")
        expect(sent).toBe(0)
      }),
    { fastCheck: { numRuns: 50 } }
  )

  it.effect.prop(
    "schedule duration outside 15..1440 is rejected",
    [fc.oneof(fc.integer({ min: -1000, max: 14 }), fc.integer({ min: 1441, max: 100_000 }))],
    ([duration]) =>
      Effect.gen(function*() {
        const { error, sent } = yield* rejects((zoom) => zoom.schedules.update("s", { duration }))
        expect(error._tag).toBe("ValidationError")
        expect(sent).toBe(0)
      }),
    { fastCheck: { numRuns: 50 } }
  )

  it.effect.prop(
    "meeting notes longer than 1024 characters are rejected; up to 1024 are sent",
    [fc.integer({ min: 0, max: 3000 })],
    ([length]) =>
      Effect.gen(function*() {
        const rec = recorder(() => noContent())
        const result = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) =>
          zoom.events.update("evt", { meetingNotes: "n".repeat(length) })).pipe(
            Effect.either,
            Effect.provide(clientLayer(rec))
          )
        if (length <= 1024) {
          expect(result._tag).toBe("Right")
          expect(rec.requests).toHaveLength(1)
        } else {
          expect(result._tag === "Left" && result.left._tag).toBe("ValidationError")
          expect(rec.requests).toHaveLength(0)
        }
      }),
    { fastCheck: { numRuns: 40 } }
  )

  it.effect("each documented constraint is enforced", () =>
    Effect.gen(function*() {
      const cases: Array<(zoom: ZoomScheduler.Service) => Effect.Effect<unknown, { readonly _tag: string }>> = [
        (zoom) => zoom.availability.create({ name: "", timeZone: "UTC" }),
        (zoom) => zoom.availability.create({ name: "x" } as never),
        (zoom) => zoom.availability.update("a", { name: "x", timeZone: "UTC", segments: [{ start: "2024-01-01T00:00:00Z" }] } as never),
        (zoom) => zoom.schedules.create({ ...schedule, slug: "ab" }),
        (zoom) => zoom.schedules.create({ ...schedule, slug: "a".repeat(257) }),
        (zoom) => zoom.schedules.create({ ...schedule, summary: "s".repeat(257) }),
        (zoom) => zoom.schedules.create({ ...schedule, description: "d".repeat(8193) }),
        (zoom) => zoom.schedules.create({ ...schedule, location: "l".repeat(1025) }),
        (zoom) => zoom.schedules.create({ ...schedule, bookingLimit: 97 }),
        (zoom) => zoom.schedules.create({ ...schedule, cushion: 14341 }),
        (zoom) => zoom.schedules.create({ ...schedule, startTimeIncrement: 4 }),
        (zoom) => zoom.schedules.create({ ...schedule, buffer: { before: 241 } }),
        (zoom) => zoom.schedules.create({ ...schedule, addOnType: "zoomVideo" as never }),
        (zoom) =>
          zoom.schedules.create({
            ...schedule,
            customFields: [{ name: "q", format: "select", enabled: true, required: false, includeOther: false, position: 0, answerChoices: [] }]
          }),
        (zoom) =>
          zoom.schedules.create({
            ...schedule,
            customFields: [{ name: "q", format: "text", enabled: true, required: false, position: 0 } as never]
          }),
        (zoom) => zoom.schedules.create({ availabilityRules: [], capacity: 1 } as never),
        (zoom) => zoom.schedules.update("s", { status: "deleted" as never }),
        (zoom) => zoom.events.update("e", { status: "done" as never }),
        (zoom) => zoom.events.list({ pageSize: 0 }),
        (zoom) => zoom.events.list({ pageSize: 2.5 }),
        (zoom) => zoom.events.list({ eventType: "confirmed" as never }),
        (zoom) => zoom.shares.create({ scheduleId: "s", duration: 10 }),
        (zoom) => zoom.shares.create({ scheduleId: "" }),
        (zoom) => zoom.schedules.singleUseLink({ scheduleId: "" })
      ]
      for (const [i, call] of cases.entries()) {
        const { error, sent } = yield* rejects(call)
        expect([i, error._tag, sent]).toEqual([i, "ValidationError", 0])
      }
    }))

  it.effect("an option written as undefined is absent, at any depth (TypeScript allows it without exactOptionalPropertyTypes)", () =>
    Effect.gen(function*() {
      const rec = recorder((req) => (req.method === "PATCH" ? noContent() : json(200, { items: [] })))
      const maybe = (token: string | undefined) => token
      yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) =>
        Effect.zipRight(
          zoom.events.list({ pageSize: 10, nextPageToken: maybe(undefined) } as Parameters<typeof zoom.events.list>[0]),
          zoom.events.update("evt-1", { status: "confirmed", meetingNotes: maybe(undefined) } as Parameters<typeof zoom.events.update>[1])
        )).pipe(Effect.provide(clientLayer(rec)))
      expect(rec.requests.map((r) => r.query)).toEqual([{ page_size: "10" }, {}])
      expect(rec.requests[1]!.body).toEqual({ status: "confirmed" })
    }))

  it.effect("the ValidationError names the operation and the offending field", () =>
    Effect.gen(function*() {
      const { error } = yield* rejects((zoom) => zoom.schedules.create({ ...schedule, capacity: 500 }))
      if (error._tag !== "ValidationError") return expect.fail(error._tag)
      expect(error.operation).toBe("schedules.create")
      expect(error.issue).toContain("capacity")
    }))

  it.effect("ids that would change the path are rejected, even with validation off", () =>
    Effect.gen(function*() {
      for (const id of ["", ".", ".."]) {
        const { error, sent } = yield* rejects((zoom) => zoom.events.get(id), { validation: false })
        expect([id, error._tag, sent]).toEqual([id, "ValidationError", 0])
      }
    }))

  it.effect("with validation off, the input is sent as written (keys in snake_case)", () =>
    Effect.gen(function*() {
      const rec = recorder(() => json(201, {}))
      yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) =>
        zoom.schedules.create({ ...schedule, capacity: 500, startTimeIncrement: 1 })).pipe(
          Effect.provide(clientLayer(rec, { validation: false }))
        )
      expect(rec.requests[0]?.body).toEqual({
        availability_override: false,
        availability_rules: [],
        capacity: 500,
        start_time_increment: 1
      })
    }))
})
