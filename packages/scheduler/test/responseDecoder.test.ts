/**
 * The client decodes responses with decoders generated ahead of time (for
 * speed). They must agree with Effect's own `Schema.decodeUnknown` on every
 * input: the same value (same classes, same keys in the same order) when both
 * succeed, a failure when Effect's fails. Checked on wire values generated
 * from each response schema, valid and then mutated: a node replaced by
 * another value (hostile ones included: `__proto__` keys, prototype-less
 * objects, keys `Object.prototype` has) or a key removed.
 */
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Effect, Either, FastCheck as fc, Schema } from "effect"
import { responseSchemas } from "./support/schemaLists.js"
import { createRequire } from "node:module"
import { effectVersion, generatedDecoder, responseDecoder } from "../src/internal/decode/index.js"

const schemas = responseSchemas

/** The replacement that removes the key it lands on. */
const REMOVE = Symbol("remove the key")

/** Replaces a random node of a JSON value with something else (maybe of the wrong type, maybe null), or removes its key. */
const mutate = (value: unknown, path: ReadonlyArray<number>, replacement: unknown): unknown => {
  if (path.length === 0) return replacement === REMOVE ? undefined : replacement
  if (Array.isArray(value) && value.length > 0) {
    const i = path[0]! % value.length
    return value.map((v, j) => (j === i ? mutate(v, path.slice(1), replacement) : v))
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value)
    if (keys.length === 0) return replacement === REMOVE ? value : replacement
    const key = keys[path[0]! % keys.length]!
    const copy = { ...(value as Record<string, unknown>) }
    if (path.length === 1 && replacement === REMOVE) delete copy[key]
    else copy[key] = mutate(copy[key], path.slice(1), replacement)
    return copy
  }
  return replacement === REMOVE ? value : replacement
}

/** The own keys of every object in a value, depth first: the same when two values were built in the same key order. */
const keyOrder = (value: unknown): Array<string> =>
  Array.isArray(value)
    ? value.flatMap(keyOrder)
    : value !== null && typeof value === "object"
    ? Object.keys(value).flatMap((k) => [k, ...keyOrder((value as Record<string, unknown>)[k])])
    : []

/** Values JSON.parse or a hostile server can hand the decoder. */
const hostile = [
  JSON.parse(`{"__proto__": {"polluted": true}}`) as unknown,
  JSON.parse(`[{"__proto__": null}]`) as unknown,
  Object.create(null) as unknown,
  { constructor: "x", toString: 1, hasOwnProperty: null, valueOf: [] },
  [[]],
  [null],
  [{}],
  -0,
  1e308,
  ""
]

const outcome = (effect: Effect.Effect<unknown, unknown>) => Effect.runSync(Effect.either(effect))

describe("the Effect version the compiled decoder reads", () => {
  it(`the installed effect is ${effectVersion}.x, the version whose SchemaAST the decoder generator was written against`, () => {
    const installed = (createRequire(import.meta.url)("effect/package.json") as { version: string }).version
    // a new minor may change SchemaAST: re-run this suite's properties, then raise effectVersion
    expect(installed.split(".").slice(0, 2).join(".")).toBe(effectVersion)
  })

  it("{ fast: false } is Effect's own parser", () => {
    const schema = schemas[0]![1]
    expect(responseDecoder(schema, { fast: false })).toBeTypeOf("function")
    const body = { nonsense: true }
    expect(outcome(responseDecoder(schema, { fast: false })(body))).toEqual(
      outcome(Schema.decodeUnknown(schema, { onExcessProperty: "ignore" })(body))
    )
  })
})

describe("responseDecoder agrees with Schema.decodeUnknown", () => {
  for (const [name, schema] of schemas) {
    const reference = Schema.decodeUnknown(schema, { onExcessProperty: "ignore" })
    const compiled = responseDecoder(schema)
    const wire = Arbitrary.make(Schema.encodedSchema(schema))
    const replacement = fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant([]),
      fc.constant({}),
      fc.constant(undefined),
      fc.constant(REMOVE),
      fc.constantFrom(...hostile)
    )

    it(`${name}: decoded by its generated decoder`, () => {
      expect(generatedDecoder(schema.ast)).toBeTypeOf("function")
    })

    it(`${name}: valid wire values decode to the same value`, () => {
      fc.assert(
        fc.property(wire, (value) => {
          const a = outcome(reference(value))
          const b = outcome(compiled(value))
          expect(Either.isRight(b)).toBe(Either.isRight(a))
          if (Either.isRight(a) && Either.isRight(b)) {
            // same classes (a Schema.Class instance is not a plain object), same own keys in the same order
            expect(b.right).toStrictEqual(a.right)
            expect(keyOrder(b.right)).toEqual(keyOrder(a.right))
          }
        }),
        { numRuns: 60 }
      )
    })

    it(`${name}: mutated wire values succeed or fail exactly when Effect's decoder does`, () => {
      fc.assert(
        fc.property(wire, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), replacement, (value, path, other) => {
          const input = mutate(value, path, other)
          const a = outcome(reference(input))
          const b = outcome(compiled(input))
          expect([Either.isRight(b), JSON.stringify(input)]).toEqual([Either.isRight(a), JSON.stringify(input)])
          if (Either.isRight(a) && Either.isRight(b)) {
            expect(b.right).toStrictEqual(a.right)
            expect(keyOrder(b.right)).toEqual(keyOrder(a.right))
          }
        }),
        { numRuns: 300 }
      )
    })
  }
})
