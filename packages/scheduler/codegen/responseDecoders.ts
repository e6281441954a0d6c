/**
 * Writes the response decoders ahead of time: `src/internal/decode/generated.ts`.
 *
 * Each operation's response schema is read (its `SchemaAST`) and turned into
 * plain TypeScript: one function per struct, array or union, each reading
 * its wire keys by name and building its output as an object literal would
 * be built. Engines compile such code to fixed-shape property accesses, where
 * a decoder interpreting the schema at run time reads and writes keys through
 * variables (a 300-event page: ~0.1 ms against ~1.4 ms). No code is generated
 * at run time, so Workers and CSP-restricted pages run it as well.
 *
 * A generated decoder answers a value only where Effect's parser
 * (`Schema.decodeUnknown`, excess keys ignored) would answer the same value;
 * anything it is not sure of (a required key missing, an array where a struct
 * is expected, an instance check that fails) answers `BAIL`, a rejection
 * `FAIL`, and the client then decodes the whole body with Effect's parser.
 * Nodes outside what is handled here (refinements, unions narrowed by
 * literal keys, unknown property transformations, …) make the generator
 * throw with the path of the node: nothing is generated half-way.
 *
 * `pnpm --filter @effect-zoom/scheduler codegen` rewrites the file;
 * `test/generatedDecoders.test.ts` fails when it is stale, and checks each
 * decoder against Effect's parser by fast-check properties.
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
// the schema modules only: the library's entry point would load the generated file itself
import * as Analytics from "../src/Analytics.js"
import * as Availability from "../src/Availability.js"
import { endpoints } from "../src/endpoints/index.js"
import * as Events from "../src/Events.js"
import * as RoutingForms from "../src/RoutingForms.js"
import * as Schedules from "../src/Schedules.js"
import * as Segments from "../src/Segments.js"
import * as Shares from "../src/Shares.js"
import * as Teams from "../src/Teams.js"
import * as Users from "../src/Users.js"
import {
  BOOLEAN,
  copiedOnReparse,
  delegate,
  hasLiterals,
  hasParserAnnotations,
  nodeOptions,
  NULL,
  NUMBER,
  plainTypeLiteral,
  producedBy,
  STRING,
  typeMask
} from "./schemaFacts.js"
import { dropNull, keepPresent, knownDecodes, orNoItems } from "../src/internal/decode/registry.js"

/** The path of the generated module, from the package root. */
export const generatedPath = "src/internal/decode/generated.ts"

/** How a value is checked (and maybe converted) in generated code. */
type Check =
  | { readonly kind: "keep" }
  | { readonly kind: "mask"; readonly mask: number }
  | { readonly kind: "literal"; readonly literal: string }
  | { readonly kind: "instance"; readonly constructor: string }
  | { readonly kind: "call"; readonly fn: string }

class Unsupported extends Error {}

/** Where a schema can be named from generated code: `Events.ScheduledEvent`. */
interface Reference {
  readonly namespace: string
  readonly name: string
}

/** Modules by the name generated code imports them under (their file name). */
type Modules = Readonly<Record<string, object>>

/** The public modules that export schemas. */
const Api: Modules = { Analytics, Availability, Events, RoutingForms, Schedules, Segments, Shares, Teams, Users }

/** Every schema the modules export, by its AST node. */
const exportedSchemas = (modules: Modules): Map<AST.AST, Reference> => {
  const out = new Map<AST.AST, Reference>()
  for (const [namespace, module] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(module as Record<string, unknown>)) {
      if (Schema.isSchema(value) && !out.has(value.ast)) out.set(value.ast, { namespace, name })
    }
  }
  return out
}

/** The response schema of every operation, in table order, once each. */
const responseSchemas = (): Array<AST.AST> => {
  const out: Array<AST.AST> = []
  for (const resource of Object.values(endpoints)) {
    for (const entry of Object.values(resource) as Array<{ readonly success: Schema.Schema.Any | undefined }>) {
      if (entry.success !== undefined && !out.includes(entry.success.ast)) out.push(entry.success.ast)
    }
  }
  return out
}

const maskTest = (mask: number, v: string): string => {
  const tests: Array<string> = []
  if (mask & STRING) tests.push(`typeof ${v} === "string"`)
  if (mask & NUMBER) tests.push(`typeof ${v} === "number"`)
  if (mask & BOOLEAN) tests.push(`typeof ${v} === "boolean"`)
  if (mask & NULL) tests.push(`${v} === null`)
  return tests.length === 1 ? tests[0]! : tests.join(" || ")
}

