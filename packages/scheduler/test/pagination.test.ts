/**
 * `stream` and `pages` follow `next_page_token` lazily, start from a given
 * token, and retry a failed page in place: nothing lost, nothing repeated.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Option, Stream, TestClock } from "effect"
import { ZoomScheduler } from "@effect-zoom/scheduler"
import { clientLayer, json, recorder } from "./support/recordingHttp.js"
import type { Recorder } from "./support/recordingHttp.js"

/** A fake event list: `total` events served `size` per page; tokens are "p<N>". */
const pagedEvents = (total: number, size: number, hooks: { failOnce?: ReadonlySet<number> } = {}): Recorder => {
  const failed = new Set<number>()
  return recorder((req) => {
    const page = req.query.next_page_token === undefined ? 0 : Number(req.query.next_page_token.slice(1))
    if (hooks.failOnce?.has(page) && !failed.has(page)) {
      failed.add(page)
      return json(503, { code: 503, message: "Service Unavailable" })
    }
    const start = page * size
    const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => ({
      event_id: `evt-${start + i}`
    }))
    const hasNext = start + size < total
    return json(200, hasNext ? { next_page_token: `p${page + 1}`, items } : { items })
  })
}

const run = <A, E>(rec: Recorder, f: (zoom: ZoomScheduler.Service) => Stream.Stream<A, E>, options: ZoomScheduler.Options = {}) =>
  Stream.unwrap(Effect.map(ZoomScheduler.ZoomScheduler, f)).pipe(
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray),
    Effect.provide(clientLayer(rec, options))
  )

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `evt-${from + i}`)

