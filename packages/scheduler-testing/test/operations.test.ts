import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { FakeZoom } from "../src/index.js"
import { api, del, get, patch, post } from "./helpers.js"

/** Known data: two users, one availability, one schedule, one booked event, a team, a routing response. */
const ids = { availability: "", schedule: "", event: "", attendee: "", form: "", response: "", team: "" }

const layer = () =>
  FakeZoom.layer({
    seed: (s) => {
      s.user({ user_id: "owner-id", email: "owner@example.com", display_name: "Olive Owner", slug: "olive", time_zone: "America/New_York" })
      s.user({ user_id: "other-id", email: "other@example.com", display_name: "Otto Other", time_zone: "Europe/Berlin" })
      ids.availability = s.availability({ owner: "owner-id", name: "Working hours" })
      ids.schedule = s.schedule({
        owner: "owner-id",
        summary: "Intro Call",
        duration: 30,
        capacity: 1,
        availability_override: false,
        availability_rules: [{ availability_id: ids.availability }]
      })
      ids.event = s.event({
        schedule_id: ids.schedule,
        start_date_time: "2030-01-07T15:00:00Z",
        attendees: [{ email: "ann@example.org", first_name: "Ann", last_name: "Lee", time_zone: "Asia/Tokyo" }]
      })
      ids.team = s.team({ name: "Sales", owner: "owner-id", members: ["owner-id", "other-id"] })
      const routing = s.routingResponse({
        booked: false,
        creator_email: "lead@example.com",
        result_type: "text",
        result_value: "Thanks",
        questions_and_answers: [{ question_id: "q1", question_content: "Team size?", answers: ["12"] }]
      })
      ids.form = routing.formId
      ids.response = routing.responseId
    }
  })

const withFake = <A, E, R>(effect: Effect.Effect<A, E, R>) => effect.pipe(Effect.provide(layer()))

const attendeeId = Effect.gen(function*() {
  const fake = yield* FakeZoom.FakeZoom
  const event = yield* fake.getEvent(ids.event)
  return event._tag === "Some" ? event.value.attendees[0].attendee_id : ""
})

