/**
 * A hostile Zoom of our own: a `node:http` server on loopback whose answer
 * each test scripts (status, headers, raw bytes, or no answer at all), and
 * the public client pointed at it through `FetchHttpClient`.
 */
import { FetchHttpClient } from "@effect/platform"
import type { HttpClient } from "@effect/platform"
import { Effect, Layer, Redacted, Schedule } from "effect"
import type { Scope } from "effect"
import { createServer } from "node:http"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"

/** A request as the server received it. */
export interface Received {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingMessage["headers"]
  readonly body: string
}

/** How the server answers: write to `res` (or never end it to stall). */
export type Script = (req: Received, res: ServerResponse) => void

export interface Hostile {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** Every request received, in order. */
  readonly received: Array<Received>
  /** Replaces the answer script. */
  script: Script
}

/** A JSON answer. */
export const sendJson = (res: ServerResponse, status: number, value: unknown): void => {
  res.writeHead(status, { "content-type": "application/json" })
  res.end(JSON.stringify(value))
}

/** Raw bytes (or text) as a JSON answer. */
export const sendRaw = (res: ServerResponse, status: number, body: string | Uint8Array): void => {
  res.writeHead(status, { "content-type": "application/json" })
  res.end(body)
}

/** Starts the server on 127.0.0.1 for the scope's lifetime; a stalled answer is cut when the scope closes. */
export const serve: Effect.Effect<Hostile, never, Scope.Scope> = Effect.acquireRelease(
  Effect.async<{ hostile: Hostile; close: () => Promise<void> }>((resume) => {
    const received: Array<Received> = []
    const hostile: Hostile = { origin: "", received, script: (_req, res) => sendJson(res, 404, {}) }
    const server = createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => chunks.push(chunk))
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1")
        const entry: Received = {
          method: req.method ?? "GET",
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8")
        }
        received.push(entry)
        hostile.script(entry, res)
      })
    })
    server.keepAliveTimeout = 1000
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      Object.assign(hostile, { origin: `http://127.0.0.1:${port}` })
      resume(Effect.succeed({
        hostile,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      }))
    })
  }),
  ({ close }) => Effect.promise(close)
).pipe(Effect.map(({ hostile }) => hostile))

/** A token that must never show up in an error. */
export const TOKEN = "hostile-access-token-SENTINEL-7f3c"

/** Quick retries, so a retried failure costs milliseconds, not seconds. */
export const quickRetry = {
  schedule: Schedule.spaced("5 millis").pipe(Schedule.intersect(Schedule.recurs(3)))
}

/** The public client against the hostile server, over `fetch`. */
export const client = (
  hostile: Hostile,
  options: ZoomScheduler.Options = {},
  credentials: Layer.Layer<Credentials.Credentials, never, HttpClient.HttpClient> = Credentials.bearer(
    Redacted.make(TOKEN)
  )
) =>
  ZoomScheduler.layer({
    baseUrl: `${hostile.origin}/v2`,
    timeout: "2 seconds",
    ...options,
    retry: { ...quickRetry, ...options.retry }
  }).pipe(
    Layer.provide(credentials),
    Layer.provide(FetchHttpClient.layer)
  )

/** Every rendering of an error a program might do; none may throw. */
export const renderings = (error: unknown, cause: string): ReadonlyArray<string> => [
  String((error as { message?: unknown }).message),
  String(error),
  JSON.stringify(error) ?? "",
  cause
]
