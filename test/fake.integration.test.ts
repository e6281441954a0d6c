/**
 * The real client against the loopback fake Zoom over real sockets: every
 * operation, token rotation, rate limits and faults.
 */
import { describe, expect, layer } from "@effect/vitest"
import { FetchHttpClient } from "@effect/platform"
import { Chunk, Duration, Effect, Layer, Redacted, Stream } from "effect"
import type { HttpClient } from "@effect/platform"
import type { ConfigError } from "effect"
import { Credentials, RetryPolicy, TokenStore, ZoomScheduler } from "@effect-zoom/scheduler"
import { NodeTransport } from "@effect-zoom/scheduler-node"
import { FakeZoom } from "@effect-zoom/scheduler-testing"

const CLIENT_ID = "it-client"
const CLIENT_SECRET = Redacted.make("it-client-secret")

class Server extends Effect.Tag("test/Server")<Server, FakeZoom.Served>() {}

/** One loopback fake for the whole file, seeded, with an OAuth app. */
const ServerLive = Layer.scoped(
  Server,
  FakeZoom.serve({
    port: 0,
    seed: { users: 2, availabilityPerUser: 2, schedulesPerUser: 2, events: 700, teams: 2, routingResponses: 3, seed: 42 },
    oauth: { clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }] }
  })
)

/** The HttpClients the client is run over: the one recommended on Node, and @effect/platform's fetch. */
const transports: ReadonlyArray<readonly [string, () => Layer.Layer<HttpClient.HttpClient, ConfigError.ConfigError>]> = [
  ["NodeTransport.layer()", () => NodeTransport.layer()],
  ["FetchHttpClient.layer", () => FetchHttpClient.layer]
]

