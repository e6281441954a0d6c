/**
 * `responseDecoder`: the decoder of response bodies, compiled once per
 * schema to plain functions (no per-node `Either`s, no intermediate objects),
 * with the same results as `Schema.decodeUnknown(schema, { onExcessProperty:
 * "ignore" })`: anything it does not model, and any body it rejects, is
 * handed to Effect's own parser, which produces the `ParseError`.
 *
 * @internal
 */
import type { Effect } from "effect"
import { Either, Option, ParseResult, Schema, SchemaAST as AST } from "effect"
import { ABSENT, dropNull, keepPresent, knownDecodes, MISSING, noItems, orNoItems } from "./schema.js"
import type { KnownDecode } from "./schema.js"


/**
 * The options every response is decoded with: unknown wire keys are ignored.
 * `isEffectAllowed` is what `Schema.decodeUnknown` adds; filters and
 * transformations see exactly the options they would see there.
 */
const decodeOptions: AST.ParseOptions = { onExcessProperty: "ignore" }
const nodeOptions: AST.ParseOptions = { ...decodeOptions, isEffectAllowed: true } as AST.ParseOptions

/** The node rejects its input: Effect's parser would fail on it (a union may try its next member). */
const FAIL: unique symbol = Symbol.for("@effect-zoom/scheduler/internal/schema/FAIL")
/** The fast path cannot say: the whole body is decoded again by Effect's own parser. */
const BAIL: unique symbol = Symbol.for("@effect-zoom/scheduler/internal/schema/BAIL")

/** A compiled node: the decoded value, `FAIL` or `BAIL`. */
type Decode = (input: unknown) => unknown

const hasOwn = Object.prototype.hasOwnProperty

const isRecord = (u: unknown): u is Record<PropertyKey, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Effect's own parser for a node, with the options it sees under
 * `Schema.decodeUnknown`: exact by construction. Any failure, or an effectful
 * (asynchronous) result, bails out.
 */
const delegate = (ast: AST.AST): Decode => {
  const parse = ParseResult.decodeUnknownEither(Schema.make(ast), nodeOptions)
  return (input) => {
    const result: unknown = parse(input)
    return Either.isEither(result) && Either.isRight(result) ? result.right : BAIL
  }
}

/** Whether a union member has required literal-typed keys, which make Effect's union narrow its candidates. */
const hasLiterals = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "Declaration":
      return Option.match(AST.getSurrogateAnnotation(ast), { onNone: () => false, onSome: hasLiterals })
    case "TypeLiteral":
      return ast.propertySignatures.some((ps) => !ps.isOptional && AST.isLiteral(AST.encodedAST(ps.type)))
    case "TupleType":
      return ast.elements.some((e) => !e.isOptional && AST.isLiteral(AST.encodedAST(e.type)))
    case "Refinement":
      return hasLiterals(ast.from)
    case "Suspend":
      return true // not looked into: the union is left to Effect
    case "Transformation":
      return hasLiterals(ast.from)
    default:
      return false
  }
}

/** A struct without index signatures (an empty one accepts any non-nullable value, and is left to Effect). */
const plainTypeLiteral = (ast: AST.AST): ast is AST.TypeLiteral =>
  AST.isTypeLiteral(ast) && ast.propertySignatures.length > 0 && ast.indexSignatures.length === 0 &&
  !hasParserAnnotations(ast)

const hasParserAnnotations = (ast: AST.AST): boolean =>
  Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))

/**
 * Nodes that only test the JavaScript type of their input (and return it
 * unchanged) are also described by a mask of the types they accept, so the
 * hot loops below test them inline instead of calling a function.
 */
const STRING = 1
const NUMBER = 2
const BOOLEAN = 4
const NULL = 8

