import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, DateTime, Either, Schema } from "effect"
import * as fc from "fast-check"
import { expectTypeOf } from "vitest"
import * as WebhookEvents from "../src/WebhookEvents.js"

// The `json-example`s of Zoom's Scheduler webhooks OpenAPI document, verbatim.
const createdExample = {
  event: "scheduler.scheduled_event_created",
  event_ts: 1626230691572,
  payload: {
    account_id: "AAAAAABBBB",
    user_id: "dndhfdjdihd",
    object: {
      invitee_email: "john.doe@example.com",
      invitee_first_name: "John",
      invitee_last_name: "Doe",
      manage_url: "https://scheduler.zoom.us/manage/m0o1uf25uq89wllenxxxxxxxxxxxx",
      time_zone: "Asia/Shanghai",
      questions_and_answers: [
        {
          question: "Please share anything that will help prepare for our meeting.",
          position: 0,
          answer: ["First line", "Second line"]
        }
      ],
      scheduled_event: {
        event_id: "woft7torlatbw8ek24bmit5k60",
        attendees: [
          { display_name: "Jane Doe", email: "jane@example.com" },
          { display_name: "David Smith", email: "david@example.com" }
        ],
        end_date_time: "2023-12-21T16:30:00Z",
        guests: ["guest1@example.com", "guest2@example.com"],
        location_kind: "zoom",
        location: {
          custom_location: "123 Main St",
          location_type: "in-person_meeting",
          additional_info: "additional information"
        },
        external_location: {
          kind: "zoom",
          meeting_id: "94777886776",
          personal_meeting_id: "98656786887",
          meeting_passcode: "958000",
          meeting_description: "Invite you to meeting",
          meeting_join_url: "https://zoom.us/j/7427752805"
        },
        start_date_time: "2023-12-21T16:00:00Z",
        status: "confirmed",
        summary: "30 minute meeting",
        updated: "2023-12-21T06:19:28.309Z",
        created: "2023-12-21T06:18:28.309Z",
        meeting_notes: "meeting notes",
        invitee_counters: { total: 1, active: 1, limit: 3 }
      },
      tracking: {
        utm_source: "email",
        utm_medium: "newsletter",
        utm_campaign: "spring_sale",
        utm_content: "booking_link",
        utm_term: "shopping",
        salesforce_ids: [{ sf_person: "0035g00000AbCdEAAZ" }, { sf_relates: "0015g00000AbCdEAAZ" }]
      },
      rescheduled: false,
      created: "2023-12-21T06:18:28.309Z",
      text_phone_number: "+1 83798773"
    }
  }
}

const canceledExample = {
  event: "scheduler.scheduled_event_canceled",
  event_ts: 1626230691572,
  payload: {
    account_id: "AAAAAABBBB",
    user_id: "dndhfdjdihd",
    object: {
      invitee_email: "john.doe@example.com",
      invitee_first_name: "John",
      invitee_last_name: "Doe",
      manage_url: "https://scheduler.zoom.us/manage/m0o1uf25uq89wllenxxxxxxxxxxxx",
      cancellation: {
        canceled_by: "aa@bb.c",
        canceler_type: "host",
        cancel_at: "2023-12-21T16:30:00+08:00",
        reason: "Time conflict"
      },
      time_zone: "Asia/Shanghai",
      questions_and_answers: [
        {
          question: "Please share anything that will help prepare for our meeting.",
          position: 0,
          answer: ["First line", "Second line"]
        }
      ],
      scheduled_event: {
        event_id: "woft7torlatbw8ek24bmit5k60",
        attendees: [
          { display_name: "Jane Doe", email: "jane@example.com" },
          { display_name: "David Smith", email: "david@example.com" }
        ],
        end_date_time: "2023-12-21T16:30:00Z",
        guests: ["guest1@example.com", "guest2@example.com"],
        location_kind: "custom",
        location: {
          custom_location: "123 Main St",
          location_type: "in-person_meeting",
          additional_info: "additional information"
        },
        external_location: {
          kind: "zoom",
          meeting_id: "94777886776",
          personal_meeting_id: "98656786887",
          meeting_passcode: "958000",
          meeting_description: "Invite you to meeting",
          meeting_join_url: "https://zoom.us/j/7427752805"
        },
        start_date_time: "2023-12-21T16:00:00Z",
        status: "confirmed",
        summary: "30 minute meeting",
        updated: "2023-12-21T06:19:28.309Z",
        created: "2023-12-21T06:18:28.309Z",
        meeting_notes: "meeting notes",
        invitee_counters: { total: 1, active: 1, limit: 3 }
      },
      tracking: {
        utm_source: "email",
        utm_medium: "newsletter",
        utm_campaign: "spring_sale",
        utm_content: "booking_link",
        utm_term: "shopping",
        salesforce_ids: [{ sf_person: "0035g00000AbCdEAAZ" }, { sf_relates: "0015g00000AbCdEAAZ" }]
      },
      rescheduled: false,
      created: "2023-12-21T06:18:28.309Z",
      text_phone_number: "+1 48837847"
    }
  }
}

