/**
 * Assembles a fake: the model and its seed data, the tenants (accounts and
 * installations) and the token store, the fault rules, the request log and
 * the webhook notifier, then the request pipeline (`pipeline.ts`) and the
 * handle (`control.ts`) over them.
 *
 * @internal
 */
import { HttpClient } from "@effect/platform"
import { Clock, Effect, Redacted } from "effect"
import type { Scope } from "effect"
import { accountLimits, oauthConfig, pageSizeConfig, redact, webhookTarget } from "./config.js"
import { makeHandle, registerStatic, runSeed } from "./control.js"
import { FaultStore } from "./faults.js"
import type { FakeRequest, FakeResponse } from "./http.js"
import type { FakeZoomHandle } from "./handle.js"
import { Model } from "./model.js"
import { makeNotifier } from "./notifier.js"
import { tokenCounters } from "./oauth.js"
import { PageTokens } from "./pagination.js"
import type { Engine } from "./pipeline.js"
import { process } from "./pipeline.js"
import { Random } from "./random.js"
import { RequestLog } from "./requestLog.js"
import { ensureDefaultUser } from "./seed.js"
import { Tenants } from "./tenants.js"
import { TokenStore } from "./tokenStore.js"
import type { FakeZoomOptions } from "./types/options.js"

/** What the transports need from a handle. */
export interface Transportable {
  /** Answers one request (the in-process client and the server call this). */
  readonly process: (request: FakeRequest) => Effect.Effect<FakeResponse>
  /** The token store (the server sets its `api_url` default). */
  readonly tokens: TokenStore
}

const engines = new WeakMap<FakeZoomHandle, Transportable>()

/** The engine of a handle created by {@link make}. */
export const engineOf = (handle: FakeZoomHandle): Transportable => {
  const engine = engines.get(handle)
  if (engine === undefined) throw new TypeError("Not a FakeZoom handle: create it with FakeZoom.make/layer/serve")
  return engine
}

/** The model, empty but for its account id (from `options.accountId`, else the seed). */
const emptyModel = (options: FakeZoomOptions): Model => {
  const seedNumber = typeof options.seed === "object" ? options.seed.seed ?? 1 : 1
  return new Model(options.accountId ?? new Random(seedNumber ^ 0x5eed).userId(), new Random(seedNumber))
}

/** Static access tokens and pre-registered refresh tokens of the options. */
const registerOptionTokens = (engine: Engine, options: FakeZoomOptions, nowMs: number) =>
  Effect.gen(function*() {
    for (const token of options.tokens ?? []) yield* Effect.orDie(registerStatic(engine, token, nowMs))
    const refreshTokens: ReadonlyArray<string | Redacted.Redacted<string>> = options.oauth?.refreshTokens ?? []
    if (refreshTokens.length === 0) return
    const installation = engine.tenants.installationFor(engine.tenants.defaultAccount.id, engine.model.defaultUser.id)
    for (const token of refreshTokens) {
      engine.tokens.issueRefreshToken(installation, nowMs, undefined, Redacted.value(redact(token)))
    }
  })

/** Creates a fake: its engine and its handle. */
export const make = (options: FakeZoomOptions): Effect.Effect<FakeZoomHandle, never, Scope.Scope> =>
  Effect.gen(function*() {
    const startMs = yield* Clock.currentTimeMillis
    const model = emptyModel(options)
    const defaultLimits = accountLimits(options.rateLimits)
    const tenants = new Tenants(model.accountId, defaultLimits, () => model.defaultUser.id)
    const engine: Engine = {
      model,
      tenants,
      tokens: new TokenStore(oauthConfig(options), tenants),
      tokenCounters: tokenCounters(),
      faults: new FaultStore(),
      log: new RequestLog(options.requestLogLimit ?? 10_000),
      notifier: yield* makeNotifier(
        model,
        options.webhooks === undefined ? [] : [webhookTarget(options.webhooks)],
        yield* Effect.serviceOption(HttpClient.HttpClient)
      ),
      pageTokens: new PageTokens(),
      pageSize: pageSizeConfig(options)
    }
    if (options.seed !== undefined) runSeed(engine, defaultLimits, options.seed, startMs)
    ensureDefaultUser(model)
    yield* registerOptionTokens(engine, options, startMs)
    const handle = makeHandle(engine, defaultLimits)
    engines.set(handle, { process: process(engine), tokens: engine.tokens })
    return handle
  })
