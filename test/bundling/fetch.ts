/**
 * A minimal program on `FetchHttpClient` (browsers, workerd, Deno, Bun, Node):
 * bundled and run by test/bundling.test.ts, and measured for the README.
 */
import { FetchHttpClient } from "@effect/platform"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
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
        Layer.provide(FetchHttpClient.layer)
      )
    ),
    Effect.runPromise
  )
