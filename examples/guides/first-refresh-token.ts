/**
 * Guide: getting a first refresh token (docs/guides/first-refresh-token.md).
 *
 * The OAuth authorization-code flow with PKCE, as a program: it listens for
 * Zoom's redirect on 127.0.0.1, prints the URL to open, exchanges the code
 * and writes the tokens to a file that `Credentials.refreshToken` then keeps
 * fresh. Register `http://127.0.0.1:8400/callback` as a redirect URL of your
 * Zoom app first.
 *
 *   ZOOM_CLIENT_ID=… ZOOM_CLIENT_SECRET=… npx --yes pnpm@10.34.9 exec tsx --conditions=source examples/guides/first-refresh-token.ts
 *
 * It waits for the browser (Ctrl-C stops it) and exits once the tokens are saved.
 */
import { createServer } from "node:http"
import { pathToFileURL } from "node:url"
import { NodeRuntime } from "@effect/platform-node"
import { Config, Console, Deferred, Effect, Layer, Redacted } from "effect"
import { Errors, OAuth } from "@effect-zoom/scheduler"
import { NodeTokenStore, NodeTransport } from "@effect-zoom/scheduler-node"

export interface LoginOptions {
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  readonly port: number
  readonly authorizeUrl?: string
  readonly tokenUrl?: string
  /** Called with the URL the user must open (the program prints it). */
  readonly onUrl: (url: string) => Effect.Effect<void>
}

/** Waits for one redirect on 127.0.0.1:`port`/callback and returns its full URL. */
const awaitRedirect = (port: number, ready: Deferred.Deferred<string>) =>
  Effect.acquireRelease(
    Effect.async<{ readonly close: () => void; readonly redirectUri: string }>((resume) => {
      const server = createServer((req, res) => {
        res.end("You can close this tab.")
        Deferred.unsafeDone(ready, Effect.succeed(`http://127.0.0.1${req.url ?? "/"}`))
      })
      server.listen(port, "127.0.0.1", () => {
        const address = server.address()
        const bound = typeof address === "object" && address !== null ? address.port : port
        resume(Effect.succeed({ close: () => server.close(), redirectUri: `http://127.0.0.1:${bound}/callback` }))
      })
    }),
    (server) => Effect.sync(server.close)
  )

/** The whole flow: PKCE and state, the URL, the redirect, the code exchange (tokens go to the TokenStore). */
export const login = (options: LoginOptions) =>
  Effect.scoped(Effect.gen(function*() {
    const redirected = yield* Deferred.make<string>()
    const { redirectUri } = yield* awaitRedirect(options.port, redirected)
    const pkce = yield* OAuth.makePkce
    const state = yield* OAuth.makeState
    yield* options.onUrl(OAuth.authorizationUrl({
      clientId: options.clientId,
      redirectUri,
      state,
      codeChallenge: pkce.challenge,
      ...(options.authorizeUrl === undefined ? {} : { authorizeUrl: options.authorizeUrl })
    }))
    const code = yield* OAuth.verifyCallback(yield* Deferred.await(redirected), { state })
    return yield* OAuth.exchangeCode({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      code,
      codeVerifier: pkce.verifier,
      redirectUri,
      ...(options.tokenUrl === undefined ? {} : { tokenUrl: options.tokenUrl })
    })
  }))

const main = Effect.gen(function*() {
  const clientId = yield* Config.string("ZOOM_CLIENT_ID")
  const clientSecret = yield* Config.redacted("ZOOM_CLIENT_SECRET")
  const tokenFile = yield* Config.string("ZOOM_TOKEN_FILE").pipe(Config.withDefault(".zoom-tokens.json"))
  const tokens = yield* login({
    clientId,
    clientSecret,
    port: 8400,
    onUrl: (url) => Console.log(`Open this URL in a browser (waiting on 127.0.0.1:8400, Ctrl-C to stop):\n${url}`)
  }).pipe(Effect.provide(Layer.mergeAll(NodeTokenStore.layerFile(tokenFile), NodeTransport.layer())))
  yield* Console.log(`Saved the tokens to ${tokenFile} (scopes: ${tokens.scopes?.join(" ") ?? "unknown"})`)
})

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  NodeRuntime.runMain(main.pipe(Errors.report), { disableErrorReporting: true })
}
