/**
 * The one generic function from an endpoint entry to a client method: the
 * path compiled from its template (parameters checked and percent-encoded),
 * query and body encoded (and validated), the NotFound subject, the span,
 * and `list` / `pages` / `stream` for paginated entries. Everything that does
 * not depend on the call's arguments is computed once, when the client is
 * built.
 *
 * @internal
 */
import type * as Stream from "effect/Stream"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as Endpoint from "../endpoints/Endpoint.js"
import { ValidationError } from "../Errors.js"
import type { Page } from "../Page.js"
import type { CommonError } from "../ZoomScheduler.js"
import type { Call, Executor, Operation } from "./executor.js"
import { operation } from "./executor.js"
import { items, pages, toPage } from "./pagination.js"
import { tokenHint } from "./tokenHint.js"

const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** The input as written, keys in snake_case: what is sent when validation is off. */
const unchecked = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(unchecked)
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[snakeCase(k)] = unchecked(v)
    }
    return out
  }
  return value
}

/**
 * The input without its `undefined` properties, at any depth: an optional
 * option written `{ nextPageToken: maybeToken }` (which TypeScript allows
 * without `exactOptionalPropertyTypes`) is absent, as when it is left out.
 * Objects with no `undefined` property are returned as they are.
 */
const definedOnly = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    let out: Array<unknown> | undefined
    for (let i = 0; i < value.length; i++) {
      const v = definedOnly(value[i])
      if (v !== value[i]) (out ??= value.slice())[i] = v
    }
    return out ?? value
  }
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return value
  let out: Record<string, unknown> | undefined
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key]
    if (v === undefined) {
      if (out === undefined) out = { ...(value as Record<string, unknown>) }
      delete out[key]
      continue
    }
    const inner = definedOnly(v)
    if (inner !== v) (out ??= { ...(value as Record<string, unknown>) })[key] = inner
  }
  return out ?? value
}

type Encode = (input: unknown) => Either.Either<unknown, ValidationError>

/** Encodes an input to its wire form, checking the spec's constraints when `validate`. */
const encoder = (
  operation: string,
  what: string,
  schema: Endpoint.Any["body"],
  validate: boolean
): Encode | undefined => {
  if (schema === undefined) return undefined
  if (!validate) return (input) => Either.right(unchecked(input))
  const encode = Schema.encodeEither(schema, { errors: "all", onExcessProperty: "ignore" })
  return (input) =>
    Either.mapLeft(encode(definedOnly(input)), (error) =>
      new ValidationError({
        operation,
        issue: error.message,
        message: `${operation}: the ${what} breaks the Zoom Scheduler spec's constraints`
      }))
}

/** The path template split at its parameters: `literals[0] + p0 + literals[1] + p1 + …`. */
const compilePath = (template: string) => {
  const literals: Array<string> = []
  const names: Array<string> = []
  let last = 0
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    literals.push(template.slice(last, match.index))
    names.push(match[1] as string)
    last = (match.index ?? 0) + match[0].length
  }
  literals.push(template.slice(last))
  return { literals, names }
}

/** A path parameter's value is refused when it would change the path. */
const badSegment = (value: unknown): boolean => typeof value !== "string" || value === "" || value === "." || value === ".."

/** A client method for one entry, the pieces of a call built from its arguments. */
const compile = (exec: Executor, name: string, entry: Endpoint.Any) => {
  const validate = exec.options.validation
  const op = operation({
    name,
    method: entry.method,
    pathTemplate: entry.path,
    success: entry.success,
    notFound: entry.notFound,
    fastDecode: exec.options.fastDecode
  })
  const { literals, names } = compilePath(entry.path)
  const arity = names.length
  const encodeBody = encoder(name, "body", entry.body, validate)
  const encodeQuery = encoder(name, "query", entry.query, validate)
  const subject = entry.subject
  const call = (args: ReadonlyArray<unknown>): Either.Either<Call, ValidationError> => {
    let path = literals[0] as string
    for (let i = 0; i < arity; i++) {
      const value = args[i]
      if (badSegment(value)) {
        return Either.left(
          new ValidationError({
            operation: name,
            issue: `${names[i]} must be a non-empty id other than "." and ".."`,
            message: `${name}: invalid ${names[i]}`
          })
        )
      }
      path += encodeURIComponent(value as string) + literals[i + 1]
    }
    const body = encodeBody === undefined ? undefined : args[arity]
    const query = (encodeQuery === undefined ? undefined : args[encodeBody === undefined ? arity : arity + 1]) ?? {}
    let wireBody: unknown = undefined
    if (encodeBody !== undefined) {
      const encoded = encodeBody(body)
      if (Either.isLeft(encoded)) return Either.left(encoded.left)
      wireBody = encoded.right
    }
    let urlParams: Call["urlParams"] = undefined
    if (encodeQuery !== undefined) {
      const encoded = encodeQuery(query)
      if (Either.isLeft(encoded)) return Either.left(encoded.left)
      urlParams = encoded.right as Call["urlParams"]
    }
    const id = subject !== undefined
      ? subject({ params: args.slice(0, arity) as Array<string>, query, body })
      : arity > 0
      ? args[arity - 1] as string
      : (query as { readonly userId?: string }).userId ?? "me"
    return Either.right({ path, urlParams, body: wireBody, subject: id })
  }
  return { op, call }
}

type AnyMethod = (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, CommonError>
type PageQuery = { readonly nextPageToken?: string }
type WirePage = { readonly items: ReadonlyArray<unknown>; readonly nextPageToken?: string }

/**
 * The methods of one table: one per entry, plus `pages` and `stream` for the
 * paginated entry. `group` prefixes operation and span names (`events.list`).
 */
export const bindTable = <T extends Endpoint.Table>(exec: Executor, group: string, table: T): Endpoint.Methods<T> => {
  const methods: Record<string, unknown> = {}
  for (const [key, entry] of Object.entries(table)) {
    const { call, op } = compile(exec, `${group}.${key}`, entry)
    if (!entry.paged) {
      const method: AnyMethod = (...args) => exec.run(op, call(args))
      methods[key] = method
      continue
    }
    const pageOp = op as Operation<WirePage>
    const list = (query: PageQuery = {}): Effect.Effect<Page<unknown>, CommonError> =>
      Effect.map(exec.run(pageOp, call([query])), toPage)
    // the answer's bytes now (and the next page token they hint at), the page when the consumer reaches it
    const fetchAhead = (query: PageQuery) =>
      Effect.map(exec.runDeferred(pageOp, call([query])), (deferred) => ({
        hint: tokenHint(deferred.body),
        page: Effect.map(deferred.decoded, toPage)
      }))
    methods[key] = list
    methods.pages = (query: PageQuery = {}): Stream.Stream<Page<unknown>, CommonError> => pages(pageOp.name, list, query)
    methods.stream = (query: PageQuery = {}): Stream.Stream<unknown, CommonError> =>
      items(pageOp.name, list, fetchAhead, query, exec.options.pagePrefetch)
  }
  return methods as Endpoint.Methods<T>
}

/**
 * The names of a table's methods (`stream` and `pages` after the paginated entry).
 */
export const methodNames = (table: Endpoint.Table): ReadonlyArray<string> =>
  Object.entries(table).flatMap(([key, entry]) => (entry.paged ? [key, "stream", "pages"] : [key]))
