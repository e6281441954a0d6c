/**
 * The response decoders written ahead of time (`src/internal/decode/generated.ts`,
 * by `codegen/responseDecoders.ts`): the file is what the generator writes
 * from today's schemas, and every operation's response schema has one.
 * `responseDecoder.test.ts` checks what they answer against Effect's parser.
 */
import { describe, expect, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { Schema } from "effect"
import { generate, generatedPath } from "../codegen/responseDecoders.js"
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
