/**
 * The README's quick start, as a file (test/examples.test.ts runs it).
 *
 *   ZOOM_ACCESS_TOKEN=… npx --yes pnpm@10.34.9 exec tsx --conditions=source examples/quick-start.ts
 *
 * Without ZOOM_ACCESS_TOKEN it stops before any request, saying which variable
 * to set. Ctrl-C interrupts the requests in flight.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Stream } from "effect"
import { Credentials, Errors, ZoomScheduler } from "@effect-zoom/scheduler"
import { NodeTransport } from "@effect-zoom/scheduler-node"

const program = Effect.gen(function*() {
  const zoom = yield* ZoomScheduler.ZoomScheduler

  const me = yield* zoom.users.get("me")
  // every scheduled event, page by page, fetched as the stream is pulled
  const confirmed = yield* zoom.events.stream({ userId: "me", pageSize: 300 }).pipe(
    Stream.filter((event) => event.status === "confirmed"),
    Stream.runCount
  )
  yield* Console.log(`${me.displayName}: ${confirmed} confirmed bookings`)
}).pipe(
  // errors are typed, per operation
  Effect.catchTag("NotFound", (e) => Console.log(`no ${e.resource} ${e.id}`))
)

// ZOOM_ACCESS_TOKEN (required), ZOOM_BASE_URL, ZOOM_TIMEOUT… (optional), read when the program starts
const ZoomLive = ZoomScheduler.layerConfig().pipe(
  Layer.provide([Credentials.bearerConfig(), NodeTransport.layer()])
)

// exit code 0 on success, 1 with the error on one line; Ctrl-C interrupts the requests in flight
NodeRuntime.runMain(program.pipe(Effect.provide(ZoomLive), Errors.report), { disableErrorReporting: true })
