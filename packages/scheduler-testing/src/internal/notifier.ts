/**
 * Webhook subscriptions and deliveries: turns the model's notifications into
 * signed deliveries, each run on its own fiber in the fake's scope.
 *
 * @internal
 */
import type { HttpClient } from "@effect/platform"
import { Effect, FiberSet } from "effect"
import type { Option, Scope } from "effect"
import type { Notification } from "./booking.js"
import type { Model } from "./model.js"
import type { DeliveryRecord, WebhookTarget } from "./webhooks.js"
import { deliver, makeSender, newDelivery, notificationBody } from "./webhooks.js"

/** The subscriptions, the deliveries so far and the fibers of those in flight. */
export interface Notifier {
  readonly targets: Array<WebhookTarget>
  readonly deliveries: Array<DeliveryRecord>
  /** Forks a delivery of each notification to each subscription. */
  readonly dispatch: (notifications: ReadonlyArray<Notification>, nowMs: number) => Effect.Effect<void>
  /** Waits until no delivery is in flight. */
  readonly awaitIdle: Effect.Effect<void>
}

/** A notifier for `model`, delivering with `client` (else the global `fetch`). */
export const makeNotifier = (
  model: Model,
  targets: Array<WebhookTarget>,
  client: Option.Option<HttpClient.HttpClient>
): Effect.Effect<Notifier, never, Scope.Scope> =>
  Effect.map(FiberSet.make<void, never>(), (fibers) => {
    const send = makeSender(client)
    const deliveries: Array<DeliveryRecord> = []
    const dispatch = (notifications: ReadonlyArray<Notification>, nowMs: number): Effect.Effect<void> =>
      Effect.forEach(notifications, (notification) => {
        const content = notificationBody(model, notification, nowMs)
        if (content === undefined) return Effect.void
        return Effect.forEach(targets, (target) => {
          const delivery = newDelivery(target, content)
          deliveries.push(delivery)
          return FiberSet.run(fibers, deliver(target, delivery, send))
        }, { discard: true })
      }, { discard: true })
    return { targets, deliveries, dispatch, awaitIdle: FiberSet.awaitEmpty(fibers) }
  })