/** Whether `check` accepts `v`, as an expression (for checks that keep their input). */
const accepts = (check: Check, v: string): string | undefined => {
  switch (check.kind) {
    case "keep":
      return "true"
    case "mask":
      return maskTest(check.mask, v)
    case "literal":
      return `${v} === ${check.literal}`
    case "instance":
      return `${v} instanceof ${check.constructor}`
    case "call":
      return undefined
  }
}

/** Generated statements: a line, an `if` with its branches (rendered compactly), or a loop or block. */
type Code = string | If | Block

interface Block {
  /** `for (…)`, or `""` for a bare block. */
  readonly head: string
  readonly body: ReadonlyArray<Code>
}

interface If {
  readonly cond: string
  readonly then: ReadonlyArray<Code>
  readonly otherwise?: ReadonlyArray<Code>
}

const oneLine = (code: ReadonlyArray<Code>): code is readonly [string] => code.length === 1 && typeof code[0] === "string"

const render = (code: ReadonlyArray<Code>, indent: string): Array<string> =>
  code.flatMap((c) =>
    typeof c === "string"
      ? [`${indent}${c}`]
      : "head" in c
      ? [`${indent}${c.head === "" ? "" : `${c.head} `}{`, ...render(c.body, `${indent}  `), `${indent}}`]
      : renderIf(c, indent)
  )

const renderIf = ({ cond, otherwise = [], then }: If, indent: string): Array<string> => {
  if (then.length === 0) return otherwise.length === 0 ? [] : renderIf({ cond: `!(${cond})`, then: otherwise }, indent)
  const inner = `${indent}  `
  if (otherwise.length === 0) {
    return oneLine(then) ? [`${indent}if (${cond}) ${then[0]}`] : [`${indent}if (${cond}) {`, ...render(then, inner), `${indent}}`]
  }
  if (oneLine(then) && oneLine(otherwise)) return [`${indent}if (${cond}) ${then[0]}`, `${indent}else ${otherwise[0]}`]
  return [`${indent}if (${cond}) {`, ...render(then, inner), `${indent}} else {`, ...render(otherwise, inner), `${indent}}`]
}

/**
 * Statements that check `v` (a `let`), convert it where the check converts,
 * and return on failure: a rejection Effect's parser shares returns `FAIL`;
 * a failed instance check returns `BAIL` (Effect also accepts look-alikes).
 */
const checkStatements = (check: Check, v: string): Array<Code> => {
  switch (check.kind) {
    case "keep":
      return []
    case "mask":
      return [`if (!(${maskTest(check.mask, v)})) return FAIL`]
    case "literal":
      return [`if (${v} !== ${check.literal}) return FAIL`]
    case "instance":
      return [`if (!(${v} instanceof ${check.constructor})) return BAIL`]
    case "call":
      return [`${v} = ${check.fn}(${v})`, `if (${v} === FAIL || ${v} === BAIL) return ${v}`]
  }
}

/** Reads key `name` of the record `r` into `v`: `undefined` when it is not an own key. */
const readKey = (name: string): string => {
  if (name === "__proto__") throw new Unsupported(`the key "__proto__"`)
  const key = JSON.stringify(name)
  // a key Object.prototype also has must be read as an own key only
  return name in Object.prototype ? `hasOwn.call(r, ${key}) ? r[${key}] : undefined` : `r[${key}]`
}

const isPresent = (name: string): string => `v !== undefined || hasOwn.call(r, ${JSON.stringify(name)})`

/** The opening of a struct decoder: the input must be a record. */
const recordPrologue: ReadonlyArray<Code> = [
  `if (typeof u !== "object" || u === null || Array.isArray(u)) return FAIL`,
  `const r = u as Record<string, unknown>`
]

/** Writes the decoder functions of the nodes it is asked for, each distinct body once. */
class Generator {
  private readonly checks = new Map<AST.AST, Check>()
  private readonly structs = new Map<AST.AST, string>()
  private readonly names = new Set<string>()
  private readonly bodies = new Map<string, string>()
  readonly functions: Array<string> = []
  readonly namespaces = new Set<string>()

