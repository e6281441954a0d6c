/**
 * Assembles a fake: the model, the token store, the rate limiter, the fault
 * rules, the webhook subscriptions, the request log, and the request pipeline
 * shared by the in-process client and the loopback server:
 *
 *   match route → take fault → authenticate → rate-limit → handler → log,
 *   then fork webhook deliveries.
 *
 * @internal
 */
import { HttpClient } from "@effect/platform"
import { Clock, Duration, Effect, FiberSet, Option, Redacted } from "effect"
import type { Scope } from "effect"
import type {
  Endpoint,
  FakeZoomHandle,
  FakeZoomOptions,
  FakeZoomStats,
  Fault,
  RequestLogEntry,
  ScheduledEventSnapshot,
  ScheduleSnapshot,
  Seeder,
  SeedOptions,
  Snapshot,
  StaticToken,
  WebhookOptions
} from "../FakeZoom.js"
import type { Notification } from "./booking.js"
import { book } from "./booking.js"
import { FakeZoomConflict, FakeZoomInvalidInput, FakeZoomNotFound } from "./errors.js"
import { FaultStore, renderFault, truncate, unknownRoute } from "./faults.js"
import type { FakeRequest, FakeResponse } from "./http.js"
import { bodyText, queryRecord, withHeaders, zoomError } from "./http.js"
import type { EventRecord, Model, ScheduleRecord } from "./model.js"
import { Model as ModelClass } from "./model.js"
import { TokenStore } from "./oauth.js"
import { PageTokens } from "./pagination.js"
import { Random } from "./random.js"
import type { RateLimitConfig } from "./rateLimits.js"
import { PLAN_LIMITS, RateLimiter } from "./rateLimits.js"
import type { RouteContext } from "./routes.js"
import { match } from "./routes.js"
import { ensureDefaultUser, generate, makeSeeder, userSchedulingUrl } from "./seed.js"
import { formatDateTime, formatTimestamp } from "./time.js"
import type { DeliveryRecord, WebhookTarget } from "./webhooks.js"
import { DEFAULT_RETRY_DELAYS, DEFAULT_TIMEOUT, deliver, makeSender, newDelivery, notificationBody } from "./webhooks.js"
import * as Wire from "./wire.js"

/** The internals behind a handle. */
export interface Engine {
  /** Answers one request (the in-process client and the server call this). */
  readonly process: (request: FakeRequest) => Effect.Effect<FakeResponse>
  /** The token store (the server sets its `api_url` default). */
  readonly tokens: TokenStore
}

const engines = new WeakMap<FakeZoomHandle, Engine>()

/** The engine of a handle created by {@link make}. */
export const engineOf = (handle: FakeZoomHandle): Engine => {
  const engine = engines.get(handle)
  if (engine === undefined) throw new TypeError("Not a FakeZoom handle: create it with FakeZoom.make/layer/serve")
  return engine
}

const REDACTED = "<redacted>"
const SECRET_PARAMS = ["refresh_token", "client_secret", "code", "code_verifier", "access_token"]

const invalidToken = zoomError(401, 124, "Invalid access token.")
const expiredToken = zoomError(401, 124, "Access token is expired.")

const toMillis = (input: Duration.DurationInput): number => Duration.toMillis(Duration.decode(input))

const redact = (value: string | Redacted.Redacted<string>): Redacted.Redacted<string> =>
  typeof value === "string" ? Redacted.make(value) : value

