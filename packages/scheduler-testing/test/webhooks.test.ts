import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Redacted, TestClock } from "effect"
import { createHmac } from "node:crypto"
import { FakeZoom } from "../src/index.js"
import type { Json } from "./helpers.js"
import { del, patch } from "./helpers.js"

const SECRET = "webhook-secret-token"
const URL = "https://hooks.example.com/zoom"

interface Received {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * A receiving endpoint as an `HttpClient` in the environment of the fake:
 * records each POST and answers with the next status of `statuses` (the
 * last one repeats); `null` never answers.
 */
const receiver = (statuses: ReadonlyArray<number | null> = [200]) => {
  const received: Array<Received> = []
  const client = HttpClient.make((request, url) =>
    Effect.suspend(() => {
      const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
      received.push({ url: url.toString(), headers: request.headers, body })
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]
      if (status === null) return Effect.never
      return Effect.succeed(HttpClientResponse.fromWeb(request, new Response(null, { status })))
    })
  )
  return { received, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

const ids = { schedule: "", group: "", event: "" }

const fakeLayer = (
  statuses?: ReadonlyArray<number | null>,
  webhooks: Partial<FakeZoom.WebhookOptions> = {}
) => {
  const target = receiver(statuses)
  const layer = FakeZoom.layer({
    accountId: "account-1",
    webhooks: { url: URL, secretToken: Redacted.make(SECRET), ...webhooks },
    seed: (s) => {
      s.user({ user_id: "host-id", email: "host@example.com", display_name: "Hana Host", time_zone: "Asia/Shanghai" })
      ids.schedule = s.schedule({ summary: "Intro Call", duration: 30, capacity: 1 })
      ids.group = s.schedule({ summary: "Office Hours", duration: 60, capacity: 2, add_on_type: "offline", location: "Room 1" })
      ids.event = s.event({
        schedule_id: ids.schedule,
        start_date_time: "2030-01-08T02:00:00Z",
        attendees: [{ email: "ann@example.org", first_name: "Ann", last_name: "Lee" }]
      })
    }
  }).pipe(Layer.provide(target.layer))
  return { received: target.received, layer }
}

const fake = FakeZoom.FakeZoom

/** Lets forked deliveries run until `check` holds (no time passes). */
const eventually = (check: () => boolean) =>
  Effect.gen(function*() {
    for (let i = 0; i < 1000 && !check(); i++) yield* Effect.yieldNow()
    expect(check()).toBe(true)
  })

const verify = (received: Received) => {
  const timestamp = received.headers["x-zm-request-timestamp"]
  const expected = "v0=" + createHmac("sha256", SECRET).update(`v0:${timestamp}:${received.body}`).digest("hex")
  expect(received.headers["x-zm-signature"]).toBe(expected)
}

const OBJECT_KEYS = [
  "invitee_email",
  "invitee_first_name",
  "invitee_last_name",
  "manage_url",
  "cancellation",
  "time_zone",
  "questions_and_answers",
  "scheduled_event",
  "tracking",
  "rescheduled",
  "created",
  "text_phone_number"
]
const SCHEDULED_EVENT_KEYS = [
  "event_id",
  "attendees",
  "invitee_counters",
  "end_date_time",
  "guests",
  "location_kind",
  "location",
  "external_location",
  "start_date_time",
  "status",
  "summary",
  "updated",
  "created",
  "meeting_notes"
]

describe("FakeZoom webhooks", () => {
  it.effect("book sends a signed scheduler.scheduled_event_created notification", () => {
    const { layer, received } = fakeLayer()
    return Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2030-01-01T08:00:00Z"))
      const handle = yield* fake
      const booking = yield* handle.book({
        scheduleId: ids.schedule,
        startDateTime: "2030-01-09T02:00:00Z",
        attendee: { email: "bo@example.org", firstName: "Bo", lastName: "Chen", timeZone: "Europe/Paris" },
        guests: ["guest@example.org"],
        notes: "About the demo",
        answers: [{ name: "Anything to prepare?", position: 0, values: ["Slides"] }]
      })
      yield* handle.awaitWebhooks
      expect(received).toHaveLength(1)
      const delivery = received[0]
      expect(delivery.url).toBe(URL)
      expect(delivery.headers["content-type"]).toBe("application/json")
      expect(delivery.headers["x-zm-request-timestamp"]).toBe(String(Date.parse("2030-01-01T08:00:00Z") / 1000))
      expect(delivery.headers["x-zm-request-id"]).toMatch(/^[0-9a-f-]{36}$/)
      verify(delivery)

      const body: Json = JSON.parse(delivery.body)
      expect(Object.keys(body)).toEqual(["event", "event_ts", "payload"])
      expect(body.event).toBe("scheduler.scheduled_event_created")
      expect(body.event_ts).toBe(Date.parse("2030-01-01T08:00:00Z"))
      expect(Object.keys(body.payload)).toEqual(["account_id", "user_id", "object"])
      expect(body.payload.account_id).toBe("account-1")
      expect(body.payload.user_id).toBe("host-id")
      const object = body.payload.object
      for (const key of Object.keys(object)) expect(OBJECT_KEYS).toContain(key)
      expect(object).toMatchObject({
        invitee_email: "bo@example.org",
        invitee_first_name: "Bo",
        invitee_last_name: "Chen",
        time_zone: "Europe/Paris",
        rescheduled: false,
        questions_and_answers: [{ question: "Anything to prepare?", position: 0, answer: ["Slides"] }]
      })
      expect(object.cancellation).toBeUndefined()
      expect(object.manage_url).toMatch(/^https:\/\/scheduler\.zoom\.us\/manage\//)
      const event = object.scheduled_event
      for (const key of Object.keys(event)) expect(SCHEDULED_EVENT_KEYS).toContain(key)
      expect(event).toMatchObject({
        event_id: booking.eventId,
        attendees: [{ display_name: "Bo Chen", email: "bo@example.org" }],
        invitee_counters: { total: 1, active: 1, limit: 1 },
        start_date_time: "2030-01-09T02:00:00Z",
        end_date_time: "2030-01-09T02:30:00Z",
        guests: ["guest@example.org"],
        location_kind: "zoom",
        status: "confirmed",
        summary: "Intro Call",
        meeting_notes: "About the demo"
      })
      expect(event.external_location.kind).toBe("zoom")

      const deliveries = yield* handle.webhookDeliveries
      expect(deliveries).toHaveLength(1)
      expect(deliveries[0]).toMatchObject({
        event: "scheduler.scheduled_event_created",
        eventId: booking.eventId,
        state: "delivered",
        attempts: [{ status: 200 }]
      })
      expect(deliveries[0].body).toBe(delivery.body)
    }).pipe(Effect.provide(layer))
  })

  it.effect("book fails with 404/409/400-style errors and sends nothing", () => {
    const { layer, received } = fakeLayer()
    return Effect.gen(function*() {
      const handle = yield* fake
      const slot = { scheduleId: ids.schedule, startDateTime: "2030-01-08T02:00:00Z" }
      const full = yield* Effect.flip(handle.book({ ...slot, attendee: { email: "x@example.org" } }))
      expect(full._tag).toBe("FakeZoomConflict")
      expect(full.status).toBe(409)
      const missing = yield* Effect.flip(handle.book({ ...slot, scheduleId: "nope", attendee: { email: "x@example.org" } }))
      expect(missing._tag).toBe("FakeZoomNotFound")
      expect(missing.status).toBe(404)
      const invalid = yield* Effect.flip(handle.book({ ...slot, startDateTime: "soon", attendee: { email: "x@example.org" } }))
      expect(invalid._tag).toBe("FakeZoomInvalidInput")
      yield* handle.awaitWebhooks
      expect(received).toHaveLength(0)
    }).pipe(Effect.provide(layer))
  })

  it.effect("group schedules collect attendees on one event up to their capacity", () => {
    const { layer, received } = fakeLayer()
    return Effect.gen(function*() {
      const handle = yield* fake
      const slot = { scheduleId: ids.group, startDateTime: "2030-01-10T09:00:00+08:00" }
      const a = yield* handle.book({ ...slot, attendee: { email: "a@example.org" } })
      const b = yield* handle.book({ ...slot, attendee: { email: "b@example.org", displayName: "Bee" } })
      expect(b.eventId).toBe(a.eventId)
      expect(b.event.attendees.map((x) => [x.email, x.booker])).toEqual([["a@example.org", true], ["b@example.org", false]])
      expect((yield* Effect.flip(handle.book({ ...slot, attendee: { email: "c@example.org" } })))._tag).toBe("FakeZoomConflict")
      yield* handle.awaitWebhooks
      expect(received).toHaveLength(2)
      const second: Json = JSON.parse(received[1].body)
      expect(second.payload.object.invitee_email).toBe("b@example.org")
      expect(second.payload.object.scheduled_event).toMatchObject({
        invitee_counters: { total: 2, active: 2, limit: 2 },
        location_kind: "custom",
        location: { custom_location: "Room 1", location_type: "custom" }
      })
    }).pipe(Effect.provide(layer))
  })

  it.effect("PATCH status=cancelled, DELETE and cancel send scheduler.scheduled_event_canceled", () => {
    const { layer, received } = fakeLayer()
    return Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2030-01-02T00:00:00Z"))
      const handle = yield* fake
      expect((yield* patch(`/scheduler/events/${ids.event}`, { status: "cancelled" })).status).toBe(204)
      const second = yield* handle.book({
        scheduleId: ids.schedule,
        startDateTime: "2030-01-11T02:00:00Z",
        attendee: { email: "dee@example.org" }
      })
      expect((yield* del(`/scheduler/events/${second.eventId}`)).status).toBe(204)
      const third = yield* handle.book({
        scheduleId: ids.schedule,
        startDateTime: "2030-01-12T02:00:00Z",
        attendee: { email: "eve@example.org" }
      })
      yield* handle.cancel(third.eventId, "Found another slot")
      expect((yield* Effect.flip(handle.cancel(third.eventId)))._tag).toBe("FakeZoomConflict")
      expect((yield* Effect.flip(handle.cancel("nope")))._tag).toBe("FakeZoomNotFound")
      yield* handle.awaitWebhooks

      const bodies: Array<Json> = received.map((r) => JSON.parse(r.body))
      expect(bodies.map((b) => b.event)).toEqual([
        "scheduler.scheduled_event_canceled",
        "scheduler.scheduled_event_created",
        "scheduler.scheduled_event_canceled",
        "scheduler.scheduled_event_created",
        "scheduler.scheduled_event_canceled"
      ])
      received.forEach(verify)
      expect(bodies[0].payload.object).toMatchObject({
        invitee_email: "ann@example.org",
        cancellation: { canceled_by: "host@example.com", canceler_type: "host", cancel_at: "2030-01-02T00:00:00Z" },
        scheduled_event: { event_id: ids.event, status: "cancelled", invitee_counters: { total: 1, active: 0, limit: 1 } }
      })
      expect(bodies[2].payload.object.cancellation.canceler_type).toBe("host")
      expect(bodies[4].payload.object.cancellation).toEqual({
        canceled_by: "eve@example.org",
        canceler_type: "invitee",
        cancel_at: "2030-01-02T00:00:00Z",
        reason: "Found another slot"
      })
      for (const body of bodies) {
        for (const key of Object.keys(body.payload.object)) expect(OBJECT_KEYS).toContain(key)
      }
    }).pipe(Effect.provide(layer))
  })

