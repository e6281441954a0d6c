import { assert, describe, expect, it } from "@effect/vitest"
import * as NodeUtil from "node:util"
import { DateTime, Deferred, Effect, Either, Exit, Fiber, Option, Redacted, Ref, TestClock } from "effect"
import * as TokenStore from "../src/TokenStore.js"

// -----------------------------------------------------------------------------
// helpers
// -----------------------------------------------------------------------------

const SECRET_ACCESS = "sk-access-5f1c9b7e"
const SECRET_REFRESH = "sk-refresh-0d2e4a61"

const tokens = (counter: number, extra: { readonly withOptional?: boolean } = {}) =>
  new TokenStore.TokenSet({
    accessToken: Redacted.make(`${SECRET_ACCESS}-${counter}`),
    expiresAt: DateTime.unsafeMake(Date.UTC(2031, 0, 1) + counter * 1000),
    scopes: [String(counter)],
    ...(extra.withOptional === false
      ? {}
      : { refreshToken: Redacted.make(`${SECRET_REFRESH}-${counter}`), apiUrl: "https://api.zoom.us" })
  })

const counterOf = (stored: Option.Option<TokenStore.TokenSet>): number =>
  Option.match(stored, { onNone: () => 0, onSome: (t) => Number(t.scopes[0]) })

/** Plain, comparable view of a token set (Redacted values revealed). */
const reveal = (t: TokenStore.TokenSet) => ({
  accessToken: Redacted.value(t.accessToken),
  expiresAt: DateTime.formatIso(t.expiresAt),
  refreshToken: t.refreshToken === undefined ? undefined : Redacted.value(t.refreshToken),
  scopes: [...t.scopes],
  apiUrl: t.apiUrl
})

/** Read-increment-write, with a yield in the middle so that unprotected callers interleave. */
const increment = (store: TokenStore.TokenStore["Type"]) =>
  Effect.gen(function*() {
    const current = yield* store.get
    yield* Effect.yieldNow()
    yield* store.set(tokens(counterOf(current) + 1))
  })
// -----------------------------------------------------------------------------
// TokenSet
// -----------------------------------------------------------------------------

describe("TokenSet", () => {
  it("prints its tokens as <redacted>", () => {
    const t = tokens(1)
    for (const rendering of [String(t), JSON.stringify(t), NodeUtil.inspect(t, { depth: 10 })]) {
      expect(rendering).not.toContain(SECRET_ACCESS)
      expect(rendering).not.toContain(SECRET_REFRESH)
      expect(rendering).toContain("<redacted>")
    }
  })
})

// -----------------------------------------------------------------------------
// memory
// -----------------------------------------------------------------------------

describe("layerMemory", () => {
  it.effect("starts empty, then round-trips set/get", () =>
    Effect.gen(function*() {
      const store = yield* TokenStore.TokenStore
      assert.isTrue(Option.isNone(yield* store.get))
      yield* store.set(tokens(7))
      const stored = yield* store.get
      assert.isTrue(Option.isSome(stored))
      expect(reveal(Option.getOrThrow(stored))).toEqual(reveal(tokens(7)))
    }).pipe(Effect.provide(TokenStore.layerMemory())))

  it.effect("can be seeded", () =>
    Effect.gen(function*() {
      const store = yield* TokenStore.TokenStore
      expect(counterOf(yield* store.get)).toBe(3)
    }).pipe(Effect.provide(TokenStore.layerMemory(tokens(3)))))

  it.effect("withLock serialises read-increment-write: 50 fibers lose no update", () =>
    Effect.gen(function*() {
      const store = yield* TokenStore.makeMemory()
      yield* Effect.all(Array.from({ length: 50 }, () => store.withLock(increment(store))), {
        concurrency: "unbounded"
      })
      expect(counterOf(yield* store.get)).toBe(50)

      // Control: the same workload without the lock does lose updates.
      const unprotected = yield* TokenStore.makeMemory()
      yield* Effect.all(Array.from({ length: 50 }, () => increment(unprotected)), { concurrency: "unbounded" })
      expect(counterOf(yield* unprotected.get)).toBeLessThan(50)
    }))

  /** Succeeds with `true` iff the lock can be taken within a second (of TestClock time). */
  const lockIsFree = (store: TokenStore.TokenStore["Type"]) =>
    Effect.gen(function*() {
      const probe = yield* store.withLock(Effect.succeed(true)).pipe(
        Effect.timeoutTo({ duration: "1 second", onSuccess: (b) => b, onTimeout: () => false }),
        Effect.fork
      )
      yield* TestClock.adjust("1 second")
      return yield* Fiber.join(probe)
    })

  it.effect("withLock is released when the inner effect fails", () =>
    Effect.gen(function*() {
      const store = yield* TokenStore.makeMemory()
      const result = yield* store.withLock(Effect.fail("boom" as const)).pipe(Effect.either)
      expect(result).toEqual(Either.left("boom"))
      assert.isTrue(yield* lockIsFree(store))
      const died = yield* store.withLock(Effect.die("defect")).pipe(Effect.exit)
      assert.isTrue(Exit.isFailure(died))
      assert.isTrue(yield* lockIsFree(store))
    }))

  it.effect("withLock is released when the inner effect is interrupted, and excludes meanwhile", () =>
    Effect.gen(function*() {
      const store = yield* TokenStore.makeMemory()
      const entered = yield* Deferred.make<void>()
      const holder = yield* store.withLock(Deferred.succeed(entered, undefined).pipe(Effect.zipRight(Effect.never)))
        .pipe(Effect.fork)
      yield* Deferred.await(entered)
      assert.isFalse(yield* lockIsFree(store)) // held: the probe times out
      // A waiter interrupted while queued must not keep a permit either.
      const waiter = yield* store.withLock(Effect.void).pipe(Effect.fork)
      yield* Effect.yieldNow()
      yield* Fiber.interrupt(waiter)
      yield* Fiber.interrupt(holder)
      assert.isTrue(yield* lockIsFree(store))
    }))
})

// -----------------------------------------------------------------------------
// make
// -----------------------------------------------------------------------------

describe("make", () => {
  it.effect("builds a store from three operations and traces each", () =>
    Effect.gen(function*() {
      const ref = yield* Ref.make(Option.none<TokenStore.TokenSet>())
      const calls = yield* Ref.make<ReadonlyArray<string>>([])
      const record = (call: string) => Ref.update(calls, (cs) => [...cs, call])
      const store = TokenStore.make({
        get: record("get").pipe(Effect.zipRight(Ref.get(ref))),
        set: (t) => record("set").pipe(Effect.zipRight(Ref.set(ref, Option.some(t)))),
        withLock: (effect) => record("lock").pipe(Effect.zipRight(effect))
      })
      const spanName = yield* store.withLock(
        Effect.gen(function*() {
          yield* store.set(tokens(1))
          yield* store.get
          return (yield* Effect.currentSpan).name
        })
      )
      expect(spanName).toBe("TokenStore.withLock")
      expect(yield* Ref.get(calls)).toEqual(["lock", "set", "get"])
      expect(counterOf(yield* Ref.get(ref))).toBe(1)
    }))
})
