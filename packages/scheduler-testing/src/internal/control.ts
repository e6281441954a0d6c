/**
 * The handle's operations over an engine: the invitee's bookings, seeding,
 * snapshots, faults, tokens, tenants, webhooks and observations. Each reads
 * the time from Effect's `Clock`.
 *
 * @internal
 */
import { Clock, Effect, Option, Redacted } from "effect"
import { book } from "./booking.js"
import { redact, toMillis, webhookTarget } from "./config.js"
import { FakeZoomConflict, FakeZoomInvalidInput, FakeZoomNotFound } from "./errors.js"
import type { FakeZoomHandle } from "./handle.js"
import type { Engine } from "./pipeline.js"
import { Random } from "./random.js"
import { ensureDefaultUser, generate, makeUser } from "./seed.js"
import { makeSeeder } from "./seeder.js"
import { seedTenants } from "./seedTenants.js"
import { eventSnapshot, scheduleSnapshot, snapshotOf } from "./snapshots.js"
import type { AccountLimits } from "./tenants.js"
import type { FakeZoomStats } from "./types/observations.js"
import type { StaticToken } from "./types/options.js"
import type { Seeder, SeedOptions } from "./types/seed.js"

const now = Clock.currentTimeMillis

/** Adds data, and tenants for object seeds. */
export const runSeed = (
  engine: Engine,
  defaultLimits: AccountLimits,
  seed: SeedOptions | ((seeder: Seeder) => void),
  nowMs: number
): void => {
  if (typeof seed === "function") seed(makeSeeder(engine.model, nowMs))
  else generate(engine.model, seed)
  ensureDefaultUser(engine.model)
  if (typeof seed !== "function") seedTenants(engine.model, engine.tenants, engine.tokens, defaultLimits, seed, nowMs)
}

const resolveUser = (engine: Engine, idOrEmail: string | undefined) => {
  if (idOrEmail === undefined || idOrEmail === "me") return Effect.succeed(engine.model.defaultUser)
  const user = engine.model.findUser(idOrEmail)
  return user === undefined ? Effect.fail(new FakeZoomNotFound({ resource: "User", id: idOrEmail })) : Effect.succeed(user)
}

/** Registers a static access token for a user of the default account. */
export const registerStatic = (engine: Engine, token: string | Redacted.Redacted<string> | StaticToken, nowMs: number) => {
  const spec: StaticToken = typeof token === "string" || Redacted.isRedacted(token) ? { token } : token
  return Effect.map(resolveUser(engine, spec.userId), (user) =>
    engine.tokens.registerAccessToken(
      Redacted.value(redact(spec.token)),
      user.id,
      spec.expiresIn === undefined ? undefined : nowMs + toMillis(spec.expiresIn)
    ))
}

const stats = (engine: Engine): FakeZoomStats => {
  const { byGrant, invalidClient, rejectedRefreshes } = engine.tokenCounters
  const { log } = engine
  const deliveries = engine.notifier.deliveries
  const total = Object.values(byGrant).reduce((n, c) => n + c, 0)
  const refresh = byGrant["refresh_token"] ?? 0
  const account = byGrant["account_credentials"] ?? 0
  return {
    requests: log.requests,
    byOperation: { ...log.byOperation },
    byStatus: { ...log.byStatus },
    rateLimited: {
      total: log.limited.perSecond + log.limited.daily + log.limited.concurrent,
      ...log.limited
    },
    tokenRequests: { total, refresh_token: refresh, account_credentials: account, other: total - refresh - account },
    rejectedRefreshes,
    invalidClients: invalidClient,
    faults: log.faults,
    webhooks: {
      pending: deliveries.filter((d) => d.state === "pending").length,
      delivered: deliveries.filter((d) => d.state === "delivered").length,
      failed: deliveries.filter((d) => d.state === "failed").length,
      attempts: deliveries.reduce((n, d) => n + d.attempts.length, 0)
    }
  }
}

