/**
 * Every operation sends exactly the request Zoom's spec describes (method,
 * path, query, JSON body) and decodes Zoom's spec-shaped answer into
 * camelCase. Request values are the connector documentation's samples,
 * translated.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, Redacted } from "effect"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
import * as F from "./support/fixtures.js"
import { clientLayer, json, noContent, recorder, TOKEN } from "./support/recordingHttp.js"
import type { Handler, RecordedRequest } from "./support/recordingHttp.js"

const withClient = <A, E>(
  handler: Handler,
  f: (zoom: ZoomScheduler.Service) => Effect.Effect<A, E>
): Effect.Effect<{ result: A; requests: Array<RecordedRequest> }, E> => {
  const rec = recorder(handler)
  return Effect.flatMap(ZoomScheduler.ZoomScheduler, f).pipe(
    Effect.map((result) => ({ result, requests: rec.requests })),
    Effect.provide(clientLayer(rec))
  )
}

const only = (requests: Array<RecordedRequest>): RecordedRequest => {
  expect(requests).toHaveLength(1)
  return requests[0]!
}

describe("users", () => {
  it.effect("get: GET /scheduler/users/{userId} with the bearer token", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(() => json(200, F.userWire), (zoom) => zoom.users.get("me"))
      const req = only(requests)
      expect(req.method).toBe("GET")
      expect(req.url.origin).toBe("https://api.zoom.us")
      expect(req.path).toBe("/v2/scheduler/users/me")
      expect(req.query).toEqual({})
      expect(req.body).toBeUndefined()
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`)
      expect(req.headers.accept).toBe("application/json")
      expect(result.displayName).toBe("name")
      expect(result.timeZone).toBe("America/New York")
      expect(result.schedulingUrl).toBe("https://scheduler.zoom.us/zoom_us")
      expect(result.slug).toBe("zoom_us")
      expect(result.logo).toBe("user logo")
      expect(result.picture).toBe("base64 encoding string")
    }))

  it.effect("get: path parameters are URL-encoded and cannot change the path", () =>
    Effect.gen(function*() {
      const { requests } = yield* withClient(() => json(200, F.userWire), (zoom) => zoom.users.get("../users/me?x=1#y"))
      const req = only(requests)
      expect(req.url.pathname).toBe("/v2/scheduler/users/..%2Fusers%2Fme%3Fx%3D1%23y")
      expect(req.query).toEqual({})
    }))

  it.effect("a null field (as in the connector's samples) decodes as absent", () =>
    Effect.gen(function*() {
      const { result } = yield* withClient(
        () => json(200, { display_name: "Jane Smith", logo: null, unknown_field: 1 }),
        (zoom) => zoom.users.get("me")
      )
      expect(result.displayName).toBe("Jane Smith")
      expect("logo" in result).toBe(false)
    }))
})

describe("analytics", () => {
  it.effect("report: GET /scheduler/analytics with snake_case query", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(200, F.analyticsWire),
        (zoom) =>
          zoom.analytics.report({
            userId: "me",
            from: "2025-01-01T00:00:00Z",
            to: "2025-12-31T00:00:00-05:00",
            timeZone: "America/New_York"
          })
      )
      const req = only(requests)
      expect(req.method).toBe("GET")
      expect(req.path).toBe("/v2/scheduler/analytics")
      expect(req.query).toEqual({
        user_id: "me",
        from: "2025-01-01T00:00:00Z",
        to: "2025-12-31T00:00:00-05:00",
        time_zone: "America/New_York"
      })
      expect(result.lastNDays?.scheduledEventsCreated).toBe(10)
      expect(result.lastNDays?.scheduledEventsCompleted).toBe(9)
      expect(result.previousPeriod?.oneToMany).toBe(1)
      expect(result.popularSchedules).toEqual([{ "Test 1-1": 5 }])
      expect(result.eventDistributionByDuration).toEqual([{ "30": 65 }, { "45": 15 }])
    }))

  it.effect("report without a query sends no query string", () =>
    Effect.gen(function*() {
      const { requests } = yield* withClient(() => json(200, {}), (zoom) => zoom.analytics.report())
      expect(only(requests).url.search).toBe("")
    }))
})

describe("availability", () => {
  it.effect("list: GET /scheduler/availability, one page", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(200, { next_page_token: "tok-2", items: [F.availabilityWire] }),
        (zoom) => zoom.availability.list({ userId: "me", pageSize: 10 })
      )
      const req = only(requests)
      expect(req.method).toBe("GET")
      expect(req.path).toBe("/v2/scheduler/availability")
      expect(req.query).toEqual({ user_id: "me", page_size: "10" })
      expect(result.nextPageToken).toEqual(Option.some("tok-2"))
      expect(result.items[0]?.availabilityId).toBe("x3h1u4id4liffdyszsp8kpxl80")
      expect(result.items[0]?.segmentsRecurrence?.mon).toEqual([{ start: "09:00", end: "17:00" }])
      expect(result.items[0]?.default).toBe(true)
    }))

  it.effect("create: POST /scheduler/availability with the snake_case body, 201", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(201, { ...F.availabilityWire, availability_id: "avail-002", default: false }),
        (zoom) =>
          zoom.availability.create({
            name: "Extended Office Hours",
            timeZone: "America/New_York",
            default: false,
            segmentsRecurrence: {
              mon: [{ start: "08:00", end: "18:00" }],
              fri: [{ start: "08:00", end: "16:00" }]
            }
          })
      )
      const req = only(requests)
      expect(req.method).toBe("POST")
      expect(req.path).toBe("/v2/scheduler/availability")
      expect(req.headers["content-type"]).toBe("application/json")
      expect(req.body).toEqual({
        name: "Extended Office Hours",
        time_zone: "America/New_York",
        default: false,
        segments_recurrence: {
          mon: [{ start: "08:00", end: "18:00" }],
          fri: [{ start: "08:00", end: "16:00" }]
        }
      })
      expect(result.availabilityId).toBe("avail-002")
    }))

  it.effect("get: GET /scheduler/availability/{availabilityId}", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(200, F.availabilityWire),
        (zoom) => zoom.availability.get("avail-001")
      )
      const req = only(requests)
      expect([req.method, req.path]).toEqual(["GET", "/v2/scheduler/availability/avail-001"])
      expect(result.timeZone).toBe("Asia/Shanghai")
    }))

  it.effect("update: PATCH with the full body, 204 is void", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => noContent(),
        (zoom) =>
          zoom.availability.update("avail-001", {
            name: "Business Hours Updated",
            timeZone: "America/Chicago",
            segmentsRecurrence: { mon: [{ start: "08:00", end: "17:00" }], fri: [{ start: "08:00", end: "15:00" }] }
          })
      )
      const req = only(requests)
      expect([req.method, req.path]).toEqual(["PATCH", "/v2/scheduler/availability/avail-001"])
      expect(req.body).toEqual({
        name: "Business Hours Updated",
        time_zone: "America/Chicago",
        segments_recurrence: { mon: [{ start: "08:00", end: "17:00" }], fri: [{ start: "08:00", end: "15:00" }] }
      })
      expect(result).toBeUndefined()
    }))

  it.effect("delete: DELETE /scheduler/availability/{availabilityId}", () =>
    Effect.gen(function*() {
      const { requests } = yield* withClient(() => noContent(), (zoom) => zoom.availability.delete("avail-002"))
      const req = only(requests)
      expect([req.method, req.path, req.body]).toEqual(["DELETE", "/v2/scheduler/availability/avail-002", undefined])
    }))
})

describe("schedules", () => {
  it.effect("list: GET /scheduler/schedules with every filter", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(200, { items: [F.scheduleWire] }),
        (zoom) =>
          zoom.schedules.list({
            userId: "me",
            pageSize: 10,
            showDeleted: false,
            from: "2025-01-01T00:00:00Z",
            to: "2025-02-01T00:00:00Z",
            timeZone: "UTC",
            nextPageToken: "abc"
          })
      )
      const req = only(requests)
      expect(req.path).toBe("/v2/scheduler/schedules")
      expect(req.query).toEqual({
        user_id: "me",
        page_size: "10",
        show_deleted: "false",
        from: "2025-01-01T00:00:00Z",
        to: "2025-02-01T00:00:00Z",
        time_zone: "UTC",
        next_page_token: "abc"
      })
      expect(result.nextPageToken).toEqual(Option.none())
      const s = result.items[0]!
      expect(s.scheduleId).toBe("ygfx661g9x8dwcgeusdqhsplc0")
      expect(s.addOnType).toBe("zoomMeeting")
      expect(s.availabilityRules?.[0]?.useCustom).toBe(false)
      expect(s.customFields?.[0]?.includeOther).toBe(false)
      expect(s.customFields?.[0]?.answerChoices).toEqual(["At home"])
      expect(s.creator?.displayName).toBe("name")
      expect(s.startTimeIncrement).toBe(30)
      expect(s.schedulingUrl).toBe("https://scheduler.zoom.us/zoom_us/sales")
    }))

  it.effect("create: POST /scheduler/schedules?user_id=me with the connector sample's body", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(201, { ...F.scheduleWire, schedule_id: "sched-002", slug: "team-sync" }),
        (zoom) =>
          zoom.schedules.create(
            {
              availabilityRules: [{ availabilityId: "avail-001" }],
              capacity: 1,
              availabilityOverride: false,
              summary: "30-min Team Sync",
              duration: 30,
              timeZone: "America/New_York",
              addOnType: "zoomMeeting",
              scheduleType: "one",
              slug: "team-sync",
              customFields: [
                {
                  name: "What would you like to discuss?",
                  format: "text",
                  required: true,
                  enabled: true,
                  includeOther: false,
                  position: 0
                }
              ]
            },
            { userId: "me" }
          )
      )
      const req = only(requests)
      expect([req.method, req.path]).toEqual(["POST", "/v2/scheduler/schedules"])
      expect(req.query).toEqual({ user_id: "me" })
      expect(req.body).toEqual({
        availability_rules: [{ availability_id: "avail-001" }],
        capacity: 1,
        availability_override: false,
        summary: "30-min Team Sync",
        duration: 30,
        time_zone: "America/New_York",
        add_on_type: "zoomMeeting",
        schedule_type: "one",
        slug: "team-sync",
        custom_fields: [
          {
            name: "What would you like to discuss?",
            format: "text",
            required: true,
            enabled: true,
            include_other: false,
            position: 0
          }
        ]
      })
      expect(result.scheduleId).toBe("sched-002")
    }))

  it.effect("get: GET /scheduler/schedules/{scheduleId}?user_id=me", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(200, F.scheduleWire),
        (zoom) => zoom.schedules.get("sched-001", { userId: "me" })
      )
      const req = only(requests)
      expect([req.method, req.path, req.query]).toEqual(["GET", "/v2/scheduler/schedules/sched-001", { user_id: "me" }])
      expect(result.buffer).toEqual({ after: 0, before: 0 })
    }))

  it.effect("update: PATCH /scheduler/schedules/{scheduleId}", () =>
    Effect.gen(function*() {
      const { requests } = yield* withClient(
        () => noContent(),
        (zoom) => zoom.schedules.update("sched-001", { summary: "45-min Intro Call", duration: 45 }, { userId: "me" })
      )
      const req = only(requests)
      expect([req.method, req.path, req.query]).toEqual(["PATCH", "/v2/scheduler/schedules/sched-001", { user_id: "me" }])
      expect(req.body).toEqual({ summary: "45-min Intro Call", duration: 45 })
    }))

  it.effect("delete: DELETE /scheduler/schedules/{scheduleId}", () =>
    Effect.gen(function*() {
      const { requests } = yield* withClient(
        () => noContent(),
        (zoom) => zoom.schedules.delete("sched-002", { userId: "me" })
      )
      const req = only(requests)
      expect([req.method, req.path, req.query]).toEqual(["DELETE", "/v2/scheduler/schedules/sched-002", { user_id: "me" }])
    }))

  it.effect("singleUseLink: POST /scheduler/schedules/single_use_link", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(201, { scheduling_url: "https://scheduler.zoom.us/janesmith/intro-call?token=abc123xyz" }),
        (zoom) => zoom.schedules.singleUseLink({ scheduleId: "sched-001" }, { teamId: "team-1" })
      )
      const req = only(requests)
      expect([req.method, req.path, req.query]).toEqual([
        "POST",
        "/v2/scheduler/schedules/single_use_link",
        { team_id: "team-1" }
      ])
      expect(req.body).toEqual({ schedule_id: "sched-001" })
      expect(result.schedulingUrl).toBe("https://scheduler.zoom.us/janesmith/intro-call?token=abc123xyz")
    }))
})

describe("events", () => {
  it.effect("list: GET /scheduler/events with every filter", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(200, { next_page_token: "", items: [F.eventWire()] }),
        (zoom) =>
          zoom.events.list({
            userId: "me",
            teamId: "team-1",
            pageSize: 10,
            eventType: "pending",
            showDeleted: true,
            search: "94777886776",
            from: "2011-06-03T10:00:00-07:00",
            to: "2011-06-04T10:00:00-07:00",
            timeZone: "UTC",
            orderBy: "startTime"
          })
      )
      const req = only(requests)
      expect(req.path).toBe("/v2/scheduler/events")
      expect(req.query).toEqual({
        user_id: "me",
        team_id: "team-1",
        page_size: "10",
        event_type: "pending",
        show_deleted: "true",
        search: "94777886776",
        from: "2011-06-03T10:00:00-07:00",
        to: "2011-06-04T10:00:00-07:00",
        time_zone: "UTC",
        order_by: "startTime"
      })
      // an empty next_page_token means the last page
      expect(result.nextPageToken).toEqual(Option.none())
      const e = result.items[0]!
      expect(e.eventId).toBe("woft7torlatbw8ek24bmit5k60")
      expect(e.startDateTime).toBe("2023-12-21T16:00:00+08:00")
      expect(e.attendees?.[0]?.attendeeId).toBe("z7q0q2962w8iyj87249zbi7t10")
      expect(e.attendees?.[0]?.noShow).toBe(false)
      expect(e.externalLocation?.meetingJoinUrl).toBe("https://zoom.us/j/7427752805")
      expect(e.trackingParams).toEqual([{ key: "utm_source", label: "UTM_Source", value: "zoom" }])
      expect(e.eventType).toBe("default")
    }))

  it.effect("get: GET /scheduler/events/{eventId}", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(200, { ...F.eventWire("evt-001"), summary: "30-min Intro Call", description: "intro" }),
        (zoom) => zoom.events.get("evt-001", { userId: "me", teamId: "t" })
      )
      const req = only(requests)
      expect([req.method, req.path, req.query]).toEqual(["GET", "/v2/scheduler/events/evt-001", { user_id: "me", team_id: "t" }])
      expect(result.summary).toBe("30-min Intro Call")
      expect(result.meetingNotes).toBe("meeting notes")
    }))

  it.effect("update: PATCH /scheduler/events/{eventId}", () =>
    Effect.gen(function*() {
      const { requests } = yield* withClient(
        () => noContent(),
        (zoom) =>
          zoom.events.update(
            "evt-001",
            {
              status: "cancelled",
              meetingNotes: "Cancelled due to scheduling conflict.",
              attendees: [{ attendeeId: "att-1", noShow: true }]
            },
            { userId: "me" }
          )
      )
      const req = only(requests)
      expect([req.method, req.path, req.query]).toEqual(["PATCH", "/v2/scheduler/events/evt-001", { user_id: "me" }])
      expect(req.body).toEqual({
        status: "cancelled",
        meeting_notes: "Cancelled due to scheduling conflict.",
        attendees: [{ attendee_id: "att-1", no_show: true }]
      })
    }))

  it.effect("delete: DELETE /scheduler/events/{eventId}", () =>
    Effect.gen(function*() {
      const { requests } = yield* withClient(() => noContent(), (zoom) => zoom.events.delete("evt-001", { userId: "me" }))
      const req = only(requests)
      expect([req.method, req.path, req.query]).toEqual(["DELETE", "/v2/scheduler/events/evt-001", { user_id: "me" }])
    }))

  it.effect("getAttendee: GET /scheduler/events/{eventId}/attendees/{attendeeId}", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(200, F.attendeeWire),
        (zoom) => zoom.events.getAttendee("evt 1", "att/2")
      )
      const req = only(requests)
      expect([req.method, req.url.pathname]).toEqual(["GET", "/v2/scheduler/events/evt%201/attendees/att%2F2"])
      expect(result.customValues).toEqual([{ name: "question1", position: 1, values: ["answer"] }])
      expect(result.firstName).toBe("green")
    }))
})

describe("routing forms, shares, teams", () => {
  it.effect("routingForms.getResponse: GET /scheduler/routing/forms/{formId}/response/{responseId}", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(200, F.routingResponseWire),
        (zoom) => zoom.routingForms.getResponse("form-1", "resp-1")
      )
      const req = only(requests)
      expect([req.method, req.path]).toEqual(["GET", "/v2/scheduler/routing/forms/form-1/response/resp-1"])
      expect(result.resultType).toBe("event")
      expect(result.questionsAndAnswers?.[0]?.questionId).toBe("17y6gve91og6ftr8qo86vlfz70")
      expect(result.bookingLink).toBe("https://xyz.com/d/0bedzp07/roundrobin")
    }))

  it.effect("shares.create: POST /scheduler/shares", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(201, { scheduling_url: "https://scheduler.zoom.us/t/tc71av50/one-one-host" }),
        (zoom) =>
          zoom.shares.create({
            scheduleId: "kb1i8qrplqn7r3zmmhphz4uxd0",
            startDate: "2023-12-21",
            endDate: "2023-12-28",
            intervalType: "fixed",
            timeZone: "Asia/Shanghai",
            duration: 30,
            segmentsRecurrence: { mon: [{ start: "09:00", end: "17:00" }] },
            segments: [{ start: "2023-12-21T06:00:00Z", end: "2023-12-21T07:00:00Z" }]
          })
      )
      const req = only(requests)
      expect([req.method, req.path]).toEqual(["POST", "/v2/scheduler/shares"])
      expect(req.body).toEqual({
        schedule_id: "kb1i8qrplqn7r3zmmhphz4uxd0",
        start_date: "2023-12-21",
        end_date: "2023-12-28",
        interval_type: "fixed",
        time_zone: "Asia/Shanghai",
        duration: 30,
        segments_recurrence: { mon: [{ start: "09:00", end: "17:00" }] },
        segments: [{ start: "2023-12-21T06:00:00Z", end: "2023-12-21T07:00:00Z" }]
      })
      expect(result.schedulingUrl).toBe("https://scheduler.zoom.us/t/tc71av50/one-one-host")
    }))

  it.effect("teams.list: GET /scheduler/teams?user_id=…", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient(
        () => json(200, F.teamsWire),
        (zoom) => zoom.teams.list({ userId: "Hrk8hOM-TpaY9t4zlLf-Cg" })
      )
      const req = only(requests)
      expect([req.method, req.path, req.query]).toEqual(["GET", "/v2/scheduler/teams", { user_id: "Hrk8hOM-TpaY9t4zlLf-Cg" }])
      expect(result.teams[0]?.timeZone).toBe("Asia/Shanghai")
      expect(result.teams[0]?.memberCount).toBe(500)
    }))
})

describe("forward compatibility", () => {
  it.effect("unknown fields are ignored and new enum values decode", () =>
    Effect.gen(function*() {
      const { result } = yield* withClient(
        () =>
          json(200, {
            ...F.eventWire("evt-9"),
            status: "tentative",
            event_type: "round_robin",
            brand_new_field: { nested: true }
          }),
        (zoom) => zoom.events.get("evt-9")
      )
      expect(result.status).toBe("tentative")
      expect(result.eventType).toBe("round_robin")
      expect("brand_new_field" in result).toBe(false)
    }))
})

describe("base URL", () => {
  it.effect("a configured base URL is used as is", () =>
    Effect.gen(function*() {
      const rec = recorder(() => json(200, F.userWire))
      yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me")).pipe(
        Effect.provide(clientLayer(rec, { baseUrl: "http://127.0.0.1:4010/v2/" }))
      )
      expect(rec.requests[0]!.url.toString()).toBe("http://127.0.0.1:4010/v2/scheduler/users/me")
    }))

  it.effect("plain http to a non-loopback host is refused unless allowed", () =>
    Effect.gen(function*() {
      const rec = recorder(() => json(200, F.userWire))
      const layer = ZoomScheduler.layer({ baseUrl: "http://api.example.com/v2" })
      const exit = yield* Effect.exit(
        Layer.build(layer).pipe(
          Effect.provide([rec.layer, Credentials.bearer(Redacted.make(TOKEN))]),
          Effect.scoped
        )
      )
      expect(exit._tag).toBe("Failure")
      expect(String(exit)).toContain("refusing plain http")
      const allowed = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me")).pipe(
        Effect.provide(clientLayer(rec, { baseUrl: "http://api.example.com/v2", allowInsecureHttp: true }))
      )
      expect(allowed.slug).toBe("zoom_us")
      expect(rec.requests).toHaveLength(1)
    }))
})