  private readonly exported: Map<AST.AST, Reference>

  constructor(private readonly modules: Modules) {
    this.exported = exportedSchemas(modules)
  }

  /** The class an exported schema reference names. */
  private classOf(ref: Reference): { readonly prototype: object } {
    return (this.modules[ref.namespace] as Record<string, { readonly prototype: object }>)[ref.name]!
  }

  /** A reference to an exported schema, its namespace imported. */
  private reference(ast: AST.AST): string | undefined {
    const ref = this.exported.get(ast)
    if (ref === undefined) return undefined
    this.namespaces.add(ref.namespace)
    return `${ref.namespace}.${ref.name}`
  }

  private fresh(hint: string): string {
    const base = `decode${hint.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`
    let name = base
    for (let i = 2; this.names.has(name); i++) name = `${base}${i}`
    this.names.add(name)
    return name
  }

  private hintOf(ast: AST.AST, fallback: string): string {
    const ref = this.exported.get(ast)
    if (ref !== undefined) return ref.name
    return Option.getOrElse(AST.getIdentifierAnnotation(ast), () => fallback)
  }

  /** The check of a node; functions are written once per node. */
  check(ast: AST.AST, hint: string): Check {
    const cached = this.checks.get(ast)
    if (cached !== undefined) return cached
    const check = this.checkNode(ast, this.hintOf(ast, hint))
    this.checks.set(ast, check)
    return check
  }

  private checkNode(ast: AST.AST, hint: string): Check {
    if (hasParserAnnotations(ast)) throw new Unsupported(`${hint}: a parse options annotation`)
    const mask = typeMask(ast)
    if (mask !== 0) return { kind: "mask", mask }
    switch (ast._tag) {
      case "UnknownKeyword":
      case "AnyKeyword":
        return { kind: "keep" }
      case "Literal":
        if (typeof ast.literal === "bigint") throw new Unsupported(`${hint}: a bigint literal`)
        return { kind: "literal", literal: JSON.stringify(ast.literal) }
      case "Union":
        return this.union(ast, hint)
      case "TupleType":
        return this.array(ast, hint)
      case "TypeLiteral":
        return { kind: "call", fn: this.struct(ast, hint) }
      case "Transformation":
        return { kind: "call", fn: this.transformation(ast, hint) }
      case "Declaration":
        return this.declaration(ast, hint)
      default:
        throw new Unsupported(`${hint}: a ${ast._tag} node`)
    }
  }

  /**
   * Writes a decoder function (once per distinct body) and answers its name;
   * `body` is the function's statements, its input is `u`.
   */
  private emit(hint: string, body: ReadonlyArray<Code>): string {
    const text = render(body, "  ").join("\n")
    const known = this.bodies.get(text)
    if (known !== undefined) return known
    const fn = this.fresh(hint)
    this.bodies.set(text, fn)
    this.functions.push(`const ${fn} = (u: unknown): unknown => {\n${text}\n}`)
    return fn
  }

  /** Effect tries the members in order and keeps the first success (without literal-keyed members). */
  private union(ast: AST.Union, hint: string): Check {
    if (ast.types.some(hasLiterals)) throw new Unsupported(`${hint}: a union narrowed by literal keys`)
    const members = ast.types.map((t, i) => this.check(t, `${hint}Member${i}`))
    const body: Array<Code> = []
    for (const member of members) {
      const test = accepts(member, "u")
      if (test !== undefined) body.push(`if (${test}) return u`)
      else if (member.kind === "call") body.push({ head: "", body: [`const out = ${member.fn}(u)`, `if (out !== FAIL) return out`] })
    }
    // a member whose instance check failed may still be accepted by Effect (a look-alike): not sure
    body.push(`return ${members.some((m) => m.kind === "instance") ? "BAIL" : "FAIL"}`)
    return { kind: "call", fn: this.emit(hint, body) }
  }

  /** `Schema.Array(item)`: a new array of the checked items. */
  private array(ast: AST.TupleType, hint: string): Check {
    if (ast.elements.length !== 0 || ast.rest.length !== 1) throw new Unsupported(`${hint}: a tuple`)
    const item = this.check((ast.rest[0] as AST.Type).type, `${hint}Item`)
    return {
      kind: "call",
      fn: this.emit(`${hint}Items`, [
        `if (!Array.isArray(u)) return FAIL`,
        `const n = u.length`,
        `const out = new Array<unknown>(n)`,
        {
          head: "for (let i = 0; i < n; i++)",
          body: [`${item.kind === "call" ? "let" : "const"} v: unknown = u[i]`, ...checkStatements(item, "v"), `out[i] = v`]
        },
        `return out`
      ])
    }
  }

