/**
 * `JSON.parse` for response bodies, from their bytes: the body decoded as
 * UTF-8 the way `Response.text()` does (invalid sequences become U+FFFD, a
 * leading byte order mark is dropped), then `JSON.parse`, which gives the
 * value or its own `SyntaxError`.
 *
 * An earlier version scanned large bodies and parsed each member piece by
 * piece, to avoid one large string; in built code on Node 20 it lost to a
 * plain `JSON.parse` of the whole text at every page size measured (36 KB:
 * 0.42 against 0.25 ms; 120 KB: 1.25 against 0.80 ms; 361 KB: 4.8 against
 * 3.1 ms), so it is gone.
 *
 * Bytes are decoded with `Buffer#toString` where Node's `Buffer` exists
 * (as fast as a `TextDecoder` on Node 20 for Zoom's page sizes, faster for
 * small bodies) and with a `TextDecoder` elsewhere (browsers, workerd): both
 * replace invalid sequences with U+FFFD the same way, and neither drops a
 * byte order mark by itself (`ignoreBOM`), so the two give the same strings.
 *
 * @internal
 */

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

const hasByteOrderMark = (bytes: Uint8Array): boolean =>
  bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf

/** `utf8` and `parseJson` over a given decoder. */
export const make = (decoder: Decoder) => {
  const utf8 = (bytes: Uint8Array): string => decoder(bytes)(hasByteOrderMark(bytes) ? 3 : 0, bytes.length)
  const parseJson = (bytes: Uint8Array): unknown => JSON.parse(utf8(bytes))
  return { utf8, parseJson } as const
}

const byDefault = make(defaultDecoder)

/** The body as text, like `Response.text()`: UTF-8, a leading byte order mark dropped. */
export const utf8: (bytes: Uint8Array) => string = byDefault.utf8

/** `JSON.parse(utf8(bytes))`: the same result or the same `SyntaxError`. */
export const parseJson: (bytes: Uint8Array) => unknown = byDefault.parseJson
