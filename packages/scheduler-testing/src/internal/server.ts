/**
 * The loopback transport: a `node:http` server (keep-alive on) whose handler
 * runs the fake's pipeline on the runtime of the fiber that started it.
 * Closing the scope stops listening, destroys open keep-alive sockets and
 * interrupts requests in flight. CORS (`cors.ts`): preflights are answered
 * here, and every answer allows any origin.
 *
 * @internal
 */
import { Effect, FiberSet } from "effect"
import type { Scope } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { corsHeaders, isPreflight, preflightHeaders } from "./cors.js"
import { FakeZoomServeError } from "./errors.js"
import { engineOf, make } from "./fake.js"
import type { FakeZoomHandle } from "./handle.js"
import type { FakeRequest } from "./http.js"
import type { FakeZoomOptions } from "./types/options.js"

/**
 * Options of {@link serve}: the fake's options plus where to listen, or an
 * existing handle (`fake`) to serve instead of a new model.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const options: FakeZoom.ServeOptions = { port: 0, host: "127.0.0.1", seed: { events: 10 } }
 * ```
 *
 * @since 0.1.0
 * @category server
 */
export interface ServeOptions extends FakeZoomOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number
  /** Interface to listen on; default 127.0.0.1. */
  readonly host?: string
  /** Serve this existing fake instead of creating one from the options. */
  readonly fake?: FakeZoomHandle
}

/**
 * A running loopback server.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const baseUrl = (served: FakeZoom.Served) => `${served.url}/v2`
 * ```
 *
 * @since 0.1.0
 * @category server
 */
export interface Served {
  /** `http://127.0.0.1:<port>` (API under `/v2`, token endpoint at `/oauth/token`). */
  readonly url: string
  readonly fake: FakeZoomHandle
}

const headerRecord = (headers: Http.IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value
  }
  return out
}

const formatHost = (host: string): string => (host.includes(":") ? `[${host}]` : host)

/** Starts a server for a new fake (or `options.fake`) until the scope closes. */
export const serve = (options: ServeOptions): Effect.Effect<Served, FakeZoomServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const { fake: existing, host = "127.0.0.1", port = 0, ...fakeOptions } = options
    const fake = existing ?? (yield* make(fakeOptions))
    const engine = engineOf(fake)
    const run = yield* FiberSet.makeRuntimePromise<never>()

    const server = Http.createServer((req, res) => {
      const requestHeaders = headerRecord(req.headers)
      if (isPreflight(req.method, requestHeaders)) {
        req.resume()
        res.writeHead(204, preflightHeaders(requestHeaders))
        res.end()
        return
      }
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => chunks.push(chunk))
      req.on("error", () => req.socket.destroy())
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://fake.invalid")
        const request: FakeRequest = {
          method: req.method ?? "GET",
          path: url.pathname,
          query: url.searchParams,
          headers: requestHeaders,
          body: new Uint8Array(Buffer.concat(chunks))
        }
        run(engine.process(request)).then(
          (response) => {
            if (response._tag === "Drop") {
              req.socket.destroy()
              return
            }
            const headers: Record<string, string> = { ...response.headers, ...corsHeaders }
            if (response.body !== undefined) headers["content-length"] = String(Buffer.byteLength(response.body))
            res.writeHead(response.status, headers)
            res.end(response.body)
          },
          () => req.socket.destroy()
        )
      })
    })

    const address = yield* Effect.acquireRelease(
      Effect.async<AddressInfo, FakeZoomServeError>((resume) => {
        const onError = (cause: Error) => resume(Effect.fail(new FakeZoomServeError({ host, port, cause })))
        server.once("error", onError)
        server.listen(port, host, () => {
          server.off("error", onError)
          resume(Effect.succeed(server.address() as AddressInfo))
        })
      }),
      () =>
        Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    )
    const url = `http://${formatHost(host)}:${address.port}`
    if (existing === undefined && options.oauth?.apiUrl === undefined) engine.tokens.config.apiUrl = url
    return { url, fake }
  })
