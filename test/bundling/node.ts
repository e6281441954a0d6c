/**
 * The same minimal program on `NodeTransport` (undici, Node only): bundled
 * and run by test/bundling.test.ts, and measured for the README.
 */
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
import { NodeTransport } from "@effect-zoom/scheduler-node"
import { Effect, Layer, Redacted } from "effect"

/** Reads the token's user and returns its display name. */
export const run = (baseUrl: string, token: string): Promise<string | undefined> =>
  Effect.gen(function*() {
    const zoom = yield* ZoomScheduler.ZoomScheduler
    const me = yield* zoom.users.get("me")
    return me.displayName
  }).pipe(
    Effect.provide(
      ZoomScheduler.layer({ baseUrl }).pipe(
        Layer.provide(Credentials.bearer(Redacted.make(token))),
        Layer.provide(NodeTransport.layer())
      )
    ),
    Effect.runPromise
  )
