/**
 * Building blocks for the wire schemas: camelCase on our side, Zoom's
 * snake_case on the wire, lenient on decode, strict on encode.
 *
 * @internal
 */
import { Schema } from "effect"

/**
 * An optional response field: absent, `null` or missing on the wire all
 * decode to an absent key; `key` is the wire name.
 */
export const optionalFrom = <S extends Schema.Schema.Any, const K extends string>(schema: S, key: K) =>
  Schema.optionalWith(schema, { exact: true, nullable: true }).pipe(Schema.fromKey(key))

/** An optional field whose wire name equals its TypeScript name. */
export const optional = <S extends Schema.Schema.Any>(schema: S) =>
  Schema.optionalWith(schema, { exact: true, nullable: true })

/** An optional request field (never sent as `null`); `key` is the wire name. */
export const optionalInput = <S extends Schema.Schema.Any, const K extends string>(schema: S, key: K) =>
  Schema.optionalWith(schema, { exact: true }).pipe(Schema.fromKey(key))

/** A required field; `key` is the wire name. */
export const requiredFrom = <S extends Schema.Schema.Any, const K extends string>(schema: S, key: K) =>
  Schema.propertySignature(schema).pipe(Schema.fromKey(key))

/**
 * A value of a string enum that Zoom may extend later: decoding keeps the
 * known literals in the type, and accepts (and keeps) values added later.
 */
export const openEnum = <const Literals extends ReadonlyArray<string>>(...literals: Literals) =>
  Schema.Union(
    Schema.Literal(...literals),
    Schema.String.pipe(Schema.brand("@effect-zoom/scheduler/UnknownEnumValue"))
  )

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

/** The wire form of a paginated list response. */
export const wirePage = <S extends Schema.Schema.Any>(item: S) =>
  Schema.Struct({
    nextPageToken: optionalFrom(Schema.String, "next_page_token"),
    items: Schema.optionalWith(Schema.Array(item), { exact: true, nullable: true, default: () => [] })
  })
