/**
 * Webhook notifications from the fake, shaped like Zoom's
 * `scheduler.scheduled_event_created` / `scheduler.scheduled_event_canceled`
 * events and signed like Zoom signs them:
 * `x-zm-signature: v0=<hex HMAC-SHA256 of "v0:{timestamp}:{raw body}">`.
 *
 * Delivery: one attempt right away, then one retry after each configured
 * delay (default 1 s, 5 s, 20 s: four attempts at most), each attempt timed
 * out after 3 s (Zoom's own response deadline). A 2xx answer completes the
 * delivery. Delays and timeouts use Effect's `Clock`, so `TestClock` drives
 * them in tests.
 *
 * @internal
 */
import { HttpClientRequest } from "@effect/platform"
import type { HttpClient } from "@effect/platform"
import { Clock, Duration, Effect, Option, Redacted } from "effect"
import { createHmac, randomUUID } from "node:crypto"
import type { WebhookEventName } from "./types/observations.js"
import type { Notification } from "./booking.js"
import type { AttendeeRecord, EventRecord, Model } from "./model.js"
import { SCHEDULER_HOST } from "./model.js"
import { formatDateTime, formatTimestamp } from "./time.js"

/** A subscribed endpoint. */
export interface WebhookTarget {
  readonly url: string
  readonly secretToken: Redacted.Redacted<string>
  readonly retryDelays: ReadonlyArray<Duration.Duration>
  readonly timeout: Duration.Duration
}

/** Default delays between attempts. */
export const DEFAULT_RETRY_DELAYS: ReadonlyArray<Duration.Duration> = [
  Duration.seconds(1),
  Duration.seconds(5),
  Duration.seconds(20)
]
/** Default per-attempt timeout (Zoom expects an answer within 3 seconds). */
export const DEFAULT_TIMEOUT = Duration.seconds(3)

/** One attempt of a delivery. */
export interface AttemptRecord {
  readonly at: number
  readonly status?: number
  readonly error?: string
}

/** A delivery, mutated as attempts happen. */
export interface DeliveryRecord {
  readonly requestId: string
  readonly event: WebhookEventName
  readonly eventId: string
  readonly url: string
  readonly body: string
  state: "pending" | "delivered" | "failed"
  readonly attempts: Array<AttemptRecord>
}

/** Zoom's signature header value for a body sent at `timestamp` (seconds). */
export const sign = (secretToken: Redacted.Redacted<string>, timestamp: number, body: string): string =>
  "v0=" + createHmac("sha256", Redacted.value(secretToken)).update(`v0:${timestamp}:${body}`).digest("hex")

const invitee = (event: EventRecord): AttendeeRecord | undefined => event.attendees.find((a) => a.booker) ?? event.attendees[0]

const location = (model: Model, event: EventRecord): Record<string, unknown> => {
  if (event.externalLocation !== undefined) {
    return { location_kind: event.externalLocation.kind, external_location: event.externalLocation }
  }
  const addOn = model.schedulesById.get(event.scheduleId)?.fields.add_on_type
  const kind = addOn === "zoomPhone" ? "outbound_call" : "custom"
  return {
    location_kind: kind,
    location: { custom_location: event.location ?? "", location_type: kind }
  }
}

const tracking = (event: EventRecord): Record<string, unknown> => {
  const utm = (event.trackingParams ?? []).filter((p) => p.key.startsWith("utm_"))
  return utm.length === 0 ? {} : { tracking: Object.fromEntries(utm.map((p) => [p.key, p.value])) }
}

