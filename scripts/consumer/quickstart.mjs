// The README's quick start against the fake, as an ES module of a consumer app:
// the client over NodeTransport to a loopback FakeZoom, tokens in a file store.
import * as NodeFs from "node:fs/promises"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { Effect, Layer, Redacted, Stream } from "effect"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
import { NodeTokenStore, NodeTransport } from "@effect-zoom/scheduler-node"
import { FakeZoom } from "@effect-zoom/scheduler-testing"

const program = Effect.gen(function*() {
  const zoom = yield* ZoomScheduler.ZoomScheduler
  const me = yield* zoom.users.get("me")
  const events = yield* zoom.events.stream({ userId: "me", pageSize: 10 }).pipe(Stream.runCount)
  const missing = yield* zoom.events.get("no-such-event").pipe(
    Effect.as("found"),
    Effect.catchTag("NotFound", () => Effect.succeed("NotFound"))
  )
  return `${me.displayName} ${events} events ${missing}`
})

const main = Effect.gen(function*() {
  const { url } = yield* FakeZoom.serve({ port: 0, seed: { users: 1, events: 25 } })
  const dir = yield* Effect.acquireRelease(
    Effect.promise(() => NodeFs.mkdtemp(NodePath.join(NodeOs.tmpdir(), "effect-zoom-consumer-"))),
    (dir) => Effect.promise(() => NodeFs.rm(dir, { recursive: true, force: true }))
  )
  const ZoomLive = ZoomScheduler.layer({ baseUrl: `${url}/v2` }).pipe(
    Layer.provide([Credentials.bearer(Redacted.make("any-token")), NodeTransport.layer()]),
    Layer.provide(NodeTokenStore.layerFile(NodePath.join(dir, "tokens.json")))
  )
  return yield* Effect.provide(program, ZoomLive)
}).pipe(Effect.scoped)

Effect.runPromise(main).then((line) => console.log(`esm: ${line}`), (error) => {
  console.error(error)
  process.exit(1)
})
