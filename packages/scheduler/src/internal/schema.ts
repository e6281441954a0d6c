/**
 * Building blocks for the wire schemas of REST answers, request inputs and
 * webhook payloads alike: camelCase on our side, Zoom's snake_case on the
 * wire, lenient on decode, strict on encode. They record what their property
 * transformations do, for `responseDecoder.ts`.
 *
 * `null` handling is in the name:
 * - `optional` / `optionalFrom` (answers and webhook payloads): absent or
 *   `null` on the wire reads as an absent key; encoding never writes `null`.
 * - `optionalInput` (request inputs): absent stays absent; `null` is refused.
 * - `required` / `requiredFrom`: the key must be there; `null` is refused
 *   unless the value schema itself accepts it.
 *
 * @internal
 */
import { Function, Schema } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"

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
const remember = <P extends { readonly ast: Schema.PropertySignature.AST }>(ps: P, decode: KnownDecode): P => {
  if (ps.ast._tag === "PropertySignatureTransformation") knownDecodes.set(ps.ast.decode, decode)
  return ps
}

/** `optionalWith(..., { exact: true, nullable: true })` decodes `Option.filter(o, isNotNull)`. */
export const dropNull: KnownDecode = (present, value) => (present && value !== null ? value : ABSENT)

/**
 * An optional response field: absent, `null` or missing on the wire all
 * decode to an absent key; `key` is the wire name.
 */
export const optionalFrom = <S extends Schema.Schema.Any, const K extends string>(schema: S, key: K) =>
  remember(Schema.optionalWith(schema, { exact: true, nullable: true }).pipe(Schema.fromKey(key)), dropNull)

/** An optional field whose wire name equals its TypeScript name. */
export const optional = <S extends Schema.Schema.Any>(schema: S) =>
  remember(Schema.optionalWith(schema, { exact: true, nullable: true }), dropNull)

/** An optional request field (never sent as `null`); `key` is the wire name. */
export const optionalInput = <S extends Schema.Schema.Any, const K extends string>(schema: S, key: K) =>
  Schema.optionalWith(schema, { exact: true }).pipe(Schema.fromKey(key))

/** A required field whose wire name equals its TypeScript name. */
export const required = <S extends Schema.Schema.Any>(schema: S) => Schema.propertySignature(schema)

/** A required field; `key` is the wire name. */
export const requiredFrom = <S extends Schema.Schema.Any, const K extends string>(schema: S, key: K) =>
  Schema.propertySignature(schema).pipe(Schema.fromKey(key))

/** Any other string, typed so that a union with literals keeps the literals visible (`"a" | (string & {})`). */
const OtherString: Schema.Schema<string & {}> = Schema.String

/**
 * A value of a string enum that Zoom may extend later: the type lists the
 * known literals (`"a" | "b" | (string & {})`), and decoding accepts and keeps
 * values added later.
 */
export const openEnum = <const Literals extends NonEmptyReadonlyArray<string>>(...literals: Literals) =>
  Schema.Union(Schema.Literal(...literals), OtherString)

/** A spec `number` constrained to a range (the spec's `minimum` / `maximum`). */
export const numberBetween = (minimum: number, maximum: number) =>
  Schema.Number.pipe(Schema.finite(), Schema.between(minimum, maximum))

/** A spec `string` with a maximum length. */
export const stringMaxLength = (maxLength: number) => Schema.String.pipe(Schema.maxLength(maxLength))

/** A spec `string` with a length range. */
export const stringLength = (minLength: number, maxLength: number) =>
  Schema.String.pipe(Schema.minLength(minLength), Schema.maxLength(maxLength))

/** `page_size`: the spec says `integer`; zero and negatives make no sense. */
export const PageSize = Schema.Int.pipe(Schema.greaterThanOrEqualTo(1))

export const noItems = (): Array<never> => []

/** `optionalWith(..., { exact: true, nullable: true, default })` decodes `Some(value)`, or `Some(default())` for absent or `null`. */
export const orNoItems: KnownDecode = (present, value) => (present && value !== null ? value : noItems())

/** The wire form of a paginated list response. */
export const wirePage = <S extends Schema.Schema.Any>(item: S) =>
  Schema.Struct({
    nextPageToken: optionalFrom(Schema.String, "next_page_token"),
    items: remember(Schema.optionalWith(Schema.Array(item), { exact: true, nullable: true, default: noItems }), orNoItems)
  })
