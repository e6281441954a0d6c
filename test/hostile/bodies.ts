/**
 * Hostile response bodies: what a broken or malicious server may answer.
 */
import { FastCheck as fc } from "effect"

const encoder = new TextEncoder()

const concat = (...parts: ReadonlyArray<string | Uint8Array>): Uint8Array => {
  const bytes = parts.map((p) => (typeof p === "string" ? encoder.encode(p) : p))
  const out = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0))
  let at = 0
  for (const b of bytes) {
    out.set(b, at)
    at += b.length
  }
  return out
}

/** `depth` nested arrays or objects around a value. */
export const deeplyNested = (depth: number, kind: "array" | "object"): string =>
  kind === "array" ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)

/** The named hostile bodies, each a list-or-object shape an operation might half-expect. */
export const named: ReadonlyArray<readonly [string, () => Uint8Array]> = [
  ["5,000 nested arrays (10 KB)", () => encoder.encode(deeplyNested(5000, "array"))],
  ["50,000 nested objects", () => encoder.encode(deeplyNested(50_000, "object"))],
  ["nesting inside a valid page", () =>
    encoder.encode(`{"items":[{"event_id":"e","custom_fields":${deeplyNested(20_000, "array")}}],"next_page_token":""}`)],
  ["huge numbers", () =>
    encoder.encode(
      `{"items":[{"event_id":1e400,"duration":123456789012345678901234567890}],"page_size":1e309,"capacity":-1e999,"total_records":1e308}`
    )],
  ["a 1 MB string", () =>
    encoder.encode(JSON.stringify({ items: [{ event_id: "x".repeat(1024 * 1024) }], summary: "y".repeat(1024) }))],
  ["invalid UTF-8", () => concat("{\"items\":[{\"event_id\":\"", new Uint8Array([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), "\"}],\"slug\":\"", new Uint8Array([0x80]), "\"}")],
  ["__proto__ and constructor keys", () =>
    encoder.encode(
      `{"__proto__":{"polluted":true,"event_id":"p"},"constructor":{"prototype":{"polluted":true}},"items":[{"__proto__":{"event_id":"x"},"constructor":"c"}],"prototype":1}`
    )],
  ["duplicate keys", () =>
    encoder.encode(`{"items":[],"items":{"a":1},"next_page_token":"a","next_page_token":5,"schedule_id":"s","schedule_id":[]}`)],
  ["a body far larger than expected (2 MB)", () =>
    encoder.encode(JSON.stringify({
      items: Array.from({ length: 5000 }, (_, i) => ({ event_id: `evt-${i}`, pad: "z".repeat(400) })),
      user_id: "u"
    }))],
  ["truncated JSON", () => encoder.encode(`{"items":[{"event_id":"e1"},{"event_id":"e`)],
  ["not JSON at all", () => encoder.encode("<html><body>502 Bad Gateway</body></html>")],
  ["empty", () => new Uint8Array()],
  ["null", () => encoder.encode("null")],
  ["a lone surrogate escape", () => encoder.encode(`{"items":[{"event_id":"\\ud800"}],"slug":"\\udfff"}`)]
]

/** Any of the named bodies, or random JSON, or random bytes. */
export const arbitraryBody: fc.Arbitrary<readonly [string, Uint8Array]> = fc.oneof(
  fc.constantFrom(...named).map(([name, make]) => [name, make()] as const),
  fc.jsonValue({ maxDepth: 6 }).map((value) => ["random JSON", encoder.encode(JSON.stringify(value) ?? "null")] as const),
  fc.uint8Array({ maxLength: 512 }).map((bytes) => ["random bytes", bytes] as const),
  fc.integer({ min: 1000, max: 30_000 }).map((depth) => [`nesting ${depth}`, encoder.encode(deeplyNested(depth, "array"))] as const)
)
