/**
 * The reference: `@effect/platform`'s `HttpClient` from `FetchHttpClient.layer`
 * on its own, with the default tracer (its `http.client` span and trace
 * headers), the same headers as the contenders, the status checked, the body
 * read as text and `JSON.parse`d. No validation, retry, time limit or span of
 * its own: what any client built on this transport pays at least.
 */
import { performance } from "node:perf_hooks"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { Effect, ManagedRuntime, Redacted } from "effect"
import { DISPLAY_NAME, PAGE_SIZE } from "../constants.js"
import type { ContenderConfig, RequestClient } from "./contender.js"

const checked = <A>(ok: (a: A) => boolean, what: string) => (a: A): Effect.Effect<A> =>
  ok(a) ? Effect.succeed(a) : Effect.die(new Error(`check failed: ${what}`))

export const make = async (config: ContenderConfig): Promise<RequestClient> => {
  const runtime = ManagedRuntime.make(FetchHttpClient.layer)
  const client = await runtime.runPromise(HttpClient.HttpClient)
  const token = Redacted.make(config.token)

  const getJson = <A>(url: string, urlParams?: Record<string, string>) =>
    Effect.suspend(() =>
      Effect.flatMap(
        client.execute(HttpClientRequest.bearerToken(HttpClientRequest.get(url, { acceptJson: true, urlParams }), token)),
        (response) =>
          Effect.flatMap(response.text, (text) =>
            response.status === 200
              ? Effect.sync(() => JSON.parse(text) as A)
              : Effect.die(new Error(`GET ${url} answered ${response.status}`)))
      )
    )

  const usersGetOnce = getJson<{ display_name?: string }>(`${config.baseUrl}/scheduler/users/me`).pipe(
    Effect.flatMap(checked((user) => user.display_name === DISPLAY_NAME, "users.get display_name"))
  )
  const eventsListOnce = getJson<{ next_page_token?: string; items?: ReadonlyArray<unknown> }>(
    `${config.baseUrl}/scheduler/events`,
    { page_size: String(PAGE_SIZE) }
  ).pipe(
    Effect.flatMap(checked((page) => page.items?.length === PAGE_SIZE && page.next_page_token !== undefined, "events.list page"))
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
    name: "platform",
    usersGet: (n, samples) => runtime.runPromise(timed(usersGetOnce, n, samples)),
    eventsList: (n, samples) => runtime.runPromise(timed(eventsListOnce, n, samples)),
    usersGetConcurrent: (concurrency, total) =>
      runtime.runPromise(
        Effect.suspend(() => {
          let next = 0
          const worker = Effect.whileLoop({
            while: () => next < total,
            body: () => {
              next++
              return usersGetOnce
            },
            step: () => {}
          })
          return Effect.all(Array.from({ length: concurrency }, () => worker), { concurrency: "unbounded", discard: true })
        })
      ),
    close: () => runtime.dispose()
  }
}
