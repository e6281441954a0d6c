/**
 * The response decoder, behind one boundary: `responseDecoder(schema)` has
 * the results of `Schema.decodeUnknown(schema, { onExcessProperty: "ignore" })`,
 * made cheaper for large pages. The schema is compiled once to plain
 * functions (`compile.ts`, `renaming.ts`): no per-node `Either`s, no
 * intermediate objects with deleted keys. A body the compiled decoder
 * rejects, or cannot decide, is decoded again by Effect's parser, which
 * produces the `ParseError`. `{ fast: false }` (the client option
 * `fastDecode: false`) uses Effect's parser alone.
 *
 * It reads Effect's `SchemaAST` (node kinds, property signature
 * transformations, parse options): it depends on effect {@link effectVersion}.
 * `test/responseDecoder.test.ts` checks the installed effect against that
 * version and, by a fast-check property, that both decoders agree on every
 * wire schema.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as ParseResult from "effect/ParseResult"
import { BAIL, decodeOptions, FAIL } from "./ast.js"
import { compile } from "./compile.js"

/** The effect minor version whose `SchemaAST` the compiled decoder reads. */
export const effectVersion = "3.22"

/**
 * The decoder of `schema`'s response bodies: compiled (`fast`, the default)
 * or Effect's own parser.
 */
export const responseDecoder = <A, I>(
  schema: Schema.Schema<A, I>,
  options: { readonly fast?: boolean } = {}
): (body: unknown) => Effect.Effect<A, ParseResult.ParseError> => {
  const standard = Schema.decodeUnknown(schema, decodeOptions)
  if (options.fast === false) return standard
  const fast = compile(schema.ast)
  return (body) => {
    const out = fast(body)
    return out === FAIL || out === BAIL ? standard(body) : Either.right(out as A)
  }
}
