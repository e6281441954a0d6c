/**
 * This library: `ZoomScheduler.layer()` with its defaults (validation on,
 * default retry policy, spans on the default tracer, no exporter), over the
 * `HttpClient` it recommends on Node (`NodeTransport.layer()`, undici's core
 * API) for the `effect-zoom` contender, and over `@effect/platform`'s
 * `FetchHttpClient.layer` for `effect-zoom/fetch`. Each scenario runs as one Effect program on a
 * `ManagedRuntime` built once, the way an Effect application would use the
 * client; latencies are taken around each call inside the program.
 */
import { performance } from "node:perf_hooks"
import { FetchHttpClient, HttpClient } from "@effect/platform"
import { Credentials, TokenStore, ZoomScheduler } from "@effect-zoom/scheduler"
import * as NodeTransport from "@effect-zoom/scheduler-node/NodeTransport"
import { DateTime, Effect, Layer, ManagedRuntime, Redacted, Stream } from "effect"
import { DISPLAY_NAME, EXPIRED_ACCESS_TOKEN, PAGE_SIZE, pacedSearch, streamSearch } from "../constants.js"
import type { Contender, ContenderConfig, ContenderName, RequestClient } from "./contender.js"

/** The `HttpClient` layer under each flavour of the client; a fresh one per use. */
const transports = {
  "effect-zoom": () => NodeTransport.layer(),
  "effect-zoom/fetch": () => FetchHttpClient.layer
} satisfies Record<Extract<ContenderName, `effect-zoom${string}`>, () => Layer.Layer<HttpClient.HttpClient, unknown>>

/** A flavour of this client. */
export type Flavour = keyof typeof transports

const checked = <A>(ok: (a: A) => boolean, what: string) => (a: A): Effect.Effect<A> =>
  ok(a) ? Effect.succeed(a) : Effect.die(new Error(`check failed: ${what}`))

const makeFlavour = (flavour: Flavour) => async (config: ContenderConfig): Promise<Contender> => {
  // one HttpClient (and connection pool) for the contender's lifetime, as an application has;
  // raw fetch and openapi-fetch likewise keep the global dispatcher's pool across scenarios
  const transportRuntime = ManagedRuntime.make(transports[flavour]())
  const httpClient = Layer.succeed(HttpClient.HttpClient, await transportRuntime.runPromise(HttpClient.HttpClient))
  const layer = ZoomScheduler.layer({ baseUrl: config.baseUrl }).pipe(
    Layer.provide([Credentials.bearer(Redacted.make(config.token)), httpClient])
  )
  const runtime = ManagedRuntime.make(layer)
  const zoom = await runtime.runPromise(ZoomScheduler.ZoomScheduler)

  const usersGetOnce = zoom.users.get("me").pipe(
    Effect.flatMap(checked((user) => user.displayName === DISPLAY_NAME, "users.get displayName"))
  )
  const eventsListOnce = zoom.events.list({ pageSize: PAGE_SIZE }).pipe(
    Effect.flatMap(checked((page) => page.items.length === PAGE_SIZE && page.nextPageToken._tag === "Some", "events.list page"))
  )
  const timed = <A, E>(effect: Effect.Effect<A, E>, n: number, samples: Array<number>) =>
    Effect.gen(function*() {
      for (let i = 0; i < n; i++) {
        const t0 = performance.now()
        yield* effect
        samples.push(performance.now() - t0)
      }
    })

  return {
    name: flavour,
    usersGet: (n, samples) => runtime.runPromise(timed(usersGetOnce, n, samples)),
    eventsList: (n, samples) => runtime.runPromise(timed(eventsListOnce, n, samples)),
    usersGetConcurrent: (concurrency, total) =>
      runtime.runPromise(
        Effect.suspend(() => {
          // `concurrency` fibers taking the next request from a shared count, like the other contenders' workers
          let next = 0
          const worker = Effect.whileLoop({
            while: () => next < total,
            body: () => {
              next++
              return usersGetOnce
            },
            step: () => {}
          })
          return Effect.all(Array.from({ length: concurrency }, () => worker), {
            concurrency: "unbounded",
            discard: true
          })
        })
      ),
    streamEvents: (total) =>
      runtime.runPromise(
        zoom.events.stream({ pageSize: PAGE_SIZE, search: streamSearch(total) }).pipe(
          Stream.runFold({ items: 0, confirmed: 0 }, (acc, event) => {
            acc.items++
            if (event.status === "confirmed") acc.confirmed++
            return acc
          })
        )
      ),
    oauthBurst: async (calls) => {
      const expired = new TokenStore.TokenSet({
        accessToken: Redacted.make(EXPIRED_ACCESS_TOKEN),
        expiresAt: DateTime.unsafeMake(Date.now() - 60_000),
        refreshToken: Redacted.make("bench-refresh-0"),
        scopes: ["scheduler:read", "scheduler:write"]
      })
      const oauthLayer = ZoomScheduler.layer({ baseUrl: config.baseUrl }).pipe(
        Layer.provide(
          Credentials.refreshToken({
            clientId: "bench-client",
            clientSecret: Redacted.make("bench-client-secret"),
            refreshUrl: `${config.origin}/oauth/token`
          })
        ),
        Layer.provide([TokenStore.layerMemory(expired), httpClient])
      )
      const oauthRuntime = ManagedRuntime.make(oauthLayer)
      try {
        const client = await oauthRuntime.runPromise(ZoomScheduler.ZoomScheduler)
        const burst = Effect.forEach(
          Array.from({ length: calls }),
          () => client.users.get("me").pipe(Effect.flatMap(checked((u) => u.displayName === DISPLAY_NAME, "users.get"))),
          { concurrency: "unbounded", discard: true }
        )
        const t0 = performance.now()
        await oauthRuntime.runPromise(burst)
        return performance.now() - t0
      } finally {
        await oauthRuntime.dispose()
      }
    },
    close: () => runtime.dispose().then(() => transportRuntime.dispose())
  }
}