const decodeEvent = Schema.decodeUnknownSync(WebhookEvents.WebhookEvent)
const decodeEventEither = Schema.decodeUnknownEither(WebhookEvents.WebhookEvent)
const decodeNotification = Schema.decodeUnknownSync(WebhookEvents.WebhookNotification)

/** A deep copy of `value` with `mutate` applied to it. */
const variant = <A>(value: A, mutate: (copy: A) => void): A => {
  const copy = structuredClone(value)
  mutate(copy)
  return copy
}

describe("WebhookEvents", () => {
  describe("scheduler.scheduled_event_created", () => {
    it("decodes the spec example into camelCase fields", () => {
      expect(decodeEvent(createdExample)).toStrictEqual({
        _tag: "ScheduledEventCreated",
        event: "scheduler.scheduled_event_created",
        eventTs: 1626230691572,
        payload: {
          accountId: "AAAAAABBBB",
          userId: "dndhfdjdihd",
          object: {
            inviteeEmail: "john.doe@example.com",
            inviteeFirstName: "John",
            inviteeLastName: "Doe",
            manageUrl: "https://scheduler.zoom.us/manage/m0o1uf25uq89wllenxxxxxxxxxxxx",
            timeZone: "Asia/Shanghai",
            questionsAndAnswers: [
              {
                question: "Please share anything that will help prepare for our meeting.",
                position: 0,
                answer: ["First line", "Second line"]
              }
            ],
            scheduledEvent: {
              eventId: "woft7torlatbw8ek24bmit5k60",
              attendees: [
                { displayName: "Jane Doe", email: "jane@example.com" },
                { displayName: "David Smith", email: "david@example.com" }
              ],
              endDateTime: "2023-12-21T16:30:00Z",
              guests: ["guest1@example.com", "guest2@example.com"],
              locationKind: "zoom",
              location: {
                _tag: "CustomLocation",
                customLocation: "123 Main St",
                locationType: "in-person_meeting",
                additionalInfo: "additional information"
              },
              externalLocation: {
                kind: "zoom",
                meetingId: "94777886776",
                personalMeetingId: "98656786887",
                meetingPasscode: "958000",
                meetingDescription: "Invite you to meeting",
                meetingJoinUrl: "https://zoom.us/j/7427752805"
              },
              startDateTime: "2023-12-21T16:00:00Z",
              status: "confirmed",
              summary: "30 minute meeting",
              updated: "2023-12-21T06:19:28.309Z",
              created: "2023-12-21T06:18:28.309Z",
              meetingNotes: "meeting notes",
              inviteeCounters: { total: 1, active: 1, limit: 3 }
            },
            tracking: {
              utmSource: "email",
              utmMedium: "newsletter",
              utmCampaign: "spring_sale",
              utmContent: "booking_link",
              utmTerm: "shopping",
              salesforceIds: [{ sf_person: "0035g00000AbCdEAAZ" }, { sf_relates: "0015g00000AbCdEAAZ" }]
            },
            rescheduled: false,
            created: "2023-12-21T06:18:28.309Z",
            textPhoneNumber: "+1 83798773"
          }
        }
      })
    })

    it("encodes back to exactly the wire example", () => {
      const decoded = decodeEvent(createdExample)
      expect(Schema.encodeSync(WebhookEvents.WebhookEvent)(decoded)).toStrictEqual(createdExample)
    })

    it("decodes with only the required envelope", () => {
      expect(decodeEvent({ event: "scheduler.scheduled_event_created", event_ts: 1, payload: {} })).toStrictEqual({
        _tag: "ScheduledEventCreated",
        event: "scheduler.scheduled_event_created",
        eventTs: 1,
        payload: {}
      })
    })
  })

  describe("scheduler.scheduled_event_canceled", () => {
    it("decodes the spec example, cancellation included", () => {
      const event = decodeEvent(canceledExample)
      expect(event._tag).toBe("ScheduledEventCanceled")
      if (event._tag !== "ScheduledEventCanceled") return
      const object = event.payload.object!
      expect(object.cancellation).toStrictEqual({
        canceledBy: "aa@bb.c",
        cancelerType: "host",
        cancelAt: "2023-12-21T16:30:00+08:00",
        reason: "Time conflict"
      })
      expect(object.textPhoneNumber).toBe("+1 48837847")
      expect(object.scheduledEvent?.locationKind).toBe("custom")
      expect(object.scheduledEvent?.location).toStrictEqual({
        _tag: "CustomLocation",
        customLocation: "123 Main St",
        locationType: "in-person_meeting",
        additionalInfo: "additional information"
      })
      expect(object.questionsAndAnswers?.[0].answer).toStrictEqual(["First line", "Second line"])
      expect(event.payload.accountId).toBe("AAAAAABBBB")
    })

    it("encodes back to exactly the wire example", () => {
      expect(Schema.encodeSync(WebhookEvents.WebhookEvent)(decodeEvent(canceledExample))).toStrictEqual(canceledExample)
    })
  })

  describe("location (oneOf)", () => {
    const withLocation = (location: unknown) =>
      variant(createdExample, (copy) => {
        Object.assign(copy.payload.object.scheduled_event, { location })
      })
    const locationOf = (input: unknown) => {
      const event = decodeEvent(input)
      return event._tag === "UnknownWebhookEvent" ? undefined : event.payload.object?.scheduledEvent?.location
    }

    it("decodes the (deprecated) zoom variant", () => {
      expect(
        locationOf(withLocation({
          zoom_join_url: "https://success.zoom.us/j/123?pwd=abc",
          location_type: "zoom",
          zoom_meeting_data: {
            zoom_meeting_id: "1234567890",
            zoom_meeting_passcode: "dnjchd",
            zoom_personal_meeting_id: "98656786887"
          },
          zoom_meeting_status: "scheduled"
        }))
      ).toStrictEqual({
        _tag: "ZoomLocation",
        zoomJoinUrl: "https://success.zoom.us/j/123?pwd=abc",
        locationType: "zoom",
        zoomMeetingData: {
          zoomMeetingId: "1234567890",
          zoomMeetingPasscode: "dnjchd",
          zoomPersonalMeetingId: "98656786887"
        },
        zoomMeetingStatus: "scheduled"
      })
    })

    it("recognises the zoom variant by its zoom_* properties when location_type is absent", () => {
      expect(locationOf(withLocation({ zoom_join_url: "https://zoom.us/j/1" }))).toStrictEqual({
        _tag: "ZoomLocation",
        zoomJoinUrl: "https://zoom.us/j/1"
      })
    })

    it("decodes every known custom location type, and an empty location, as the custom variant", () => {
      for (const type of ["custom", "in-person_meeting", "outbound_call", "inbound_call", "invitee_specified"]) {
        expect(locationOf(withLocation({ custom_location: "+1 555 0100", location_type: type }))).toStrictEqual({
          _tag: "CustomLocation",
          customLocation: "+1 555 0100",
          locationType: type
        })
      }
      expect(locationOf(withLocation({}))).toStrictEqual({ _tag: "CustomLocation" })
    })

    it("encodes both variants back without their _tag", () => {
      const encode = Schema.encodeSync(WebhookEvents.Location)
      expect(encode({ _tag: "ZoomLocation", locationType: "zoom", zoomJoinUrl: "u" })).toStrictEqual({
        location_type: "zoom",
        zoom_join_url: "u"
      })
      expect(encode({ _tag: "CustomLocation", customLocation: "c" })).toStrictEqual({ custom_location: "c" })
    })
  })

  describe("forward compatibility", () => {
    it("accepts enumeration values Zoom adds later", () => {
      const input = variant(canceledExample, (copy) => {
        Object.assign(copy.payload.object.scheduled_event, {
          status: "tentative",
          location_kind: "webex",
          location: { custom_location: "x", location_type: "carrier_pigeon" }
        })
        copy.payload.object.scheduled_event.external_location.kind = "webex"
        copy.payload.object.cancellation.canceler_type = "system"
      })
      const event = decodeEvent(input)
      if (event._tag !== "ScheduledEventCanceled") throw new Error(`unexpected ${event._tag}`)
      const scheduledEvent = event.payload.object?.scheduledEvent
      expect(scheduledEvent?.status).toBe("tentative")
      expect(scheduledEvent?.locationKind).toBe("webex")
      expect(scheduledEvent?.location).toStrictEqual({
        _tag: "CustomLocation",
        customLocation: "x",
        locationType: "carrier_pigeon"
      })
      expect(scheduledEvent?.externalLocation?.kind).toBe("webex")
      expect(event.payload.object?.cancellation?.cancelerType).toBe("system")
      const zoom = variant(createdExample, (copy) => {
        Object.assign(copy.payload.object.scheduled_event, {
          location: { location_type: "zoom", zoom_meeting_status: "expired" }
        })
      })
      const decoded = decodeEvent(zoom)
      expect(decoded._tag === "ScheduledEventCreated" && decoded.payload.object?.scheduledEvent?.location).toStrictEqual(
        { _tag: "ZoomLocation", locationType: "zoom", zoomMeetingStatus: "expired" }
      )
    })

    it("ignores unknown fields at every level", () => {
      const input = variant(createdExample, (copy) => {
        Object.assign(copy, { new_top_level: true })
        Object.assign(copy.payload, { new_payload_field: 1 })
        Object.assign(copy.payload.object, { new_object_field: "x" })
        Object.assign(copy.payload.object.scheduled_event, { new_event_field: { nested: true } })
        Object.assign(copy.payload.object.scheduled_event.attendees[0], { role: "host" })
        Object.assign(copy.payload.object.tracking, { utm_id: "abc" })
      })
      expect(decodeEvent(input)).toStrictEqual(decodeEvent(createdExample))
    })

    it("keeps the known literals visible in the types (checked by tsc)", () => {
      expectTypeOf<WebhookEvents.ScheduledEventStatus>().toEqualTypeOf<"confirmed" | "cancelled" | (string & {})>()
      expectTypeOf<WebhookEvents.CancelerType>().toEqualTypeOf<"host" | "invitee" | (string & {})>()
      expectTypeOf<WebhookEvents.ExternalLocationKind>().toEqualTypeOf<
        "zoom" | "google_meet" | "microsoft_teams" | (string & {})
      >()
      expectTypeOf<Extract<WebhookEvents.LocationKind, "invitee_specified">>().toEqualTypeOf<"invitee_specified">()
      expectTypeOf<WebhookEvents.WebhookEvent["_tag"]>().toEqualTypeOf<
        "ScheduledEventCreated" | "ScheduledEventCanceled" | "UnknownWebhookEvent"
      >()
      expectTypeOf<WebhookEvents.UnknownWebhookEvent["payload"]>().toEqualTypeOf<unknown>()
      // and at runtime, any string is still accepted
      expect(Schema.decodeUnknownSync(WebhookEvents.ScheduledEventStatus)("something-new")).toBe("something-new")
      expect(Either.isLeft(Schema.decodeUnknownEither(WebhookEvents.ScheduledEventStatus)(1))).toBe(true)
    })
  })

  describe("unknown event types", () => {
    it("decode as a generic UnknownWebhookEvent with the raw payload", () => {
      const payload = { account_id: "A", object: { id: 42, nested: [1, 2] } }
      expect(decodeEvent({ event: "scheduler.schedule_updated", event_ts: 1700000000000, payload, extra: 1 }))
        .toStrictEqual({
          _tag: "UnknownWebhookEvent",
          event: "scheduler.schedule_updated",
          eventTs: 1700000000000,
          payload
        })
    })

    it("a known event that does not match its schema fails rather than degrading to unknown", () => {
      const wrongType = variant(createdExample, (copy) => {
        Object.assign(copy.payload.object, { rescheduled: "no" })
      })
      expect(Either.isLeft(decodeEventEither(wrongType))).toBe(true)
      const noTimestamp = variant(canceledExample, (copy) => {
        Reflect.deleteProperty(copy, "event_ts")
      })
      expect(Either.isLeft(decodeEventEither(noTimestamp))).toBe(true)
      const badQuestion = variant(createdExample, (copy) => {
        Reflect.deleteProperty(copy.payload.object.questions_and_answers[0], "position")
      })
      expect(Either.isLeft(decodeEventEither(badQuestion))).toBe(true)
    })

    it("endpoint.url_validation is a notification, not an event", () => {
      const challenge = { event: "endpoint.url_validation", event_ts: 1654503849680, payload: { plainToken: "tok" } }
      expect(decodeNotification(challenge)).toStrictEqual({
        _tag: "EndpointUrlValidation",
        event: "endpoint.url_validation",
        eventTs: 1654503849680,
        payload: { plainToken: "tok" }
      })
      expect(Either.isLeft(decodeEventEither(challenge))).toBe(true)
      expect(Either.isLeft(Schema.decodeUnknownEither(WebhookEvents.WebhookNotification)({
        event: "endpoint.url_validation",
        event_ts: 1,
        payload: {}
      }))).toBe(true)
    })

    it("an object without an event name is rejected", () => {
      expect(Either.isLeft(decodeEventEither({ event_ts: 1, payload: {} }))).toBe(true)
    })
  })

  describe("helpers", () => {
    it("eventTime reads eventTs as milliseconds", () => {
      expect(DateTime.formatIso(WebhookEvents.eventTime(decodeEvent(createdExample)))).toBe("2021-07-14T02:44:51.572Z")
    })

    it("idempotencyKey is stable across deliveries and distinguishes events", () => {
      const created = decodeEvent(createdExample)
      const again = decodeEvent(structuredClone(createdExample))
      expect(WebhookEvents.idempotencyKey(created)).toBe(
        "scheduler.scheduled_event_created:1626230691572:woft7torlatbw8ek24bmit5k60"
      )
      expect(WebhookEvents.idempotencyKey(again)).toBe(WebhookEvents.idempotencyKey(created))
      expect(WebhookEvents.idempotencyKey(decodeEvent(canceledExample))).not.toBe(WebhookEvents.idempotencyKey(created))
      expect(WebhookEvents.idempotencyKey(decodeEvent({ event: "x.y", event_ts: 5, payload: null }))).toBe("x.y:5")
    })
  })

  it("any canceled event round-trips through its wire form", () => {
    const arbitrary = Arbitrary.make(WebhookEvents.ScheduledEventCanceled)
    const encode = Schema.encodeSync(WebhookEvents.ScheduledEventCanceled)
    const decode = Schema.decodeUnknownSync(WebhookEvents.ScheduledEventCanceled)
    fc.assert(
      fc.property(arbitrary, (event) => {
        // Salesforce ID records with a "__proto__" key do not survive JSON.parse, and Zoom never sends one.
        fc.pre(!fc.stringify(event).includes("__proto__"))
        expect(decode(JSON.parse(JSON.stringify(encode(event))))).toStrictEqual(event)
      }),
      { numRuns: 100 }
    )
  })
})
