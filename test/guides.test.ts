/**
 * The guides' runnable examples (docs/guides/*.md) run against the fake Zoom.
 */
import { createHmac } from "node:crypto"
import { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Layer, Option, Redacted } from "effect"
import { Credentials, RetryPolicy, TokenStore, ZoomScheduler } from "@effect-zoom/scheduler"
import { NodeTransport } from "@effect-zoom/scheduler-node"
import { FakeZoom } from "@effect-zoom/scheduler-testing"
import { describeEvent } from "../examples/guides/errors.js"
import { login } from "../examples/guides/first-refresh-token.js"
import { program as observed, type RecordedSpan, recordSpans } from "../examples/guides/observability.js"
import edge, { received } from "../examples/guides/webhooks-edge.js"

describe("guides", () => {
  it.scoped("first refresh token: the code flow stores a token set that refreshes", () =>
    Effect.gen(function*() {
      const { fake, url } = yield* FakeZoom.serve({
        port: 0,
        seed: { users: 1 },
        oauth: { clients: [{ clientId: "guide-app", clientSecret: Redacted.make("guide-secret") }] }
      })
      const opened = yield* Deferred.make<string>()
      const store = yield* TokenStore.makeMemory()
      const tokens = yield* Effect.fork(login({
        clientId: "guide-app",
        clientSecret: Redacted.make("guide-secret"),
        port: 0,
        authorizeUrl: `${url}/oauth/authorize`,
        tokenUrl: `${url}/oauth/token`,
        onUrl: (u) => Deferred.succeed(opened, u)
      }).pipe(Effect.provide(Layer.mergeAll(Layer.succeed(TokenStore.TokenStore, store), NodeTransport.layer()))))
      // play the browser: the fake consents at once and redirects to the loopback server
      const authorize = yield* Deferred.await(opened)
      const answer = yield* Effect.promise(() => fetch(authorize, { redirect: "follow" }))
      expect(answer.status).toBe(200)
      const set = yield* Effect.flatten(tokens.await)
      expect(set.refreshToken).toBeDefined()
      expect(Option.isSome(yield* store.get)).toBe(true)
      expect((yield* fake.stats).tokenRequests.other).toBe(1) // the authorization_code grant
    }), 60_000)

  describe("handling each error", () => {
    const zoomOn = (fake: FakeZoom.FakeZoomHandle, token = "any-token") =>
      ZoomScheduler.layer({ retry: RetryPolicy.never }).pipe(
        Layer.provide([Credentials.bearer(Redacted.make(token)), Layer.succeed(HttpClient.HttpClient, FakeZoom.httpClient(fake))])
      )

    it.scoped("each failure becomes a decision", () =>
      Effect.gen(function*() {
        const fake = yield* FakeZoom.make({ seed: { users: 1, events: 3, seed: 2 } })
        const eventId = (yield* fake.snapshot).events[0]!.event_id
        const run = (fault?: FakeZoom.Fault, id = eventId) =>
          Effect.gen(function*() {
            if (fault !== undefined) yield* fake.inject({ operation: "events.get", times: 1, fault })
            return yield* describeEvent(id).pipe(Effect.provide(zoomOn(fake)))
          })
        expect(yield* run()).toMatch(/^event \S+: (confirmed|cancelled)$/)
        expect(yield* run(undefined, "no-such-event")).toBe("gone: no event no-such-event")
        expect(yield* run(FakeZoom.Fault.status(500))).toBe("zoom failed: 500")
        expect(yield* run(FakeZoom.Fault.rateLimited("daily"))).toMatch(/^slow down: Daily, retry after /)
        expect(yield* run(FakeZoom.Fault.nonJson())).toBe("zoom failed: 502") // a proxy's HTML error page
        expect(yield* run(FakeZoom.Fault.drop)).toBe("network: Connection")
        expect(yield* run(undefined, "")).toMatch(/^bad input: /)
        yield* fake.expireAccessTokens
        const strict = yield* FakeZoom.make({ auth: "strict" })
        expect(yield* describeEvent("x").pipe(Effect.provide(zoomOn(strict, "forged")))).toMatch(/^re-authorise: /)
      }))
  })

  it.effect("webhooks on an edge runtime: a signed request is handled, a forged one refused", () =>
    Effect.promise(async () => {
      const secret = "edge-secret"
      const body = JSON.stringify({
        event: "scheduler.scheduled_event_created",
        event_ts: 1_700_000_000_000,
        payload: { account_id: "acc", object: { event_id: "evt-1", status: "confirmed" } }
      })
      const timestamp = String(Math.floor(Date.now() / 1000))
      const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`
      const request = (sig: string) =>
        new Request("https://example.com/zoom/webhooks", {
          method: "POST",
          headers: { "content-type": "application/json", "x-zm-request-timestamp": timestamp, "x-zm-signature": sig },
          body
        })
      const ok = await edge.fetch(request(signature), { ZOOM_WEBHOOK_SECRET_TOKEN: secret })
      expect(ok.status, await ok.clone().text()).toBe(200)
      expect(received).toContain("scheduler.scheduled_event_created")
      const forged = await edge.fetch(request(`v0=${"0".repeat(64)}`), { ZOOM_WEBHOOK_SECRET_TOKEN: secret })
      expect(forged.status).toBe(401)
    }))

  it.effect("observability: the operation's span sits under the application's, with its attributes", () =>
    Effect.gen(function*() {
      const spans: Array<RecordedSpan> = []
      const count = yield* observed.pipe(
        Effect.provide(ZoomScheduler.layer().pipe(
          Layer.provide([Credentials.bearer(Redacted.make("any-token")), FakeZoom.layer({ seed: { users: 1, events: 5 } })])
        )),
        Effect.provide(recordSpans(spans))
      )
      expect(count).toBe(5)
      const op = spans.find((s) => s.name === "ZoomScheduler.events.list")
      expect(op?.parent).toBe("my-app.sync-bookings")
      expect(op?.attributes["http.request.method"]).toBe("GET")
      expect(op?.attributes["http.response.status_code"]).toBe(200)
      expect(JSON.stringify(spans)).not.toContain("any-token")
    }))
})
