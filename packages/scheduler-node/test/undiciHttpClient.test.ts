/**
 * The `HttpClient` behind `NodeTransport.layer()` (undici's core `request` API)
 * against loopback servers: what it sends, what its responses read, that it
 * does not follow redirects, that interrupting aborts, and the time limit it
 * enforces itself for the client (and the client's fallback for any other
 * `HttpClient`).
 */
import { describe, expect, it } from "@effect/vitest"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Chunk, Effect, Fiber, Layer, Redacted, Stream } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { Credentials, RetryPolicy, ZoomScheduler } from "@effect-zoom/scheduler"
import * as NodeTransport from "@effect-zoom/scheduler-node/NodeTransport"
import { DeadlineExceeded, executeWithin } from "@effect-zoom/scheduler/AttemptDeadline"

interface Received {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: Buffer
}

interface Server {
  readonly origin: string
  readonly received: Array<Received>
  /** Requests whose connection closed before the server ended its answer. */
  readonly aborted: Array<string>
}

/** A loopback server answering with `handler`, closed with the scope. */
const serve = (handler: (req: Http.IncomingMessage, body: Buffer, res: Http.ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<{ readonly server: Http.Server } & Server>((resume) => {
      const received: Array<Received> = []
      const aborted: Array<string> = []
      const server = Http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const body = Buffer.concat(chunks)
          received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body })
          res.on("close", () => {
            if (!res.writableFinished) aborted.push(req.url ?? "")
          })
          handler(req, body, res)
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ server, origin: `http://127.0.0.1:${port}`, received, aborted }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

const withClient = <A, E>(f: (client: HttpClient.HttpClient) => Effect.Effect<A, E>) =>
  Effect.flatMap(HttpClient.HttpClient, f).pipe(Effect.provide(NodeTransport.layer()))

const waitUntil = (condition: () => boolean) =>
  Effect.repeat(Effect.sleep("10 millis"), { until: condition }).pipe(Effect.timeout("5 seconds"), Effect.orDie)

describe("NodeTransport.layer()'s HttpClient", () => {
  it.scopedLive("sends the method, URL parameters and headers, and each kind of body", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, _body, res) => res.end("ok"))
      yield* withClient((client) =>
        Effect.all([
          client.execute(
            HttpClientRequest.get(`${server.origin}/a`, { urlParams: { x: "1", y: "é è" }, headers: { "x-test": "v" } })
          ),
          client.execute(HttpClientRequest.post(`${server.origin}/json`).pipe(HttpClientRequest.bodyUnsafeJson({ a: [1, "é"] }))),
          client.execute(HttpClientRequest.patch(`${server.origin}/text`).pipe(HttpClientRequest.bodyText("hé", "text/plain"))),
          client.execute(
            HttpClientRequest.post(`${server.origin}/stream`).pipe(
              HttpClientRequest.bodyStream(Stream.make(new TextEncoder().encode("ab"), new TextEncoder().encode("cd")))
            )
          ),
          client.execute(HttpClientRequest.del(`${server.origin}/empty`))
        ]).pipe(Effect.flatMap(Effect.forEach((response) => response.text)))
      )
      const [get, json, text, stream, del] = server.received
      expect(get).toMatchObject({ method: "GET", url: "/a?x=1&y=%C3%A9+%C3%A8" })
      expect(get?.headers["x-test"]).toBe("v")
      expect(json?.headers["content-type"]).toBe("application/json")
      expect(json?.headers["content-length"]).toBe(String(Buffer.byteLength(JSON.stringify({ a: [1, "é"] }))))
      expect(JSON.parse(json?.body.toString() ?? "")).toEqual({ a: [1, "é"] })
      expect([text?.method, text?.headers["content-type"], text?.body.toString()]).toEqual(["PATCH", "text/plain", "hé"])
      expect(stream?.body.toString()).toBe("abcd")
      expect([del?.method, del?.body.length]).toEqual(["DELETE", 0])
    }))

  it.scopedLive("reads answers: text twice, json, bytes, a stream, headers and cookies", () =>
    Effect.gen(function*() {
      const big = "x".repeat(200_000)
      const server = yield* serve((req, _body, res) => {
        if (req.url === "/bom") {
          res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("{\"a\":\"é\"}")]))
        } else if (req.url === "/big") {
          res.write(big.slice(0, 100_000))
          setTimeout(() => res.end(big.slice(100_000)), 20)
        } else if (req.url === "/empty") {
          res.end()
        } else {
          res.setHeader("set-cookie", ["a=1; Path=/", "b=2; HttpOnly"])
          res.setHeader("x-many", ["one", "two"])
          res.writeHead(201, { "content-type": "application/json" })
          res.end("{\"n\":1}")
        }
      })
      yield* withClient((client) =>
        Effect.gen(function*() {
          const response = yield* client.get(`${server.origin}/`)
          expect(response.status).toBe(201)
          expect(response.headers["content-type"]).toBe("application/json")
          expect(response.headers["x-many"]).toBe("one, two")
          expect(response.cookies.cookies["a"]?.value).toBe("1")
          expect(response.cookies.cookies["b"]?.value).toBe("2")
          expect(yield* response.text).toBe("{\"n\":1}")
          expect(yield* response.text).toBe("{\"n\":1}")
          expect(yield* response.json).toEqual({ n: 1 })
          expect(Buffer.from(yield* response.arrayBuffer).toString()).toBe("{\"n\":1}")
          // after the body was read, its stream gives the same bytes
          const again = yield* Stream.runCollect(response.stream)
          expect(Buffer.concat(Chunk.toReadonlyArray(again)).toString()).toBe("{\"n\":1}")

          const bom = yield* client.get(`${server.origin}/bom`)
          expect(yield* bom.text).toBe("{\"a\":\"é\"}")
          expect(yield* bom.json).toEqual({ a: "é" })

          expect(yield* Effect.flatMap(client.get(`${server.origin}/empty`), (r) => r.json)).toBeNull()

          const streamed = yield* Effect.flatMap(client.get(`${server.origin}/big`), (r) => Stream.runCollect(r.stream))
          expect(Chunk.size(streamed)).toBeGreaterThan(1)
          expect(Buffer.concat(Chunk.toReadonlyArray(streamed)).toString()).toBe(big)
        })
      )
    }))

  it.scopedLive("does not follow redirects", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, _body, res) => {
        res.writeHead(302, { location: "/elsewhere" })
        res.end()
      })
      const response = yield* withClient((client) => client.get(`${server.origin}/start`))
      expect(response.status).toBe(302)
      expect(response.headers["location"]).toBe("/elsewhere")
      expect(server.received.map((r) => r.url)).toEqual(["/start"])
    }))

  it.scopedLive("an invalid URL and a refused connection are RequestErrors", () =>
    Effect.gen(function*() {
      const invalid = yield* withClient((client) => Effect.flip(client.get("not a url")))
      expect([invalid._tag, invalid.reason]).toEqual(["RequestError", "InvalidUrl"])
      // the origin of a server that has been closed again
      const closed = yield* Effect.scoped(Effect.map(serve((_req, _body, res) => res.end()), (server) => server.origin))
      const refused = yield* withClient((client) => Effect.flip(client.get(`${closed}/`)))
      expect([refused._tag, refused.reason]).toEqual(["RequestError", "Transport"])
    }))

  it.scopedLive("interrupting the reading of a body aborts the request", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, _body, res) => {
        res.writeHead(200)
        res.write("partial")
        // never ends
      })
      yield* withClient((client) =>
        Effect.gen(function*() {
          const response = yield* client.get(`${server.origin}/slow`)
          const reading = yield* Effect.fork(response.text)
          yield* Effect.sleep("50 millis")
          yield* Fiber.interrupt(reading)
          yield* waitUntil(() => server.aborted.length === 1)
        })
      )
      expect(server.aborted).toEqual(["/slow"])
    }))

  it.scopedLive("executeWithin: past the limit, the request or its body read fails with DeadlineExceeded", () =>
    Effect.gen(function*() {
      const server = yield* serve((req, _body, res) => {
        if (req.url === "/body") {
          res.writeHead(200)
          res.write("partial")
        }
        // /headers: never answers
      })
      yield* withClient((client) =>
        Effect.gen(function*() {
          const within = executeWithin(client)
          expect(within).toBeDefined()
          const noHeaders = yield* Effect.flip(within!(HttpClientRequest.get(`${server.origin}/headers`), 100))
          expect(noHeaders.cause).toBeInstanceOf(DeadlineExceeded)
          const response = yield* within!(HttpClientRequest.get(`${server.origin}/body`), 150)
          const noBody = yield* Effect.flip(response.text)
          expect(noBody.cause).toBeInstanceOf(DeadlineExceeded)
          // a client derived from it has no such capability: the executor falls back to its own time limit
          expect(executeWithin(HttpClient.mapRequest(client, (r) => r))).toBeUndefined()
        })
      )
      yield* waitUntil(() => server.aborted.length === 2)
    }))
})