/** The handle of an engine. */
export const makeHandle = (engine: Engine, defaultLimits: AccountLimits): FakeZoomHandle => {
  const { model, notifier, tenants, tokens } = engine
  return {
    accountId: tenants.defaultAccount.id,
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
            yield* notifier.dispatch([{ kind: "created", eventId: result.event.id, attendeeId: result.attendee.id }], nowMs)
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
        yield* notifier.dispatch([{ kind: "canceled", eventId }], nowMs)
      }),
    seed: (seed) => Effect.map(now, (nowMs) => runSeed(engine, defaultLimits, seed, nowMs)),
    snapshot: Effect.sync(() => snapshotOf(model)),
    getEvent: (eventId) => Effect.sync(() => Option.map(Option.fromNullable(model.events.get(eventId)), eventSnapshot)),
    getSchedule: (scheduleId) =>
      Effect.sync(() => Option.map(Option.fromNullable(model.schedulesById.get(scheduleId)), (s) => scheduleSnapshot(model, s))),
    // An invalid fault (e.g. status 99) is a defect of the test that injects it.
    inject: (spec) => Effect.sync(() => engine.faults.add(spec)),
    clearFaults: Effect.sync(() => engine.faults.clear()),
    issueRefreshToken: (opts = {}) =>
      Effect.gen(function*() {
        const user = yield* resolveUser(engine, opts.userId)
        const installation = tenants.installationFor(tenants.defaultAccount.id, user.id)
        return Redacted.make(tokens.issueRefreshToken(installation, yield* now, opts.clientId))
      }),
    issueAccessToken: (opts = {}) =>
      Effect.gen(function*() {
        const user = yield* resolveUser(engine, opts.userId)
        const installation = tenants.installationFor(tenants.defaultAccount.id, user.id)
        const ttl = opts.expiresIn === undefined ? undefined : toMillis(opts.expiresIn)
        return Redacted.make(tokens.issueAccessToken(installation, yield* now, ttl))
      }),
    registerToken: (token) => Effect.flatMap(now, (nowMs) => registerStatic(engine, token, nowMs)),
    expireAccessTokens: Effect.map(now, (nowMs) => tokens.expireAccessTokens(nowMs)),
    accounts: Effect.sync(() => [...tenants.accounts.values()].map((a) => tenants.accountSnapshot(a))),
    installations: Effect.sync(() => [...tenants.installations.values()].map((i) => tenants.installationSnapshot(i))),
    addAccount: (opts = {}) =>
      Effect.suspend(() => {
        const id = opts.accountId ?? new Random(tenants.accounts.size * 7919 + 0xacc).userId()
        if (tenants.accounts.has(id)) return Effect.fail(new FakeZoomConflict({ reason: `Account already exists: ${id}` }))
        const limits: AccountLimits = opts.plan === undefined ? { limits: undefined } : { plan: opts.plan }
        return Effect.succeed(tenants.accountSnapshot(tenants.addAccount(id, limits)))
      }),
    install: (opts = {}) =>
      Effect.gen(function*() {
        const account = tenants.accounts.get(opts.accountId ?? tenants.defaultAccount.id)
        if (account === undefined) return yield* new FakeZoomNotFound({ resource: "Account", id: opts.accountId ?? "" })
        const user = opts.userId === undefined ?
          model.addUser(makeUser(model.random, model.userIds.length)) :
          yield* resolveUser(engine, opts.userId)
        const { installation } = tokens.createInstallation(account.id, user.id, yield* now, opts.clientId)
        return tenants.installationSnapshot(installation)
      }),
    registerWebhook: (webhook) => Effect.sync(() => void notifier.targets.push(webhookTarget(webhook))),
    webhookDeliveries: Effect.sync(() => notifier.deliveries.map((d) => ({ ...d, attempts: [...d.attempts] }))),
    awaitWebhooks: notifier.awaitIdle,
    requests: Effect.sync(() => engine.log.entries()),
    stats: Effect.sync(() => stats(engine)),
    clearRequests: Effect.sync(() => {
      engine.log.clear()
      tenants.clearRequestCounters()
    })
  }
}
