/**
 * One schema vocabulary: REST and webhook payloads share their sub-schemas,
 * and the helpers' `null` handling is the one their names say.
 */
import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import * as Events from "../src/Events.js"
import { openEnum, optional, optionalFrom, optionalInput, required } from "../src/internal/schema.js"
import * as WebhookEvents from "../src/WebhookEvents.js"

describe("one vocabulary for REST and webhooks", () => {
  it("webhook payloads are built from the REST sub-schemas", () => {
    expect(WebhookEvents.Attendee).toBe(Events.Attendee)
    expect(WebhookEvents.ExternalLocation).toBe(Events.ExternalLocation)
    expect(WebhookEvents.ScheduledEventStatus).toBe(Events.ScheduledEventStatus)
    expect(WebhookEvents.ExternalLocationKind).toBe(Events.ExternalLocationKind)
    for (const [key, field] of Object.entries(Events.scheduledEventFields)) {
      expect([key, WebhookEvents.ScheduledEvent.fields[key as keyof typeof Events.scheduledEventFields]]).toEqual([
        key,
        field
      ])
      expect([key, Events.ScheduledEvent.fields[key as keyof typeof Events.scheduledEventFields]]).toEqual([key, field])
    }
  })

  it("the only differences are the ones Zoom's two documents have", () => {
    const shared = new Set(Object.keys(Events.scheduledEventFields))
    const restOnly = Object.keys(Events.ScheduledEvent.fields).filter((key) => !shared.has(key)).sort()
    const webhookOnly = Object.keys(WebhookEvents.ScheduledEvent.fields).filter((key) => !shared.has(key)).sort()
    expect(restOnly).toEqual(["description", "eventType", "location", "scheduleId", "trackingParams"])
    expect(webhookOnly).toEqual(["created", "inviteeCounters", "location", "locationKind"])
  })

  it("the deprecated zoom location's meeting data is ExternalLocation's identity under zoom_ keys", () => {
    const rest = Schema.decodeUnknownSync(Events.ExternalLocation)({
      meeting_id: "1234567890",
      personal_meeting_id: "98656786887",
      meeting_passcode: "dnjchd"
    })
    const webhook = Schema.decodeUnknownSync(WebhookEvents.ZoomMeetingData)({
      zoom_meeting_id: "1234567890",
      zoom_personal_meeting_id: "98656786887",
      zoom_meeting_passcode: "dnjchd",
      meeting_id: "not read: the unprefixed key belongs to external_location"
    })
    expect(webhook).toStrictEqual({
      zoomMeetingId: rest.meetingId,
      zoomPersonalMeetingId: rest.personalMeetingId,
      zoomMeetingPasscode: rest.meetingPasscode
    })
    expect(Schema.encodeSync(WebhookEvents.ZoomMeetingData)(webhook)).toStrictEqual({
      zoom_meeting_id: "1234567890",
      zoom_personal_meeting_id: "98656786887",
      zoom_meeting_passcode: "dnjchd"
    })
    expect(Object.keys(WebhookEvents.ZoomMeetingData.fields).sort()).toEqual(
      ["zoomMeetingId", "zoomMeetingPasscode", "zoomPersonalMeetingId"]
    )
  })

  it("a REST event and a webhook event decode their shared wire keys to the same values", () => {
    const wire = {
      event_id: "e1",
      status: "confirmed",
      start_date_time: "2023-12-21T16:00:00Z",
      attendees: [{ display_name: "Jane", email: "jane@example.com" }],
      external_location: { kind: "zoom", meeting_join_url: "https://zoom.us/j/1" }
    }
    const rest = Schema.decodeUnknownSync(Events.ScheduledEvent)(wire)
    const webhook = Schema.decodeUnknownSync(WebhookEvents.ScheduledEvent)(wire)
    expect({ ...rest }).toStrictEqual(webhook)
  })
})

describe("helpers: null handling in the name", () => {
  const Answer = Schema.Struct({ a: optional(Schema.String), b: optionalFrom(Schema.Number, "b_wire") })
  const Input = Schema.Struct({ a: optionalInput(Schema.String, "a_wire"), r: required(Schema.String) })

  it("optional / optionalFrom: absent or null on the wire read as absent, never written as null", () => {
    const decode = Schema.decodeUnknownSync(Answer)
    expect(decode({ a: null, b_wire: null })).toStrictEqual({})
    expect(decode({})).toStrictEqual({})
    expect(decode({ a: "x", b_wire: 1 })).toStrictEqual({ a: "x", b: 1 })
    expect(Schema.encodeSync(Answer)({})).toStrictEqual({})
  })

  it("optionalInput: absent stays absent, null is refused; required refuses null and absence", () => {
    const encode = Schema.encodeEither(Input)
    expect(encode({ r: "x" })).toStrictEqual(Either.right({ r: "x" }))
    expect(Either.isLeft(encode({ a: null, r: "x" } as never))).toBe(true)
    expect(Either.isLeft(encode({ r: null } as never))).toBe(true)
    expect(Either.isLeft(encode({} as never))).toBe(true)
  })

  it("webhook payloads follow the same rule: a null field reads as absent", () => {
    const event = Schema.decodeUnknownSync(WebhookEvents.WebhookEvent)({
      event: "scheduler.scheduled_event_created",
      event_ts: 1,
      payload: { account_id: null, object: { invitee_email: null, scheduled_event: { event_id: "e", summary: null } } }
    })
    expect(event).toStrictEqual({
      _tag: "ScheduledEventCreated",
      event: "scheduler.scheduled_event_created",
      eventTs: 1,
      payload: { object: { scheduledEvent: { eventId: "e" } } }
    })
  })

  it("openEnum keeps the known literals and any value added later", () => {
    const Kind = openEnum("a", "b")
    expect(Schema.decodeUnknownSync(Kind)("later")).toBe("later")
    expect(Either.isLeft(Schema.decodeUnknownEither(Kind)(1))).toBe(true)
  })
})
