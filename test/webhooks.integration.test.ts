/**
 * End to end: the fake Zoom signs and sends notifications when an invitee
 * books and when the event is cancelled; our `Webhooks.httpApp`, served on
 * loopback, verifies and decodes them.
 */
import { createServer } from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { HttpRouter, HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, Queue, Redacted } from "effect"
import { Webhooks, WebhookEvents } from "@effect-zoom/scheduler"
import { FakeZoom } from "@effect-zoom/scheduler-testing"

const SECRET = Redacted.make("wh-secret-it")

describe("fake Zoom → Webhooks.httpApp", () => {
  it.scopedLive("created and canceled notifications arrive verified and typed", () =>
    Effect.gen(function*() {
      const inbox = yield* Queue.unbounded<Webhooks.WebhookDelivery>()
      const app = HttpRouter.empty.pipe(
        HttpRouter.post("/hooks", Webhooks.httpApp({ secrets: [SECRET], handler: (d) => Queue.offer(inbox, d) }))
      )
      const context = yield* Layer.build(
        HttpServer.serve(app).pipe(Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })))
      )
      const address = (yield* Effect.provide(HttpServer.HttpServer, context)).address
      if (address._tag !== "TcpAddress") return expect.fail("not TCP")

      const { fake } = yield* FakeZoom.serve({
        port: 0,
        seed: { users: 1, schedulesPerUser: 1, events: 0, seed: 3 },
        webhooks: { url: `http://127.0.0.1:${address.port}/hooks`, secretToken: SECRET }
      })
      const schedule = (yield* fake.snapshot).schedules[0]!
      const booking = yield* fake.book({
        scheduleId: schedule.schedule_id,
        startDateTime: "2032-05-03T09:00:00Z",
        attendee: { email: "hook@example.com", firstName: "Hook" }
      })
      yield* fake.cancel(booking.eventId, "double booked")
      yield* fake.awaitWebhooks

      const created = yield* Queue.take(inbox)
      const canceled = yield* Queue.take(inbox)
      expect(created.event._tag).toBe("ScheduledEventCreated")
      expect(canceled.event._tag).toBe("ScheduledEventCanceled")
      if (created.event._tag === "ScheduledEventCreated") {
        expect(created.event.payload.object?.inviteeEmail).toBe("hook@example.com")
        expect(created.event.payload.object?.scheduledEvent?.eventId).toBe(booking.eventId)
      }
      if (canceled.event._tag === "ScheduledEventCanceled") {
        expect(canceled.event.payload.object?.cancellation?.reason).toBe("double booked")
      }
      expect(WebhookEvents.idempotencyKey(created.event)).not.toBe(WebhookEvents.idempotencyKey(canceled.event))
      const deliveries = yield* fake.webhookDeliveries
      expect(deliveries.map((d) => [d.event, d.state, d.attempts.at(-1)?.status])).toEqual([
        ["scheduler.scheduled_event_created", "delivered", 200],
        ["scheduler.scheduled_event_canceled", "delivered", 200]
      ])
      expect(deliveries.map((d) => d.requestId)).toEqual([created.requestId._tag === "Some" ? created.requestId.value : "", canceled.requestId._tag === "Some" ? canceled.requestId.value : ""])
    }), 30_000)
})
