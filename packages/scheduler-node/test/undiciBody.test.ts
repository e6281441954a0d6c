/**
 * How the `HttpClient` behind `NodeTransport.layer()` receives bodies over
 * undici's `dispatch`: an unread answer still gives its connection back, a
 * `stream` reader holds the socket back (backpressure both ways), a body
 * too large to gather unread waits for its reader, and is aborted when its
 * response is collected unread. A body of known length small enough to
 * gather is answered once it is there, and then read with no asynchronous
 * step.
 */
import { describe, expect, it } from "@effect/vitest"
import { HttpClient } from "@effect/platform"
import { Chunk, Effect, Stream } from "effect"
import { spawn } from "node:child_process"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import * as NodeTransport from "@effect-zoom/scheduler-node/NodeTransport"

interface Server {
  readonly origin: string
  /** Bytes each answer has handed to its socket so far, by URL. */
  readonly written: Map<string, number>
  /** URLs whose connection closed before their answer ended. */
  readonly aborted: Array<string>
  /** Connections opened. */
  readonly connections: () => number
}

const chunk = Buffer.alloc(64 * 1024, "z")

/** Writes `total` bytes of `z` in 64 KiB chunks, waiting for `drain` as a well-behaved server does. */
const writeBody = (res: Http.ServerResponse, url: string, total: number, written: Map<string, number>) => {
  let sent = 0
  const next = (): void => {
    while (sent < total) {
      const piece = chunk.subarray(0, Math.min(chunk.length, total - sent))
      sent += piece.length
      written.set(url, sent)
      if (!res.write(piece)) {
        res.once("drain", next)
        return
      }
    }
    res.end()
  }
  next()
}

const serve = Effect.acquireRelease(
  Effect.async<Server & { readonly server: Http.Server }>((resume) => {
    const written = new Map<string, number>()
    const aborted: Array<string> = []
    let connections = 0
    const server = Http.createServer((req, res) => {
      const url = req.url ?? ""
      res.on("close", () => {
        if (!res.writableFinished) aborted.push(url)
      })
      const size = /^\/(?:bytes|huge)\/(\d+)$/.exec(url)
      if (size !== null) {
        res.writeHead(200, { "content-type": "application/octet-stream" })
        writeBody(res, url, Number(size[1]), written)
      } else if (/^\/late\/\d+$/.test(url)) {
        // the head now, the body 300 ms later
        const total = Number(url.slice("/late/".length))
        res.writeHead(200, { "content-type": "application/json", "content-length": String(total) })
        res.flushHeaders()
        setTimeout(() => writeBody(res, url, total, written), 300)
      } else if (url === "/huge") {
        res.writeHead(200)
        writeBody(res, url, 256 * 1024 * 1024, written)
      } else {
        res.end(JSON.stringify({ url }))
      }
    })
    server.on("connection", () => connections++)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resume(Effect.succeed({ server, origin: `http://127.0.0.1:${port}`, written, aborted, connections: () => connections }))
    })
  }),
  ({ server }) =>
    Effect.async<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
)

const withClient = <A, E>(options: NodeTransport.TransportOptions, f: (client: HttpClient.HttpClient) => Effect.Effect<A, E>) =>
  Effect.flatMap(HttpClient.HttpClient, f).pipe(Effect.provide(NodeTransport.layer(options)))

const waitUntil = (condition: () => boolean) =>
  Effect.repeat(Effect.sleep("10 millis"), { until: condition }).pipe(Effect.timeout("10 seconds"), Effect.orDie)

