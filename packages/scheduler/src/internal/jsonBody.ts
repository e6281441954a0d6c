/**
 * `JSON.parse` for response bodies, from their bytes.
 *
 * A large body (a 300-item page is about 370 KB) is not turned into one
 * string: V8 puts strings that large in its large-object space, and
 * allocating one costs more than parsing it. Instead, the top-level object
 * is scanned and each member value, and each element of a member that is an
 * array, is decoded and parsed on its own, from short strings.
 *
 * The result is exactly `JSON.parse` of the UTF-8 text: every piece is
 * parsed by `JSON.parse` itself, and the scan accepts nothing but JSON's own
 * punctuation and whitespace between pieces, so valid pieces joined by
 * valid punctuation are the same document. Anything the scan does not
 * expect (a top-level array, a `__proto__` key, a syntax error anywhere)
 * falls back to `JSON.parse` of the whole text, which returns the same
 * value or throws its own `SyntaxError`.
 *
 * Bytes are decoded with `Buffer#toString` where Node's `Buffer` exists (as
 * before; on Node 20.20 a `TextDecoder` measured as fast, 12.3 ms per 356 KB
 * page for both) and with a `TextDecoder` elsewhere (browsers, workerd): both
 * replace invalid sequences with U+FFFD the same way, and neither drops a
 * byte order mark (`ignoreBOM`), so the two give the same strings.
 *
 * @internal
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

/** Bodies smaller than this are parsed whole: their string is small enough. */
const splitFrom = 32 * 1024

const isWhitespace = (b: number | undefined): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09

const skipWhitespace = (bytes: Uint8Array, i: number): number => {
  while (isWhitespace(bytes[i])) i++
  return i
}

/** The index after the string starting at `i` (a quote), or -1. */
const stringEnd = (bytes: Uint8Array, i: number): number => {
  const n = bytes.length
  let j = i + 1
  while (j < n) {
    const b = bytes[j]
    if (b === QUOTE) return j + 1
    j += b === BACKSLASH ? 2 : 1
  }
  return -1
}

/** The index after the JSON value starting at `i`, or -1; the value itself is checked by `JSON.parse` later. */
const valueEnd = (bytes: Uint8Array, i: number): number => {
  const n = bytes.length
  const first = bytes[i]
  if (first === QUOTE) return stringEnd(bytes, i)
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0
    let j = i
    while (j < n) {
      const b = bytes[j]
      if (b === QUOTE) {
        j = stringEnd(bytes, j)
        if (j < 0) return -1
        continue
      }
      if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        if (--depth === 0) return j + 1
      }
      j++
    }
    return -1
  }
  let j = i
  while (j < n) {
    const b = bytes[j]
    if (b === COMMA || b === CLOSE_BRACKET || b === CLOSE_BRACE || isWhitespace(b)) break
    j++
  }
  return j === i ? -1 : j
}

/** Decodes `bytes[start, end)` as UTF-8 (no byte order mark handling). */
type Decode = (start: number, end: number) => string

/** A Node `Buffer` view, as far as this module uses it. */
interface NodeBufferView extends Uint8Array {
  toString(encoding?: "utf8", start?: number, end?: number): string
}

/** Node's `Buffer`, where there is one (looked up, never imported: the module runs anywhere). */
interface NodeBufferConstructor {
  isBuffer(value: unknown): boolean
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): NodeBufferView
}

const nodeBuffer = (globalThis as { readonly Buffer?: NodeBufferConstructor }).Buffer

const textDecoder = new TextDecoder("utf-8", { ignoreBOM: true })

/** The decoder of a body: `Buffer#toString` when Node's `Buffer` exists, `TextDecoder` otherwise. */
export type Decoder = (bytes: Uint8Array) => Decode

/** Decodes with `TextDecoder`: browsers, workerd, Deno, Bun, and Node too. */
export const webDecoder: Decoder = (bytes) => (start, end) => textDecoder.decode(bytes.subarray(start, end))

