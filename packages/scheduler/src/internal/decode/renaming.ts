/**
 * Key renaming, the one implementation: a struct whose keys are renamed
 * (snake_case to camelCase, `null` to absent, defaults), fused in one pass.
 *
 * Effect parses the wire object, applies the property transformations one by
 * one (deleting and re-adding keys), then parses the result against the type
 * side. Where no transformation reads a key another one writes, nor writes a
 * key the wire side has, that is the same as taking each type-side key from
 * its one source; otherwise `undefined` is returned and the node is left to
 * Effect. Each type-side key is read from its wire key, checked, transformed
 * (a transformation the registry knows is applied directly, any other
 * through its own `decode` function) and checked again; wire keys no
 * type-side key is read from are checked first.
 *
 * @internal
 */
import * as Option from "effect/Option"
import type * as AST from "effect/SchemaAST"
import type { Decode } from "./ast.js"
import { BAIL, copiedOnReparse, delegate, FAIL, hasOwn, isRecord, keep, passes, plainTypeLiteral, typeMask } from "./ast.js"
import { ABSENT, dropNull, keepPresent, knownDecodes, MISSING } from "./registry.js"
import type { KnownDecode } from "./registry.js"

/** A property transformation the registry does not know, applied through its `Option`-based `decode`. */
const viaOption = (decode: (o: Option.Option<unknown>) => Option.Option<unknown>): KnownDecode => (present, value) => {
  const o = decode(present ? Option.some(value) : Option.none())
  return Option.isSome(o) ? o.value : ABSENT
}

/** Compiles a renaming struct; `compile` compiles its members. */
export const compileRenaming = (
  ast: AST.Transformation,
  transformation: AST.TypeLiteralTransformation,
  compile: (ast: AST.AST) => Decode
): Decode | undefined => {
  const from = ast.from
  const to = ast.to
  if (!plainTypeLiteral(from) || !plainTypeLiteral(to)) return undefined
  const psts = transformation.propertySignatureTransformations
  const wireNames = from.propertySignatures.map((ps) => ps.name)
  const sources = new Set(psts.map((t) => t.from))
  const targets = new Set(psts.map((t) => t.to))
  if (sources.size !== psts.length || targets.size !== psts.length) return undefined
  for (const t of psts) {
    if (t.to !== t.from && (sources.has(t.to) || wireNames.includes(t.to))) return undefined
  }
  const self = delegate(ast)
  const wireOptional = from.propertySignatures.map((ps) => ps.isOptional)
  const wireParsers = from.propertySignatures.map((ps) => compile(ps.type))
  const wireMasks = from.propertySignatures.map((ps) => typeMask(ps.type))
  const typeNames = to.propertySignatures.map((ps) => ps.name)
  const typeOptional = to.propertySignatures.map((ps) => ps.isOptional)
  const typeMasks = to.propertySignatures.map((ps) => typeMask(ps.type))
  // per type-side key: the wire key it is read from (or -1), and the transformation applied (if any)
  const typeWire: Array<number> = []
  const typeKnown: Array<KnownDecode | undefined> = []
  const typeParsers = to.propertySignatures.map((ps) => {
    const t = psts.find((p) => p.to === ps.name)
    const wireName = t === undefined ? ps.name : t.from
    const w = wireNames.indexOf(wireName)
    typeWire.push(t === undefined && sources.has(ps.name) ? -1 : w)
    const known = t === undefined ? undefined : knownDecodes.get(t.decode)
    typeKnown.push(t === undefined ? undefined : known ?? viaOption(t.decode))
    // a value the wire side produced that the type side would only copy is kept as is
    const wire = from.propertySignatures[w]
    if (wire !== undefined && known !== undefined && copiedOnReparse(ps.type, wire.type, known)) return keep
    return compile(ps.type)
  })
  const unread = wireNames.map((_, w) => w).filter((w) => !typeWire.includes(w))
  const typeCount = typeNames.length
  /** The wire key `w` of `u`, checked: its value, `ABSENT`, `MISSING` (required, absent), `FAIL` or `BAIL`. */
  const read = (u: Record<PropertyKey, unknown>, w: number): unknown => {
    const name = wireNames[w] as PropertyKey
    if (!hasOwn.call(u, name)) return wireOptional[w] ? ABSENT : MISSING
    const value = u[name]
    const mask = wireMasks[w] as number
    if (mask !== 0) return passes(mask, value) ? value : FAIL
    return (wireParsers[w] as Decode)(value)
  }
  return (u) => {
    if (!isRecord(u)) return FAIL
    for (let i = 0; i < unread.length; i++) {
      const v = read(u, unread[i] as number)
      if (v === MISSING) return self(u)
      if (v === FAIL || v === BAIL) return v
    }
    const out: Record<PropertyKey, unknown> = {}
    for (let k = 0; k < typeCount; k++) {
      const w = typeWire[k] as number
      let value: unknown = ABSENT
      if (w >= 0) {
        value = read(u, w)
        if (value === MISSING) return self(u)
        if (value === FAIL || value === BAIL) return value
      }
      const known = typeKnown[k]
      if (known === dropNull) {
        if (value === null) value = ABSENT
      } else if (known !== undefined && known !== keepPresent) {
        value = value === ABSENT ? known(false, undefined) : known(true, value)
      }
      if (value === ABSENT) {
        if (typeOptional[k]) continue
        return self(u)
      }
      const parser = typeParsers[k] as Decode
      if (parser === keep) {
        out[typeNames[k] as PropertyKey] = value
        continue
      }
      const mask = typeMasks[k] as number
      if (mask !== 0) {
        if (!passes(mask, value)) return FAIL
        out[typeNames[k] as PropertyKey] = value
        continue
      }
      const v = parser(value)
      if (v === FAIL || v === BAIL) return v
      out[typeNames[k] as PropertyKey] = v
    }
    return out
  }
}