describe("NodeTransport.layer()'s HttpClient: bodies", () => {
  it.scopedLive("a gathered body is there when the response is answered, and is read with no asynchronous step", () =>
    Effect.gen(function*() {
      const server = yield* serve
      yield* withClient({}, (client) =>
        Effect.gen(function*() {
          const started = Date.now()
          const response = yield* client.get(`${server.origin}/late/200000`)
          expect(Date.now() - started).toBeGreaterThanOrEqual(250)
          // runSync throws on an asynchronous step
          expect(Effect.runSync(response.arrayBuffer).byteLength).toBe(200000)
          expect(Effect.runSync(response.text).length).toBe(200000)
        }))
    }))

  it.scopedLive("interrupting a request whose gathered body is still on its way aborts it", () =>
    Effect.gen(function*() {
      const server = yield* serve
      yield* withClient({}, (client) =>
        Effect.gen(function*() {
          const result = yield* Effect.exit(Effect.timeout(client.get(`${server.origin}/late/200000`), "100 millis"))
          expect(result._tag).toBe("Failure")
        }))
      yield* waitUntil(() => server.aborted.includes("/late/200000"))
    }))

  it.scopedLive("answers nobody reads give their connection back to the pool", () =>
    Effect.gen(function*() {
      const server = yield* serve
      const statuses = yield* withClient({ connections: 1 }, (client) =>
        Effect.forEach(["/a", "/bytes/300000", "/b", "/c"], (path) => Effect.map(client.get(`${server.origin}${path}`), (r) => r.status)))
      expect(statuses).toEqual([200, 200, 200, 200])
      // one connection, reused: each unread body was received whole and the next request went out on it
      expect(server.connections()).toBe(1)
      expect(server.aborted).toEqual([])
    }))

  it.scopedLive("a stream reader holds the socket back, then gets every byte in order", () =>
    Effect.gen(function*() {
      const server = yield* serve
      const total = 48 * 1024 * 1024
      const url = `/bytes/${total}`
      yield* withClient({}, (client) =>
        Effect.gen(function*() {
          const response = yield* client.get(`${server.origin}${url}`)
          const [first, rest] = yield* Effect.flatMap(
            Stream.toPull(response.stream),
            (pull) =>
              Effect.gen(function*() {
                const first = yield* pull
                // the reader is slow: the client stops reading, the kernel's buffers fill, the server waits for drain
                yield* Effect.sleep("300 millis")
                const stalledAt = server.written.get(url) ?? 0
                expect(stalledAt).toBeLessThan(total / 2)
                let rest = 0
                for (;;) {
                  const chunks = yield* Effect.option(pull)
                  if (chunks._tag === "None") break
                  for (const c of chunks.value) {
                    expect(c.every((b) => b === 0x7a)).toBe(true)
                    rest += c.length
                  }
                }
                return [Chunk.reduce(first, 0, (n, c) => n + c.length), rest] as const
              })
          ).pipe(Effect.scoped)
          expect(first + rest).toBe(total)
        })
      )
      expect(server.aborted).toEqual([])
    }), 30_000)

  it.scopedLive("a body too large to gather unread waits for its reader, who then reads it whole", () =>
    Effect.gen(function*() {
      const server = yield* serve
      const total = 24 * 1024 * 1024
      const url = `/bytes/${total}`
      yield* withClient({}, (client) =>
        Effect.gen(function*() {
          const response = yield* client.get(`${server.origin}${url}`)
          yield* Effect.sleep("300 millis")
          // nobody read it: the client stopped past 1 MiB (plus what the kernel buffers)
          expect(server.written.get(url) ?? 0).toBeLessThan(total / 2)
          const bytes = yield* response.arrayBuffer
          expect(bytes.byteLength).toBe(total)
        })
      )
      expect(server.aborted).toEqual([])
    }), 30_000)

  it.live("a body too large to gather, whose response is collected unread, has its request aborted", () =>
    Effect.gen(function*() {
      const server = yield* serve
      const runner = fileURLToPath(new URL("./fixtures/runTs.mjs", import.meta.url))
      const child = spawn(process.execPath, ["--expose-gc", "--conditions=source", runner, "./unreadWorker.ts", server.origin], {
        stdio: ["ignore", "pipe", "pipe"]
      })
      let out = ""
      child.stdout.on("data", (d) => (out += d))
      child.stderr.on("data", (d) => (out += d))
      yield* Effect.addFinalizer(() => Effect.sync(() => child.kill()))
      yield* waitUntil(() => server.aborted.includes("/huge") || child.exitCode !== null)
      expect(out).toContain("status 200")
      expect(server.aborted).toEqual(["/huge"])
      // it stopped early: far less than the 256 MiB answer was sent
      expect(server.written.get("/huge") ?? 0).toBeLessThan(64 * 1024 * 1024)
    }).pipe(Effect.scoped), 30_000)
})