describe("events.stream", () => {
  it.effect("follows next_page_token across several pages, in order", () =>
    Effect.gen(function*() {
      const rec = pagedEvents(25, 10)
      const events = yield* run(rec, (zoom) => zoom.events.stream({ userId: "me", pageSize: 10 }))
      expect(events.map((e) => e.eventId)).toEqual(ids(25))
      expect(rec.requests.map((r) => r.query)).toEqual([
        { user_id: "me", page_size: "10" },
        { user_id: "me", page_size: "10", next_page_token: "p1" },
        { user_id: "me", page_size: "10", next_page_token: "p2" }
      ])
    }))

  it.effect("an empty first page ends the stream after one request", () =>
    Effect.gen(function*() {
      const rec = recorder(() => json(200, { next_page_token: "", items: [] }))
      const events = yield* run(rec, (zoom) => zoom.events.stream())
      expect(events).toEqual([])
      expect(rec.requests).toHaveLength(1)
    }))

  it.effect("an empty page in the middle is skipped, the stream goes on", () =>
    Effect.gen(function*() {
      const rec = recorder((req) =>
        req.query.next_page_token === undefined
          ? json(200, { next_page_token: "a", items: [{ event_id: "1" }] })
          : req.query.next_page_token === "a"
          ? json(200, { next_page_token: "b", items: [] })
          : json(200, { items: [{ event_id: "2" }] })
      )
      const events = yield* run(rec, (zoom) => zoom.events.stream())
      expect(events.map((e) => e.eventId)).toEqual(["1", "2"])
      expect(rec.requests).toHaveLength(3)
    }))

  it.effect("a failure on page 3 is retried and the stream continues from page 3", () =>
    Effect.gen(function*() {
      const rec = pagedEvents(50, 10, { failOnce: new Set([2]) })
      const fiber = yield* Effect.fork(run(rec, (zoom) => zoom.events.stream({ pageSize: 10 })))
      yield* TestClock.adjust("10 seconds")
      const events = yield* Fiber.join(fiber)
      expect(events.map((e) => e.eventId)).toEqual(ids(50))
      expect(rec.requests.map((r) => r.query.next_page_token)).toEqual([undefined, "p1", "p2", "p2", "p3", "p4"])
    }))

  it.effect("starts from a given page token", () =>
    Effect.gen(function*() {
      const rec = pagedEvents(30, 10)
      const events = yield* run(rec, (zoom) => zoom.events.stream({ nextPageToken: "p2", pageSize: 10 }))
      expect(events.map((e) => e.eventId)).toEqual(ids(10, 20))
      expect(rec.requests.map((r) => r.query.next_page_token)).toEqual(["p2"])
    }))

  it.effect("fetches only the pages the consumer pulls (no prefetch)", () =>
    Effect.gen(function*() {
      const rec = pagedEvents(1000, 10)
      const first = yield* Stream.unwrap(Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream())).pipe(
        Stream.take(15),
        Stream.runCollect,
        Effect.provide(clientLayer(rec, { pagePrefetch: 0 }))
      )
      expect(Chunk.size(first)).toBe(15)
      expect(rec.requests).toHaveLength(2)
    }))

  it.effect("with the default prefetch, stays within a bounded number of pages ahead", () =>
    Effect.gen(function*() {
      const rec = pagedEvents(1000, 10)
      yield* Stream.unwrap(Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream())).pipe(
        Stream.take(15),
        Stream.runDrain,
        Effect.provide(clientLayer(rec))
      )
      expect(rec.requests.length).toBeGreaterThanOrEqual(2)
      expect(rec.requests.length).toBeLessThanOrEqual(4)
    }))

  it.effect("with the default prefetch, the next page is requested while the consumer is still on the current one", () =>
    Effect.gen(function*() {
      const rec = pagedEvents(30, 10)
      const seen: Array<[string | undefined, number]> = []
      const consumer = Stream.unwrap(Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream({ pageSize: 10 }))).pipe(
        // a slow consumer: 1 second of work per event, noting the requests made by the end of it
        Stream.runForEach((event) =>
          Effect.sleep("1 second").pipe(Effect.zipRight(Effect.sync(() => seen.push([event.eventId, rec.requests.length]))))
        ),
        Effect.provide(clientLayer(rec)),
        Effect.fork
      )
      const fiber = yield* consumer
      yield* TestClock.adjust("1 second")
      // during the first event, page 2 was asked for; page 3 is not fetched before page 2 is reached
      expect(seen[0]).toEqual(["evt-0", 2])
      yield* TestClock.adjust("9 seconds")
      expect(seen[9]).toEqual(["evt-9", 2])
      yield* TestClock.adjust("1 second")
      expect(seen[10]).toEqual(["evt-10", 3])
      yield* TestClock.adjust("30 seconds")
      yield* Fiber.join(fiber)
      expect(seen.map(([id]) => id)).toEqual(ids(30))
    }))

  it.effect("with the default prefetch, the next page's request is sent before a synchronous consumer gets the page", () =>
    Effect.gen(function*() {
      const rec = pagedEvents(30, 10)
      const seen: Array<number> = []
      // CPU-bound work per page lets nothing else run: the request must already be out when the page arrives
      yield* Stream.unwrap(Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream({ pageSize: 10 }))).pipe(
        Stream.runForEach(() => Effect.sync(() => seen.push(rec.requests.length))),
        Effect.provide(clientLayer(rec))
      )
      expect(seen.length).toBe(30)
      expect([seen[0], seen[10], seen[20]]).toEqual([2, 3, 3])
    }))

  it.effect("ending the stream early interrupts the request fetched ahead", () =>
    Effect.gen(function*() {
      let interrupted = 0
      const rec = recorder((req) =>
        req.query.next_page_token === undefined
          ? json(200, { next_page_token: "p1", items: [{ event_id: "a" }, { event_id: "b" }] })
          : Effect.never.pipe(Effect.onInterrupt(() => Effect.sync(() => interrupted++)))
      )
      const first = yield* Stream.unwrap(Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream())).pipe(
        Stream.take(1),
        Stream.runCollect,
        Effect.provide(clientLayer(rec))
      )
      expect(Chunk.toReadonlyArray(first).map((e) => e.eventId)).toEqual(["a"])
      expect(rec.requests).toHaveLength(2)
      expect(interrupted).toBe(1)
    }))

  it.effect("a page fetched ahead that does not decode fails the stream only when the consumer reaches it", () =>
    Effect.gen(function*() {
      const rec = recorder((req) =>
        req.query.next_page_token === undefined
          ? json(200, { next_page_token: "p1", items: [{ event_id: "a" }, { event_id: "b" }] })
          : json(200, { next_page_token: "p2", items: "not a list" })
      )
      const seen: Array<string | undefined> = []
      const error = yield* Stream.unwrap(Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream())).pipe(
        Stream.runForEach((event) => Effect.sync(() => seen.push(event.eventId))),
        Effect.flip,
        Effect.provide(clientLayer(rec))
      )
      expect(seen).toEqual(["a", "b"])
      expect(error._tag).toBe("DecodeError")
      // the broken page's next page was asked for before it was decoded (that wait overlaps the decoding),
      // and nothing after it
      expect(rec.requests.map((r) => r.query.next_page_token)).toEqual([undefined, "p1", "p2"])
    }))

  it.effect("a page fetched ahead that Zoom refuses fails the stream with its typed error, after the pages before it", () =>
    Effect.gen(function*() {
      const rec = recorder((req) =>
        req.query.next_page_token === undefined
          ? json(200, { next_page_token: "p1", items: [{ event_id: "a" }] })
          : json(401, { code: 124, message: "Invalid access token." })
      )
      const seen: Array<string | undefined> = []
      const error = yield* Stream.unwrap(Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream())).pipe(
        Stream.runForEach((event) => Effect.sync(() => seen.push(event.eventId))),
        Effect.flip,
        Effect.provide(clientLayer(rec))
      )
      expect(seen).toEqual(["a"])
      expect(error._tag).toBe("AuthError")
    }))

  it.effect("pagePrefetch 3 keeps at most three pages ahead of a stalled consumer", () =>
    Effect.gen(function*() {
      const rec = pagedEvents(1000, 10)
      const fiber = yield* Stream.unwrap(Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream())).pipe(
        Stream.runForEach(() => Effect.never),
        Effect.provide(clientLayer(rec, { pagePrefetch: 3 })),
        Effect.fork
      )
      yield* TestClock.adjust("1 second")
      // the page being consumed, two decoded pages in the buffer, one request in flight or done
      expect(rec.requests.length).toBeGreaterThanOrEqual(2)
      expect(rec.requests.length).toBeLessThanOrEqual(5)
      yield* Fiber.interrupt(fiber)
    }))

  it.effect("a token that does not advance fails instead of looping", () =>
    Effect.gen(function*() {
      const rec = recorder(() => json(200, { next_page_token: "same", items: [{ event_id: "x" }] }))
      const error = yield* Stream.unwrap(
        Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream({ nextPageToken: "same" }))
      ).pipe(Stream.runDrain, Effect.flip, Effect.provide(clientLayer(rec)))
      expect(error._tag).toBe("DecodeError")
      expect(rec.requests).toHaveLength(1)
    }))
})

