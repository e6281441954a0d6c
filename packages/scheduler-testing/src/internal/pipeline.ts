/**
 * The request pipeline shared by the in-process client and the loopback
 * server, one named step each:
 *
 *   route → take fault → authenticate → rate-limit (per account) → handle → log,
 *
 * then fork the webhook deliveries the handler asked for. Every step but the
 * latency fault is synchronous at one `Clock` reading, so a request mutates
 * the model atomically.
 *
 * @internal
 */
import { Clock, Effect } from "effect"
import type { Notification } from "./booking.js"
import type { FaultStore } from "./faults.js"
import { renderFault, truncate, unknownRoute } from "./faults.js"
import type { FakeRequest, FakeResponse } from "./http.js"
import { withHeaders, zoomError } from "./http.js"
import type { Model } from "./model.js"
import type { TokenCounters } from "./oauth.js"
import { OAUTH_HANDLERS } from "./oauth.js"
import type { PageTokens } from "./pagination.js"
import type { Admission } from "./rateLimits.js"
import type { Attribution, RequestLog } from "./requestLog.js"
import type { Match } from "./routes.js"
import { match } from "./routes.js"
import type { Notifier } from "./notifier.js"
import type { Account, Installation, Tenants } from "./tenants.js"
import type { Caller, TokenStore } from "./tokenStore.js"
import type { Fault } from "./types/faults.js"
import type { Endpoint } from "./types/operations.js"

/** The state a request runs against. */
export interface Engine {
  readonly model: Model
  readonly tenants: Tenants
  readonly tokens: TokenStore
  readonly tokenCounters: TokenCounters
  readonly faults: FaultStore
  readonly log: RequestLog
  readonly notifier: Notifier
  readonly pageTokens: PageTokens
  readonly pageSize: { readonly default: number; readonly max: number }
}

const invalidToken = zoomError(401, 124, "Invalid access token.")
const expiredToken = zoomError(401, 124, "Access token is expired.")

/** A request matched to what it asks for. */
interface Routed {
  readonly match: Match
  readonly endpoint: Endpoint | "unknown"
}

/** An answered request: the response, who it was attributed to, and the notifications to send. */
interface Answered {
  readonly response: FakeResponse
  readonly attribution: Attribution
  readonly notifications: ReadonlyArray<Notification>
}

/** Step 1: the route (an operation, the token endpoint, or nothing). */
const route = (request: FakeRequest): Routed => {
  const m = match(request.method, request.path)
  return { match: m, endpoint: m._tag === "Api" ? m.operation : m._tag === "OAuth" ? m.endpoint : "unknown" }
}

/** Step 2: the first pending fault for the endpoint and the account the token claims. */
const takeFault = (engine: Engine, request: FakeRequest, routed: Routed): { fault: Fault | undefined; claimed: Attribution } => {
  const claimed = routed.match._tag === "Api" ? engine.tokens.identify(request.headers["authorization"]) : {}
  return { fault: engine.faults.take(routed.endpoint, claimed.accountId), claimed }
}

/** Step 3: who the call acts as, or its 401. */
const authenticate = (engine: Engine, request: FakeRequest, nowMs: number): Caller | { readonly rejected: FakeResponse } => {
  const auth = engine.tokens.authenticate(request.headers["authorization"], nowMs)
  switch (auth._tag) {
    case "Ok":
      return auth
    case "Expired":
      return { rejected: expiredToken }
    case "Invalid":
      return { rejected: invalidToken }
  }
}

/** Step 4: the account's budget, shared by all its installations (counted on both). */
const rateLimit = (
  engine: Engine,
  account: Account,
  installation: Installation | undefined,
  nowMs: number
): Admission | undefined => {
  account.counters.requests++
  if (installation !== undefined) installation.counters.requests++
  const admission = account.limiter?.admit(nowMs)
  if (admission?._tag === "Limited") {
    engine.log.limited[admission.kind]++
    engine.tenants.countLimited(account, installation, admission.kind)
  }
  return admission
}