  /** A struct without renamed keys: each key checked, in the struct's order; or a string-keyed record. */
  private struct(ast: AST.TypeLiteral, hint: string, create = "{}"): string {
    const cached = create === "{}" ? this.structs.get(ast) : undefined
    if (cached !== undefined) return cached
    const body: Array<Code> = [...recordPrologue]
    if (ast.propertySignatures.length === 0) {
      // Schema.Record({ key: Schema.String, value }): every own enumerable key, in Object.keys order
      const [index, ...others] = ast.indexSignatures
      if (index === undefined || others.length > 0 || index.parameter._tag !== "StringKeyword") {
        throw new Unsupported(`${hint}: a struct that is neither plain nor a string-keyed record`)
      }
      const value = this.check(index.type, `${hint}Value`)
      body.push(`const o: Record<string, unknown> = {}`, {
        head: "for (const k of Object.keys(r))",
        body: [
          `if (k === "__proto__") return BAIL`,
          `${value.kind === "call" ? "let" : "const"} v: unknown = r[k]`,
          ...checkStatements(value, "v"),
          `o[k] = v`
        ]
      })
    } else {
      if (!plainTypeLiteral(ast)) throw new Unsupported(`${hint}: a struct with index signatures`)
      body.push(`const o = ${create} as Record<string, unknown>`, `let v: unknown`)
      for (const ps of ast.propertySignatures) {
        if (typeof ps.name !== "string") throw new Unsupported(`${hint}: a symbol key`)
        const check = this.check(ps.type, `${hint}_${ps.name}`)
        body.push(`v = ${readKey(ps.name)}`, {
          cond: isPresent(ps.name),
          then: [...checkStatements(check, "v"), `o[${JSON.stringify(ps.name)}] = v`],
          otherwise: ps.isOptional ? [] : [`return BAIL`]
        })
      }
    }
    body.push(`return o`)
    const fn = this.emit(hint, body)
    if (create === "{}") this.structs.set(ast, fn)
    return fn
  }

  private transformation(ast: AST.Transformation, hint: string, create = "{}"): string {
    const transformation = ast.transformation
    switch (transformation._tag) {
      case "TypeLiteralTransformation":
        return this.renaming(ast, transformation, hint, create)
      case "FinalTransformation":
        if (create === "{}") return this.classConstructor(ast, transformation, hint)
        break
      default:
        break
    }
    throw new Unsupported(`${hint}: a ${transformation._tag}`)
  }