  it.effect("retries a failed delivery after 1 s, then 5 s (TestClock), then records success", () => {
    const { layer, received } = fakeLayer([500, 503, 200])
    return Effect.gen(function*() {
      const handle = yield* fake
      yield* handle.book({ scheduleId: ids.schedule, startDateTime: "2030-01-09T02:00:00Z", attendee: { email: "r@example.org" } })
      const done = yield* Effect.fork(handle.awaitWebhooks)
      yield* eventually(() => received.length === 1)
      yield* TestClock.adjust("999 millis")
      expect(received).toHaveLength(1)
      yield* TestClock.adjust("1 millis")
      yield* eventually(() => received.length === 2)
      yield* TestClock.adjust("5 seconds")
      yield* Fiber.join(done)
      expect(received).toHaveLength(3)
      expect(received.map((r) => r.headers["x-zm-request-id"])).toEqual(Array(3).fill(received[0].headers["x-zm-request-id"]))
      expect(received[2].headers["x-zm-request-timestamp"]).toBe("6")
      received.forEach(verify)
      const [delivery] = yield* handle.webhookDeliveries
      expect(delivery.state).toBe("delivered")
      expect(delivery.attempts.map((a) => [a.at, a.status])).toEqual([[0, 500], [1000, 503], [6000, 200]])
      expect((yield* handle.stats).webhooks).toEqual({ pending: 0, delivered: 1, failed: 0, attempts: 3 })
    }).pipe(Effect.provide(layer))
  })