describe("the client's time limit over NodeTransport.layer()", () => {
  const zoom = (origin: string, options: ZoomScheduler.Options = {}) =>
    ZoomScheduler.layer({ baseUrl: `${origin}/v2`, retry: RetryPolicy.never, ...options }).pipe(
      Layer.provide([Credentials.bearer(Redacted.make("t")), NodeTransport.layer()])
    )
  const getMe = Effect.flatMap(ZoomScheduler.ZoomScheduler, (client) => client.users.get("me"))
  const user = JSON.stringify({ id: "u1", display_name: "x" })

  it.scopedLive("no answer, or a body that stalls, is a Timeout after the limit, and the request is aborted", () =>
    Effect.gen(function*() {
      const server = yield* serve((req, _body, res) => {
        if (req.url?.startsWith("/v2/scheduler/users/me") && req.headers["x-mode"] === undefined) {
          if (server.received.length === 1) return // the first: no answer at all
          res.writeHead(200, { "content-type": "application/json" })
          res.write(user.slice(0, 5)) // the second: headers, then a stalled body
        }
      })
      for (const path of ["no headers", "stalled body"]) {
        const started = Date.now()
        const error = yield* Effect.flip(getMe.pipe(Effect.provide(zoom(server.origin, { timeout: "300 millis" }))))
        const elapsed = Date.now() - started
        expect([path, error._tag, error._tag === "TransportError" && error.reason]).toEqual([path, "TransportError", "Timeout"])
        expect(elapsed).toBeGreaterThanOrEqual(250)
        expect(elapsed).toBeLessThan(3_000)
      }
      yield* waitUntil(() => server.aborted.length === 2)
    }))

  it.scopedLive("an answer within a long limit leaves no timer behind", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, _body, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        res.end(user)
      })
      const timers = () => (process as unknown as { getActiveResourcesInfo: () => Array<string> }).getActiveResourcesInfo()
        .filter((r) => r === "Timeout").length
      const before = timers()
      const me = yield* getMe.pipe(Effect.provide(zoom(server.origin, { timeout: "10 minutes" })))
      expect(me.displayName).toBe("x")
      expect(timers()).toBeLessThanOrEqual(before)
    }))

  it.scopedLive("through transformClient (the generic path), a stalled answer is still a Timeout", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => {})
      const error = yield* Effect.flip(
        getMe.pipe(
          Effect.provide(zoom(server.origin, {
            timeout: "300 millis",
            transformClient: (client) => HttpClient.mapRequest(client, HttpClientRequest.setHeader("x-extra", "1"))
          }))
        )
      )
      expect(error._tag === "TransportError" && error.reason).toBe("Timeout")
      expect(server.received[0]?.headers["x-extra"]).toBe("1")
      yield* waitUntil(() => server.aborted.length === 1)
    }))
})
