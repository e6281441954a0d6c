/**
 * No defect from any 2xx body: hostile bodies end as a success or a
 * `DecodeError`, and every error renders (message, String, JSON.stringify,
 * Cause.pretty) without throwing.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit } from "effect"
import { ZoomScheduler } from "@effect-zoom/scheduler"
import * as F from "./support/fixtures.js"
import { calls } from "./support/calls.js"
import { clientLayer, recorder } from "./support/recordingHttp.js"

const nested = (depth: number, open: string, close: string, inner = "") => open.repeat(depth) + inner + close.repeat(depth)

/** Raw bodies, as bytes or text. */
const bodies: ReadonlyArray<readonly [string, string | Uint8Array<ArrayBuffer>]> = [
  ["arrays nested 5,000 deep (10 KB)", nested(5000, "[", "]")],
  ["objects nested 5,000 deep", nested(5000, "{\"a\":", "}", "1")],
  ["items nested 5,000 deep", `{"items":[${nested(5000, "[", "]")}]}`],
  ["a value nested 20,000 deep in a known field", `{"display_name":${nested(20000, "[", "]")}}`],
  ["a 2,000-deep next_page_token", `{"next_page_token":${nested(2000, "{\"x\":", "}", "1")}}`],
  ["huge numbers", `{"items":[{"event_id":1e400,"capacity":123456789012345678901234567890}],"page_size":1e308}`],
  ["a huge string", `{"display_name":"${"x".repeat(5_000_000)}"}`],
  ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])],
  ["__proto__ and constructor keys", `{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"items":[{"__proto__":null}]}`],
  ["duplicate keys", `{"display_name":"a","display_name":42,"items":[],"items":{}}`],
  ["not JSON", "<html>200 OK</html>"],
  ["empty", ""],
  ["a bare number", "1e999999"],
  ["null", "null"],
  ["a page of 5,000 empty objects", `{"items":[${Array(5_000).fill("{}").join(",")}]}`]
]

const render = (cause: Cause.Cause<unknown>): void => {
  Cause.pretty(cause)
  for (const e of Cause.failures(cause)) {
    const error = e as { readonly message?: string }
    void error.message
    String(e)
    JSON.stringify(e)
  }
}

describe("hostile 2xx bodies", () => {
  for (const [label, body] of bodies) {
    it.effect(`${label}: every operation succeeds or fails with DecodeError, never dies`, () =>
      Effect.gen(function*() {
        const rec = recorder(() => new Response(body as BodyInit, { status: 200, headers: { "content-type": "application/json" } }))
        const zoom = yield* ZoomScheduler.ZoomScheduler.pipe(Effect.provide(clientLayer(rec)))
        for (const op of calls) {
          const exit = yield* Effect.exit(op.call(zoom))
          if (Exit.isFailure(exit)) {
            expect([op.name, Cause.isDie(exit.cause)]).toEqual([op.name, false])
            const tags = Cause.failures(exit.cause).pipe((c) => [...c].map((e) => e._tag))
            expect([op.name, tags]).toEqual([op.name, ["DecodeError"]])
            expect(() => render(exit.cause)).not.toThrow()
          }
        }
      }), { timeout: 60_000 })
  }

  it.effect("Object.prototype stays clean after a __proto__ body", () =>
    Effect.gen(function*() {
      const rec = recorder(() => new Response(`{"__proto__":{"polluted":true},"display_name":"x"}`, { status: 200 }))
      const user = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (z) => z.users.get("me")).pipe(Effect.provide(clientLayer(rec)))
      expect(user.displayName).toBe("x")
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    }))

  it.effect("a well-formed body still decodes (the guard costs nothing on the happy path)", () =>
    Effect.gen(function*() {
      const rec = recorder(() => new Response(JSON.stringify(F.userWire), { status: 200 }))
      const user = yield* Effect.flatMap(ZoomScheduler.ZoomScheduler, (z) => z.users.get("me")).pipe(Effect.provide(clientLayer(rec)))
      expect(user.displayName).toBe("name")
    }))
})
