/**
 * No response is a defect: hostile bodies (deep nesting, huge numbers and
 * strings, invalid UTF-8, `__proto__`/`constructor` keys, duplicate keys,
 * bodies far larger than expected, random JSON and bytes) under any status,
 * fed to every one of the 21 operations through the public client, end in
 * a success or a tagged failure, and rendering the failure never throws.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, FastCheck as fc, Option } from "effect"
import { ZoomScheduler } from "@effect-zoom/scheduler"
import { arbitraryBody, named } from "./bodies.js"
import { operations } from "./operations.js"
import { client, sendRaw, serve } from "./server.js"
import type { Hostile } from "./server.js"

/** What went wrong with one operation's outcome, or undefined when it is a success or a tagged failure that renders. */
const judge = (exit: Exit.Exit<unknown, { readonly _tag: string }>): string | undefined => {
  if (Exit.isSuccess(exit)) return undefined
  const defect = Cause.dieOption(exit.cause)
  if (Option.isSome(defect)) return `a defect: ${String(defect.value).slice(0, 200)}`
  if (Cause.isInterrupted(exit.cause)) return "interrupted"
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure) || typeof failure.value._tag !== "string") return "a failure without a tag"
  try {
    const error = failure.value as { readonly _tag: string; readonly message?: unknown }
    void String(error.message)
    void String(error)
    void JSON.stringify(error)
    void Cause.pretty(exit.cause)
  } catch (thrown) {
    return `rendering ${failure.value._tag} threw ${String(thrown).slice(0, 200)}`
  }
  return undefined
}

/** Every operation against the server answering `status` with `body`; the problems found, by operation. */
const everyOperation = (hostile: Hostile, status: number, body: Uint8Array) =>
  Effect.gen(function*() {
    hostile.script = (_req, res) => sendRaw(res, status, body)
    const zoom = yield* ZoomScheduler.ZoomScheduler
    const problems: Array<string> = []
    yield* Effect.forEach(operations, ([name, call]) =>
      Effect.map(Effect.exit(call(zoom)), (exit) => {
        const problem = judge(exit)
        if (problem !== undefined) problems.push(`${name} (${status}): ${problem}`)
      }), { concurrency: "unbounded", discard: true })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    return problems
  }).pipe(Effect.provide(client(hostile, { retry: { maxRetryAfter: "0 millis" } })))

describe("hostile bodies, every operation", () => {
  for (const [name, make] of named) {
    it.live(`${name}: a success or a tagged failure, never a defect`, () =>
      Effect.scoped(Effect.gen(function*() {
        const hostile = yield* serve
        const body = make()
        expect(yield* everyOperation(hostile, 200, body)).toEqual([])
      })))
  }

  it.live("property: any hostile body under any status", () =>
    Effect.scoped(Effect.gen(function*() {
      const hostile = yield* serve
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(
            arbitraryBody,
            fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 409, 422, 429, 500, 503),
            ([, body], status) =>
              Effect.runPromise(everyOperation(hostile, status, body)).then((problems) => {
                expect(problems).toEqual([])
              })
          ),
          { numRuns: 6 }
        )
      )
    })), 60_000)
})
