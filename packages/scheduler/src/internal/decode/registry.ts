/**
 * The registry of property transformations whose meaning the decoder
 * generator (`codegen/`) knows: the schema helpers (`internal/schema.ts`)
 * record here what each `decode` function they create does, so generated
 * code applies it inline (`null` read as absent, `[]` for an absent list). A
 * schema with a transformation not recorded here gets no generated decoder.
 *
 * @internal
 */
import * as Function from "effect/Function"
import type * as Schema from "effect/Schema"

/** What a known property transformation decodes a wire key to: the value, or `ABSENT`. */
export type KnownDecode = (present: boolean, value: unknown) => unknown
export const ABSENT: unique symbol = Symbol.for("@effect-zoom/scheduler/internal/schema/ABSENT")
/** A required wire key is missing (Effect then parses `undefined` for it: left to Effect). */
export const MISSING: unique symbol = Symbol.for("@effect-zoom/scheduler/internal/schema/MISSING")

/** `Schema.propertySignature(...).pipe(Schema.fromKey(...))` decodes with `identity`: the key is renamed, the value kept. */
export const keepPresent: KnownDecode = (present, value) => (present ? value : ABSENT)

/**
 * The `decode` functions of the property signatures built below, with what
 * they do, so that the compiled response decoder can apply them without
 * allocating `Option`s. Effect's own functions are recorded as they are
 * created; the meaning is the one Effect gives them (see `Schema.optionalWith`).
 */
export const knownDecodes = new WeakMap<object, KnownDecode>([[Function.identity, keepPresent]])

/** Records the meaning of a property signature's `decode` function. */
export const remember = <P extends { readonly ast: Schema.PropertySignature.AST }>(ps: P, decode: KnownDecode): P => {
  if (ps.ast._tag === "PropertySignatureTransformation") knownDecodes.set(ps.ast.decode, decode)
  return ps
}

/** `optionalWith(..., { exact: true, nullable: true })` decodes `Option.filter(o, isNotNull)`. */
export const dropNull: KnownDecode = (present, value) => (present && value !== null ? value : ABSENT)

export const noItems = (): Array<never> => []

/** `optionalWith(..., { exact: true, nullable: true, default })` decodes `Some(value)`, or `Some(default())` for absent or `null`. */
export const orNoItems: KnownDecode = (present, value) => (present && value !== null ? value : noItems())

