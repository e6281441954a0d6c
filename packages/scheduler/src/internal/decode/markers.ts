/**
 * What a generated response decoder answers besides a value, and the
 * options every response is decoded with.
 *
 * @internal
 */
import type * as AST from "effect/SchemaAST"

/** Unknown wire keys are ignored: the options the decoders agree with `Schema.decodeUnknown` under. */
export const decodeOptions: AST.ParseOptions = { onExcessProperty: "ignore" }

/** The body is rejected: Effect's parser fails on it too (it is decoded again there, for its `ParseError`). */
export const FAIL: unique symbol = Symbol.for("@effect-zoom/scheduler/internal/schema/FAIL")
/** The decoder cannot say: the body is decoded again by Effect's own parser. */
export const BAIL: unique symbol = Symbol.for("@effect-zoom/scheduler/internal/schema/BAIL")

/** A decoder: the decoded value, `FAIL` or `BAIL`. */
export type Decode = (input: unknown) => unknown

export const hasOwn = Object.prototype.hasOwnProperty