  /**
   * A struct whose keys are renamed (snake_case on the wire), `null` read as
   * absent, defaults: each type-side key read from its one wire key, checked
   * on the wire side, transformed, and checked on the type side unless the
   * type side would only copy it.
   */
  private renaming(
    ast: AST.Transformation,
    transformation: AST.TypeLiteralTransformation,
    hint: string,
    create: string
  ): string {
    const from = ast.from
    const to = ast.to
    if (!plainTypeLiteral(from) || !plainTypeLiteral(to)) throw new Unsupported(`${hint}: renaming between non-plain structs`)
    const psts = transformation.propertySignatureTransformations
    const wireNames = from.propertySignatures.map((ps) => ps.name)
    const sources = new Set(psts.map((t) => t.from))
    const targets = new Set(psts.map((t) => t.to))
    if (sources.size !== psts.length || targets.size !== psts.length) throw new Unsupported(`${hint}: keys renamed twice`)
    for (const t of psts) {
      if (t.to !== t.from && (sources.has(t.to) || wireNames.includes(t.to))) {
        throw new Unsupported(`${hint}: a key renamed onto another wire key`)
      }
    }
    const wireName = (ps: AST.PropertySignature): string => {
      if (typeof ps.name !== "string") throw new Unsupported(`${hint}: a symbol key`)
      return ps.name
    }
    const wireChecks = from.propertySignatures.map((ps) => this.check(ps.type, `${hint}Wire_${wireName(ps)}`))
    const read = new Set<number>()
    const body: Array<Code> = []
    for (const ps of to.propertySignatures) {
      const name = wireName(ps)
      const t = psts.find((p) => p.to === name)
      const w = t === undefined && sources.has(name) ? -1 : wireNames.indexOf(t === undefined ? name : t.from)
      const known = t === undefined ? keepPresent : knownDecodes.get(t.decode)
      if (known !== keepPresent && known !== dropNull && known !== orNoItems) {
        throw new Unsupported(`${hint}.${name}: a property transformation the generator does not know`)
      }
      const wire = from.propertySignatures[w]
      if (w >= 0 && wire === undefined) throw new Unsupported(`${hint}.${name}: no wire key`)
      // the type side re-checks what the wire side decoded, unless it would only copy it
      const typeCheck: Check = wire !== undefined &&
          (known === keepPresent ? producedBy(ps.type, wire.type) : copiedOnReparse(ps.type, wire.type, known))
        ? { kind: "keep" }
        : this.check(ps.type, `${hint}_${name}`)
      const assign: Array<Code> = [...checkStatements(typeCheck, "v"), `o[${JSON.stringify(name)}] = v`]
      // the type side's answer to an absent value: nothing, `[]` for a list that defaults, or not sure
      const absent: Array<Code> = known === orNoItems ? [`v = []`, ...assign] : ps.isOptional ? [] : [`return BAIL`]
      if (wire === undefined) {
        // a key renamed away on the wire: absent on the type side
        body.push(...absent)
        continue
      }
      read.add(w)
      const present: Array<Code> = [...checkStatements(wireChecks[w]!, "v")]
      if (known === dropNull) present.push({ cond: "v !== null", then: assign, otherwise: absent })
      else if (known === orNoItems) present.push(`if (v === null) v = []`, ...assign)
      else present.push(...assign)
      body.push(`v = ${readKey(wireName(wire))}`, {
        cond: isPresent(wireName(wire)),
        then: present,
        // a required wire key that is missing: Effect parses `undefined` for it, not sure
        otherwise: wire.isOptional ? absent : [`return BAIL`]
      })
    }
    // wire keys no type-side key is read from are still checked
    const unread: Array<Code> = []
    from.propertySignatures.forEach((ps, w) => {
      if (read.has(w)) return
      const check = checkStatements(wireChecks[w]!, "v")
      if (check.length === 0 && ps.isOptional) return
      unread.push(`v = ${readKey(wireName(ps))}`, {
        cond: isPresent(wireName(ps)),
        then: check,
        otherwise: ps.isOptional ? [] : [`return BAIL`]
      })
    })
    return this.emit(hint, [
      ...recordPrologue,
      `let v: unknown`,
      ...unread,
      `const o = ${create} as Record<string, unknown>`,
      ...body,
      `return o`
    ])
  }

  /**
   * A `Schema.Class`: its fields decoded straight onto an object of its
   * prototype, when probing shows that is all its constructor does (no
   * constructor defaults, fields kept as given) and its declaration accepts
   * the result unchanged.
   */
  private classConstructor(ast: AST.Transformation, transformation: AST.FinalTransformation, hint: string): string {
    const ref = this.exported.get(ast)
    if (ref === undefined || ast.to._tag !== "Declaration") {
      throw new Unsupported(`${hint}: a final transformation that is not an exported class`)
    }
    const name = this.reference(ast)
    const cls = this.classOf(ref)
    const probe = (fields: object): object | undefined => {
      const result = transformation.decode(fields, nodeOptions, ast, fields)
      return Either.isEither(result) && Either.isRight(result) && typeof result.right === "object" && result.right !== null
        ? result.right
        : undefined
    }
    // the fields as decoding hands them over: every type-side key, or the required ones only
    // (a constructor default can only add a key decoding left absent)
    const typeSide = AST.typeAST(ast.from)
    if (!AST.isTypeLiteral(typeSide)) throw new Unsupported(`${hint}: a class over a ${typeSide._tag}`)
    const sample = (keys: ReadonlyArray<AST.PropertySignature>) =>
      Object.fromEntries(keys.map((ps, i) => [ps.name, `probe ${i}`]))
    const keepsFields = (fields: Record<PropertyKey, unknown>): boolean => {
      const built = probe(fields)
      if (built === undefined || Object.getPrototypeOf(built) !== cls.prototype) return false
      const keys = Reflect.ownKeys(built)
      const expected = Reflect.ownKeys(fields)
      return keys.length === expected.length &&
        keys.every((k, i) => k === expected[i] && (built as Record<PropertyKey, unknown>)[k] === fields[k])
    }
    const all = sample(typeSide.propertySignatures)
    const made = Object.assign(Object.create(cls.prototype) as object, all)
    if (
      !keepsFields(all) || !keepsFields(sample(typeSide.propertySignatures.filter((ps) => !ps.isOptional))) ||
      delegate(ast.to)(made) !== made
    ) throw new Unsupported(`${hint}: a class whose constructor does more than keep its fields`)
    const create = `Object.create(${name}.prototype)`
    const from = ast.from
    if (AST.isTransformation(from)) return this.transformation(from, hint, create)
    if (AST.isTypeLiteral(from)) return this.struct(from, hint, create)
    throw new Unsupported(`${hint}: a class over a ${from._tag}`)
  }

