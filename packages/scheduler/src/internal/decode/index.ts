/**
 * The response decoder, behind one boundary: `responseDecoder(schema)` has
 * the results of `Schema.decodeUnknown(schema, { onExcessProperty: "ignore" })`,
 * made cheaper for large pages. Each operation's response schema has a
 * decoder written ahead of time (`generated.ts`, from `codegen/`): plain
 * property reads and object literals, no per-node `Either`s, no
 * intermediate objects with deleted keys. A body it rejects, or cannot
 * decide, is decoded again by Effect's parser, which produces the
 * `ParseError`. `{ fast: false }` (the client option `fastDecode: false`)
 * and a schema without a generated decoder use Effect's parser alone.
 *
 * The generator reads Effect's `SchemaAST` (node kinds, property signature
 * transformations, parse options): it depends on effect {@link effectVersion}.
 * `test/responseDecoder.test.ts` checks the installed effect against that
 * version and, by fast-check properties, that both decoders agree on every
 * response schema.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import { generatedDecoders } from "./generated.js"
import type { Decode } from "./markers.js"
import { BAIL, decodeOptions, FAIL } from "./markers.js"

/** The effect minor version whose `SchemaAST` and parser the generated decoders follow. */
export const effectVersion = "3.22"

let generated: ReadonlyMap<AST.AST, Decode> | undefined

/** The generated decoder of a response schema, if it has one. */
export const generatedDecoder = (ast: AST.AST): Decode | undefined => (generated ??= generatedDecoders()).get(ast)

/**
 * The decoder of `schema`'s response bodies: the generated one (`fast`, the
 * default) falling back to Effect's parser, or Effect's parser alone.
 */
export const responseDecoder = <A, I>(
  schema: Schema.Schema<A, I>,
  options: { readonly fast?: boolean } = {}
): (body: unknown) => Effect.Effect<A, ParseResult.ParseError> => {
  const standard = Schema.decodeUnknown(schema, decodeOptions)
  const fast = options.fast === false ? undefined : generatedDecoder(schema.ast)
  if (fast === undefined) return standard
  return (body) => {
    const out = fast(body)
    return out === FAIL || out === BAIL ? standard(body) : Either.right(out as A)
  }
}