/** Step 5: the operation's handler, as the caller. */
const handle = (
  engine: Engine,
  request: FakeRequest,
  m: Extract<Match, { _tag: "Api" }>,
  caller: Caller,
  nowMs: number,
  notifications: Array<Notification>
): FakeResponse =>
  m.handler({
    model: engine.model,
    request,
    params: m.params,
    viewer: engine.model.users.get(caller.userId) ?? engine.model.defaultUser,
    nowMs,
    tokens: engine.pageTokens,
    pageSize: engine.pageSize,
    notify: (n) => notifications.push(n)
  })

/** Steps 3 to 5 for an API call. */
const serveApi = (engine: Engine, request: FakeRequest, m: Extract<Match, { _tag: "Api" }>, nowMs: number): Answered => {
  const notifications: Array<Notification> = []
  const caller = authenticate(engine, request, nowMs)
  if ("rejected" in caller) return { response: caller.rejected, attribution: {}, notifications }
  const account = engine.tenants.accounts.get(caller.accountId) ?? engine.tenants.defaultAccount
  const installation = caller.installationId === undefined ? undefined : engine.tenants.installations.get(caller.installationId)
  const attribution: Attribution = {
    accountId: account.id,
    ...(installation !== undefined ? { installationId: installation.id } : {})
  }
  const admission = rateLimit(engine, account, installation, nowMs)
  if (admission?._tag === "Limited") return { response: admission.response, attribution, notifications }
  const response = handle(engine, request, m, caller, nowMs, notifications)
  return { response: admission === undefined ? response : withHeaders(response, admission.headers), attribution, notifications }
}

/** Serves a routed request at the current time and forks its webhook deliveries. */
const serve = (engine: Engine, request: FakeRequest, routed: Routed): Effect.Effect<Answered> =>
  Effect.flatMap(Clock.currentTimeMillis, (nowMs) => {
    const answered: Answered = routed.match._tag === "Api" ?
      serveApi(engine, request, routed.match, nowMs) :
      {
        response: routed.match._tag === "OAuth" ?
          OAUTH_HANDLERS[routed.match.endpoint]({ store: engine.tokens, counters: engine.tokenCounters, request, nowMs }) :
          unknownRoute,
        attribution: {},
        notifications: []
      }
    return answered.notifications.length === 0 ?
      Effect.succeed(answered) :
      Effect.as(engine.notifier.dispatch(answered.notifications, nowMs), answered)
  })

/** A fault's answer: delayed or truncated service, or a replacement. */
const serveFault = (
  engine: Engine,
  request: FakeRequest,
  routed: Routed,
  fault: Fault,
  claimed: Attribution,
  atMs: number
): Effect.Effect<Answered> => {
  switch (fault._tag) {
    case "Latency":
      return Effect.zipRight(Effect.sleep(fault.duration), serve(engine, request, routed))
    case "TruncatedJson":
      return Effect.map(serve(engine, request, routed), (served) => ({ ...served, response: truncate(served.response) }))
    default: {
      const account = claimed.accountId === undefined ? undefined : engine.tenants.accounts.get(claimed.accountId)
      const installation = claimed.installationId === undefined ? undefined : engine.tenants.installations.get(claimed.installationId)
      if (account !== undefined && fault._tag === "RateLimited") engine.tenants.countLimited(account, installation, fault.kind)
      return Effect.succeed({ response: renderFault(fault, atMs), attribution: claimed, notifications: [] })
    }
  }
}

/** Answers one request (the in-process client and the server call this). */
export const process = (engine: Engine) => (request: FakeRequest): Effect.Effect<FakeResponse> =>
  Effect.gen(function*() {
    const atMs = yield* Clock.currentTimeMillis
    const routed = route(request)
    const { claimed, fault } = takeFault(engine, request, routed)
    const served = fault === undefined ?
      yield* serve(engine, request, routed) :
      yield* serveFault(engine, request, routed, fault, claimed, atMs)
    engine.log.record(request, routed.endpoint, atMs, served.response, fault, served.attribution)
    return served.response
  })