/** The client over `NodeTransport.layer()`. */
export const make = makeFlavour("effect-zoom")

/** The client over `FetchHttpClient.layer`. */
export const makeOnFetch = makeFlavour("effect-zoom/fetch")

/** Busy CPU work for `ms`, as a consumer that transforms or writes each page does. */
const work = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // spin
  }
}

/**
 * `events.stream` over `pages` pages of the server's `paced:` list (each page
 * answered `--page-delay` ms after its request, as Zoom takes 100–300 ms),
 * consumed by a consumer doing `workMs` of CPU work per page, with the given
 * `pagePrefetch`. Resolves with the wall time (ms) from the stream's start to
 * its end. Without prefetch a page costs the delay plus the work; with it the
 * next page's request is in flight while the consumer works.
 */
export const streamWithSlowConsumer = async (
  config: ContenderConfig,
  options: { readonly prefetch: number; readonly pages: number; readonly workMs: number }
): Promise<number> => {
  const runtime = ManagedRuntime.make(
    ZoomScheduler.layer({ baseUrl: config.baseUrl, pagePrefetch: options.prefetch }).pipe(
      Layer.provide([Credentials.bearer(Redacted.make(config.token)), transports["effect-zoom"]()])
    )
  )
  try {
    const zoom = await runtime.runPromise(ZoomScheduler.ZoomScheduler)
    let items = 0
    const consume = zoom.events.stream({ pageSize: PAGE_SIZE, search: pacedSearch(options.pages * PAGE_SIZE) }).pipe(
      Stream.grouped(PAGE_SIZE),
      Stream.runForEach((page) =>
        Effect.sync(() => {
          items += page.length
          work(options.workMs)
        })
      )
    )
    await runtime.runPromise(Effect.asVoid(zoom.events.list({ pageSize: PAGE_SIZE }))) // warm the connection
    const t0 = performance.now()
    await runtime.runPromise(consume)
    const ms = performance.now() - t0
    if (items !== options.pages * PAGE_SIZE) throw new Error(`streamed ${items} events, expected ${options.pages * PAGE_SIZE}`)
    return ms
  } finally {
    await runtime.dispose()
  }
}

/**
 * The client as `make` builds it but with `metrics: false` (it records none
 * of its metrics): the metrics-off column of the `metrics` scenario, whose
 * metrics-on column is `make`'s client, the default.
 */
export const makeWithoutMetrics = async (config: ContenderConfig): Promise<RequestClient> => {
  const base = await make(config)
  const runtime = ManagedRuntime.make(
    ZoomScheduler.layer({ baseUrl: config.baseUrl, metrics: false }).pipe(
      Layer.provide([Credentials.bearer(Redacted.make(config.token)), transports["effect-zoom"]()])
    )
  )
  const zoom = await runtime.runPromise(ZoomScheduler.ZoomScheduler)
  const usersGetOnce = zoom.users.get("me").pipe(
    Effect.flatMap(checked((user) => user.displayName === DISPLAY_NAME, "users.get displayName"))
  )
  return {
    name: "effect-zoom/no-metrics",
    usersGet: (n, samples) =>
      runtime.runPromise(Effect.gen(function*() {
        for (let i = 0; i < n; i++) {
          const t0 = performance.now()
          yield* usersGetOnce
          samples.push(performance.now() - t0)
        }
      })),
    eventsList: base.eventsList,
    usersGetConcurrent: base.usersGetConcurrent,
    close: () => base.close().then(() => runtime.dispose())
  }
}