describe("pages", () => {
  it.effect("exposes every page with its token, for checkpointing", () =>
    Effect.gen(function*() {
      const rec = pagedEvents(25, 10)
      const pages = yield* run(rec, (zoom) => zoom.events.pages({ pageSize: 10 }))
      expect(pages.map((p) => [p.items.length, Option.getOrNull(p.nextPageToken)])).toEqual([
        [10, "p1"],
        [10, "p2"],
        [5, null]
      ])
    }))

  it.effect("availability and schedules stream the same way", () =>
    Effect.gen(function*() {
      const rec = recorder((req) =>
        req.query.next_page_token === undefined
          ? json(200, { next_page_token: "n", items: [{ availability_id: "a1" }, { schedule_id: "s1" }] })
          : json(200, { items: [{ availability_id: "a2" }, { schedule_id: "s2" }] })
      )
      const availability = yield* run(rec, (zoom) => zoom.availability.stream({ userId: "me" }))
      expect(availability.map((a) => a.availabilityId)).toEqual(["a1", undefined, "a2", undefined])
      const schedules = yield* run(rec, (zoom) => zoom.schedules.stream())
      expect(schedules.map((s) => s.scheduleId)).toEqual([undefined, "s1", undefined, "s2"])
      expect(rec.requests.map((r) => r.path)).toEqual([
        "/v2/scheduler/availability",
        "/v2/scheduler/availability",
        "/v2/scheduler/schedules",
        "/v2/scheduler/schedules"
      ])
    }))
})
