/**
 * A Zoom Scheduler webhook server (the README shows this file).
 *
 * Run: ZOOM_WEBHOOK_SECRET_TOKEN=... npx --yes pnpm@10.34.9 --filter @effect-zoom/examples webhook-server
 * It prints where it listens (PORT, default 3000) and stops on Ctrl-C.
 * Zoom signs each notification; `Webhooks.httpApp` verifies it (constant
 * time, 5-minute window, several secrets for rotation), answers the
 * endpoint's URL validation, decodes the event and answers 200 at once while
 * the handler runs.
 */
import { createServer } from "node:http"
import { HttpRouter, HttpServer } from "@effect/platform"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Console, DateTime, Effect, Layer } from "effect"
import { Errors, Webhooks, WebhookEvents } from "@effect-zoom/scheduler"

const seen = new Set<string>() // use your database in production: Zoom redelivers after 5, 20 and 60 minutes

const WebhookServer = Layer.unwrapEffect(Effect.gen(function*() {
  const secrets = yield* Webhooks.secretsConfig() // ZOOM_WEBHOOK_SECRET_TOKEN, comma-separated while rotating
  const handler = (delivery: Webhooks.WebhookDelivery) => {
    const key = WebhookEvents.idempotencyKey(delivery.event)
    if (seen.has(key)) return Effect.void // a redelivery: already handled
    seen.add(key)
    return Effect.log(`${delivery.event.event} at ${DateTime.formatIso(WebhookEvents.eventTime(delivery.event))}`)
  }
  return HttpServer.serve(HttpRouter.empty.pipe(HttpRouter.post("/zoom/webhooks", Webhooks.httpApp({ secrets, handler }))))
}))

const SaysWhereItListens = Layer.effectDiscard(Effect.flatMap(HttpServer.HttpServer, ({ address }) =>
  Console.log(
    address._tag === "TcpAddress"
      ? `listening on http://localhost:${address.port}/zoom/webhooks (Ctrl-C to stop)`
      : `listening on ${address.path} (Ctrl-C to stop)`
  )))

const port = Number(process.env.PORT ?? 3000)

NodeRuntime.runMain(
  Layer.launch(Layer.merge(WebhookServer, SaysWhereItListens).pipe(Layer.provide(NodeHttpServer.layer(createServer, { port })))).pipe(
    Errors.report
  ),
  { disableErrorReporting: true }
)
