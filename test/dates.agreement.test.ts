/**
 * Dates as the spec writes them, on both sides: the client's validation and
 * the fake accept and refuse the same values. Each value is sent twice
 * against the in-process fake: with validation on (the client sends it or
 * refuses it with a `ValidationError`) and with validation off (the fake
 * answers it or refuses it with a 400); both verdicts must agree.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Layer, Redacted } from "effect"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
import { FakeZoom } from "@effect-zoom/scheduler-testing"

const client = (validation: boolean) =>
  ZoomScheduler.layer({ validation }).pipe(
    Layer.provideMerge(FakeZoom.layer({ seed: { users: 1, schedulesPerUser: 1, events: 3, seed: 42 } })),
    Layer.provide(Credentials.bearer(Redacted.make("any-token")))
  )

type Verdict = "accepted" | "refused"

/**
 * What each side says about `call`: the client (validation on: sent, or
 * refused with a `ValidationError`) and the fake (validation off: the status
 * the fake answered, 400 being a refusal).
 */
const verdicts = <A, E extends { readonly _tag: string }>(
  call: (zoom: ZoomScheduler.Service) => Effect.Effect<A, E>
) =>
  Effect.gen(function*() {
    const checked = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, call).pipe(
      Effect.either,
      Effect.provide(client(true))
    )
    const status = yield* Effect.gen(function*() {
      yield* Effect.either(Effect.flatMap(ZoomScheduler.ZoomScheduler, call))
      const log = yield* (yield* FakeZoom.FakeZoom).requests
      return log[log.length - 1]?.status
    }).pipe(Effect.provide(client(false)))
    expect(status === 400 || (typeof status === "number" && status < 300)).toBe(true)
    if (checked._tag === "Left") expect(checked.left._tag).toBe("ValidationError")
    const clientVerdict: Verdict = checked._tag === "Right" ? "accepted" : "refused"
    const fakeVerdict: Verdict = status === 400 ? "refused" : "accepted"
    return {
      client: clientVerdict,
      fake: fakeVerdict,
      issue: checked._tag === "Left" && "issue" in checked.left ? String(checked.left.issue) : ""
    }
  })

const two = (n: number) => String(n).padStart(2, "0")

/** Near-misses and valid values of both forms: the places where implementations drift. */
const dateParts = fc.record({
  year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1900, 2000, 2023, 2024, 2100)),
  month: fc.integer({ min: 0, max: 13 }),
  day: fc.integer({ min: 0, max: 32 })
})
const date = dateParts.map(({ day, month, year }) => `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}`)
const dateTime = fc.tuple(
  date,
  fc.constantFrom("T", "t", " "),
  fc.integer({ min: 0, max: 25 }),
  fc.integer({ min: 0, max: 61 }),
  fc.integer({ min: 0, max: 61 }),
  fc.constantFrom("", ".5", ".123456"),
  fc.constantFrom("Z", "z", "", "+00:00", "-07:00", "+05:30", "+23:59", "+24:00", "+05:60", "+0530")
).map(([d, t, h, m, s, frac, zone]) => `${d}${t}${two(h)}:${two(m)}:${two(s)}${frac}${zone}`)
const anyDateLike = fc.oneof(date, dateTime, fc.string({ maxLength: 25 }))

describe("dates: the client and the fake agree", () => {
  it.effect("the connector's date-only analytics range is refused by both, naming the field and the form", () =>
    Effect.gen(function*() {
      const answer = yield* verdicts((zoom) => zoom.analytics.report({ from: "2024-01-01", to: "2024-02-01" }))
      expect(answer.client).toBe("refused")
      expect(answer.fake).toBe("refused")
      expect(answer.issue).toContain("from must be a date-time such as 2024-01-01T00:00:00Z")
      expect(answer.issue).toContain(`got "2024-01-01"`)
      const translated = yield* verdicts((zoom) =>
        zoom.analytics.report({ from: "2024-01-01T00:00:00Z", to: "2024-02-01T00:00:00Z" })
      )
      expect(translated).toEqual({ client: "accepted", fake: "accepted", issue: "" })
    }))

  it.effect("a day that does not exist is refused by both (Date.parse would roll it over)", () =>
    Effect.gen(function*() {
      for (const from of ["2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T10:00:00-07:00"]) {
        expect(yield* verdicts((zoom) => zoom.events.list({ from }))).toMatchObject({ client: "refused", fake: "refused" })
      }
      expect(yield* verdicts((zoom) => zoom.events.list({ from: "2024-02-29T23:59:59.999+05:30" }))).toMatchObject({
        client: "accepted",
        fake: "accepted"
      })
    }))

  it.effect.prop(
    "analytics, events and schedules from/to: date-time with an offset on both sides",
    [anyDateLike, fc.constantFrom("analytics", "events", "schedules")],
    ([value, resource]) =>
      Effect.gen(function*() {
        const answer = yield* verdicts((zoom): Effect.Effect<unknown, { readonly _tag: string }> =>
          resource === "analytics"
            ? zoom.analytics.report({ to: value })
            : resource === "events"
            ? zoom.events.list({ to: value })
            : zoom.schedules.list({ to: value })
        )
        expect([value, answer.client]).toEqual([value, answer.fake])
        if (answer.client === "refused") expect(answer.issue).toContain("to must be a date-time")
      }),
    { fastCheck: { numRuns: 150 } }
  )

  it.effect.prop(
    "share start/end dates: YYYY-MM-DD on both sides",
    [anyDateLike],
    ([value]) =>
      Effect.gen(function*() {
        const scheduleId = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.schedules.list({})).pipe(
          Effect.map((page) => page.items[0]?.scheduleId ?? "missing"),
          Effect.provide(client(true))
        )
        const answer = yield* verdicts((zoom) => zoom.shares.create({ scheduleId, startDate: value }))
        expect([value, answer.client]).toEqual([value, answer.fake])
        if (answer.client === "refused") expect(answer.issue).toContain("startDate must be a date such as 2024-01-01")
      }),
    { fastCheck: { numRuns: 100 } }
  )

  it.effect.prop(
    "availability segment ends: date-time with an offset on both sides",
    [dateTime],
    ([value]) =>
      Effect.gen(function*() {
        const answer = yield* verdicts((zoom) =>
          zoom.availability.create({
            name: "hours",
            timeZone: "UTC",
            segments: [{ start: value, end: "2030-01-01T00:00:00Z" }]
          })
        )
        expect([value, answer.client]).toEqual([value, answer.fake])
      }),
    { fastCheck: { numRuns: 100 } }
  )
})
