/**
 * A server whose page tokens loop (A → B → A …, or a long cycle after a
 * prefix) ends `stream` and `pages` with a `DecodeError` naming the cycle,
 * after a bounded number of requests; a long list of fresh tokens is never
 * mistaken for a cycle.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, FastCheck as fc, Option, Stream } from "effect"
import { ZoomScheduler } from "@effect-zoom/scheduler"
import type { DecodeError } from "../src/Errors.js"
import * as Pagination from "../src/internal/pagination.js"
import type * as Page from "../src/Page.js"
import { clientLayer, json, recorder } from "./support/recordingHttp.js"
import type { Recorder } from "./support/recordingHttp.js"

/** Page 1 (no token) answers t1, page i answers t_i: `prefix` fresh tokens, then a cycle of `cycle` tokens forever. */
const looping = (prefix: number, cycle: number): Recorder => {
  const tokenAfter = (page: number) =>
    page <= prefix ? `p${page}` : `c${(page - prefix - 1) % cycle}-${"x".repeat(60)}`
  const pageOf = new Map<string, number>()
  return recorder((req) => {
    const token = req.query.next_page_token
    const page = token === undefined ? 1 : (pageOf.get(token) ?? 0) + 1
    const next = tokenAfter(page)
    if (!pageOf.has(next)) pageOf.set(next, page)
    return json(200, { next_page_token: next, items: [{ event_id: `e${page}` }] })
  })
}

type Mode = "stream" | "stream-no-prefetch" | "stream-prefetch-3" | "pages"

const drain = (rec: Recorder, mode: Mode) =>
  Stream.unwrap(
    Effect.map(ZoomScheduler.ZoomScheduler, (zoom): Stream.Stream<unknown, unknown> =>
      mode === "pages" ? zoom.events.pages() : zoom.events.stream())
  ).pipe(
    Stream.runCollect,
    Effect.map(Chunk.size),
    Effect.flip,
    Effect.provide(
      clientLayer(rec, { pagePrefetch: mode === "stream-no-prefetch" ? 0 : mode === "stream-prefetch-3" ? 3 : 1 })
    )
  )

const modes: ReadonlyArray<Mode> = ["stream", "stream-no-prefetch", "stream-prefetch-3", "pages"]

describe("pagination cycles", () => {
  for (const mode of modes) {
    it.effect(`${mode}: A → B → A fails with a DecodeError naming the cycle, after 3 requests`, () =>
      Effect.gen(function*() {
        const rec = looping(0, 2)
        const error = yield* drain(rec, mode)
        expect(error).toMatchObject({ _tag: "DecodeError", status: 200, operation: "events.list" })
        const { issue, message } = error as { issue: string; message: string }
        expect(message).toContain("pagination loops (a cycle of 2 pages)")
        expect(issue).toContain("page 3 answered next_page_token \"c0-")
        expect(issue).toContain("which page 1 answered already")
        expect(rec.requests).toHaveLength(3)
      }))
  }

  it.effect("a token equal to the one the stream started from is a cycle too", () =>
    Effect.gen(function*() {
      const rec = recorder(() => json(200, { next_page_token: "start", items: [] }))
      const error = yield* Stream.unwrap(
        Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream({ nextPageToken: "start" }))
      ).pipe(Stream.runDrain, Effect.flip, Effect.provide(clientLayer(rec)))
      expect((error as { issue: string }).issue).toContain("which the stream started from")
      expect(rec.requests).toHaveLength(1)
    }))

  it("any cycle after any prefix ends pages and items, reporting its exact length, within bounded requests", async () => {
    // the pagination helpers themselves, over an in-memory list: thousands of pages per second
    const tokenAfter = (prefix: number, cycle: number) => (page: number) =>
      page <= prefix ? `p${page}` : `c${(page - prefix - 1) % cycle}`
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom(0, 1, 3),
        fc.boolean(),
        async (prefix, cycle, prefetch, usePages) => {
          const next = tokenAfter(prefix, cycle)
          const pageOf = new Map<string, number>()
          let requests = 0
          const list = (query: { readonly nextPageToken?: string }) =>
            Effect.sync((): Page.Page<number> => {
              requests++
              const page = query.nextPageToken === undefined ? 1 : (pageOf.get(query.nextPageToken) ?? 0) + 1
              const token = next(page)
              if (!pageOf.has(token)) pageOf.set(token, page)
              return { items: [page], nextPageToken: Option.some(token) }
            })
          const stream: Stream.Stream<unknown, DecodeError> = usePages
            ? Pagination.pages("events.list", list, {})
            : Pagination.items(
              "events.list",
              list,
              (q) => Effect.map(list(q), (page) => ({ hint: Option.getOrUndefined(page.nextPageToken), page: Effect.succeed(page) })),
              {},
              prefetch
            )
          const error = await Effect.runPromise(Effect.flip(Stream.runDrain(stream)))
          expect(error._tag).toBe("DecodeError")
          expect(error.message).toContain(`a cycle of ${cycle} page${cycle === 1 ? "" : "s"}`)
          // short cycles are caught at their first repeat; long ones within about twice the distance
          const bound = cycle <= 64 ? prefix + cycle + 1 : 2 * (prefix + cycle) + cycle + 2
          expect(requests).toBeLessThanOrEqual(bound + prefetch)
        }
      ),
      { numRuns: 25 }
    )
  })

  it.effect("150 pages of fresh tokens are not a cycle", () =>
    Effect.gen(function*() {
      const rec = recorder((req) => {
        const page = req.query.next_page_token === undefined ? 0 : Number(req.query.next_page_token.slice(1))
        return json(200, page < 149 ? { next_page_token: `t${page + 1}`, items: [{ event_id: `e${page}` }] } : {
          items: [{ event_id: `e${page}` }]
        })
      })
      const events = yield* Stream.unwrap(Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream())).pipe(
        Stream.runCount,
        Effect.provide(clientLayer(rec))
      )
      expect(events).toBe(150)
    }))
})