/** The notification body (`{ event, event_ts, payload }`), or `undefined` if the event vanished. */
export const notificationBody = (
  model: Model,
  notification: Notification,
  nowMs: number
): { readonly event: WebhookEventName; readonly eventId: string; readonly body: string } | undefined => {
  const event = model.events.get(notification.eventId)
  if (event === undefined) return undefined
  const person = notification.kind === "created" ?
    event.attendees.find((a) => a.id === notification.attendeeId) ?? invitee(event) :
    invitee(event)
  if (person === undefined) return undefined
  const capacity = model.schedulesById.get(event.scheduleId)?.fields.capacity ?? 1
  const name: WebhookEventName = notification.kind === "created" ?
    "scheduler.scheduled_event_created" :
    "scheduler.scheduled_event_canceled"
  const cancellation = notification.kind === "canceled" && event.cancellation !== undefined ?
    {
      cancellation: {
        canceled_by: event.cancellation.canceledBy,
        canceler_type: event.cancellation.cancelerType,
        cancel_at: formatDateTime(event.cancellation.cancelMs),
        ...(event.cancellation.reason !== undefined ? { reason: event.cancellation.reason } : {})
      }
    } :
    {}
  const object = {
    invitee_email: person.email,
    ...(person.firstName !== undefined ? { invitee_first_name: person.firstName } : {}),
    ...(person.lastName !== undefined ? { invitee_last_name: person.lastName } : {}),
    manage_url: `${SCHEDULER_HOST}/manage/${event.id}${person.id.slice(0, 8)}`,
    ...cancellation,
    time_zone: person.timeZone,
    questions_and_answers: person.customValues.map((v) => ({ question: v.name, position: v.position, answer: v.values })),
    scheduled_event: {
      event_id: event.id,
      attendees: event.attendees.map((a) => ({ display_name: a.displayName, email: a.email })),
      invitee_counters: {
        total: event.attendees.length,
        active: event.status === "confirmed" ? event.attendees.length : 0,
        limit: capacity
      },
      end_date_time: formatDateTime(event.endMs),
      guests: event.guests,
      ...location(model, event),
      start_date_time: formatDateTime(event.startMs),
      status: event.status,
      summary: event.summary,
      updated: formatTimestamp(event.updatedMs),
      created: formatTimestamp(event.createdMs),
      ...(event.meetingNotes !== undefined ? { meeting_notes: event.meetingNotes } : {})
    },
    ...tracking(event),
    rescheduled: false,
    created: formatTimestamp(person.createdMs)
  }
  const body = JSON.stringify({
    event: name,
    event_ts: nowMs,
    payload: { account_id: model.accountId, user_id: event.hostId, object }
  })
  return { event: name, eventId: event.id, body }
}

/** Posts a body, yielding the HTTP status. */
export type Sender = (
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string
) => Effect.Effect<number, unknown>

/** Uses the platform `HttpClient` when one is available, else the global `fetch`. */
export const makeSender = (client: Option.Option<HttpClient.HttpClient>): Sender =>
  Option.match(client, {
    onSome: (http) => (url, headers, body) =>
      http.execute(
        HttpClientRequest.post(url).pipe(
          HttpClientRequest.setHeaders(headers),
          HttpClientRequest.bodyText(body, "application/json")
        )
      ).pipe(Effect.flatMap((response) => Effect.as(Effect.ignore(response.arrayBuffer), response.status))),
    onNone: () => (url, headers, body) =>
      Effect.tryPromise({
        try: async (signal) => {
          const response = await fetch(url, { method: "POST", headers, body, signal })
          await response.arrayBuffer()
          return response.status
        },
        catch: (cause) => cause
      })
  })

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : typeof error === "object" && error !== null && "_tag" in error ?
    String((error as { _tag: unknown })._tag) :
    String(error)

/** Runs every attempt of one delivery, updating `delivery` as it goes. */
export const deliver = (target: WebhookTarget, delivery: DeliveryRecord, send: Sender): Effect.Effect<void> =>
  Effect.gen(function*() {
    const attempts = target.retryDelays.length + 1
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) yield* Effect.sleep(target.retryDelays[attempt - 1])
      const nowMs = yield* Clock.currentTimeMillis
      const timestamp = Math.floor(nowMs / 1000)
      const headers = {
        "content-type": "application/json",
        "x-zm-request-timestamp": String(timestamp),
        "x-zm-request-id": delivery.requestId,
        "x-zm-signature": sign(target.secretToken, timestamp, delivery.body),
        "user-agent": "Zoom Marketplace/1.0a"
      }
      const result = yield* send(target.url, headers, delivery.body).pipe(
        Effect.timeoutFail({ duration: target.timeout, onTimeout: () => new Error(`No answer within ${Duration.format(target.timeout)}`) }),
        Effect.either
      )
      if (result._tag === "Right") {
        delivery.attempts.push({ at: nowMs, status: result.right })
        if (result.right >= 200 && result.right < 300) {
          delivery.state = "delivered"
          return
        }
      } else {
        delivery.attempts.push({ at: nowMs, error: describeError(result.left) })
      }
    }
    delivery.state = "failed"
  })

/** A fresh delivery record. */
export const newDelivery = (
  target: WebhookTarget,
  content: { readonly event: WebhookEventName; readonly eventId: string; readonly body: string }
): DeliveryRecord => ({
  requestId: randomUUID(),
  event: content.event,
  eventId: content.eventId,
  url: target.url,
  body: content.body,
  state: "pending",
  attempts: []
})
