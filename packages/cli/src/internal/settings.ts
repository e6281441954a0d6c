/**
 * What every command shares: the global options (`--base-url`, `--json`),
 * the environment variables the library reads, where the token file lives,
 * and the client built from them.
 *
 * @internal
 */
import { Command, Options } from "@effect/cli"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import type { HttpClient } from "@effect/platform"
import { Config, ConfigError as ConfigErrorModule, Effect, Layer, Option, Redacted, Schema } from "effect"
import type { ConfigError, Redacted as R } from "effect"
import { Credentials, type TokenStore, ZoomScheduler } from "@effect-zoom/scheduler"
import { NodeTokenStore, NodeTransport } from "@effect-zoom/scheduler-node"

/** The options every command accepts. */
export const globalOptions = {
  baseUrl: Options.text("base-url").pipe(
    Options.withDescription("The API's base URL (default $ZOOM_BASE_URL, else https://api.zoom.us/v2)"),
    Options.optional
  ),
  json: Options.boolean("json").pipe(Options.withDescription("Print JSON instead of text"))
}

/** The global options, parsed. */
export interface Globals {
  readonly baseUrl: Option.Option<string>
  readonly json: boolean
}

/**
 * The root command, `zoom-scheduler`, with the global options: given before
 * the subcommand (`zoom-scheduler --json users me`), they are parsed here;
 * every leaf command accepts them after its name too (`users me --json`).
 */
export const root = Command.make("zoom-scheduler", globalOptions)

/**
 * A leaf command's handler, given its options with the global ones folded
 * in: `--json` anywhere turns JSON on, and `--base-url` after the subcommand
 * wins over one before it.
 */
export const withGlobals = <O extends { readonly json: boolean; readonly baseUrl?: Option.Option<string> }, A, E, R>(
  handler: (opts: O) => Effect.Effect<A, E, R>
) =>
(opts: O) =>
  Effect.flatMap(root, (before) =>
    handler({
      ...opts,
      json: opts.json || before.json,
      ...(opts.baseUrl === undefined ? {} : { baseUrl: Option.orElse(opts.baseUrl, () => before.baseUrl) })
    }))

/** No usable credentials: the user has to log in (or set a token). */
export class NotLoggedIn extends Schema.TaggedError<NotLoggedIn>("@effect-zoom/cli/NotLoggedIn")("NotLoggedIn", {
  message: Schema.String
}) {}

/** The environment, resolved once per command. */
export interface Settings {
  readonly baseUrl: Option.Option<string>
  /** Origin of the authorization and token endpoints (`https://zoom.us`). */
  readonly oauthUrl: string
  readonly tokenUrl: string
  readonly clientId: Option.Option<string>
  readonly clientSecret: Option.Option<R.Redacted<string>>
  readonly accessToken: Option.Option<R.Redacted<string>>
  readonly accountId: Option.Option<string>
  /** The token file (`$ZOOM_TOKEN_FILE`, else `<config dir>/zoom-scheduler/tokens.json`). */
  readonly tokenFile: string
}

const configDir = Effect.map(
  Config.option(Config.string("XDG_CONFIG_HOME")),
  (xdg) => Option.getOrElse(Option.filter(xdg, (d) => d !== ""), () => NodePath.join(NodeOs.homedir(), ".config"))
)

const optionalString = (name: string) =>
  Effect.map(Config.option(Config.string(name)), Option.filter((s) => s.trim() !== ""))