/** The mask of the types `ast` accepts, when accepting is exactly a test of the type; `0` otherwise. */
const typeMask = (ast: AST.AST): number => {
  if (hasParserAnnotations(ast)) return 0
  switch (ast._tag) {
    case "StringKeyword":
      return STRING
    case "NumberKeyword":
      return NUMBER
    case "BooleanKeyword":
      return BOOLEAN
    case "Literal":
      return ast.literal === null ? NULL : 0
    case "Union": {
      // string (number, boolean) literals are covered when the union also accepts every string (number, boolean)
      let mask = 0
      const literals: Array<AST.LiteralValue> = []
      for (const member of ast.types) {
        const m = typeMask(member)
        if (m !== 0) mask |= m
        else if (AST.isLiteral(member) && !hasParserAnnotations(member)) literals.push(member.literal)
        else if (AST.isUnion(member) && member.types.every((t) => AST.isLiteral(t) && !hasParserAnnotations(t))) {
          if (hasParserAnnotations(member)) return 0
          for (const t of member.types) literals.push((t as AST.Literal).literal)
        } else return 0
      }
      const covered = literals.every((l) =>
        typeof l === "string" ? (mask & STRING) !== 0 : typeof l === "number" ? (mask & NUMBER) !== 0 : typeof l === "boolean" ? (mask & BOOLEAN) !== 0 : false
      )
      return covered ? mask : 0
    }
    default:
      return 0
  }
}

/** Whether `u` passes the type test `mask`. */
const passes = (mask: number, u: unknown): boolean => {
  switch (typeof u) {
    case "string":
      return (mask & STRING) !== 0
    case "number":
      return (mask & NUMBER) !== 0
    case "boolean":
      return (mask & BOOLEAN) !== 0
    case "object":
      return u === null && (mask & NULL) !== 0
    default:
      return false
  }
}

const compiled = new WeakMap<AST.AST, Decode>()

/**
 * Compiles a schema node to a function that decodes exactly as Effect's
 * parser does (same output, same accept/reject decision) for the node kinds
 * the wire schemas are made of; any other node is left to Effect's parser.
 */
const compile = (ast: AST.AST): Decode => {
  const cached = compiled.get(ast)
  if (cached !== undefined) return cached
  const decode = hasParserAnnotations(ast) ? delegate(ast) : compileNode(ast)
  compiled.set(ast, decode)
  return decode
}

const compileNode = (ast: AST.AST): Decode => {
  switch (ast._tag) {
    case "StringKeyword":
      return (u) => (typeof u === "string" ? u : FAIL)
    case "NumberKeyword":
      return (u) => (typeof u === "number" ? u : FAIL)
    case "BooleanKeyword":
      return (u) => (typeof u === "boolean" ? u : FAIL)
    case "UnknownKeyword":
    case "AnyKeyword":
      return (u) => u
    case "Literal": {
      const literal = ast.literal
      return (u) => (u === literal ? u : FAIL)
    }
    case "Refinement": {
      const from = compile(ast.from)
      return (u) => {
        const a = from(u)
        if (a === FAIL || a === BAIL) return a
        return Option.isNone(ast.filter(a, nodeOptions, ast)) ? a : FAIL
      }
    }
    case "Union": {
      // without literal-keyed members Effect tries the members in order and keeps the first success
      if (ast.types.some(hasLiterals)) return delegate(ast)
      const members = ast.types.map(compile)
      return (u) => {
        for (let i = 0; i < members.length; i++) {
          const out = (members[i] as Decode)(u)
          if (out !== FAIL) return out
        }
        return FAIL
      }
    }
    case "TupleType": {
      if (ast.elements.length !== 0 || ast.rest.length !== 1) return delegate(ast)
      const itemAst = (ast.rest[0] as AST.Type).type
      const item = compile(itemAst)
      const mask = typeMask(itemAst)
      return (u) => {
        if (!Array.isArray(u)) return FAIL
        if (mask !== 0) {
          for (let i = 0; i < u.length; i++) if (!passes(mask, u[i])) return FAIL
          return u.slice()
        }
        const out = new Array<unknown>(u.length)
        for (let i = 0; i < u.length; i++) {
          const v = item(u[i])
          if (v === FAIL || v === BAIL) return v
          out[i] = v
        }
        return out
      }
    }
    case "TypeLiteral": {
      if (!plainTypeLiteral(ast)) return delegate(ast)
      const self = delegate(ast)
      const names = ast.propertySignatures.map((ps) => ps.name)
      const optional = ast.propertySignatures.map((ps) => ps.isOptional)
      const parsers = ast.propertySignatures.map((ps) => compile(ps.type))
      const masks = ast.propertySignatures.map((ps) => typeMask(ps.type))
      return (u) => {
        if (!isRecord(u)) return FAIL
        const out: Record<PropertyKey, unknown> = {}
        for (let i = 0; i < names.length; i++) {
          const name = names[i] as PropertyKey
          if (!hasOwn.call(u, name)) {
            if (optional[i]) continue
            return self(u)
          }
          const value = u[name]
          const mask = masks[i] as number
          if (mask !== 0) {
            if (!passes(mask, value)) return FAIL
            out[name] = value
            continue
          }
          const v = (parsers[i] as Decode)(value)
          if (v === FAIL || v === BAIL) return v
          out[name] = v
        }
        return out
      }
    }
    case "Transformation":
      return compileTransformation(ast)
    default:
      return delegate(ast)
  }
}

