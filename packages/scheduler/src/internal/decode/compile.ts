/**
 * Compiles a schema node, once, to a plain function that decodes exactly as
 * Effect's parser does (same output, same accept/reject decision) for the
 * node kinds the wire schemas are made of; any other node is left to
 * Effect's parser.
 *
 * @internal
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as AST from "effect/SchemaAST"
import type { Decode } from "./ast.js"
import { BAIL, delegate, FAIL, hasLiterals, hasOwn, hasParserAnnotations, isRecord, nodeOptions, passes, plainTypeLiteral, typeMask } from "./ast.js"
import { compileRenaming } from "./renaming.js"

const compiled = new WeakMap<AST.AST, Decode>()

/**
 * Compiles a schema node to a function that decodes exactly as Effect's
 * parser does (same output, same accept/reject decision) for the node kinds
 * the wire schemas are made of; any other node is left to Effect's parser.
 */
export const compile = (ast: AST.AST): Decode => {
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
      return compileRenaming(ast, transformation, compile) ?? delegate(ast)
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
      const construct = classConstructor(ast, transformation)
      if (construct !== undefined) {
        return (u) => {
          const a = from(u)
          return a === FAIL || a === BAIL ? a : construct(a as object)
        }
      }
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

/** Whether `a` has exactly `b`'s own keys and values, in the same order. */
const sameOwn = (a: object, b: object): boolean => {
  const ak = Reflect.ownKeys(a)
  const bk = Reflect.ownKeys(b)
  return ak.length === bk.length &&
    ak.every((k, i) => k === bk[i] && (a as Record<PropertyKey, unknown>)[k] === (b as Record<PropertyKey, unknown>)[k])
}

/**
 * For a `Schema.Class` (a final transformation to a class declaration), what
 * its constructor does when decoding (validation off): an object of its
 * prototype with the decoded fields assigned, which the declaration then
 * accepts as is. Effect's constructor also copies the fields, merges the
 * constructor defaults and runs the constructors of the class chain, about
 * 1.2 µs an instance against 0.25 µs here (a 300-event page: ~0.35 ms). Used
 * only when probing the class's own decoding shows nothing else: no field
 * added from no input (no constructor default, no `_tag`), the fields of an
 * input kept exactly, and the instance accepted unchanged by the
 * declaration; otherwise `undefined`, and Effect's own path is kept. (A
 * constructor override with side effects other than its fields would not be
 * seen: the response schemas have none.)
 */
const classConstructor = (
  ast: AST.Transformation,
  transformation: AST.FinalTransformation
): ((fields: object) => unknown) | undefined => {
  if (ast.to._tag !== "Declaration") return undefined
  const probe = (fields: object): object | undefined => {
    try {
      const result = transformation.decode(fields, nodeOptions, ast, fields)
      return Either.isEither(result) && Either.isRight(result) && typeof result.right === "object" && result.right !== null
        ? result.right
        : undefined
    } catch {
      return undefined
    }
  }
  const empty = probe({})
  if (empty === undefined || Reflect.ownKeys(empty).length !== 0) return undefined
  const prototype = Object.getPrototypeOf(empty) as object | null
  const sample = { probeText: "text", probeNumber: 1 }
  const built = probe(sample)
  if (built === undefined || Object.getPrototypeOf(built) !== prototype || !sameOwn(built, sample)) return undefined
  const made = Object.assign(Object.create(prototype) as object, sample)
  if (delegate(ast.to)(made) !== made) return undefined
  return (fields) => Object.assign(Object.create(prototype) as object, fields)
}
