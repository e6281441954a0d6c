/**
 * The next page token a page's first bytes hint at (so that a stream sends
 * the next request before decoding the page), and the stream staying right
 * when the hint is wrong: the decoded page's token is the authority.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, FastCheck as fc, Option, Stream } from "effect"
import * as Pagination from "../src/internal/pagination.js"
import { tokenHint } from "../src/internal/tokenHint.js"
import type * as Page from "../src/Page.js"

const bytes = (text: string) => new TextEncoder().encode(text)

describe("tokenHint", () => {
  it("reads a plain token written before the items, spaces allowed", () => {
    expect(tokenHint(bytes(`{"next_page_token":"abc.DEF-123_x","items":[]}`))).toBe("abc.DEF-123_x")
    expect(tokenHint(bytes(`{ "page_size": 30, "next_page_token" :\n "t1" , "items": [] }`))).toBe("t1")
  })

  it("gives no hint for an empty, null, escaped or non-ASCII token, or none at all", () => {
    for (const body of [
      `{"next_page_token":"","items":[]}`,
      `{"next_page_token":null,"items":[]}`,
      `{"next_page_token":12,"items":[]}`,
      `{"next_page_token":"a\\"b","items":[]}`,
      `{"next_page_token":"caf\u00e9","items":[]}`,
      `{"items":[]}`,
      `not json`,
      ``
    ]) {
      expect(tokenHint(bytes(body))).toBeUndefined()
    }
  })

  it("looks at the first 2 KB only: a token written after a long list gives no hint", () => {
    const items = JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ event_id: `evt-${i}` })))
    expect(tokenHint(bytes(`{"items":${items},"next_page_token":"late"}`))).toBeUndefined()
  })

  it.prop("agrees with JSON.parse on any plain token written first", [fc.stringMatching(/^[!#-[\]-~]{1,200}$/)], ([token]) => {
    const body = JSON.stringify({ next_page_token: token, items: [{ event_id: "x" }] })
    expect(tokenHint(bytes(body))).toBe((JSON.parse(body) as { next_page_token: string }).next_page_token)
  })
})

describe("a stream whose hint is wrong", () => {
  it.effect("drops the request it sent on the hint and follows the decoded token: nothing lost, nothing repeated", () =>
    Effect.gen(function*() {
      // three pages; every page's bytes "hint" at a token that does not exist
      const requested: Array<string | undefined> = []
      const list = (query: { readonly nextPageToken?: string }) =>
        Effect.sync((): Page.Page<number> => {
          requested.push(query.nextPageToken)
          const page = query.nextPageToken === undefined ? 0 : Number(query.nextPageToken.slice(1))
          return { items: [page * 2, page * 2 + 1], nextPageToken: page < 2 ? Option.some(`p${page + 1}`) : Option.none() }
        })
      const fetchAhead = (query: { readonly nextPageToken?: string }) =>
        Effect.map(list(query), (page) => ({ hint: "bogus", page: Effect.succeed(page) }))
      const items = yield* Stream.runCollect(Pagination.items("events.list", list, fetchAhead, {}, 1))
      expect(Chunk.toReadonlyArray(items)).toEqual([0, 1, 2, 3, 4, 5])
      // the bogus requests were sent (and dropped); the real pages each once, in order
      expect(requested.filter((t) => t !== "bogus")).toEqual([undefined, "p1", "p2"])
    }))
})
