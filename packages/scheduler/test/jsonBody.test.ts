/**
 * Response bodies are parsed from their bytes by `parseJson`, with Node's
 * `Buffer` or a `TextDecoder`. It must be indistinguishable from `JSON.parse`
 * of the text `Response.text()` gives: the same value for every valid
 * document (a leading byte order mark dropped, invalid UTF-8 as U+FFFD), a
 * `SyntaxError` for every invalid one, with either decoder.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import * as JsonBody from "../src/internal/jsonBody.js"

/** Page-sized bodies (Zoom's pages run to hundreds of KB). */
const large = 40 * 1024

const whitespace = fc.array(fc.constantFrom(" ", "\t", "\n", "\r"), { maxLength: 3 }).map((ws) => ws.join(""))

/** JSON text of `value` with the given whitespace around every token, in document order. */
const render = (value: unknown, ws: ReadonlyArray<string>): string => {
  let k = 0
  const w = () => ws[k++ % ws.length] ?? ""
  const go = (v: unknown): string => {
    if (Array.isArray(v)) return `[${w()}${v.map((x) => `${w()}${go(x)}${w()}`).join(",")}${w()}]`
    if (v !== null && typeof v === "object") {
      const members = Object.entries(v).map(([key, x]) => `${w()}${JSON.stringify(key)}${w()}:${w()}${go(x)}${w()}`)
      return `{${w()}${members.join(",")}${w()}}`
    }
    return JSON.stringify(v)
  }
  return `${w()}${go(value)}${w()}`
}

const tricky = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: "binary" }),
  fc.constantFrom("\\", "\"", "\\\"", "\"\\", "é", "日本", "😀", "\u2028", "}", "]", ",", "[{", "\\u0022")
)

/** A large document: a top-level object with array and scalar members, like a Zoom page. */
const document = fc.record({
  before: fc.dictionary(fc.string(), tricky, { maxKeys: 4 }),
  items: fc.array(tricky, { minLength: 1, maxLength: 40 }),
  after: fc.dictionary(fc.string(), tricky, { maxKeys: 4 }),
  padBefore: fc.boolean()
}).map(({ after, before, items, padBefore }) => {
  const padding = { padding: "p".repeat(large) }
  return { ...(padBefore ? padding : {}), ...before, items, ...after, ...(padBefore ? {} : padding) }
})

const bytes = (text: string) => Buffer.from(text, "utf8")

/** What JSON.parse makes of the text: its value, or that it throws a SyntaxError. */
const reference = (text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    expect(error).toBeInstanceOf(SyntaxError)
    return { ok: false }
  }
}

// Node's Buffer where it exists, TextDecoder elsewhere (browsers, workerd): the same answers
const decoders = [
  ["Buffer", JsonBody.bufferDecoder!],
  ["TextDecoder", JsonBody.webDecoder]
] as const

describe("the default decoder", () => {
  it("is Buffer's on Node", () => {
    expect(JsonBody.bufferDecoder).toBeDefined()
    expect(JsonBody.parseJson(bytes(`{"a":"é"}`))).toStrictEqual({ a: "é" })
  })
})

