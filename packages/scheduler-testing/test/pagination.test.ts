import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { FakeZoom } from "../src/index.js"
import type { Json, Reply } from "./helpers.js"
import { get, patch, walk } from "./helpers.js"

const listedIds = (path: string) => Effect.map(get(path), (r) => r.json.items.map((e: Json) => e.event_id))

/** The events a default listing returns, in order: confirmed, non-pending, by start time then id. */
const visibleEvents = Effect.gen(function*() {
  const fake = yield* FakeZoom.FakeZoom
  const snapshot = yield* fake.snapshot
  return snapshot.events.filter((e) =>
    e.host_user_id === snapshot.defaultUserId && e.status === "confirmed" && e.event_type === "default"
  )
})

describe("FakeZoom pagination", () => {
  it.effect("uses page_size 30 by default and omits next_page_token on the last page", () =>
    Effect.gen(function*() {
      const first = yield* get("/scheduler/events")
      expect(first.json.items).toHaveLength(30)
      expect(typeof first.json.next_page_token).toBe("string")
      const { items, sizes } = yield* walk("/scheduler/events")
      expect(sizes.slice(0, -1).every((n) => n === 30)).toBe(true)
      const last = yield* get(`/scheduler/events?page_size=${items.length}`)
      expect(last.json.items).toHaveLength(items.length)
      expect("next_page_token" in last.json).toBe(false)
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { events: 120, seed: 3 } }))))

  it.effect("walks every item exactly once, in start-time order", () =>
    Effect.gen(function*() {
      const { items, sizes } = yield* walk("/scheduler/events", 7)
      const expected = yield* visibleEvents
      expect(items.map((e) => e.event_id)).toEqual(expected.map((e) => e.event_id))
      expect(new Set(items.map((e) => e.event_id)).size).toBe(items.length)
      expect(sizes.slice(0, -1).every((n) => n === 7)).toBe(true)
      expect(sizes[sizes.length - 1]).toBeGreaterThan(0)
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { events: 150, seed: 5 } }))))

  it.effect("clamps page_size to the maximum (300 by default)", () =>
    Effect.gen(function*() {
      const reply = yield* get("/scheduler/events?page_size=1000")
      expect(reply.status).toBe(200)
      expect(reply.json.items).toHaveLength(300)
      expect(typeof reply.json.next_page_token).toBe("string")
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { events: 400 } }))))

  it.effect("honours a configured default and maximum page size", () =>
    Effect.gen(function*() {
      expect((yield* get("/scheduler/events")).json.items).toHaveLength(5)
      expect((yield* get("/scheduler/events?page_size=50")).json.items).toHaveLength(10)
      expect((yield* get("/scheduler/events?page_size=3")).json.items).toHaveLength(3)
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { events: 60 }, pageSize: { default: 5, max: 10 } }))))

  it.effect("rejects a page_size that is not a positive integer", () =>
    Effect.gen(function*() {
      for (const value of ["0", "-1", "abc", "1.5"]) {
        const reply = yield* get(`/scheduler/events?page_size=${value}`)
        expect(reply.status).toBe(400)
        expect(reply.json).toEqual({
          code: 300,
          message: "Validation Failed.",
          errors: [{ field: "page_size", message: "Must be a positive integer." }]
        })
      }
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { events: 5 } }))))

  it.effect("issues opaque tokens and rejects tampered, foreign or reused-with-other-filters tokens", () =>
    Effect.gen(function*() {
      const first = yield* get("/scheduler/events?page_size=10")
      const token: string = first.json.next_page_token
      expect(token).not.toMatch(/^\d+$/)
      expect(Buffer.from(token, "base64url").toString()).not.toMatch(/^\d+$/)
      const ok = yield* get(`/scheduler/events?page_size=10&next_page_token=${token}`)
      expect(ok.status).toBe(200)

      const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA")
      const invalid = [
        tampered,
        "10",
        "garbage",
        Buffer.from(JSON.stringify([1, "x", 0, "y"])).toString("base64url")
      ]
      for (const bad of invalid) {
        const reply = yield* get(`/scheduler/events?page_size=10&next_page_token=${encodeURIComponent(bad)}`)
        expect(reply.status).toBe(400)
        expect(reply.json.code).toBe(300)
      }
      // Same token, other filters or another resource.
      expect((yield* get(`/scheduler/events?show_deleted=true&next_page_token=${token}`)).status).toBe(400)
      expect((yield* get(`/scheduler/schedules?next_page_token=${token}`)).status).toBe(400)
      // A page size change between pages is allowed.
      expect((yield* get(`/scheduler/events?page_size=3&next_page_token=${token}`)).json.items).toHaveLength(3)
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { events: 50 } }))))

  it.effect("keeps a walk consistent when events are booked between pages", () =>
    Effect.gen(function*() {
      const fake = yield* FakeZoom.FakeZoom
      const first = yield* get("/scheduler/events?page_size=5")
      const scheduleId = first.json.items[0].schedule_id
      // One booking before the cursor, one after every seeded event.
      const early = yield* fake.book({
        scheduleId,
        startDateTime: "2000-01-03T10:00:00Z",
        attendee: { email: "early@example.com" }
      })
      const late = yield* fake.book({ scheduleId, startDateTime: "2099-01-05T10:00:00Z", attendee: { email: "late@example.com" } })
      const rest = yield* walkFrom(first.json.next_page_token, 5)
      const seen = [...first.json.items.map((e: Json) => e.event_id), ...rest]
      expect(new Set(seen).size).toBe(seen.length)
      expect(seen[seen.length - 1]).toBe(late.eventId)
      // Everything visible now, except the early booking (before the cursor).
      const visible = (yield* visibleEvents).map((e) => e.event_id)
      expect(visible[0]).toBe(early.eventId)
      expect(seen).toEqual(visible.slice(1))
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { events: 20, seed: 9 } }))))

  it.effect("pages availability and schedules too", () =>
    Effect.gen(function*() {
      const availability = yield* walk("/scheduler/availability", 2)
      expect(availability.sizes).toEqual([2, 2, 1])
      const schedules = yield* walk("/scheduler/schedules", 4)
      expect(schedules.sizes).toEqual([4, 2])
      expect(new Set(schedules.items.map((s) => s.schedule_id)).size).toBe(6)
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { availabilityPerUser: 5, schedulesPerUser: 6, events: 0 } }))))

  it.effect("generates the same data for the same seed, other data for another seed", () =>
    Effect.gen(function*() {
      const snapshot = (seed: number) =>
        Effect.flatMap(FakeZoom.FakeZoom, (fake) => fake.snapshot).pipe(
          Effect.provide(FakeZoom.layer({ seed: { users: 2, events: 40, seed } }))
        )
      const a = yield* snapshot(11)
      const b = yield* snapshot(11)
      const c = yield* snapshot(12)
      expect(b).toEqual(a)
      expect(c.events.map((e) => e.event_id)).not.toEqual(a.events.map((e) => e.event_id))
      expect(a.users).toHaveLength(2)
      expect(a.events).toHaveLength(40)
      expect(a.schedules).toHaveLength(4)
      expect(a.teams[0].member_ids).toEqual(a.users.map((u) => u.user_id))
      for (const e of a.events) {
        expect(e.start_date_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/)
        expect(Date.parse(e.end_date_time)).toBeGreaterThan(Date.parse(e.start_date_time))
        expect(e.attendees.length).toBeGreaterThan(0)
        expect(e.attendees[0].email).toMatch(/@/)
      }
    }))

  it.effect("streams 100,000 seeded events in pages of 300, each exactly once", () =>
    Effect.gen(function*() {
      const started = performance.now()
      const { items, sizes } = yield* walk("/scheduler/events", 300)
      const elapsed = performance.now() - started
      const expected = yield* visibleEvents
      expect(items.length).toBe(expected.length)
      expect(items.length).toBeGreaterThan(80_000)
      expect(new Set(items.map((e) => e.event_id)).size).toBe(items.length)
      expect(sizes.length).toBe(Math.ceil(items.length / 300))
      for (let i = 1; i < items.length; i++) {
        if (items[i - 1].start_date_time > items[i].start_date_time) throw new Error(`out of order at ${i}`)
      }
      // Generous bound for a loaded CI machine; typically 2-3 seconds.
      expect(elapsed).toBeLessThan(20_000)
    }).pipe(Effect.provide(FakeZoom.layer({ seed: { events: 100_000, seed: 1 } }))), 60_000)

  describe("events.list filters", () => {
    const ids = { e1: "", e2: "", e3: "", e4: "", e5: "" }
    const layer = () =>
      FakeZoom.layer({
        seed: (s) => {
          s.user({ user_id: "owner-id", email: "owner@example.com" })
          s.user({ user_id: "other-id", email: "other@example.com" })
          const a = s.schedule({ owner: "owner-id", summary: "Intro Call", duration: 30 })
          const b = s.schedule({ owner: "other-id", summary: "Demo", duration: 30 })
          ids.e1 = s.event({ schedule_id: a, start_date_time: "2030-01-07T15:00:00Z", attendees: [{ email: "ann@example.org" }] })
          ids.e2 = s.event({
            schedule_id: a,
            start_date_time: "2030-01-08T15:00:00Z",
            status: "cancelled",
            attendees: [{ email: "bob@corp.example" }]
          })
          ids.e3 = s.event({
            schedule_id: a,
            start_date_time: "2030-01-09T15:00:00Z",
            event_type: "pending",
            attendees: [{ email: "cat@example.org" }]
          })
          ids.e4 = s.event({ schedule_id: a, start_date_time: "2030-01-10T23:45:00Z", attendees: [{ email: "dan@example.org" }] })
          ids.e5 = s.event({ schedule_id: b, start_date_time: "2030-01-07T15:00:00Z", attendees: [{ email: "eve@example.org" }] })
        }
      })

    it.effect("show_deleted, event_type=pending and user_id", () =>
      Effect.gen(function*() {
        expect(yield* listedIds("/scheduler/events")).toEqual([ids.e1, ids.e4])
        expect(yield* listedIds("/scheduler/events?show_deleted=true")).toEqual([ids.e1, ids.e2, ids.e4])
        expect(yield* listedIds("/scheduler/events?event_type=pending")).toEqual([ids.e3])
        expect(yield* listedIds("/scheduler/events?user_id=other-id")).toEqual([ids.e5])
        expect(yield* listedIds("/scheduler/events?user_id=other%40example.com")).toEqual([ids.e5])
        expect((yield* get("/scheduler/events?user_id=ghost")).status).toBe(404)
        expect((yield* get("/scheduler/events?event_type=default")).status).toBe(400)
        expect((yield* get("/scheduler/events?show_deleted=yes")).status).toBe(400)
      }).pipe(Effect.provide(layer())))

    it.effect("from (exclusive, on the end) and to (exclusive, on the start)", () =>
      Effect.gen(function*() {
        expect(yield* listedIds("/scheduler/events?from=2030-01-11T00:00:00Z")).toEqual([ids.e4])
        expect(yield* listedIds("/scheduler/events?from=2030-01-11T00:15:00Z")).toEqual([])
        expect(yield* listedIds("/scheduler/events?to=2030-01-10T23:45:00Z")).toEqual([ids.e1])
        expect(yield* listedIds("/scheduler/events?from=2030-01-07T15:30:00Z&to=2030-01-11T00:00:00Z")).toEqual([ids.e4])
        expect(yield* listedIds("/scheduler/events?from=2030-01-07T10:29:00-05:00&to=2030-01-07T10:31:00-05:00")).toEqual([
          ids.e1
        ])
        const bad = yield* get("/scheduler/events?from=2030-01-07")
        expect(bad.status).toBe(400)
        expect(bad.json.errors[0].field).toBe("from")
      }).pipe(Effect.provide(layer())))

    it.effect("search matches the summary, an attendee email or the meeting id", () =>
      Effect.gen(function*() {
        expect(yield* listedIds("/scheduler/events?search=ann%40")).toEqual([ids.e1])
        expect(yield* listedIds("/scheduler/events?search=INTRO")).toEqual([ids.e1, ids.e4])
        const e4 = (yield* get(`/scheduler/events/${ids.e4}`)).json
        expect(yield* listedIds(`/scheduler/events?search=${e4.external_location.meeting_id}`)).toEqual([ids.e4])
        expect(yield* listedIds("/scheduler/events?search=nothing-matches")).toEqual([])
      }).pipe(Effect.provide(layer())))

    it.effect("formats times in time_zone and orders by update time with order_by=updated", () =>
      Effect.gen(function*() {
        const shanghai = yield* get("/scheduler/events?time_zone=Asia/Shanghai")
        expect(shanghai.json.items[0].start_date_time).toBe("2030-01-07T23:00:00+08:00")
        expect(shanghai.json.items[0].end_date_time).toBe("2030-01-07T23:30:00+08:00")
        const newYork = yield* get("/scheduler/events?time_zone=America/New_York")
        expect(newYork.json.items[1].start_date_time).toBe("2030-01-10T18:45:00-05:00")
        expect((yield* get("/scheduler/events?time_zone=Nowhere/City")).status).toBe(400)

        yield* TestClock.adjust("1 minute")
        expect((yield* patch(`/scheduler/events/${ids.e1}`, { meeting_notes: "moved last" })).status).toBe(204)
        expect(yield* listedIds("/scheduler/events?order_by=updated")).toEqual([ids.e4, ids.e1])
        expect(yield* listedIds("/scheduler/events?order_by=startTime")).toEqual([ids.e1, ids.e4])
        expect((yield* get("/scheduler/events?order_by=random")).status).toBe(400)
      }).pipe(Effect.provide(layer())))
  })
})

/** Continues a walk of `/scheduler/events` from a token, returning the ids. */
const walkFrom = (token: string, pageSize: number) =>
  Effect.gen(function*() {
    const ids: Array<string> = []
    let next: string | undefined = token
    while (next !== undefined) {
      const reply: Reply = yield* get(`/scheduler/events?page_size=${pageSize}&next_page_token=${encodeURIComponent(next)}`)
      ids.push(...reply.json.items.map((e: Json) => e.event_id))
      next = reply.json.next_page_token
    }
    return ids
  })
