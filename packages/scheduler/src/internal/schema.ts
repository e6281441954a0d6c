/**
 * Building blocks for the wire schemas of REST answers, request inputs and
 * webhook payloads alike: camelCase on our side, Zoom's snake_case on the
 * wire, lenient on decode, strict on encode. They record what their property
 * transformations do in `decode/registry.ts`, for the decoder generator (`codegen/`).
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
import * as Schema from "effect/Schema"
import { dropNull, noItems, orNoItems, remember } from "./decode/registry.js"
import type { NonEmptyReadonlyArray } from "effect/Array"

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

/** A list in an answer: absent or `null` on the wire decodes to `[]`. */
export const listOrEmpty = <S extends Schema.Schema.Any>(item: S) =>
  remember(Schema.optionalWith(Schema.Array(item), { exact: true, nullable: true, default: noItems }), orNoItems)

/** The wire form of a paginated list response. */
export const wirePage = <S extends Schema.Schema.Any>(item: S) =>
  Schema.Struct({
    nextPageToken: optionalFrom(Schema.String, "next_page_token"),
    items: listOrEmpty(item)
  })
