/**
 * What the decoder generator knows of Effect's Schema AST: Effect's own
 * parser for a node (to probe classes with), and the facts about nodes that
 * let generated code skip work (type masks, validators, values the type side
 * would only copy).
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import type { Decode } from "../src/internal/decode/markers.js"
import { BAIL, decodeOptions } from "../src/internal/decode/markers.js"
import { dropNull } from "../src/internal/decode/registry.js"
import type { KnownDecode } from "../src/internal/decode/registry.js"

/** The options filters and transformations see under `Schema.decodeUnknown` (it adds `isEffectAllowed`). */
export const nodeOptions: AST.ParseOptions = { ...decodeOptions, isEffectAllowed: true } as AST.ParseOptions

/**
 * Effect's own parser for a node, with the options it sees under
 * `Schema.decodeUnknown`: exact by construction. Any failure, or an effectful
 * (asynchronous) result, bails out.
 */
export const delegate = (ast: AST.AST): Decode => {
  const parse = ParseResult.decodeUnknownEither(Schema.make(ast), nodeOptions)
  return (input) => {
    const result: unknown = parse(input)
    return Either.isEither(result) && Either.isRight(result) ? result.right : BAIL
  }
}

/** Whether a union member has required literal-typed keys, which make Effect's union narrow its candidates. */
export const hasLiterals = (ast: AST.AST): boolean => {
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
export const plainTypeLiteral = (ast: AST.AST): ast is AST.TypeLiteral =>
  AST.isTypeLiteral(ast) && ast.propertySignatures.length > 0 && ast.indexSignatures.length === 0 &&
  !hasParserAnnotations(ast)

export const hasParserAnnotations = (ast: AST.AST): boolean =>
  Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))

/**
 * Nodes that only test the JavaScript type of their input (and return it
 * unchanged) are also described by a mask of the types they accept, so that
 * generated code tests them inline instead of calling a function.
 */
export const STRING = 1
export const NUMBER = 2
export const BOOLEAN = 4
export const NULL = 8

/** The mask of the types `ast` accepts, when accepting is exactly a test of the type; `0` otherwise. */
export const typeMask = (ast: AST.AST): number => {
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
export const copiedOnReparse = (type: AST.AST, wire: AST.AST, known: KnownDecode): boolean => {
  if (known === dropNull && AST.isUnion(wire) && !hasParserAnnotations(wire) && wire.types.length === 2) {
    const [a, b] = wire.types as unknown as [AST.AST, AST.AST]
    const other = AST.isLiteral(a) && a.literal === null ? b : AST.isLiteral(b) && b.literal === null ? a : undefined
    return other !== undefined && producedBy(type, other)
  }
  return false
}

/** Whether every output of `source` is an output of parsing with `type`, which `type` then only copies. */
export const producedBy = (type: AST.AST, source: AST.AST): boolean => {
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