const positiveInteger = (name: string, value: number): number => {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`)
  return value
}

const rateLimitConfig = (options: FakeZoomOptions["rateLimits"]): RateLimitConfig | undefined => {
  if (options === undefined) return undefined
  if ("plan" in options) return PLAN_LIMITS[options.plan]
  return { perSecond: positiveInteger("rateLimits.perSecond", options.perSecond), daily: options.daily }
}

const webhookTarget = (options: WebhookOptions): WebhookTarget => ({
  url: options.url,
  secretToken: redact(options.secretToken),
  retryDelays: options.retryDelays?.map((d) => Duration.decode(d)) ?? DEFAULT_RETRY_DELAYS,
  timeout: options.timeout === undefined ? DEFAULT_TIMEOUT : Duration.decode(options.timeout)
})

/** The request body as logged: JSON, form parameters (secrets redacted) or text. */
const loggedBody = (request: FakeRequest, endpoint: Endpoint | "unknown"): unknown => {
  if (request.body.length === 0) return undefined
  const text = bodyText(request)
  if (endpoint === "oauth.token" && !text.trimStart().startsWith("{")) {
    const params = queryRecord(new URLSearchParams(text))
    for (const key of SECRET_PARAMS) if (key in params) params[key] = REDACTED
    return params
  }
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

const loggedHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(headers)) {
    out[key] = key === "authorization" || key === "cookie" || key === "x-zm-signature" ? REDACTED : value
  }
  return out
}

const loggedQuery = (query: URLSearchParams): Record<string, string> => {
  const out = queryRecord(query)
  for (const key of SECRET_PARAMS) if (key in out) out[key] = REDACTED
  return out
}

const eventSnapshot = (e: EventRecord): ScheduledEventSnapshot => ({
  event_id: e.id,
  schedule_id: e.scheduleId,
  host_user_id: e.hostId,
  attendees: e.attendees.map((a) => ({
    attendee_id: a.id,
    booker: a.booker,
    created: formatTimestamp(a.createdMs),
    display_name: a.displayName,
    email: a.email,
    ...(a.firstName !== undefined ? { first_name: a.firstName } : {}),
    ...(a.lastName !== undefined ? { last_name: a.lastName } : {}),
    time_zone: a.timeZone,
    no_show: a.noShow,
    custom_values: a.customValues
  })),
  ...(e.description !== undefined ? { description: e.description } : {}),
  start_date_time: formatDateTime(e.startMs),
  end_date_time: formatDateTime(e.endMs),
  guests: [...e.guests],
  ...(e.location !== undefined ? { location: e.location } : {}),
  status: e.status,
  summary: e.summary,
  created: formatTimestamp(e.createdMs),
  updated: formatTimestamp(e.updatedMs),
  ...(e.meetingNotes !== undefined ? { meeting_notes: e.meetingNotes } : {}),
  event_type: e.eventType,
  ...(e.externalLocation !== undefined ? { external_location: e.externalLocation } : {}),
  ...(e.trackingParams !== undefined ? { tracking_params: e.trackingParams } : {}),
  ...(e.cancellation !== undefined ?
    {
      cancellation: {
        canceled_by: e.cancellation.canceledBy,
        canceler_type: e.cancellation.cancelerType,
        cancel_at: formatDateTime(e.cancellation.cancelMs),
        ...(e.cancellation.reason !== undefined ? { reason: e.cancellation.reason } : {})
      }
    } :
    {})
})

const scheduleSnapshot = (model: Model, s: ScheduleRecord): ScheduleSnapshot => {
  const { creator: _creator, organizer: _organizer, ...wire } = Wire.schedule(model, s, s.ownerId)
  return { ...(wire as unknown as Omit<ScheduleSnapshot, "owner_id">), owner_id: s.ownerId }
}

const snapshotOf = (model: Model): Snapshot => ({
  accountId: model.accountId,
  defaultUserId: model.defaultUser.id,
  users: model.userIds.map((id) => {
    const u = model.users.get(id)!
    return {
      user_id: u.id,
      email: u.email,
      display_name: u.displayName,
      slug: u.slug,
      scheduling_url: userSchedulingUrl(u),
      time_zone: u.timeZone,
      ...(u.picture !== undefined ? { picture: u.picture } : {}),
      ...(u.logo !== undefined ? { logo: u.logo } : {})
    }
  }),
  availability: model.availability.map((a) => ({
    availability_id: a.id,
    default: a.isDefault,
    name: a.name,
    owner: a.ownerId,
    segments: a.segments,
    segments_recurrence: a.segmentsRecurrence,
    time_zone: a.timeZone
  })),
  schedules: model.schedules.map((s) => scheduleSnapshot(model, s)),
  events: model.events.byStart.map(eventSnapshot),
  teams: model.teams.map((t) => ({
    team_id: t.id,
    owner_id: t.ownerId,
    member_ids: [...t.memberIds],
    name: t.name,
    slug: t.slug,
    timezone: t.timezone
  })),
  routingResponses: [...model.routingResponses.values()].map((r) => ({
    form_id: r.formId,
    response_id: r.responseId,
    booked: r.booked
  })),
  shares: model.shares.map((s) => ({
    share_id: s.id,
    schedule_id: s.scheduleId,
    scheduling_url: s.schedulingUrl,
    settings: s.settings
  })),
  singleUseLinks: model.singleUseLinks.map((l) => ({
    link_id: l.id,
    schedule_id: l.scheduleId,
    ...(l.teamId !== undefined ? { team_id: l.teamId } : {}),
    scheduling_url: l.schedulingUrl
  }))
})

/** Creates a fake and its engine. */
export const make = (options: FakeZoomOptions): Effect.Effect<FakeZoomHandle, never, Scope.Scope> =>
  Effect.gen(function*() {
    const startMs = yield* Clock.currentTimeMillis
    const seedNumber = typeof options.seed === "object" ? options.seed.seed ?? 1 : 1
    const accountId = options.accountId ?? new Random(seedNumber ^ 0x5eed).userId()
    const model = new ModelClass(accountId, new Random(seedNumber))
    const runSeed = (seed: SeedOptions | ((seeder: Seeder) => void), nowMs: number): void => {
      if (typeof seed === "function") seed(makeSeeder(model, nowMs))
      else generate(model, seed)
      ensureDefaultUser(model)
    }
    if (options.seed !== undefined) runSeed(options.seed, startMs)
    ensureDefaultUser(model)

    const pageSize = {
      default: positiveInteger("pageSize.default", options.pageSize?.default ?? 30),
      max: positiveInteger("pageSize.max", options.pageSize?.max ?? 300)
    }
    const clients = (options.oauth?.clients ?? []).map((c) => ({ clientId: c.clientId, clientSecret: redact(c.clientSecret) }))
    const tokens = new TokenStore({
      clients,
      accountId: options.accountId,
      accessTokenTtlMs: toMillis(options.oauth?.accessTokenTtl ?? "1 hour"),
      refreshTokenTtlMs: toMillis(options.oauth?.refreshTokenTtl ?? "90 days"),
      apiUrl: options.oauth?.apiUrl,
      mode: options.auth ?? (clients.length > 0 ? "strict" : "any")
    })
    const resolveUser = (idOrEmail: string | undefined) => {
      if (idOrEmail === undefined || idOrEmail === "me") return Effect.succeed(model.defaultUser)
      const user = model.findUser(idOrEmail)
      return user === undefined ? Effect.fail(new FakeZoomNotFound({ resource: "User", id: idOrEmail })) : Effect.succeed(user)
    }
    const registerStatic = (token: string | Redacted.Redacted<string> | StaticToken, nowMs: number) => {
      const spec: StaticToken = typeof token === "string" || Redacted.isRedacted(token) ? { token } : token
      return Effect.map(resolveUser(spec.userId), (user) =>
        tokens.registerAccessToken(
          Redacted.value(redact(spec.token)),
          user.id,
          spec.expiresIn === undefined ? undefined : nowMs + toMillis(spec.expiresIn)
        ))
    }
    for (const token of options.tokens ?? []) yield* Effect.orDie(registerStatic(token, startMs))
    for (const token of options.oauth?.refreshTokens ?? []) {
      tokens.registerRefreshToken(Redacted.value(redact(token)), model.defaultUser.id, startMs)
    }

    const limitConfig = rateLimitConfig(options.rateLimits)
    const limiter = limitConfig === undefined ? undefined : new RateLimiter(limitConfig)
    const faults = new FaultStore()
    const pageTokens = new PageTokens()
    const targets: Array<WebhookTarget> = options.webhooks === undefined ? [] : [webhookTarget(options.webhooks)]
    const deliveries: Array<DeliveryRecord> = []
    const deliveryFibers = yield* FiberSet.make<void, never>()
    const send = makeSender(yield* Effect.serviceOption(HttpClient.HttpClient))

    const logLimit = options.requestLogLimit ?? 10_000
    let log: Array<RequestLogEntry> = []
    let seq = 0
    const counters = {
      requests: 0,
      byOperation: {} as Record<string, number>,
      byStatus: {} as Record<string, number>,
      perSecond: 0,
      daily: 0,
      concurrent: 0,
      faults: 0
    }

    const dispatch = (notifications: ReadonlyArray<Notification>, nowMs: number): Effect.Effect<void> =>
      Effect.forEach(notifications, (notification) => {
        const content = notificationBody(model, notification, nowMs)
        if (content === undefined) return Effect.void
        return Effect.forEach(targets, (target) => {
          const delivery = newDelivery(target, content)
          deliveries.push(delivery)
          return FiberSet.run(deliveryFibers, deliver(target, delivery, send))
        }, { discard: true })
      }, { discard: true })

    /** Authenticates, rate-limits and runs the handler (synchronously at `nowMs`). */
    const answer = (request: FakeRequest, m: ReturnType<typeof match>, nowMs: number) => {
      const notifications: Array<Notification> = []
      let response: FakeResponse
      switch (m._tag) {
        case "Unknown":
          response = unknownRoute
          break
        case "OAuth":
          response = tokens.handleTokenRequest(request, nowMs, model.defaultUser.id)
          break
        case "Authorize":
          response = tokens.codes.authorize(request, nowMs, model.defaultUser.id, (id) => tokens.isClient(id))
          break
        case "Api": {
          const auth = tokens.authenticate(request.headers["authorization"], nowMs, model.defaultUser.id)
          if (auth._tag !== "Ok") {
            response = auth._tag === "Expired" ? expiredToken : invalidToken
            break
          }
          const admission = limiter?.admit(nowMs)
          if (admission?._tag === "Limited") {
            if (admission.kind === "daily") counters.daily++
            else counters.perSecond++
            response = admission.response
            break
          }
          const ctx: RouteContext = {
            model,
            request,
            params: m.params,
            viewer: model.users.get(auth.userId) ?? model.defaultUser,
            nowMs,
            tokens: pageTokens,
            pageSize,
            notify: (n) => notifications.push(n)
          }
          response = m.handler(ctx)
          if (admission !== undefined) response = withHeaders(response, admission.headers)
        }
      }
      return { response, notifications }
    }

    const serveRequest = (request: FakeRequest, m: ReturnType<typeof match>) =>
      Effect.flatMap(Clock.currentTimeMillis, (nowMs) => {
        const { notifications, response } = answer(request, m, nowMs)
        return notifications.length === 0 ? Effect.succeed(response) : Effect.as(dispatch(notifications, nowMs), response)
      })

    const record = (
      request: FakeRequest,
      endpoint: Endpoint | "unknown",
      atMs: number,
      response: FakeResponse,
      fault: Fault | undefined
    ): void => {
      const status = response._tag === "Drop" ? "dropped" : response.status
      counters.requests++
      counters.byOperation[endpoint] = (counters.byOperation[endpoint] ?? 0) + 1
      counters.byStatus[String(status)] = (counters.byStatus[String(status)] ?? 0) + 1
      if (fault !== undefined) {
        counters.faults++
        if (fault._tag === "RateLimited") counters[fault.kind]++
      }
      log.push({
        seq: ++seq,
        at: atMs,
        operation: endpoint,
        method: request.method.toUpperCase(),
        path: request.path,
        query: loggedQuery(request.query),
        body: loggedBody(request, endpoint),
        headers: loggedHeaders(request.headers),
        status,
        ...(fault !== undefined ? { fault: fault._tag } : {})
      })
      if (log.length > logLimit) log = log.slice(log.length - logLimit)
    }

    const process = (request: FakeRequest): Effect.Effect<FakeResponse> =>
      Effect.gen(function*() {
        const atMs = yield* Clock.currentTimeMillis
        const m = match(request.method, request.path)
        const endpoint: Endpoint | "unknown" = m._tag === "Api" ?
          m.operation :
          m._tag === "OAuth" ? "oauth.token" : m._tag === "Authorize" ? "oauth.authorize" : "unknown"
        const fault = faults.take(endpoint)
        let response: FakeResponse
        if (fault === undefined) response = yield* serveRequest(request, m)
        else {
          switch (fault._tag) {
            case "Latency":
              yield* Effect.sleep(fault.duration)
              response = yield* serveRequest(request, m)
              break
            case "TruncatedJson":
              response = truncate(yield* serveRequest(request, m))
              break
            default:
              response = renderFault(fault, atMs)
          }
        }
        record(request, endpoint, atMs, response, fault)
        return response
      })

    const now = Clock.currentTimeMillis

    const handle: FakeZoomHandle = {
      accountId,
      get defaultUserId() {
        return model.defaultUser.id
      },
      book: (input) =>
        Effect.gen(function*() {
          const nowMs = yield* now
          const result = book(model, input, nowMs)
          switch (result._tag) {
            case "NotFound":
              return yield* new FakeZoomNotFound({ resource: result.resource, id: result.id })
            case "Conflict":
              return yield* new FakeZoomConflict({ reason: result.reason })
            case "Invalid":
              return yield* new FakeZoomInvalidInput({ field: result.field, reason: result.reason })
            case "Booked":
              yield* dispatch([{ kind: "created", eventId: result.event.id, attendeeId: result.attendee.id }], nowMs)
              return { eventId: result.event.id, attendeeId: result.attendee.id, event: eventSnapshot(result.event) }
          }
        }),
      cancel: (eventId, reason) =>
        Effect.gen(function*() {
          const nowMs = yield* now
          const event = model.events.get(eventId)
          if (event === undefined) return yield* new FakeZoomNotFound({ resource: "Scheduled event", id: eventId })
          const invitee = event.attendees.find((a) => a.booker) ?? event.attendees[0]
          const cancelled = model.cancelEvent(event, {
            canceledBy: invitee?.email ?? "invitee",
            cancelerType: "invitee",
            cancelMs: nowMs,
            ...(reason !== undefined ? { reason } : {})
          })
          if (!cancelled) return yield* new FakeZoomConflict({ reason: `Scheduled event is already cancelled: ${eventId}` })
          yield* dispatch([{ kind: "canceled", eventId }], nowMs)
        }),
      seed: (seed) => Effect.map(now, (nowMs) => runSeed(seed, nowMs)),
      snapshot: Effect.sync(() => snapshotOf(model)),
      getEvent: (eventId) => Effect.sync(() => Option.map(Option.fromNullable(model.events.get(eventId)), eventSnapshot)),
      getSchedule: (scheduleId) =>
        Effect.sync(() =>
          Option.map(Option.fromNullable(model.schedulesById.get(scheduleId)), (s) => scheduleSnapshot(model, s))
        ),
      // An invalid fault (e.g. status 99) is a defect of the test that injects it.
      inject: (spec) => Effect.sync(() => faults.add(spec)),
      clearFaults: Effect.sync(() => faults.clear()),
      issueRefreshToken: (opts = {}) =>
        Effect.gen(function*() {
          const user = yield* resolveUser(opts.userId)
          const nowMs = yield* now
          return Redacted.make(tokens.issueRefreshToken(user.id, nowMs, opts.clientId))
        }),
      issueAccessToken: (opts = {}) =>
        Effect.gen(function*() {
          const user = yield* resolveUser(opts.userId)
          const nowMs = yield* now
          const ttl = opts.expiresIn === undefined ? undefined : toMillis(opts.expiresIn)
          return Redacted.make(tokens.issueAccessToken(user.id, nowMs, ttl))
        }),
      registerToken: (token) => Effect.flatMap(now, (nowMs) => registerStatic(token, nowMs)),
      expireAccessTokens: Effect.map(now, (nowMs) => tokens.expireAccessTokens(nowMs)),
      registerWebhook: (webhook) => Effect.sync(() => void targets.push(webhookTarget(webhook))),
      webhookDeliveries: Effect.sync(() => deliveries.map((d) => ({ ...d, attempts: [...d.attempts] }))),
      awaitWebhooks: FiberSet.awaitEmpty(deliveryFibers),
      requests: Effect.sync(() => [...log]),
      stats: Effect.sync((): FakeZoomStats => {
        const c = tokens.counters
        return {
          requests: counters.requests,
          byOperation: { ...counters.byOperation },
          byStatus: { ...counters.byStatus },
          rateLimited: {
            total: counters.perSecond + counters.daily + counters.concurrent,
            perSecond: counters.perSecond,
            daily: counters.daily,
            concurrent: counters.concurrent
          },
          tokenRequests: {
            total: c.refresh_token + c.account_credentials + c.other,
            refresh_token: c.refresh_token,
            account_credentials: c.account_credentials,
            other: c.other
          },
          rejectedRefreshes: c.rejectedRefreshes,
          invalidClients: c.invalidClient,
          faults: counters.faults,
          webhooks: {
            pending: deliveries.filter((d) => d.state === "pending").length,
            delivered: deliveries.filter((d) => d.state === "delivered").length,
            failed: deliveries.filter((d) => d.state === "failed").length,
            attempts: deliveries.reduce((n, d) => n + d.attempts.length, 0)
          }
        }
      }),
      clearRequests: Effect.sync(() => {
        log = []
        counters.requests = 0
        counters.byOperation = {}
        counters.byStatus = {}
        counters.perSecond = 0
        counters.daily = 0
        counters.concurrent = 0
        counters.faults = 0
      })
    }
    engines.set(handle, { process, tokens })
    return handle
  })
