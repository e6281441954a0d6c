/**
 * The response decoders written ahead of time (`src/internal/decode/generated.ts`,
 * by `codegen/responseDecoders.ts`): the file is what the generator writes
 * from today's schemas, and every operation's response schema has one.
 * `responseDecoder.test.ts` checks what they answer against Effect's parser.
 */
import { describe, expect, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Schema } from "effect"
import { decoderSource, generate, generatedPath } from "../codegen/responseDecoders.js"
import { optional, optionalFrom } from "../src/internal/schema.js"
import { endpoints } from "../src/endpoints/index.js"
import { generatedDecoder } from "../src/internal/decode/index.js"
import { responseSchemas } from "./support/schemaLists.js"

describe("generated response decoders", () => {
  it("the committed file is what the generator writes (else: pnpm --filter @effect-zoom/scheduler codegen)", () => {
    const committed = readFileSync(fileURLToPath(new URL(`../${generatedPath}`, import.meta.url)), "utf8")
    expect(committed).toBe(generate())
  })

  it("every operation's response schema has a generated decoder", () => {
    const missing: Array<string> = []
    let count = 0
    for (const [resource, table] of Object.entries(endpoints)) {
      for (const [operation, entry] of Object.entries(table as Record<string, { readonly success: Schema.Schema.Any | undefined }>)) {
        if (entry.success === undefined) continue
        count++
        if (generatedDecoder(entry.success.ast) === undefined) missing.push(`${resource}.${operation}`)
      }
    }
    expect(missing).toEqual([])
    expect(count).toBe(15) // of the 21 operations, 6 answer without a body
  })

  it("the schemas users import from the package entry are the ones decoded by generated code", () => {
    for (const [name, schema] of responseSchemas) expect([name, generatedDecoder(schema.ast) !== undefined]).toEqual([name, true])
  })
})

describe("the decoder generator", () => {
  it("reads wire keys and writes type-side keys by name, null read as absent", () => {
    const source = decoderSource(Schema.Struct({ startTime: optionalFrom(Schema.String, "start_time"), note: optional(Schema.Number) }))
    expect(source).toContain(`v = r["start_time"]`)
    expect(source).toContain(`if (v !== null) o["startTime"] = v`)
    expect(source).toContain(`v = r["note"]`)
  })

  it("reads a key Object.prototype also has as an own key only", () => {
    expect(decoderSource(Schema.Struct({ constructor: Schema.String }))).toContain(`hasOwn.call(r, "constructor") ? r["constructor"] : undefined`)
  })

  it("writes nothing half-way: a node it does not handle is an error naming it", () => {
    expect(() => decoderSource(Schema.Struct({ name: Schema.String.pipe(Schema.minLength(1)) }))).toThrow(/Refinement/)
    const tagged = Schema.Union(
      Schema.Struct({ kind: Schema.Literal("a"), a: Schema.String }),
      Schema.Struct({ kind: Schema.Literal("b"), b: Schema.Number })
    )
    expect(() => decoderSource(tagged)).toThrow(/narrowed by literal keys/)
    expect(() => decoderSource(Schema.Struct({ at: Schema.DateFromString }))).toThrow(/DateFromString: a final transformation/)
    expect(() => decoderSource(Schema.Struct({ ["__proto__"]: Schema.String }))).toThrow(/__proto__/) // a computed key: an own key
  })

  it("builds a class on its prototype, but refuses one whose constructor adds a field decoding left absent", () => {
    class Plain extends Schema.Class<Plain>("Plain")({ n: optional(Schema.Number) }) {}
    class WithDefault extends Schema.Class<WithDefault>("WithDefault")({
      n: Schema.optional(Schema.Number).pipe(Schema.withConstructorDefault(() => 1))
    }) {}
    expect(decoderSource(Schema.Struct({ item: Plain }), { Test: { Plain } })).toContain("Object.create(Test.Plain.prototype)")
    expect(() => decoderSource(Schema.Struct({ item: Plain }))).toThrow(/not an exported class/)
    expect(() => decoderSource(Schema.Struct({ item: WithDefault }), { Test: { WithDefault } }))
      .toThrow(/WithDefault: a class whose constructor does more than keep its fields/)
  })
})