/** Decodes with Node's `Buffer`, if it exists. */
export const bufferDecoder: Decoder | undefined = nodeBuffer === undefined ? undefined : (bytes) => {
  const buffer: NodeBufferView = nodeBuffer.isBuffer(bytes) ?
    bytes as NodeBufferView :
    nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return (start, end) => buffer.toString("utf8", start, end)
}

const defaultDecoder: Decoder = bufferDecoder ?? webDecoder

/** Marks a document the scan leaves to `JSON.parse`. */
const unsplittable: unique symbol = Symbol("unsplittable")

/** The top-level object parsed piece by piece, or `unsplittable`. */
const parseSplit = (bytes: Uint8Array, decode: Decode, start: number): Record<string, unknown> | typeof unsplittable => {
  const piece = (from: number, to: number): unknown => JSON.parse(decode(from, to))
  let i = skipWhitespace(bytes, start)
  if (bytes[i] !== OPEN_BRACE) return unsplittable
  const out: Record<string, unknown> = {}
  i = skipWhitespace(bytes, i + 1)
  if (bytes[i] === CLOSE_BRACE) i++
  else {
    for (;;) {
      if (bytes[i] !== QUOTE) return unsplittable
      const keyEnd = stringEnd(bytes, i)
      if (keyEnd < 0) return unsplittable
      const key = piece(i, keyEnd) as string
      // assigning __proto__ would set the prototype, JSON.parse makes it an own property
      if (key === "__proto__") return unsplittable
      i = skipWhitespace(bytes, keyEnd)
      if (bytes[i] !== COLON) return unsplittable
      i = skipWhitespace(bytes, i + 1)
      if (bytes[i] === OPEN_BRACKET) {
        const items: Array<unknown> = []
        i = skipWhitespace(bytes, i + 1)
        if (bytes[i] === CLOSE_BRACKET) i++
        else {
          for (;;) {
            const end = valueEnd(bytes, i)
            if (end < 0) return unsplittable
            items.push(piece(i, end))
            i = skipWhitespace(bytes, end)
            if (bytes[i] === COMMA) {
              i = skipWhitespace(bytes, i + 1)
              continue
            }
            if (bytes[i] !== CLOSE_BRACKET) return unsplittable
            i++
            break
          }
        }
        out[key] = items
      } else {
        const end = valueEnd(bytes, i)
        if (end < 0) return unsplittable
        out[key] = piece(i, end)
        i = end
      }
      i = skipWhitespace(bytes, i)
      if (bytes[i] === COMMA) {
        i = skipWhitespace(bytes, i + 1)
        continue
      }
      if (bytes[i] !== CLOSE_BRACE) return unsplittable
      i++
      break
    }
  }
  return skipWhitespace(bytes, i) === bytes.length ? out : unsplittable
}

const hasByteOrderMark = (bytes: Uint8Array): boolean =>
  bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf

/** `utf8` and `parseJson` over a given decoder. */
export const make = (decoder: Decoder) => {
  const utf8 = (bytes: Uint8Array): string => decoder(bytes)(hasByteOrderMark(bytes) ? 3 : 0, bytes.length)
  const parseJson = (bytes: Uint8Array): unknown => {
    const decode = decoder(bytes)
    const start = hasByteOrderMark(bytes) ? 3 : 0
    if (bytes.length >= splitFrom) {
      try {
        const value = parseSplit(bytes, decode, start)
        if (value !== unsplittable) return value
      } catch {
        // a piece is not JSON: JSON.parse of the whole says where
      }
    }
    return JSON.parse(decode(start, bytes.length))
  }
  return { utf8, parseJson } as const
}

const byDefault = make(defaultDecoder)

/** The body as text, like `Response.text()`: UTF-8, a leading byte order mark dropped. */
export const utf8: (bytes: Uint8Array) => string = byDefault.utf8

/**
 * `JSON.parse(utf8(bytes))`, with the same result or the same `SyntaxError`,
 * without building one large string for a large body.
 */
export const parseJson: (bytes: Uint8Array) => unknown = byDefault.parseJson
