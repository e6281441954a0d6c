/**
 * The loopback redirect server of `auth login` (RFC 8252 §7.3): listens on
 * 127.0.0.1, waits for the browser to arrive at `/callback`, and answers it
 * with the login's outcome once the code has been exchanged.
 *
 * @internal
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { Deferred, Effect, Schema } from "effect"
import type { Scope } from "effect"

/** The redirect server could not listen. */
export class ServeError extends Schema.TaggedError<ServeError>("@effect-zoom/cli/ServeError")("ServeError", {
  message: Schema.String
}) {}

/** A redirect that arrived: its query, and how to answer the browser. */
export interface Arrival {
  readonly params: URLSearchParams
  readonly answer: (ok: boolean, message: string) => Effect.Effect<void>
}

/** A listening redirect server. */
export interface RedirectServer {
  readonly redirectUri: string
  /** The first request to `/callback`. */
  readonly arrival: Effect.Effect<Arrival>
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

const page = (ok: boolean, message: string) =>
  `<!doctype html><meta charset="utf-8"><title>zoom-scheduler</title>` +
  `<h1>${ok ? "Logged in" : "Login failed"}</h1><p>${escapeHtml(message)}</p><p>You can close this window.</p>`

/** Starts the server on `127.0.0.1:port` (0: a free port) until the scope closes. */
export const start = (port: number): Effect.Effect<RedirectServer, ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const arrived = yield* Deferred.make<Arrival>()
    const server = Http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1")
      if (req.method !== "GET" || url.pathname !== "/callback") {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found")
        return
      }
      const answer = (ok: boolean, message: string) =>
        Effect.async<void>((resume) => {
          res.writeHead(ok ? 200 : 400, { "content-type": "text/html;charset=utf-8", connection: "close" })
          res.end(page(ok, message), () => resume(Effect.void))
        })
      const accepted = Effect.runSync(Deferred.succeed(arrived, { params: url.searchParams, answer }))
      if (!accepted) res.writeHead(409, { "content-type": "text/plain" }).end("this login is already finished")
    })
    const address = yield* Effect.acquireRelease(
      Effect.async<AddressInfo, ServeError>((resume) => {
        server.once("error", (e) =>
          resume(Effect.fail(new ServeError({ message: `cannot listen on 127.0.0.1:${port}: ${e.message}` }))))
        server.listen(port, "127.0.0.1", () => resume(Effect.succeed(server.address() as AddressInfo)))
      }),
      () =>
        Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    )
    return { redirectUri: `http://127.0.0.1:${address.port}/callback`, arrival: Deferred.await(arrived) }
  })
