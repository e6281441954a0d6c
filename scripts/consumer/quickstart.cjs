// The README's quick start against the fake, as a CommonJS module (require) of a consumer app:
// the client over NodeTransport to a loopback FakeZoom, tokens in a file store.
const NodeFs = require("node:fs/promises")
const NodeOs = require("node:os")
const NodePath = require("node:path")
const { Effect, Layer, Redacted, Stream } = require("effect")
const { Credentials, ZoomScheduler } = require("@effect-zoom/scheduler")
const { NodeTokenStore, NodeTransport } = require("@effect-zoom/scheduler-node")
const { FakeZoom } = require("@effect-zoom/scheduler-testing")

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

Effect.runPromise(main).then((line) => console.log(`cjs: ${line}`), (error) => {
  console.error(error)
  process.exit(1)
})
