/**
 * `zoom-scheduler auth login|status|logout`: the authorization-code flow
 * with PKCE over a loopback redirect, and the token file it fills.
 *
 * @internal
 */
import { Command, Options } from "@effect/cli"
import { spawn } from "node:child_process"
import * as NodeFs from "node:fs/promises"
import { DateTime, Duration, Effect, Layer, Option, Schema } from "effect"
import { OAuth, ZoomScheduler } from "@effect-zoom/scheduler"
import { NodeTokenStore } from "@effect-zoom/scheduler-node"
import * as Loopback from "../internal/loopback.js"
import { line, OutputError, printJson } from "../internal/output.js"
import {
  clientCredentials,
  globalOptions,
  settings,
  tokenStoreLayer,
  transportLayer,
  withGlobals,
  zoomLayer
} from "../internal/settings.js"

/** The browser never came back. */
export class LoginTimeout extends Schema.TaggedError<LoginTimeout>("@effect-zoom/cli/LoginTimeout")("LoginTimeout", {
  message: Schema.String
}) {}

const openBrowser = (url: string) =>
  Effect.sync(() => {
    const [command, args] = process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
      ? ["cmd", ["/c", "start", "", url]]
      : ["xdg-open", [url]]
    try {
      const child = spawn(command, args as Array<string>, { stdio: "ignore", detached: true })
      child.on("error", () => {}) // no browser: the URL is printed anyway
      child.unref()
    } catch {
      // same
    }
  })

const login = Command.make(
  "login",
  {
    ...globalOptions,
    port: Options.integer("port").pipe(
      Options.withDescription("Port of the loopback redirect server on 127.0.0.1 (default: a free port)"),
      Options.withDefault(0)
    ),
    open: Options.boolean("open").pipe(Options.withDescription("Open the authorization URL in the default browser")),
    timeout: Options.integer("timeout").pipe(
      Options.withDescription("Seconds to wait for the browser to come back"),
      Options.withDefault(300)
    )
  },
  withGlobals((opts) =>
    Effect.gen(function*() {
      const s = yield* settings(opts)
      const client = yield* clientCredentials(s)
      const server = yield* Loopback.start(opts.port)
      const pkce = yield* OAuth.makePkce
      const state = yield* OAuth.makeState
      const url = OAuth.authorizationUrl({
        clientId: client.clientId,
        redirectUri: server.redirectUri,
        state,
        codeChallenge: pkce.challenge,
        authorizeUrl: `${s.oauthUrl}/oauth/authorize`
      })
      process.stderr.write(`Open this URL in a browser to authorize zoom-scheduler:\n`)
      yield* line(url)
      process.stderr.write(`Waiting for the redirect to ${server.redirectUri} ...\n`)
      if (opts.open) yield* openBrowser(url)

      const arrival = yield* server.arrival.pipe(
        Effect.timeoutFail({
          duration: Duration.seconds(opts.timeout),
          onTimeout: () => new LoginTimeout({ message: `no redirect within ${opts.timeout} seconds` })
        })
      )
      const tokens = yield* OAuth.verifyCallback(arrival.params, { state }).pipe(
        Effect.flatMap((code) =>
          OAuth.exchangeCode({
            ...client,
            code,
            codeVerifier: pkce.verifier,
            redirectUri: server.redirectUri,
            tokenUrl: s.tokenUrl
          })
        ),
        Effect.provide(Layer.merge(tokenStoreLayer(s), transportLayer)),
        Effect.tapError((e) => arrival.answer(false, e.message)),
        Effect.tap(() => arrival.answer(true, "zoom-scheduler is authorized; return to the terminal."))
      )
      const me = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me")).pipe(
        Effect.provide(zoomLayer(s))
      )
      const who = me.displayName ?? "(unnamed user)"
      if (opts.json) {
        yield* printJson({
          user: who,
          tokenFile: s.tokenFile,
          expiresAt: DateTime.formatIso(tokens.expiresAt),
          scopes: tokens.scopes
        })
      } else {
        yield* line(`Logged in as ${who}; tokens saved to ${s.tokenFile} (scopes: ${tokens.scopes.join(" ")})`)
      }
    }).pipe(Effect.scoped))
).pipe(Command.withDescription("Authorize with Zoom in a browser (OAuth with PKCE) and store the tokens"))

const status = Command.make("status", globalOptions, withGlobals((opts) =>
  Effect.gen(function*() {
    const s = yield* settings(opts)
    const stored = yield* Effect.flatMap(NodeTokenStore.makeFile(s.tokenFile), (store) => store.get)
    const now = yield* DateTime.now
    const report = Option.match(stored, {
      onNone: () => ({ loggedIn: false, tokenFile: s.tokenFile }),
      onSome: (t) => ({
        loggedIn: true,
        tokenFile: s.tokenFile,
        accessTokenValid: DateTime.lessThan(now, t.expiresAt),
        expiresAt: DateTime.formatIso(t.expiresAt),
        hasRefreshToken: t.refreshToken !== undefined,
        scopes: t.scopes
      })
    })
    if (opts.json) return yield* printJson(report)
    if (!report.loggedIn) return yield* line(`Not logged in (no tokens in ${s.tokenFile}); run \`zoom-scheduler auth login\``)
    const t = Option.getOrThrow(stored)
    yield* line(`Logged in; tokens in ${s.tokenFile}`)
    yield* line(
      `access token ${DateTime.lessThan(now, t.expiresAt) ? "valid until" : "expired at"} ${
        DateTime.formatIso(t.expiresAt)
      }${t.refreshToken !== undefined ? " (refreshed automatically)" : ""}`
    )
    yield* line(`scopes: ${t.scopes.join(" ") || "(none)"}`)
  }))).pipe(Command.withDescription("Show whether tokens are stored, and until when they are valid"))

const logout = Command.make("logout", globalOptions, withGlobals((opts) =>
  Effect.gen(function*() {
    const s = yield* settings(opts)
    const removed = yield* Effect.tryPromise({
      try: () => NodeFs.rm(s.tokenFile).then(() => true, (e: NodeJS.ErrnoException) => e.code === "ENOENT" ? false : Promise.reject(e)),
      catch: (e) => new OutputError({ reason: "Failed", message: `cannot remove ${s.tokenFile}: ${String(e)}` })
    })
    if (opts.json) return yield* printJson({ loggedOut: removed, tokenFile: s.tokenFile })
    yield* line(removed ? `Logged out: removed ${s.tokenFile}` : `Not logged in: ${s.tokenFile} does not exist`)
  }))).pipe(Command.withDescription("Forget the stored tokens (deletes the token file)"))

/** `zoom-scheduler auth`. */
export const auth = Command.make("auth").pipe(
  Command.withDescription("Log in to Zoom, check or forget the stored login"),
  Command.withSubcommands([login, status, logout])
)
