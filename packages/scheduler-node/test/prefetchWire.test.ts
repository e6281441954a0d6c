/**
 * Prefetch over `NodeTransport.layer()` on a real socket: while a consumer
 * does synchronous CPU work on a page (which lets nothing else run), the
 * next page's request is already at the server. undici writes a request on
 * a later turn of the event loop, so the stream must give it that turn
 * before handing the page over.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import { Worker } from "node:worker_threads"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
import * as NodeTransport from "@effect-zoom/scheduler-node/NodeTransport"

/** The server's code, run in a worker thread so that it answers while the test's thread is busy. */
const serverCode = `
const http = require("node:http")
const { parentPort } = require("node:worker_threads")
const server = http.createServer((req, res) => {
  const token = new URL(req.url, "http://x").searchParams.get("next_page_token") ?? "p0"
  parentPort.postMessage({ arrived: token, at: performance.timeOrigin + performance.now() })
  const page = Number(token.slice(1))
  const items = [0, 1].map((i) => ({ event_id: "evt-" + (page * 2 + i) }))
  res.setHeader("content-type", "application/json")
  res.end(JSON.stringify(page < 2 ? { next_page_token: "p" + (page + 1), items } : { items }))
})
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port }))
`

/** Three pages of two events, served from a worker thread; the arrival time of each page's request, by page. */
const serve = Effect.acquireRelease(
  Effect.async<{ readonly worker: Worker; readonly origin: string; readonly arrivals: Map<string, number> }>((resume) => {
    const arrivals = new Map<string, number>()
    const worker = new Worker(serverCode, { eval: true })
    worker.on("message", (message: { port?: number; arrived?: string; at?: number }) => {
      if (message.port !== undefined) resume(Effect.succeed({ worker, origin: `http://127.0.0.1:${message.port}`, arrivals }))
      if (message.arrived !== undefined) arrivals.set(message.arrived, message.at!)
    })
  }),
  ({ worker }) => Effect.promise(() => worker.terminate())
)

/** Now, on the clock both threads share. */
const now = () => performance.timeOrigin + performance.now()

const busy = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // synchronous CPU work
  }
}

describe("prefetch over NodeTransport", () => {
  it.scopedLive("the next page's request reaches the server before a synchronous consumer is done with the page", () =>
    Effect.gen(function*() {
      const { origin, arrivals } = yield* serve
      const workEnded = new Map<string, number>()
      const client = ZoomScheduler.layer({ baseUrl: `${origin}/v2` }).pipe(
        Layer.provide([Credentials.bearer(Redacted.make("token")), NodeTransport.layer()])
      )
      const ids = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) =>
        zoom.events.stream().pipe(
          Stream.tap((event) =>
            Effect.sync(() => {
              // 60 ms of CPU on the first event of each page
              if (event.eventId !== undefined && Number(event.eventId.slice(4)) % 2 === 0) {
                busy(60)
                workEnded.set(`p${Number(event.eventId.slice(4)) / 2}`, now())
              }
            })
          ),
          Stream.map((event) => event.eventId),
          Stream.runCollect
        )).pipe(Effect.provide(client))
      expect([...ids]).toEqual(["evt-0", "evt-1", "evt-2", "evt-3", "evt-4", "evt-5"])
      // page 1's request arrived while page 0 was being worked on, page 2's while page 1 was
      yield* Effect.repeat(Effect.sleep("5 millis"), { until: () => arrivals.size === 3 })
      expect(arrivals.get("p1")!).toBeLessThan(workEnded.get("p0")!)
      expect(arrivals.get("p2")!).toBeLessThan(workEnded.get("p1")!)
    }))
})