  it.effect("gives up after the bounded attempts; unanswered attempts time out", () => {
    const { layer, received } = fakeLayer([null, 500], { retryDelays: ["2 seconds"], timeout: "1 second" })
    return Effect.gen(function*() {
      const handle = yield* fake
      yield* handle.book({ scheduleId: ids.schedule, startDateTime: "2030-01-09T02:00:00Z", attendee: { email: "r@example.org" } })
      const done = yield* Effect.fork(handle.awaitWebhooks)
      yield* TestClock.adjust("1 second")
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(done)
      expect(received).toHaveLength(2)
      const [delivery] = yield* handle.webhookDeliveries
      expect(delivery.state).toBe("failed")
      expect(delivery.attempts).toHaveLength(2)
      expect(delivery.attempts[0].error).toContain("No answer within")
      expect(delivery.attempts[1].status).toBe(500)
      expect((yield* handle.stats).webhooks.failed).toBe(1)
    }).pipe(Effect.provide(layer))
  })

  it.effect("registerWebhook adds subscriptions at runtime", () => {
    const { layer, received } = fakeLayer()
    return Effect.gen(function*() {
      const handle = yield* fake
      yield* handle.registerWebhook({ url: "https://second.example.com/hook", secretToken: "other-secret" })
      yield* handle.book({ scheduleId: ids.schedule, startDateTime: "2030-01-09T02:00:00Z", attendee: { email: "r@example.org" } })
      yield* handle.awaitWebhooks
      expect(received.map((r) => r.url)).toEqual([URL, "https://second.example.com/hook"])
      const second = received[1]
      const expected = "v0=" +
        createHmac("sha256", "other-secret").update(`v0:${second.headers["x-zm-request-timestamp"]}:${second.body}`).digest(
          "hex"
        )
      expect(second.headers["x-zm-signature"]).toBe(expected)
    }).pipe(Effect.provide(layer))
  })
})