describe("FakeZoom operations", () => {
  describe("authentication and routing", () => {
    it.effect("rejects a request without a bearer token with 401 code 124", () =>
      withFake(Effect.gen(function*() {
        const reply = yield* get("/scheduler/users/me", null)
        expect(reply.status).toBe(401)
        expect(reply.json).toEqual({ code: 124, message: "Invalid access token." })
      })))

    it.effect("answers 404 for paths and methods that are not Scheduler operations", () =>
      withFake(Effect.gen(function*() {
        expect((yield* get("/scheduler/nope")).status).toBe(404)
        expect((yield* api("PUT", `/scheduler/events/${ids.event}`)).status).toBe(404)
        const outside = yield* api("GET", "/scheduler/events", { base: "https://api.zoom.us/v1" })
        expect(outside.status).toBe(404)
        expect(outside.json.code).toBe(404)
      })))

    it.effect("routes on the path whatever the host", () =>
      withFake(Effect.gen(function*() {
        const reply = yield* api("GET", "/scheduler/users/me", { base: "http://localhost:1234/v2" })
        expect(reply.status).toBe(200)
      })))
  })

  describe("users.get", () => {
    it.effect("returns the token's user for 'me', with exactly the spec's fields", () =>
      withFake(Effect.gen(function*() {
        const reply = yield* get("/scheduler/users/me")
        expect(reply.status).toBe(200)
        expect(reply.json).toEqual({
          slug: "olive",
          scheduling_url: "https://scheduler.zoom.us/olive",
          display_name: "Olive Owner",
          time_zone: "America/New_York"
        })
      })))

    it.effect("finds users by id or (percent-encoded) email, 404 otherwise", () =>
      withFake(Effect.gen(function*() {
        expect((yield* get("/scheduler/users/other-id")).json.display_name).toBe("Otto Other")
        expect((yield* get("/scheduler/users/other%40example.com")).json.display_name).toBe("Otto Other")
        const missing = yield* get("/scheduler/users/ghost%20user")
        expect(missing.status).toBe(404)
        expect(missing.json).toEqual({ code: 404, message: "User does not exist: ghost user." })
      })))
  })

  describe("analytics.report", () => {
    it.effect("reports the period and the previous one", () =>
      withFake(Effect.gen(function*() {
        const reply = yield* get("/scheduler/analytics?from=2030-01-01T00:00:00Z&to=2030-01-31T00:00:00Z&time_zone=UTC")
        expect(reply.status).toBe(200)
        expect(Object.keys(reply.json).sort()).toEqual([
          "event_distribution_by_duration",
          "last_n_days",
          "popular_schedules",
          "popular_time_of_day",
          "popular_time_of_week",
          "previous_period",
          "users_with_least_events",
          "users_with_most_events"
        ])
        expect(reply.json.event_distribution_by_duration).toEqual([{ "30": 1 }])
        expect(reply.json.popular_schedules).toEqual([{ "Intro Call": 1 }])
        expect(reply.json.popular_time_of_week).toEqual([{ Mon: 1 }])
        expect(reply.json.popular_time_of_day).toEqual([{ "15": 1 }])
        expect(reply.json.users_with_most_events).toEqual([{ "Olive Owner": 1 }])
        expect(reply.json.last_n_days.one_to_one).toBe(0)
      })))

    it.effect("validates from/to and resolves user_id", () =>
      withFake(Effect.gen(function*() {
        const bad = yield* get("/scheduler/analytics?from=2030-01-01")
        expect(bad.status).toBe(400)
        expect(bad.json.code).toBe(300)
        expect(bad.json.errors[0].field).toBe("from")
        const reversed = yield* get("/scheduler/analytics?from=2030-02-01T00:00:00Z&to=2030-01-01T00:00:00Z")
        expect(reversed.status).toBe(400)
        const all = yield* get("/scheduler/analytics?user_id=all&from=2030-01-01T00:00:00Z&to=2030-01-31T00:00:00Z")
        expect(all.json.users_with_least_events).toEqual([{ "Otto Other": 0 }, { "Olive Owner": 1 }])
        expect((yield* get("/scheduler/analytics?user_id=ghost")).status).toBe(404)
      })))
  })

  describe("availability", () => {
    it.effect("creates (201), reads (200), updates (204), deletes (204)", () =>
      withFake(Effect.gen(function*() {
        const created = yield* post("/scheduler/availability", {
          name: "Evenings",
          time_zone: "Europe/Berlin",
          segments_recurrence: { mon: [{ start: "18:00", end: "21:00" }] },
          segments: [{ start: "2030-01-08T18:00:00Z", end: "2030-01-08T20:00:00Z" }]
        })
        expect(created.status).toBe(201)
        const id = created.json.availability_id
        expect(created.json).toEqual({
          availability_id: id,
          default: false,
          name: "Evenings",
          owner: "owner-id",
          segments_recurrence: { mon: [{ start: "18:00", end: "21:00" }] },
          time_zone: "Europe/Berlin",
          segments: [{ start: "2030-01-08T18:00:00Z", end: "2030-01-08T20:00:00Z" }]
        })
        const read = yield* get(`/scheduler/availability/${id}`)
        expect(read.status).toBe(200)
        expect(read.json.name).toBe("Evenings")
        expect(read.json.segments).toBeUndefined()

        const updated = yield* patch(`/scheduler/availability/${id}`, { name: "Late", time_zone: "UTC", default: true })
        expect(updated.status).toBe(204)
        expect(updated.text).toBe("")
        const after = yield* get(`/scheduler/availability/${id}`)
        expect(after.json).toMatchObject({ name: "Late", time_zone: "UTC", default: true })
        expect((yield* get(`/scheduler/availability/${ids.availability}`)).json.default).toBe(false)

        const list = yield* get("/scheduler/availability")
        expect(list.json.items.map((a: { availability_id: string }) => a.availability_id)).toEqual([ids.availability, id])

        expect((yield* del(`/scheduler/availability/${id}`)).status).toBe(204)
        const gone = yield* get(`/scheduler/availability/${id}`)
        expect(gone.status).toBe(404)
        expect(gone.json).toEqual({ code: 404, message: `Availability does not exist: ${id}.` })
        expect((yield* del(`/scheduler/availability/${id}`)).status).toBe(404)
      })))

    it.effect("rejects bodies that break the spec (required name/time_zone, minLength, time zone, JSON)", () =>
      withFake(Effect.gen(function*() {
        const missing = yield* post("/scheduler/availability", {})
        expect(missing.status).toBe(400)
        expect(missing.json).toEqual({
          code: 300,
          message: "Validation Failed.",
          errors: [
            { field: "name", message: "This field is required." },
            { field: "time_zone", message: "This field is required." }
          ]
        })
        const empty = yield* post("/scheduler/availability", { name: "", time_zone: "Mars/Base" })
        expect(empty.json.errors.map((e: { field: string }) => e.field)).toEqual(["name", "time_zone"])
        const badSegment = yield* post("/scheduler/availability", {
          name: "x",
          time_zone: "UTC",
          segments: [{ start: "2030-01-08" }],
          segments_recurrence: { mon: [{ start: "9am", end: "17:00" }] }
        })
        expect(badSegment.json.errors.map((e: { field: string }) => e.field)).toEqual([
          "segments[0].end",
          "segments[0].start",
          "segments_recurrence.mon[0].start"
        ])
        const wrongType = yield* post("/scheduler/availability", { name: 5, time_zone: "UTC", default: "yes" })
        expect(wrongType.json.errors).toEqual([
          { field: "default", message: "Expected a boolean, got string." },
          { field: "name", message: "Expected a string, got number." }
        ])
        const notJson = yield* api("POST", "/scheduler/availability", { raw: "{name:" })
        expect(notJson.status).toBe(400)
        expect(notJson.json).toEqual({ code: 300, message: "Request Body should be a valid JSON object." })
        const patchMissing = yield* patch(`/scheduler/availability/${ids.availability}`, { name: "only a name" })
        expect(patchMissing.status).toBe(400)
        expect(patchMissing.json.errors).toEqual([{ field: "time_zone", message: "This field is required." }])
        expect((yield* patch("/scheduler/availability/nope", { name: "x", time_zone: "UTC" })).status).toBe(404)
      })))
  })

  describe("schedules", () => {
    const minimal = { availability_override: false, availability_rules: [], capacity: 1 }

    it.effect("creates a schedule with Zoom's defaults (201) and reads it back", () =>
      withFake(Effect.gen(function*() {
        const created = yield* post("/scheduler/schedules", { ...minimal, summary: "Demo Day", duration: 45 })
        expect(created.status).toBe(201)
        const s = created.json
        expect(s).toMatchObject({
          summary: "Demo Day",
          duration: 45,
          capacity: 1,
          status: "confirmed",
          active: true,
          slug: "demo-day",
          scheduling_url: "https://scheduler.zoom.us/olive/demo-day",
          add_on_type: "zoomMeeting",
          schedule_type: "one",
          interval_type: "unlimited",
          creator: { display_name: "Olive Owner", email: "owner@example.com", self: true },
          organizer: { display_name: "Olive Owner", email: "owner@example.com", self: true }
        })
        expect(typeof s.schedule_id).toBe("string")
        expect(s.updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
        const read = yield* get(`/scheduler/schedules/${s.schedule_id}`)
        expect(read.status).toBe(200)
        expect(read.json).toEqual(s)
      })))

    it.effect("creates for another user with user_id (admin)", () =>
      withFake(Effect.gen(function*() {
        const created = yield* post("/scheduler/schedules?user_id=other-id", minimal)
        expect(created.json.creator).toEqual({ display_name: "Otto Other", email: "other@example.com", self: false })
        const others = yield* get("/scheduler/schedules?user_id=other-id")
        expect(others.json.items.map((s: { schedule_id: string }) => s.schedule_id)).toEqual([created.json.schedule_id])
      })))

    it.effect("requires availability_override, availability_rules and capacity only (not the spec's phantom end/start/type)", () =>
      withFake(Effect.gen(function*() {
        const reply = yield* post("/scheduler/schedules", {})
        expect(reply.status).toBe(400)
        expect(reply.json.errors.map((e: { field: string }) => e.field)).toEqual([
          "availability_override",
          "availability_rules",
          "capacity"
        ])
      })))

    it.effect("enforces ranges, lengths, enums and custom field keys", () =>
      withFake(Effect.gen(function*() {
        const fields = (body: object) =>
          Effect.map(post("/scheduler/schedules", { ...minimal, ...body }), (r) => {
            expect(r.status).toBe(400)
            return r.json.errors.map((e: { field: string }) => e.field)
          })
        expect(yield* fields({ capacity: 0 })).toEqual(["capacity"])
        expect(yield* fields({ capacity: 201 })).toEqual(["capacity"])
        expect(yield* fields({ duration: 14 })).toEqual(["duration"])
        expect(yield* fields({ duration: 1441 })).toEqual(["duration"])
        expect(yield* fields({ slug: "ab" })).toEqual(["slug"])
        expect(yield* fields({ slug: "x".repeat(257) })).toEqual(["slug"])
        expect(yield* fields({ summary: "x".repeat(257), description: "x".repeat(8193) })).toEqual(["description", "summary"])
        expect(yield* fields({ add_on_type: "skype", schedule_type: "many" })).toEqual(["add_on_type", "schedule_type"])
        expect(yield* fields({ buffer: { before: 241 }, cushion: -1, booking_limit: 97, start_time_increment: 4 })).toEqual([
          "booking_limit",
          "buffer.before",
          "cushion",
          "start_time_increment"
        ])
        expect(yield* fields({ custom_fields: [{ name: "Q" }] })).toEqual([
          "custom_fields[0].enabled",
          "custom_fields[0].format",
          "custom_fields[0].include_other",
          "custom_fields[0].position",
          "custom_fields[0].required"
        ])
        expect(
          yield* fields({
            custom_fields: [{
              enabled: true,
              format: "choices_one",
              include_other: false,
              name: "Q",
              position: 0,
              required: false,
              answer_choices: []
            }]
          })
        ).toEqual(["custom_fields[0].answer_choices"])
        expect(yield* fields({ start_date: "2030-02-30" })).toEqual(["start_date"])
        expect(yield* fields({ availability_rules: [{ availability_id: "missing" }] })).toEqual([
          "availability_rules[0].availability_id"
        ])
        // Boundaries are accepted.
        const ok = yield* post("/scheduler/schedules", { ...minimal, capacity: 200, duration: 1440, slug: "abc" })
        expect(ok.status).toBe(201)
      })))

    it.effect("updates (204), deletes (204, then 409) and hides deleted schedules unless show_deleted", () =>
      withFake(Effect.gen(function*() {
        const updated = yield* patch(`/scheduler/schedules/${ids.schedule}`, { summary: "Renamed", capacity: 3 })
        expect(updated.status).toBe(204)
        expect(updated.text).toBe("")
        expect((yield* get(`/scheduler/schedules/${ids.schedule}`)).json).toMatchObject({ summary: "Renamed", capacity: 3 })
        expect((yield* patch(`/scheduler/schedules/${ids.schedule}`, { capacity: 0 })).status).toBe(400)
        expect((yield* patch("/scheduler/schedules/nope", { capacity: 2 })).status).toBe(404)

        expect((yield* del(`/scheduler/schedules/${ids.schedule}`)).status).toBe(204)
        const again = yield* del(`/scheduler/schedules/${ids.schedule}`)
        expect(again.status).toBe(409)
        expect(again.json.code).toBe(409)
        expect((yield* get("/scheduler/schedules")).json.items).toEqual([])
        const deleted = yield* get("/scheduler/schedules?show_deleted=true")
        expect(deleted.json.items.map((s: { status: string }) => s.status)).toEqual(["cancelled"])
        expect((yield* get(`/scheduler/schedules/${ids.schedule}`)).json.status).toBe("cancelled")
        const unknown = yield* del("/scheduler/schedules/nope")
        expect(unknown.status).toBe(404)
        expect(unknown.json).toEqual({ code: 404, message: "Schedule does not exist: nope." })
      })))

    it.effect("filters schedules by their date range (from/to)", () =>
      withFake(Effect.gen(function*() {
        const fixed = yield* post("/scheduler/schedules", {
          ...minimal,
          interval_type: "fixed",
          start_date: "2031-03-01",
          end_date: "2031-03-31"
        })
        const id = fixed.json.schedule_id
        const listed = (query: string) =>
          Effect.map(get(`/scheduler/schedules?${query}`), (r) => r.json.items.map((s: { schedule_id: string }) => s.schedule_id))
        expect(yield* listed("from=2031-04-01T00:00:00Z")).toEqual([ids.schedule])
        expect(yield* listed("from=2031-03-15T00:00:00Z&to=2031-03-16T00:00:00Z")).toContain(id)
        expect(yield* listed("to=2031-02-01T00:00:00Z")).not.toContain(id)
        expect((yield* get("/scheduler/schedules?from=yesterday")).status).toBe(400)
      })))

    it.effect("creates single-use links (201) for existing schedules", () =>
      withFake(Effect.gen(function*() {
        const link = yield* post("/scheduler/schedules/single_use_link", { schedule_id: ids.schedule })
        expect(link.status).toBe(201)
        expect(link.json.scheduling_url).toMatch(/^https:\/\/scheduler\.zoom\.us\/manage\/[a-z0-9]{26}$/)
        expect((yield* post("/scheduler/schedules/single_use_link", {})).json.errors).toEqual([
          { field: "schedule_id", message: "This field is required." }
        ])
        expect((yield* post("/scheduler/schedules/single_use_link", { schedule_id: "nope" })).status).toBe(404)
        expect((yield* post(`/scheduler/schedules/single_use_link?team_id=nope`, { schedule_id: ids.schedule })).status)
          .toBe(404)
        const fake = yield* FakeZoom.FakeZoom
        expect((yield* fake.snapshot).singleUseLinks).toHaveLength(1)
      })))
  })

  describe("events", () => {
    it.effect("reads an event with the spec's fields", () =>
      withFake(Effect.gen(function*() {
        const reply = yield* get(`/scheduler/events/${ids.event}`)
        expect(reply.status).toBe(200)
        const e = reply.json
        expect(e).toMatchObject({
          event_id: ids.event,
          schedule_id: ids.schedule,
          start_date_time: "2030-01-07T15:00:00Z",
          end_date_time: "2030-01-07T15:30:00Z",
          status: "confirmed",
          summary: "Intro Call",
          event_type: "default",
          guests: []
        })
        expect(e.attendees).toHaveLength(1)
        expect(e.attendees[0]).toMatchObject({
          booker: true,
          email: "ann@example.org",
          first_name: "Ann",
          last_name: "Lee",
          display_name: "Ann Lee",
          time_zone: "Asia/Tokyo",
          no_show: false
        })
        expect(e.external_location).toMatchObject({ kind: "zoom" })
        expect(e.external_location.meeting_join_url).toBe(`https://zoom.us/j/${e.external_location.meeting_id}`)
        const missing = yield* get("/scheduler/events/nope")
        expect(missing.status).toBe(404)
        expect(missing.json).toEqual({ code: 404, message: "Scheduled event does not exist: nope." })
      })))

    it.effect("reads an attendee (events.getAttendee)", () =>
      withFake(Effect.gen(function*() {
        const id = yield* attendeeId
        const reply = yield* get(`/scheduler/events/${ids.event}/attendees/${id}`)
        expect(reply.status).toBe(200)
        expect(reply.json).toMatchObject({
          attendee_id: id,
          event_id: ids.event,
          schedule_id: ids.schedule,
          email: "ann@example.org",
          custom_values: []
        })
        expect(reply.json.booker).toBeUndefined()
        expect((yield* get(`/scheduler/events/${ids.event}/attendees/nope`)).status).toBe(404)
        expect((yield* get(`/scheduler/events/nope/attendees/${id}`)).status).toBe(404)
      })))

    it.effect("updates notes and no-shows (204) and validates the patch", () =>
      withFake(Effect.gen(function*() {
        const id = yield* attendeeId
        const reply = yield* patch(`/scheduler/events/${ids.event}`, {
          meeting_notes: "Bring slides",
          attendees: [{ attendee_id: id, no_show: true }]
        })
        expect(reply.status).toBe(204)
        expect(reply.text).toBe("")
        const after = (yield* get(`/scheduler/events/${ids.event}`)).json
        expect(after.meeting_notes).toBe("Bring slides")
        expect(after.attendees[0].no_show).toBe(true)

        const bad = yield* patch(`/scheduler/events/${ids.event}`, { status: "maybe", meeting_notes: "x".repeat(1025) })
        expect(bad.status).toBe(400)
        expect(bad.json.errors).toEqual([
          { field: "status", message: "Must be one of: confirmed, cancelled." },
          { field: "meeting_notes", message: "Length must be at most 1024." }
        ])
        expect((yield* patch(`/scheduler/events/${ids.event}`, { meeting_notes: "x".repeat(1024) })).status).toBe(204)
        const stranger = yield* patch(`/scheduler/events/${ids.event}`, { attendees: [{ email: "stranger@example.org" }] })
        expect(stranger.json.errors[0].field).toBe("attendees[0]")
        expect((yield* patch("/scheduler/events/nope", { meeting_notes: "x" })).status).toBe(404)
      })))

    it.effect("cancels with PATCH status=cancelled and with DELETE (then 409)", () =>
      withFake(Effect.gen(function*() {
        expect((yield* patch(`/scheduler/events/${ids.event}`, { status: "cancelled" })).status).toBe(204)
        expect((yield* get(`/scheduler/events/${ids.event}`)).json.status).toBe("cancelled")
        expect((yield* patch(`/scheduler/events/${ids.event}`, { status: "confirmed" })).status).toBe(204)
        expect((yield* del(`/scheduler/events/${ids.event}`)).status).toBe(204)
        expect((yield* del(`/scheduler/events/${ids.event}`)).status).toBe(409)
        expect((yield* del("/scheduler/events/nope")).status).toBe(404)
        const fake = yield* FakeZoom.FakeZoom
        const event = yield* fake.getEvent(ids.event)
        expect(event._tag === "Some" && event.value.cancellation).toMatchObject({
          canceled_by: "owner@example.com",
          canceler_type: "host"
        })
      })))
  })

  describe("routing forms, shares and teams", () => {
    it.effect("reads a routing-form response", () =>
      withFake(Effect.gen(function*() {
        const reply = yield* get(`/scheduler/routing/forms/${ids.form}/response/${ids.response}`)
        expect(reply.status).toBe(200)
        expect(reply.json).toMatchObject({
          booked: false,
          creator_email: "lead@example.com",
          form_id: ids.form,
          result_type: "text",
          result_value: "Thanks",
          questions_and_answers: [{ question_id: "q1", question_content: "Team size?", answers: ["12"] }]
        })
        expect((yield* get(`/scheduler/routing/forms/${ids.form}/response/nope`)).status).toBe(404)
      })))

    it.effect("creates shares (201) and validates them", () =>
      withFake(Effect.gen(function*() {
        const reply = yield* post("/scheduler/shares", { schedule_id: ids.schedule, duration: 60, interval_type: "fixed" })
        expect(reply.status).toBe(201)
        expect(Object.keys(reply.json)).toEqual(["scheduling_url"])
        const bad = yield* post("/scheduler/shares", { duration: 10, interval_type: "forever" })
        expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(["schedule_id", "interval_type", "duration"])
        expect((yield* post("/scheduler/shares", { schedule_id: "nope" })).status).toBe(404)
        const fake = yield* FakeZoom.FakeZoom
        expect((yield* fake.snapshot).shares[0]).toMatchObject({
          schedule_id: ids.schedule,
          settings: { duration: 60, interval_type: "fixed" }
        })
      })))

    it.effect("lists the teams of the token's user or of user_id", () =>
      withFake(Effect.gen(function*() {
        const reply = yield* get("/scheduler/teams")
        expect(reply.status).toBe(200)
        expect(reply.json.teams).toEqual([{
          team_id: ids.team,
          owner_id: "owner-id",
          member_count: 2,
          name: "Sales",
          slug: "sales",
          timezone: "America/New_York"
        }])
        expect((yield* get("/scheduler/teams?user_id=other-id")).json.teams).toHaveLength(1)
        expect((yield* get("/scheduler/teams?user_id=nobody")).status).toBe(404)
      })))
  })

  it.effect("adds data at runtime with the handle's seed (generated or explicit)", () =>
    withFake(Effect.gen(function*() {
      const fake = yield* FakeZoom.FakeZoom
      yield* fake.seed({ events: 6, schedulesPerUser: 1, availabilityPerUser: 0, teams: 0, routingResponses: 0 })
      let snapshot = yield* fake.snapshot
      expect(snapshot.users).toHaveLength(2)
      expect(snapshot.schedules).toHaveLength(3)
      expect(snapshot.events).toHaveLength(7)
      yield* fake.seed((s) => {
        s.event({ schedule_id: ids.schedule, start_date_time: "2030-02-01T10:00:00Z", meeting_notes: "seeded later" })
      })
      snapshot = yield* fake.snapshot
      expect(snapshot.events.find((e) => e.meeting_notes === "seeded later")?.attendees[0].email).toBe("invitee@example.org")
      const injected = yield* Effect.exit(fake.inject({ fault: FakeZoom.Fault.status(99) }))
      expect(injected._tag).toBe("Failure")
    })))

  it.effect("counts every operation in the stats under its canonical name", () =>
    withFake(Effect.gen(function*() {
      yield* get("/scheduler/users/me")
      yield* get("/scheduler/events")
      yield* get("/scheduler/events")
      yield* post("/scheduler/schedules/single_use_link", { schedule_id: ids.schedule })
      const fake = yield* FakeZoom.FakeZoom
      const stats = yield* fake.stats
      expect(stats.byOperation).toEqual({ "users.get": 1, "events.list": 2, "schedules.singleUseLink": 1 })
      expect(stats.byStatus).toEqual({ "200": 3, "201": 1 })
      const log = yield* fake.requests
      expect(log.map((r) => r.operation)).toEqual(["users.get", "events.list", "events.list", "schedules.singleUseLink"])
      expect(log[3]).toMatchObject({
        method: "POST",
        path: "/v2/scheduler/schedules/single_use_link",
        body: { schedule_id: ids.schedule },
        status: 201
      })
      expect(log[0].headers.authorization).toBe("<redacted>")
    })))
})