for (const [transportName, transport] of transports) {
/** The real client, over the transport, to the served fake, with refresh-token credentials. */
const clientOver = (served: FakeZoom.Served, options: ZoomScheduler.Options = {}) =>
  Effect.gen(function*() {
    const refreshToken = yield* served.fake.issueRefreshToken({ clientId: CLIENT_ID })
    const live = ZoomScheduler.layer({ baseUrl: `${served.url}/v2`, ...options }).pipe(
      Layer.provide(
        Credentials.refreshToken({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshUrl: `${served.url}/oauth/token`, refreshToken })
      ),
      Layer.provide([TokenStore.layerMemory(), transport()])
    )
    return yield* Effect.provide(ZoomScheduler.ZoomScheduler, yield* Layer.build(live))
  })

layer(ServerLive, { timeout: 60_000, excludeTestServices: true })(`the client over ${transportName} against the loopback fake`, (it) => {
  it.scoped("every operation works over real sockets", () =>
    Effect.gen(function*() {
      const served = yield* Server
      const zoom = yield* clientOver(served)
      const fake = served.fake

      const me = yield* zoom.users.get("me")
      expect(me.displayName).toBeTruthy()

      // availability: create, get, update, list, stream, delete, then 404
      const created = yield* zoom.availability.create({
        name: "IT hours",
        timeZone: "UTC",
        segmentsRecurrence: { tue: [{ start: "10:00", end: "12:00" }] }
      })
      const id = created.availabilityId!
      expect((yield* zoom.availability.get(id)).name).toBe("IT hours")
      yield* zoom.availability.update(id, { name: "IT hours (moved)", timeZone: "Europe/Berlin" })
      const after = yield* zoom.availability.get(id)
      expect([after.name, after.timeZone]).toEqual(["IT hours (moved)", "Europe/Berlin"])
      const listed = yield* Stream.runCollect(zoom.availability.stream({ pageSize: 1 }))
      expect(Chunk.toReadonlyArray(listed).some((a) => a.availabilityId === id)).toBe(true)
      yield* zoom.availability.delete(id)
      const gone = yield* Effect.flip(zoom.availability.get(id))
      expect(gone._tag === "NotFound" && [gone.resource, gone.id]).toEqual(["availability", id])

      // schedules
      const schedule = yield* zoom.schedules.create({
        availabilityRules: [{ availabilityId: (yield* zoom.availability.list()).items[0]!.availabilityId! }],
        availabilityOverride: false,
        capacity: 2,
        summary: "IT call",
        duration: 45,
        slug: "it-call",
        customFields: [{ name: "Topic?", format: "text", enabled: true, required: false, includeOther: false, position: 0 }]
      }, { userId: "me" })
      const sid = schedule.scheduleId!
      expect((yield* zoom.schedules.get(sid)).duration).toBe(45)
      yield* zoom.schedules.update(sid, { summary: "IT call (renamed)" })
      expect((yield* zoom.schedules.get(sid)).summary).toBe("IT call (renamed)")
      const schedules = yield* zoom.schedules.list({ pageSize: 300 })
      expect(schedules.items.some((s) => s.scheduleId === sid)).toBe(true)
      const link = yield* zoom.schedules.singleUseLink({ scheduleId: sid })
      expect(link.schedulingUrl).toMatch(/^https?:\/\//)
      const share = yield* zoom.shares.create({ scheduleId: sid, duration: 30 })
      expect(share.schedulingUrl).toMatch(/^https?:\/\//)

      // events: a booking by the fake's invitee, then every event operation on it
      const booking = yield* fake.book({ scheduleId: sid, startDateTime: "2031-01-07T10:00:00Z", attendee: { email: "it@example.com", firstName: "I", lastName: "T" } })
      const event = yield* zoom.events.get(booking.eventId)
      expect(event.attendees?.[0]?.email).toBe("it@example.com")
      const attendee = yield* zoom.events.getAttendee(booking.eventId, event.attendees![0]!.attendeeId!)
      expect(attendee.email).toBe("it@example.com")
      yield* zoom.events.update(booking.eventId, { meetingNotes: "bring slides" })
      expect((yield* zoom.events.get(booking.eventId)).meetingNotes).toBe("bring slides")
      const page = yield* zoom.events.list({ pageSize: 300, search: "it@example.com" })
      expect(page.items.map((e) => e.eventId)).toContain(booking.eventId)
      yield* zoom.events.delete(booking.eventId)
      // a deleted event leaves the default listing and shows up only with show_deleted
      const visible = yield* zoom.events.list({ search: "it@example.com" })
      expect(visible.items.map((e) => e.eventId)).not.toContain(booking.eventId)
      const deleted = yield* zoom.events.list({ showDeleted: true, search: "it@example.com" })
      expect(deleted.items.map((e) => e.eventId)).toContain(booking.eventId)
      const missing = yield* Effect.flip(zoom.events.getAttendee(booking.eventId, "no-such-attendee"))
      expect(missing._tag).toBe("NotFound")

      yield* zoom.schedules.delete(sid)

      // the rest
      const snapshot = yield* fake.snapshot
      const response = snapshot.routingResponses[0]!
      const routed = yield* zoom.routingForms.getResponse(response.form_id, response.response_id)
      expect(routed.formId).toBe(response.form_id)
      const teams = yield* zoom.teams.list()
      expect(teams.teams.length).toBeGreaterThan(0)
      const report = yield* zoom.analytics.report({ userId: "me" })
      expect(report.lastNDays).toBeDefined()
    }))

  it.scoped("streaming hundreds of events pages through them all exactly once", () =>
    Effect.gen(function*() {
      const served = yield* Server
      const zoom = yield* clientOver(served)
      const ids = Chunk.toReadonlyArray(yield* Stream.runCollect(zoom.events.stream({ pageSize: 50 }).pipe(Stream.map((e) => e.eventId!))))
      const pages = yield* Stream.runCount(zoom.events.pages({ pageSize: 50 }))
      expect(ids.length).toBeGreaterThan(100)
      expect(new Set(ids).size).toBe(ids.length)
      expect(pages).toBe(Math.ceil(ids.length / 50))
    }))

  it.scoped("token rotation: an expired token mid-run is refreshed once, the old refresh token is dead", () =>
    Effect.gen(function*() {
      const served = yield* Server
      const zoom = yield* clientOver(served)
      const before = yield* served.fake.stats
      yield* zoom.users.get("me")
      yield* served.fake.expireAccessTokens
      yield* Effect.all(Array.from({ length: 20 }, () => zoom.users.get("me")), { concurrency: "unbounded" })
      const after = yield* served.fake.stats
      expect(after.tokenRequests.refresh_token - before.tokenRequests.refresh_token).toBe(2)
      expect(after.rejectedRefreshes - before.rejectedRefreshes).toBe(0)
    }))

  it.scoped("faults: a dropped GET is retried, a dropped POST is not, a truncated body is a DecodeError", () =>
    Effect.gen(function*() {
      const served = yield* Server
      const zoom = yield* clientOver(served, { retry: { schedule: RetryPolicy.defaultSchedule } })
      yield* zoom.users.get("me")
      yield* served.fake.inject({ operation: "users.get", times: 1, fault: { _tag: "Drop" } })
      expect((yield* zoom.users.get("me")).displayName).toBeTruthy()
      yield* served.fake.inject({ operation: "shares.create", times: 1, fault: { _tag: "Drop" } })
      const schedules = yield* zoom.schedules.list()
      const dropped = yield* Effect.flip(zoom.shares.create({ scheduleId: schedules.items[0]!.scheduleId! }))
      expect(dropped._tag === "TransportError" && dropped.reason).toBe("Connection")
      yield* served.fake.inject({ operation: "users.get", times: 1, fault: { _tag: "TruncatedJson" } })
      const truncated = yield* Effect.flip(zoom.users.get("me"))
      expect(truncated._tag).toBe("DecodeError")
      yield* served.fake.inject({ operation: "teams.list", times: 2, fault: { _tag: "NonJson", status: 502 } })
      expect((yield* zoom.teams.list()).teams.length).toBeGreaterThan(0)
      yield* served.fake.clearFaults
    }))

  it.scoped("faults: latency beyond the timeout is a Timeout, retried for a GET", () =>
    Effect.gen(function*() {
      const served = yield* Server
      const zoom = yield* clientOver(served, { timeout: "300 millis" })
      yield* zoom.users.get("me")
      yield* served.fake.inject({ operation: "users.get", times: 1, fault: { _tag: "Latency", duration: "2 seconds" } })
      const user = yield* zoom.users.get("me")
      expect(user.displayName).toBeTruthy()
      yield* served.fake.inject({ operation: "users.get", times: 10, fault: { _tag: "Latency", duration: "2 seconds" } })
      const slow = yield* Effect.flip(zoom.users.get("me").pipe(Effect.provideService(ZoomScheduler.ZoomScheduler, zoom)))
      expect(slow._tag === "TransportError" && slow.reason).toBe("Timeout")
      yield* served.fake.clearFaults
    }), { timeout: 30_000 })

  it.scoped("a daily-limit 429 fails at once; a per-second 429 is waited out", () =>
    Effect.gen(function*() {
      const served = yield* Server
      const zoom = yield* clientOver(served)
      yield* zoom.users.get("me")
      yield* served.fake.inject({ operation: "events.list", times: 1, fault: { _tag: "RateLimited", kind: "daily" } })
      const daily = yield* Effect.flip(zoom.events.list())
      expect(daily._tag === "RateLimited" && daily.limitType).toBe("Daily")
      if (daily._tag === "RateLimited") expect(Duration.toMillis(daily.retryAfter)).toBeGreaterThan(0)
      yield* served.fake.inject({ operation: "events.list", times: 1, fault: { _tag: "RateLimited", kind: "perSecond", retryAfterSeconds: 1 } })
      const started = Date.now()
      yield* zoom.events.list()
      expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    }))

  it.scoped("validation off: the fake's 400 comes back as BadRequest with per-field errors", () =>
    Effect.gen(function*() {
      const served = yield* Server
      const zoom = yield* clientOver(served, { validation: false })
      const error = yield* Effect.flip(zoom.availability.create({ name: "", timeZone: "UTC" }))
      expect(error._tag).toBe("BadRequest")
      if (error._tag !== "BadRequest") return
      expect(error.status).toBe(400)
      expect(error.errors.map((e) => e.field)).toContain("name")
    }))
})

describe(`over ${transportName}, rate limits against the fake's free plan (4/s)`, () => {
  const FreePlan = Layer.scoped(
    Server,
    FakeZoom.serve({
      port: 0,
      seed: { users: 1, events: 10, seed: 1 },
      rateLimits: { plan: "free" },
      oauth: { clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }] }
    })
  )
  layer(FreePlan, { timeout: 60_000, excludeTestServices: true })("bursts", (it) => {
    it.scoped("without client-side limiting, a burst collects 429s that are retried until all succeed", () =>
      Effect.gen(function*() {
        const served = yield* Server
        const zoom = yield* clientOver(served)
        const before = yield* served.fake.stats
        const users = yield* Effect.all(Array.from({ length: 10 }, () => zoom.users.get("me")), { concurrency: "unbounded" })
        expect(users).toHaveLength(10)
        const after = yield* served.fake.stats
        expect(after.rateLimited.perSecond - before.rateLimited.perSecond).toBeGreaterThan(0)
      }), { timeout: 30_000 })

    it.scoped("with rateLimit: free, the same burst gets no 429 at all", () =>
      Effect.gen(function*() {
        const served = yield* Server
        yield* Effect.sleep("1100 millis") // let the fake's window reset after the previous burst
        const zoom = yield* clientOver(served, { rateLimit: { plan: "free" } })
        const before = yield* served.fake.stats
        yield* Effect.all(Array.from({ length: 10 }, () => zoom.users.get("me")), { concurrency: "unbounded" })
        const after = yield* served.fake.stats
        expect(after.rateLimited.total - before.rateLimited.total).toBe(0)
      }), { timeout: 30_000 })
  })
})
}