const compileTransformation = (ast: AST.Transformation): Decode => {
  const transformation = ast.transformation
  switch (transformation._tag) {
    case "TypeLiteralTransformation":
      return compileRenaming(ast, transformation) ?? delegate(ast)
    case "ComposeTransformation": {
      const from = compile(ast.from)
      const to = compile(ast.to)
      return (u) => {
        const a = from(u)
        return a === FAIL || a === BAIL ? a : to(a)
      }
    }
    case "FinalTransformation": {
      const from = compile(ast.from)
      const to = compile(ast.to)
      return (u) => {
        const a = from(u)
        if (a === FAIL || a === BAIL) return a
        const result = transformation.decode(a, nodeOptions, ast, u)
        if (!Either.isEither(result)) return BAIL
        return Either.isLeft(result) ? FAIL : to(result.right)
      }
    }
  }
}

const keep: Decode = (u) => u

/** A node whose parse, when it succeeds, returns its input unchanged. */
const isValidator = (ast: AST.AST): boolean => {
  if (hasParserAnnotations(ast)) return false
  switch (ast._tag) {
    case "StringKeyword":
    case "NumberKeyword":
    case "BooleanKeyword":
    case "Literal":
    case "UnknownKeyword":
    case "AnyKeyword":
      return true
    case "Refinement":
      return isValidator(ast.from)
    case "Union":
      return ast.types.every(isValidator)
    default:
      return false
  }
}

/** A node whose parse of its own output succeeds and returns an equal copy. */
const reparsesToCopy = (ast: AST.AST): boolean => {
  if (isValidator(ast)) return true
  if (hasParserAnnotations(ast)) return false
  if (plainTypeLiteral(ast)) return ast.propertySignatures.every((ps) => reparsesToCopy(ps.type))
  if (AST.isTupleType(ast) && ast.elements.length === 0 && ast.rest.length === 1) {
    return reparsesToCopy((ast.rest[0] as AST.Type).type)
  }
  return false
}

/**
 * Whether parsing with `type` any value that `wire` decoded to (through the
 * known property transformation `known`) succeeds and returns an equal copy,
 * so the copy can be skipped. A decoded value is the output of the last
 * node its transformations end with.
 */
const copiedOnReparse = (type: AST.AST, wire: AST.AST, known: KnownDecode): boolean => {
  if (known === dropNull && AST.isUnion(wire) && !hasParserAnnotations(wire) && wire.types.length === 2) {
    const [a, b] = wire.types as unknown as [AST.AST, AST.AST]
    const other = AST.isLiteral(a) && a.literal === null ? b : AST.isLiteral(b) && b.literal === null ? a : undefined
    return other !== undefined && producedBy(type, other)
  }
  return false
}