/** Reads the settings from the environment; `--base-url` wins over `ZOOM_BASE_URL`. */
export const settings = (globals: Globals): Effect.Effect<Settings, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const envBase = yield* optionalString("ZOOM_BASE_URL")
    const oauthUrl = Option.getOrElse(yield* optionalString("ZOOM_OAUTH_URL"), () => "https://zoom.us").replace(/\/+$/, "")
    const tokenUrl = Option.getOrElse(yield* optionalString("ZOOM_REFRESH_URL"), () => `${oauthUrl}/oauth/token`)
    const dir = yield* configDir
    const tokenFile = Option.getOrElse(
      yield* optionalString("ZOOM_TOKEN_FILE"),
      () => NodePath.join(dir, "zoom-scheduler", "tokens.json")
    )
    return {
      baseUrl: Option.orElse(globals.baseUrl, () => envBase),
      oauthUrl,
      tokenUrl,
      clientId: yield* optionalString("ZOOM_CLIENT_ID"),
      clientSecret: Option.map(yield* optionalString("ZOOM_CLIENT_SECRET"), Redacted.make),
      accessToken: Option.map(yield* optionalString("ZOOM_ACCESS_TOKEN"), Redacted.make),
      accountId: yield* optionalString("ZOOM_ACCOUNT_ID"),
      tokenFile
    }
  })

/** The client id and secret, or a `ConfigError` naming the missing variable. */
export const clientCredentials = (s: Settings) =>
  Effect.all({
    clientId: Option.match(s.clientId, {
      onNone: () => Effect.fail(missing("ZOOM_CLIENT_ID")),
      onSome: Effect.succeed
    }),
    clientSecret: Option.match(s.clientSecret, {
      onNone: () => Effect.fail(missing("ZOOM_CLIENT_SECRET")),
      onSome: Effect.succeed
    })
  })

/** A `ConfigError` for a missing environment variable. */
export const missing = (name: string): ConfigError.ConfigError =>
  ConfigErrorModule.MissingData([name], `Expected ${name} to exist in the process context`)

/** The file token store (mode 0600, shared safely by concurrent commands). */
export const tokenStoreLayer = (s: Settings) => NodeTokenStore.layerFile(s.tokenFile)

/**
 * The credentials, in this order: `ZOOM_ACCESS_TOKEN` (a fixed token); the
 * token file written by `auth login` (refreshed with `ZOOM_CLIENT_ID` /
 * `ZOOM_CLIENT_SECRET`); Server-to-Server OAuth when `ZOOM_ACCOUNT_ID` is set.
 */
export const credentialsLayer = (
  s: Settings
): Effect.Effect<Layer.Layer<Credentials.Credentials, never, HttpClient.HttpClient>, NotLoggedIn | ConfigError.ConfigError | TokenStore.TokenStoreError> =>
  Effect.gen(function*() {
    if (Option.isSome(s.accessToken)) return Credentials.bearer(s.accessToken.value)
    const stored = yield* Effect.flatMap(NodeTokenStore.makeFile(s.tokenFile), (store) => store.get)
    if (Option.isSome(stored)) {
      const client = yield* clientCredentials(s)
      return Credentials.refreshToken({ ...client, refreshUrl: s.tokenUrl }).pipe(Layer.provide(tokenStoreLayer(s)))
    }
    if (Option.isSome(s.accountId)) {
      const client = yield* clientCredentials(s)
      return Credentials.serverToServer({ ...client, accountId: s.accountId.value, tokenUrl: s.tokenUrl })
    }
    return yield* new NotLoggedIn({
      message: `no credentials: ${s.tokenFile} holds no tokens and neither ZOOM_ACCESS_TOKEN nor ZOOM_ACCOUNT_ID is set`
    })
  })

/** The undici transport the client and the OAuth calls go through. */
export const transportLayer = NodeTransport.layer()

/** The client for a command. */
export const zoomLayer = (s: Settings) =>
  Layer.unwrapEffect(
    Effect.map(credentialsLayer(s), (credentials) =>
      ZoomScheduler.layer({
        ...(Option.isSome(s.baseUrl) ? { baseUrl: s.baseUrl.value } : {}),
        retry: { maxRetryAfter: "10 seconds" }
      }).pipe(Layer.provide(credentials)))
  ).pipe(Layer.provide(transportLayer))