  /** A class's type side: its instances, as decoded above; anything else is left to Effect. */
  private declaration(ast: AST.Declaration, hint: string): Check {
    for (const [node, ref] of this.exported) {
      // the type side of a class-valued key is a copy of the class's declaration (its type parameters' type sides)
      if (
        AST.isTransformation(node) && node.transformation._tag === "FinalTransformation" && AST.isDeclaration(node.to) &&
        node.to.decodeUnknown === ast.decodeUnknown
      ) {
        const instance = Object.create(this.classOf(ref).prototype) as object
        if (delegate(ast)(instance) !== instance) break
        this.namespaces.add(ref.namespace)
        return { kind: "instance", constructor: `${ref.namespace}.${ref.name}` }
      }
    }
    throw new Unsupported(`${hint}: a declaration that is not an exported class`)
  }
}

/**
 * The decoder functions the generator writes for one schema (for tests):
 * their source text, or an error naming the first node it does not handle;
 * `modules` adds modules whose classes generated code may build.
 */
export const decoderSource = (schema: Schema.Schema.Any, modules: Modules = {}): string => {
  const generator = new Generator({ ...Api, ...modules })
  generator.check(schema.ast, "Schema")
  return generator.functions.join("\n\n")
}

/** The source text of `src/internal/decode/generated.ts`. */
export const generate = (): string => {
  const exported = exportedSchemas(Api)
  const generator = new Generator(Api)
  const entries: Array<string> = []
  for (const ast of responseSchemas()) {
    const ref = exported.get(ast)
    if (ref === undefined) throw new Error("a response schema that no public module exports")
    const check = generator.check(ast, ref.name)
    if (check.kind !== "call") throw new Error(`${ref.name}: a response schema that is not a struct`)
    generator.namespaces.add(ref.namespace)
    entries.push(`    [${ref.namespace}.${ref.name}.ast, ${check.fn}]`)
  }
  const imports = [...generator.namespaces].sort().map((ns) => `import * as ${ns} from "../../${ns}.js"`)
  return [
    `/**`,
    ` * Generated by \`codegen/responseDecoders.ts\` from the response schemas: do`,
    ` * not edit. \`pnpm --filter @effect-zoom/scheduler codegen\` writes it again;`,
    ` * \`test/generatedDecoders.test.ts\` fails while it is stale.`,
    ` *`,
    ` * One decoder per operation's response schema, answering what`,
    ` * \`Schema.decodeUnknown\` (excess keys ignored) answers, or \`FAIL\` / \`BAIL\`:`,
    ` * the body is then decoded by Effect's parser.`,
    ` *`,
    ` * @internal`,
    ` */`,
    `/* eslint-disable prefer-const -- each decoder declares one \`let v\` for the keys it reads, one or many */`,
    `import type * as AST from "effect/SchemaAST"`,
    ...imports,
    `import type { Decode } from "./markers.js"`,
    `import { BAIL, FAIL, hasOwn } from "./markers.js"`,
    ``,
    ...generator.functions.flatMap((f) => [f, ``]),
    `/** The generated decoder of each operation's response schema, by the schema's AST. */`,
    `export const generatedDecoders = (): ReadonlyMap<AST.AST, Decode> =>`,
    `  new Map<AST.AST, Decode>([`,
    entries.join(",\n"),
    `  ])`,
    ``
  ].join("\n")
}

