// The quick start's shape, type-checked as a CommonJS TypeScript module
// (`.cts`, module node16) against the installed packages' declarations.
import { Effect, Layer, Redacted, Stream } from "effect"
import type { ConfigError } from "effect"
import type { HttpClient } from "@effect/platform"
import { Credentials, Errors, TokenStore, ZoomScheduler } from "@effect-zoom/scheduler"
import { NodeTokenStore, NodeTransport } from "@effect-zoom/scheduler-node"
import { FakeZoom } from "@effect-zoom/scheduler-testing"

const program: Effect.Effect<string, ZoomScheduler.CommonError | Errors.NotFound | Errors.BadRequest, ZoomScheduler.ZoomScheduler> = Effect.gen(function*() {
  const zoom = yield* ZoomScheduler.ZoomScheduler
  const me = yield* zoom.users.get("me")
  const events = yield* zoom.events.stream({ userId: "me", pageSize: 10 }).pipe(Stream.runCount)
  const missing = yield* zoom.events.get("no-such-event").pipe(
    Effect.as("found"),
    Effect.catchTag("NotFound", () => Effect.succeed("NotFound"))
  )
  return `${me.displayName} ${events} events ${missing}`
})

const live: Layer.Layer<HttpClient.HttpClient, ConfigError.ConfigError> = NodeTransport.layer()
const store: Layer.Layer<TokenStore.TokenStore> = NodeTokenStore.layerFile("tokens.json")
const fake: Layer.Layer<FakeZoom.FakeZoom | HttpClient.HttpClient> = FakeZoom.layer({ seed: { events: 25 } })

export const ZoomTest = ZoomScheduler.layer().pipe(
  Layer.provideMerge(fake),
  Layer.provide(Credentials.bearer(Redacted.make("any-token")))
)
export const run = (): Promise<string> => Effect.runPromise(program.pipe(Effect.provide(ZoomTest)))
export const layers = [live, store] as const