describe.each(decoders)("with the %s decoder", (_name, decoder) => {
  const { parseJson, utf8 } = JsonBody.make(decoder)

  /** `parseJson` of the text's UTF-8 bytes against JSON.parse of what those bytes decode to (a lone surrogate becomes U+FFFD). */
  const agrees = (text: string, input: Uint8Array = bytes(text)) => {
    const expected = reference(Buffer.from(input).toString("utf8"))
    if (expected.ok) expect(parseJson(input)).toStrictEqual(expected.value)
    else expect(() => parseJson(input)).toThrow(SyntaxError)
  }

  describe("parseJson", () => {
    it("gives JSON.parse's value for large documents, whatever the whitespace", () => {
      fc.assert(
        fc.property(document, fc.array(whitespace, { minLength: 1, maxLength: 8 }), (value, ws) => {
          const text = render(value, ws)
          expect(text.length).toBeGreaterThanOrEqual(large)
          expect(parseJson(bytes(text))).toStrictEqual(JSON.parse(text))
        }),
        { numRuns: 150 }
      )
    })

    it("throws a SyntaxError exactly when JSON.parse does, on damaged documents", () => {
      const damage = fc.record({
        at: fc.nat(),
        remove: fc.nat({ max: 3 }),
        insert: fc.oneof(
          fc.constantFrom("", "\"", "\\", ",", ":", "[", "]", "{", "}", " ", "x", "1", "null", ",]", ",}", "\u0001"),
          fc.string({ maxLength: 3 })
        )
      })
      fc.assert(
        fc.property(document, damage, (value, { at, insert, remove }) => {
          const text = JSON.stringify(value)
          // damage away from the padding string so that the structure is what changes
          const structural = text.replace(/"p{1000,}"/, "\u0000")
          const i = at % structural.length
          const damaged = (structural.slice(0, i) + insert + structural.slice(i + remove)).replace(
            "\u0000",
            JSON.stringify("p".repeat(large))
          )
          agrees(damaged)
        }),
        { numRuns: 400 }
      )
    })

    it("handles the edge cases: nesting, escapes, duplicate keys, __proto__, byte order marks, damage", () => {
      const pad = `"padding":"${"p".repeat(large)}"`
      const cases = [
        `{${pad},"items":[]}`,
        `{${pad},"items":[[],{},[[]],{"a":{"b":[1,2,{"c":"]}"}]}}]}`,
        `{${pad},"items":[1,-0.5e3,true,false,null,"s"]}`,
        `{${pad},"items":["a\\"b","c\\\\","\\\\\\"","\\u0022]}",  "\\/"]}`,
        `{${pad},"items":["é","日本語","😀","\u2028"]}`,
        `{${pad},"a":1,"a":2,"items":[1],"items":[2]}`, // duplicate keys: the last wins
        `{${pad},"__proto__":{"polluted":true},"items":[]}`,
        `{${pad},"constructor":1,"toString":2,"0":3,"10":4,"2":5}`,
        `\ufeff{${pad},"items":[1]}`, // a byte order mark
        `[{${pad}}, 1, 2]`, // a top-level array
        `"${"s".repeat(large)}"`, // a top-level string
        ` \n\t{ ${pad} , "items" : [ 1 , 2 ] } \r\n`,
        // invalid documents
        `{${pad},"items":[1,]}`,
        `{${pad},"items":[1 2]}`,
        `{${pad},"items":[1],}`,
        `{${pad},"items":[1]`,
        `{${pad},"items":[1]}}`,
        `{${pad},"items":[01]}`,
        `{${pad},"items":["\u0001"]}`,
        `{${pad},"items":[{"a":1]]}`,
        `{${pad},"items":[{]}`,
        `{${pad},items:[1]}`,
        `{${pad},"items":[1]} x`,
        `{${pad},"items":["unterminated]}`,
        `{${pad},"items":[nul]}`,
      `{${pad},"items":[\ufeff1]}`, // a byte order mark inside is no whitespace
        `{${pad}"items":[1]}`
      ]
      for (const text of cases) {
        // JSON.parse of the text as Response.text() gives it: without the byte order mark
        const expected = reference(text.replace(/^\ufeff/, ""))
        if (expected.ok) expect(parseJson(bytes(text)), text.slice(-60)).toStrictEqual(expected.value)
        else expect(() => parseJson(bytes(text)), text.slice(-60)).toThrow(SyntaxError)
      }
      // __proto__ stays an own property, as JSON.parse makes it, and pollutes nothing
      const proto = parseJson(bytes(`{${pad},"__proto__":{"polluted":true}}`)) as Record<string, unknown>
      expect(Object.getPrototypeOf(proto)).toBe(Object.prototype)
      expect(Object.hasOwn(proto, "__proto__")).toBe(true)
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined()
    })

    it("decodes invalid UTF-8 as Response.text() does (U+FFFD): inside a string it stays, outside it fails", () => {
      const pad = `"padding":"${"p".repeat(large)}"`
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 8 }), fc.boolean(), (junk, quoted) => {
          const q = quoted ? "\"" : ""
          const input = Buffer.concat([bytes(`{${pad},"items":[${q}`), junk, bytes(`${q},"é"]}`)])
          agrees("", input)
        }),
        { numRuns: 300 }
      )
    })

    it("parses small bodies and bodies in a view of a larger buffer", () => {
      agrees(`{"a":[1,2,3]}`)
      agrees(``)
      agrees(`{"a":`)
      const text = `{"padding":"${"p".repeat(large)}","items":[{"x":"é"}]}`
      const framed = Buffer.from(`garbage${text}garbage`, "utf8")
      const view = new Uint8Array(framed.buffer, framed.byteOffset + 7, Buffer.byteLength(text))
      expect(parseJson(view)).toStrictEqual(JSON.parse(text))
    })

    it("utf8 decodes like Response.text(): a leading byte order mark is dropped", async () => {
      const withMark = Buffer.from("\ufeff{\"a\":\"é\"}", "utf8")
      expect(utf8(withMark)).toBe(await new Response(withMark).text())
      expect(utf8(new Uint8Array(0))).toBe("")
    })

    it("parses what Response.json() parses and refuses what it refuses, for any bytes", async () => {
      const prefix = fc.constantFrom(new Uint8Array(0), new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array([0xef, 0xbb]))
      await fc.assert(
        fc.asyncProperty(prefix, fc.jsonValue({ maxDepth: 2 }), fc.uint8Array({ maxLength: 4 }), fc.nat(), async (mark, value, junk, at) => {
          const text = bytes(JSON.stringify(value))
          const i = at % (text.length + 1)
          const input = new Uint8Array(Buffer.concat([mark, text.subarray(0, i), junk, text.subarray(i)]))
          const expected = await new Response(input).json().then((v) => ({ ok: true as const, v }), (e) => ({ ok: false as const, e }))
          if (expected.ok) expect(parseJson(input)).toStrictEqual(expected.v)
          else {
            expect(expected.e).toBeInstanceOf(SyntaxError)
            expect(() => parseJson(input)).toThrow(SyntaxError)
          }
        }),
        { numRuns: 300 }
      )
    })
  })
})
