/**
 * The long-running commands: `webhooks listen` (a verified webhook endpoint
 * that prints each notification as it arrives) and `fake` (the fake Zoom on
 * a loopback port, seeded, with an OAuth app). Both run until interrupted
 * (Ctrl-C) and then close their servers.
 *
 * @internal
 */
import { Command, Options } from "@effect/cli"
import { HttpRouter, HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { createServer } from "node:http"
import { Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import { Webhooks, WebhookEvents } from "@effect-zoom/scheduler"
import { FakeZoom } from "@effect-zoom/scheduler-testing"
import { missing, withGlobals } from "../internal/settings.js"

const encodeEvent = Schema.encodeSync(WebhookEvents.WebhookEvent)

const listen = Command.make(
  "listen",
  {
    json: Options.boolean("json").pipe(Options.withDescription("Print each notification as one JSON line")),
    port: Options.integer("port").pipe(Options.withDescription("Port to listen on (default 3000)"), Options.withDefault(3000)),
    host: Options.text("host").pipe(Options.withDescription("Interface to listen on"), Options.withDefault("127.0.0.1")),
    path: Options.text("path").pipe(Options.withDescription("Path of the endpoint"), Options.withDefault("/zoom/webhooks")),
    secret: Options.redacted("secret").pipe(
      Options.withDescription("The app's webhook secret token (default $ZOOM_WEBHOOK_SECRET_TOKEN; comma-separated while rotating)"),
      Options.optional
    )
  },
  withGlobals((opts) =>
    Effect.gen(function*() {
      const secrets = yield* Option.match(opts.secret, {
        onSome: (secret) =>
          Effect.succeed(
            Redacted.value(secret).split(",").map((s) => s.trim()).filter((s) => s !== "").map((s) => Redacted.make(s))
          ),
        onNone: () =>
          Webhooks.secretsConfig().pipe(Effect.mapError(() => missing("ZOOM_WEBHOOK_SECRET_TOKEN")))
      })
      const [first, ...rest] = secrets
      if (first === undefined) return yield* Effect.fail(missing("ZOOM_WEBHOOK_SECRET_TOKEN"))
      const print = (delivery: Webhooks.WebhookDelivery) =>
        Effect.sync(() => {
          const event = delivery.event
          const wire = encodeEvent(event)
          process.stdout.write(
            opts.json
              ? `${JSON.stringify(wire)}\n`
              : `${WebhookEvents.eventTime(event).toJSON()}  ${event.event}  ${JSON.stringify((wire as { payload?: unknown }).payload ?? {})}\n`
          )
        })
      const app = HttpRouter.empty.pipe(
        HttpRouter.post(opts.path as HttpRouter.PathInput, Webhooks.httpApp({ secrets: [first, ...rest], handler: print, mode: "inline" }))
      )
      const server = yield* Layer.build(
        HttpServer.serve(app).pipe(
          Layer.provideMerge(NodeHttpServer.layer(createServer, { port: opts.port, host: opts.host }))
        )
      )
      const address = Context.get(server, HttpServer.HttpServer).address
      const port = address._tag === "TcpAddress" ? address.port : opts.port
      process.stderr.write(`listening on http://${opts.host}:${port}${opts.path} (Ctrl-C to stop)\n`)
      return yield* Effect.never
    }).pipe(Effect.scoped))
).pipe(Command.withDescription("Receive Zoom webhooks: verify each, answer URL validation, print events as they arrive"))

/** `zoom-scheduler webhooks`. */
export const webhooks = Command.make("webhooks").pipe(
  Command.withDescription("Zoom webhook notifications"),
  Command.withSubcommands([listen])
)

/** `zoom-scheduler fake`. */
export const fake = Command.make(
  "fake",
  {
    port: Options.integer("port").pipe(Options.withDescription("Port (default 4010; 0 for a free one)"), Options.withDefault(4010)),
    events: Options.integer("events").pipe(Options.withDescription("Scheduled events to seed"), Options.withDefault(1000)),
    seed: Options.integer("seed").pipe(Options.withDescription("Seed of the generated data"), Options.withDefault(1)),
    clientId: Options.text("client-id").pipe(Options.withDescription("The OAuth app's client id"), Options.withDefault("fake-client")),
    clientSecret: Options.redacted("client-secret").pipe(
      Options.withDescription("The OAuth app's client secret (default fake-secret)"),
      Options.withDefault(Redacted.make("fake-secret"))
    )
  },
  (opts) =>
    Effect.gen(function*() {
      const { url } = yield* FakeZoom.serve({
        port: opts.port,
        seed: { events: opts.events, seed: opts.seed },
        oauth: { clients: [{ clientId: opts.clientId, clientSecret: opts.clientSecret }] }
      })
      process.stdout.write(
        [
          `fake Zoom listening on ${url} (${opts.events} events); in another shell:`,
          `export ZOOM_BASE_URL=${url}/v2`,
          `export ZOOM_OAUTH_URL=${url}`,
          `export ZOOM_CLIENT_ID=${opts.clientId}`,
          `export ZOOM_CLIENT_SECRET=${Redacted.value(opts.clientSecret)}`,
          ""
        ].join("\n")
      )
      return yield* Effect.never
    }).pipe(Effect.scoped)
).pipe(Command.withDescription("Run a fake Zoom on 127.0.0.1, seeded, with an OAuth app (for trying the CLI offline)"))
