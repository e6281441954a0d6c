/**
 * The effect-zoom demo: a real program, end to end, against the fake Zoom
 * over real HTTP on 127.0.0.1. Offline, on any machine.
 *
 * Run it with the README's first command (`pnpm demo`). It:
 * 1. starts the loopback fake Zoom with seeded data and an OAuth app,
 * 2. builds the real client over real HTTP with OAuth refresh-token
 *    credentials and a file TokenStore in a temporary folder,
 * 3. starts a webhook receiver (our own `Webhooks.httpApp`) that Zoom (the
 *    fake) notifies of bookings,
 * 4. creates an availability schedule and a schedule, books a few events
 *    (the fake plays the invitee), generates a single-use link,
 * 5. streams every event page by page, surviving an injected 429 and an
 *    access token that expires mid-stream,
 * 6. prints an analytics report and a summary; then everything closes with
 *    its scope and the process exits 0.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { HttpRouter, HttpServer } from "@effect/platform"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Option, Queue, Redacted, Ref, Stream } from "effect"
import { Credentials, Errors, Webhooks, WebhookEvents, ZoomScheduler } from "@effect-zoom/scheduler"
import { NodeTokenStore, NodeTransport } from "@effect-zoom/scheduler-node"
import { FakeZoom } from "@effect-zoom/scheduler-testing"

const CLIENT_ID = "demo-client"
const CLIENT_SECRET = Redacted.make("demo-client-secret")
const WEBHOOK_SECRET = Redacted.make("demo-webhook-secret")
const SEEDED_EVENTS = 1_000

const line = (text = "") => Console.log(text)

/** A webhook receiver on a free loopback port; received events go to `inbox`. */
const webhookReceiver = (inbox: Queue.Queue<WebhookEvents.WebhookEvent>) =>
  Effect.gen(function*() {
    const app = HttpRouter.empty.pipe(
      HttpRouter.post(
        "/zoom/webhooks",
        Webhooks.httpApp({ secrets: [WEBHOOK_SECRET], handler: (delivery) => Queue.offer(inbox, delivery.event) })
      )
    )
    const server = yield* Layer.build(
      HttpServer.serve(app).pipe(Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })))
    )
    const address = (yield* Effect.provide(HttpServer.HttpServer, server)).address
    return address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}/zoom/webhooks` : ""
  })

const program = Effect.gen(function*() {
  // 1. the fake Zoom on 127.0.0.1, seeded, with an OAuth app
  const { fake, url } = yield* FakeZoom.serve({
    port: 0,
    seed: { users: 1, availabilityPerUser: 1, schedulesPerUser: 2, events: SEEDED_EVENTS, seed: 7 },
    oauth: { clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }], accessTokenTtl: "1 hour" }
  })
  yield* line(`fake Zoom listening on ${url} (seeded with ${SEEDED_EVENTS} events)`)

  const inbox = yield* Queue.unbounded<WebhookEvents.WebhookEvent>()
  const webhookUrl = yield* webhookReceiver(inbox)
  yield* fake.registerWebhook({ url: webhookUrl, secretToken: WEBHOOK_SECRET })
  yield* line(`webhook receiver on ${webhookUrl}`)

  // 2. the real client over real HTTP: OAuth refresh-token grant, file TokenStore
  const dir = mkdtempSync(join(tmpdir(), "effect-zoom-demo-"))
  yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
  const tokenFile = join(dir, "zoom-tokens.json")
  const firstRefreshToken = yield* fake.issueRefreshToken({ clientId: CLIENT_ID })
  const ZoomLive = ZoomScheduler.layer({ baseUrl: `${url}/v2` }).pipe(
    Layer.provide(
      Credentials.refreshToken({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshUrl: `${url}/oauth/token`,
        refreshToken: firstRefreshToken
      })
    ),
    Layer.provide([NodeTokenStore.layerFile(tokenFile), NodeTransport.layer()])
  )
  const zoom = yield* Effect.provide(ZoomScheduler.ZoomScheduler, yield* Layer.build(ZoomLive))

  const me = yield* zoom.users.get("me")
  yield* line(`signed in as ${me.displayName} (${me.timeZone}); tokens in ${tokenFile}, mode ${(statSync(tokenFile).mode & 0o777).toString(8)}`)

  // 3. an availability schedule and a schedule
  const availability = yield* zoom.availability.create({
    name: "Demo office hours",
    timeZone: "Europe/Paris",
    segmentsRecurrence: {
      mon: [{ start: "09:00", end: "17:00" }],
      wed: [{ start: "09:00", end: "17:00" }],
      fri: [{ start: "09:00", end: "12:00" }]
    }
  })
  const schedule = yield* zoom.schedules.create({
    availabilityRules: [{ availabilityId: availability.availabilityId! }],
    availabilityOverride: false,
    capacity: 1,
    summary: "30-min intro call",
    duration: 30,
    timeZone: "Europe/Paris",
    addOnType: "zoomMeeting",
    scheduleType: "one",
    slug: "demo-intro"
  })
  yield* line(`created availability ${availability.availabilityId} and schedule ${schedule.scheduleId} (${schedule.schedulingUrl})`)

  // 4. invitees book (the fake plays them), and Zoom notifies the webhook
  const invitees = ["ada@example.com", "grace@example.com", "alan@example.com"]
  for (const [i, email] of invitees.entries()) {
    const booking = yield* fake.book({
      scheduleId: schedule.scheduleId!,
      startDateTime: `2030-03-0${4 + i}T09:00:00Z`,
      attendee: { email, firstName: email.split("@")[0]! }
    })
    yield* line(`  booked ${booking.eventId} for ${email}`)
  }
  yield* fake.awaitWebhooks
  const notified = yield* Queue.takeAll(inbox)
  yield* line(`webhook receiver got ${notified.length} signed notifications: ${[...notified].map((e) => e.event).join(", ")}`)

  const link = yield* zoom.schedules.singleUseLink({ scheduleId: schedule.scheduleId! })
  yield* line(`single-use link: ${link.schedulingUrl}`)

  // 5. stream every event, page by page; a 429 and an expired token on the way
  yield* fake.inject({
    operation: "events.list",
    times: 1,
    fault: { _tag: "RateLimited", kind: "perSecond", retryAfterSeconds: 1 }
  })
  yield* line("streaming every event (an injected 429 and an expiring token are on the way):")
  const seen = yield* Ref.make(0)
  const ids: Array<string> = []
  const pages = yield* zoom.events.pages({ pageSize: 300 }).pipe(
    Stream.tap((page) =>
      Effect.gen(function*() {
        for (const event of page.items) ids.push(event.eventId ?? "")
        const total = yield* Ref.updateAndGet(seen, (n) => n + page.items.length)
        yield* line(`  page: +${page.items.length} events (${total} so far)${Option.isSome(page.nextPageToken) ? "" : ", last page"}`)
        // the access token dies while the stream is running
        if (total === 300) yield* fake.expireAccessTokens
      })
    ),
    Stream.runCount
  )
  const streamed = yield* Ref.get(seen)

  // 6. analytics and a summary
  const report = yield* zoom.analytics.report({ userId: "me" })
  yield* line(`analytics (last period): ${JSON.stringify(report.lastNDays ?? {})}`)

  // the same listing again, with no fault on the way: nothing was lost or repeated
  const clean = yield* zoom.events.stream({ pageSize: 300 }).pipe(Stream.map((e) => e.eventId ?? ""), Stream.runCollect)
  const intact = new Set(ids).size === ids.length && [...clean].sort().join() === [...ids].sort().join()
  const stats = yield* fake.stats
  yield* line()
  yield* line("summary")
  yield* line(`  events streamed:   ${streamed} in ${pages} pages (${intact ? "none lost or repeated" : "MISMATCH"} against a fault-free listing)`)
  yield* line(`  requests to Zoom:  ${stats.requests} (${stats.rateLimited.total} answered 429 and retried)`)
  yield* line(`  token refreshes:   ${stats.tokenRequests.refresh_token} (refresh token rotated each time; rejected: ${stats.rejectedRefreshes})`)
  yield* line(`  webhooks:          ${stats.webhooks.delivered} delivered, ${stats.webhooks.failed} failed`)
  if (!intact) return yield* Effect.dieMessage("the stream under faults differs from the fault-free listing")
})

// exit 0 when done, 1 with the error on one line; Ctrl-C interrupts it and closes the servers
NodeRuntime.runMain(Effect.scoped(program).pipe(Errors.report), { disableErrorReporting: true })