/** Whether every output of `source` is an output of parsing with `type`, which `type` then only copies. */
const producedBy = (type: AST.AST, source: AST.AST): boolean => {
  if (hasParserAnnotations(source)) return false
  if (AST.isTransformation(source)) return producedBy(type, source.to)
  if (type === source) return reparsesToCopy(type)
  if (
    AST.isTupleType(type) && AST.isTupleType(source) && type.elements.length === 0 && source.elements.length === 0 &&
    type.rest.length === 1 && source.rest.length === 1 && !hasParserAnnotations(type)
  ) {
    return producedBy((type.rest[0] as AST.Type).type, (source.rest[0] as AST.Type).type)
  }
  return false
}

/**
 * A struct whose keys are renamed (snake_case to camelCase, `null` to absent,
 * defaults), fused in one pass: Effect parses the wire object, applies the
 * property transformations one by one (deleting and re-adding keys), then
 * parses the result against the type side. Where no transformation reads a
 * key another one writes, nor writes a key the wire side has, that is the
 * same as taking each type-side key from its one source; otherwise `undefined`
 * is returned and the node is left to Effect.
 */
const compileRenaming = (ast: AST.Transformation, transformation: AST.TypeLiteralTransformation): Decode | undefined => {
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
  const pstIndex = psts.map((t) => wireNames.indexOf(t.from))
  const pstDecode = psts.map((t) => t.decode)
  const pstKnown = psts.map((t) => knownDecodes.get(t.decode))
  // where each type-side key comes from: a transformation (>= 0), a wire key kept as is (-2 - index), or nowhere (-1)
  const typeNames = to.propertySignatures.map((ps) => ps.name)
  const typeOptional = to.propertySignatures.map((ps) => ps.isOptional)
  const typeMasks = to.propertySignatures.map((ps) => typeMask(ps.type))
  const typeParsers = to.propertySignatures.map((ps) => {
    // a value the wire side produced that the type side would only copy is kept as is
    const t = psts.find((p) => p.to === ps.name)
    const wire = from.propertySignatures.find((w) => w.name === (t === undefined ? ps.name : t.from))
    const known = t === undefined ? undefined : knownDecodes.get(t.decode)
    if (wire !== undefined && known !== undefined && copiedOnReparse(ps.type, wire.type, known)) return keep
    return compile(ps.type)
  })
  const typeSource = typeNames.map((name) => {
    const t = psts.findIndex((p) => p.to === name)
    if (t >= 0) return t
    const w = wireNames.indexOf(name)
    return w >= 0 && !sources.has(name) ? -2 - w : -1
  })
  const wireCount = wireNames.length
  const pstCount = psts.length
  const typeCount = typeNames.length
  if (pstKnown.every((known) => known !== undefined)) {
    return directRenaming({
      self,
      wireNames,
      wireOptional,
      wireParsers,
      wireMasks,
      typeNames,
      typeOptional,
      typeMasks,
      typeParsers,
      // per type-side key: the wire key it is read from (or -1), and the known transformation applied (if any)
      typeWire: typeSource.map((source) => (source >= 0 ? pstIndex[source] as number : source <= -2 ? -2 - source : -1)),
      typeKnown: typeSource.map((source) => (source >= 0 ? pstKnown[source] : undefined))
    })
  }
  // scratch space, reused: a node never runs inside itself (recursive schemas need `Suspend`, left to Effect)
  const wire = new Array<unknown>(wireCount)
  const present = new Array<boolean>(wireCount).fill(false)
  const moved = new Array<unknown>(pstCount)
  return (u) => {
    if (!isRecord(u)) return FAIL
    for (let i = 0; i < wireCount; i++) {
      const name = wireNames[i] as PropertyKey
      if (!hasOwn.call(u, name)) {
        if (wireOptional[i]) {
          present[i] = false
          continue
        }
        return self(u)
      }
      const value = u[name]
      const mask = wireMasks[i] as number
      if (mask !== 0) {
        if (!passes(mask, value)) return FAIL
        wire[i] = value
        present[i] = true
        continue
      }
      const v = (wireParsers[i] as Decode)(value)
      if (v === FAIL || v === BAIL) return v
      wire[i] = v
      present[i] = true
    }
    for (let j = 0; j < pstCount; j++) {
      const w = pstIndex[j] as number
      const has = w >= 0 && present[w] === true
      const known = pstKnown[j]
      if (known !== undefined) {
        moved[j] = known(has, has ? wire[w] : undefined)
        continue
      }
      const o = (pstDecode[j] as (o: Option.Option<unknown>) => Option.Option<unknown>)(
        has ? Option.some(wire[w]) : Option.none()
      )
      moved[j] = Option.isSome(o) ? o.value : ABSENT
    }
    const out: Record<PropertyKey, unknown> = {}
    for (let k = 0; k < typeCount; k++) {
      const source = typeSource[k] as number
      let value: unknown
      let has = false
      if (source >= 0) {
        const moves = moved[source]
        if (moves !== ABSENT) {
          has = true
          value = moves
        }
      } else if (source <= -2) {
        const w = -2 - source
        if (present[w]) {
          has = true
          value = wire[w]
        }
      }
      if (!has) {
        if (typeOptional[k]) continue
        return self(u)
      }
      const parser = typeParsers[k] as Decode
      const mask = typeMasks[k] as number
      if (parser === keep) {
        out[typeNames[k] as PropertyKey] = value
        continue
      }
      if (mask !== 0) {
        if (!passes(mask, value)) return FAIL
        out[typeNames[k] as PropertyKey] = value
        continue
      }
      const v = parser(value)
      if (v === FAIL || v === BAIL) return v
      out[typeNames[k] as PropertyKey] = v
    }
    wire.fill(undefined) // keep no decoded value alive
    return out
  }
}

/**
 * The renaming of `compileRenaming` when every property transformation is a
 * known one (the usual case): one pass over the type-side keys, each read
 * from its wire key, checked, transformed and checked again, with no scratch
 * space; wire keys no type-side key is read from are checked first.
 */
const directRenaming = (plan: {
  readonly self: Decode
  readonly wireNames: ReadonlyArray<PropertyKey>
  readonly wireOptional: ReadonlyArray<boolean>
  readonly wireParsers: ReadonlyArray<Decode>
  readonly wireMasks: ReadonlyArray<number>
  readonly typeNames: ReadonlyArray<PropertyKey>
  readonly typeOptional: ReadonlyArray<boolean>
  readonly typeMasks: ReadonlyArray<number>
  readonly typeParsers: ReadonlyArray<Decode>
  readonly typeWire: ReadonlyArray<number>
  readonly typeKnown: ReadonlyArray<KnownDecode | undefined>
}): Decode => {
  const generated = generateRenaming(plan)
  if (generated !== undefined) return generated
  const { self, typeKnown, typeMasks, typeNames, typeOptional, typeParsers, typeWire, wireMasks, wireNames, wireOptional, wireParsers } =
    plan
  const unread = wireNames.map((_, w) => w).filter((w) => !typeWire.includes(w))
  const typeCount = typeNames.length
  /** The wire key `w` of `u`, checked: its value, `ABSENT`, `FAIL`, `BAIL`, or `self(u)`'s answer when a required key is missing. */
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
      if (known !== undefined) value = value === ABSENT ? known(false, undefined) : known(true, value)
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

/**
 * `Schema.decodeUnknown(schema, { onExcessProperty: "ignore" })`, with the
 * same results, made cheaper for large pages: the schema is compiled once to
 * plain functions (no per-node `Either`s, no intermediate objects with
 * deleted keys); a body the compiled decoder rejects, or cannot decide, is
 * decoded again by Effect's parser, which produces the `ParseError`.
 */
export const responseDecoder = <A, I>(
  schema: Schema.Schema<A, I>
): (body: unknown) => Effect.Effect<A, ParseResult.ParseError> => {
  const standard = Schema.decodeUnknown(schema, decodeOptions)
  const fast = compile(schema.ast)
  return (body) => {
    const out = fast(body)
    return out === FAIL || out === BAIL ? standard(body) : Either.right(out as A)
  }
}

/** JavaScript's `Function` constructor (`Function` here is Effect's module). */
const JsFunction = globalThis.Function

/** Whether this runtime may compile generated code (Cloudflare Workers and strict CSPs forbid it). */
const canGenerate: boolean = (() => {
  try {
    return new JsFunction("return true")() === true
  } catch {
    return false
  }
})()

/** The condition under which `v` passes the type test `mask`, as JavaScript source. */
const maskSource = (mask: number): string =>
  [
    (mask & STRING) !== 0 ? `typeof v === "string"` : undefined,
    (mask & NUMBER) !== 0 ? `typeof v === "number"` : undefined,
    (mask & BOOLEAN) !== 0 ? `typeof v === "boolean"` : undefined,
    (mask & NULL) !== 0 ? `v === null` : undefined
  ].filter((c) => c !== undefined).join(" || ")

/**
 * `directRenaming` as generated JavaScript, for speed: the same steps in the
 * same order, with every key a constant (so property reads and writes are
 * monomorphic) and the type tests inlined. Keys are embedded with
 * `JSON.stringify`; the functions it calls are passed in, never embedded.
 * `undefined` when code cannot be generated here, or a key is a symbol.
 */
const generateRenaming = (plan: Parameters<typeof directRenaming>[0]): Decode | undefined => {
  if (!canGenerate) return undefined
  if ([...plan.wireNames, ...plan.typeNames].some((name) => typeof name !== "string")) return undefined
  const key = (name: PropertyKey) => `[${JSON.stringify(name)}]`
  const lines: Array<string> = [
    `if (typeof u !== "object" || u === null || Array.isArray(u)) return FAIL`,
    `let v`
  ]
  // reads wire key `w` into `v`: checked, or ABSENT when absent and optional
  const read = (w: number): void => {
    const name = plan.wireNames[w] as string
    const mask = plan.wireMasks[w] as number
    lines.push(`if (hasOwn.call(u, ${JSON.stringify(name)})) {`, `  v = u${key(name)}`)
    if (mask !== 0) lines.push(`  if (!(${maskSource(mask)})) return FAIL`)
    else lines.push(`  v = wireParsers[${w}](v)`, `  if (v === FAIL || v === BAIL) return v`)
    lines.push(`} else {`, plan.wireOptional[w] ? `  v = ABSENT` : `  return self(u)`, `}`)
  }
  plan.wireNames.forEach((_, w) => {
    if (!plan.typeWire.includes(w)) read(w)
  })
  lines.push(`const out = {}`)
  plan.typeNames.forEach((name, k) => {
    const w = plan.typeWire[k] as number
    if (w >= 0) read(w)
    else lines.push(`v = ABSENT`)
    const known = plan.typeKnown[k]
    if (known === dropNull) lines.push(`if (v === null) v = ABSENT`)
    else if (known === orNoItems) lines.push(`if (v === ABSENT || v === null) v = noItems()`)
    else if (known !== undefined && known !== keepPresent) {
      lines.push(`v = v === ABSENT ? typeKnown[${k}](false, undefined) : typeKnown[${k}](true, v)`)
    }
    lines.push(`if (v === ABSENT) {`, plan.typeOptional[k] ? `} else {` : `  return self(u)`, ...(plan.typeOptional[k] ? [] : [`} else {`]))
    const parser = plan.typeParsers[k] as Decode
    const mask = plan.typeMasks[k] as number
    if (parser !== keep) {
      if (mask !== 0) lines.push(`  if (!(${maskSource(mask)})) return FAIL`)
      else lines.push(`  v = typeParsers[${k}](v)`, `  if (v === FAIL || v === BAIL) return v`)
    }
    lines.push(`  out${key(name)} = v`, `}`)
  })
  lines.push(`return out`)
  try {
    const make = new JsFunction(
      "hasOwn",
      "FAIL",
      "BAIL",
      "ABSENT",
      "self",
      "noItems",
      "wireParsers",
      "typeParsers",
      "typeKnown",
      `return function decode(u) {\n${lines.join("\n")}\n}`
    ) as (...args: ReadonlyArray<unknown>) => Decode
    return make(hasOwn, FAIL, BAIL, ABSENT, plan.self, noItems, plan.wireParsers, plan.typeParsers, plan.typeKnown)
  } catch {
    return undefined
  }
}
