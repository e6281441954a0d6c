/**
 * One operation of the Scheduler API as data: method, path template,
 * schemas, the resource a 404 names, paging. Each resource's table
 * (`endpoints/events.ts`, …) is a record of these; the client's methods, its
 * TypeScript type, `ZoomScheduler.operations` and the spec-drift test are
 * all derived from the tables (see `internal/bindEndpoint.ts`).
 *
 * A method's arguments follow from its entry: the path parameters in the
 * template's order (percent-encoded when sent), then the body when there is
 * one, then the query when there is one (optional).
 *
 * @example
 * ```ts
 * import * as Endpoint from "./Endpoint.js"
 * import { EventAttendee } from "../Events.js"
 *
 * const getAttendee = Endpoint.get("/scheduler/events/{eventId}/attendees/{attendeeId}", {
 *   success: EventAttendee,
 *   notFound: "attendee"
 * })
 * // zoom.events.getAttendee(eventId: string, attendeeId: string): Effect<EventAttendee, CommonError>
 * ```
 *
 * @since 0.2.0
 */
import type * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { Page } from "../Page.js"
import type { CommonError } from "../ZoomScheduler.js"

/**
 * The HTTP methods the Scheduler API uses.
 *
 * @since 0.2.0
 */
export type Method = "GET" | "POST" | "PATCH" | "DELETE"

/** A schema of any encoded form. */
type AnySchema<A> = Schema.Schema<A, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * What a 404 names when the entry does not say: the last path parameter,
 * else the query's `userId` (default `"me"`).
 *
 * @since 0.2.0
 */
export interface SubjectInput<Q, B> {
  /** The path parameters as given (not encoded). */
  readonly params: ReadonlyArray<string>
  /** The query as given, `{}` when omitted. */
  readonly query: Q
  /** The body as given. */
  readonly body: B
}

/**
 * One entry of an endpoint table.
 *
 * @since 0.2.0
 */
export interface Endpoint<
  M extends Method = Method,
  P extends string = string,
  S = unknown,
  Q = unknown,
  B = unknown,
  Paged extends boolean = boolean
> {
  /** The HTTP method. */
  readonly method: M
  /** The spec's path template, e.g. `/scheduler/events/{eventId}`: the only place the path is written. */
  readonly path: P
  /** The 2xx body's schema; `undefined` for 204 answers. */
  readonly success: AnySchema<S> | undefined
  /** The query's schema; `undefined` when the operation takes none. */
  readonly query: AnySchema<Q> | undefined
  /** The JSON body's schema; `undefined` when the operation sends none. */
  readonly body: AnySchema<B> | undefined
  /** The kind of resource a 404 is about (`"event"`, `"user"`, …). */
  readonly notFound: string
  /** The id a 404 is about; see `SubjectInput` for the default. */
  readonly subject: ((input: SubjectInput<Q, B>) => string) | undefined
  /** Whether the answer is a page (`items`, `next_page_token`): adds `stream` and `pages`. */
  readonly paged: Paged
}

/**
 * Any entry.
 *
 * @since 0.2.0
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = Endpoint<Method, string, any, any, any, boolean>

/**
 * An endpoint table: one resource's operations by name.
 *
 * @since 0.2.0
 */
export type Table = { readonly [name: string]: Any }

interface Options<S, Q, B, Paged extends boolean> {
  readonly success?: AnySchema<S>
  readonly query?: AnySchema<Q>
  readonly body?: AnySchema<B>
  readonly notFound: string
  readonly subject?: (input: SubjectInput<Q, B>) => string
  readonly paged?: Paged
}

const make = <M extends Method>(method: M) =>
<const P extends string, S = void, Q = undefined, B = undefined, Paged extends boolean = false>(
  path: P,
  options: Options<S, Q, B, Paged>
): Endpoint<M, P, S, Q, B, Paged> => ({
  method,
  path,
  success: options.success,
  query: options.query,
  body: options.body,
  notFound: options.notFound,
  subject: options.subject,
  paged: (options.paged ?? false) as Paged
})

/**
 * A `GET` entry.
 *
 * @example
 * ```ts
 * import * as Endpoint from "./Endpoint.js"
 * import { User } from "../Users.js"
 *
 * const get = Endpoint.get("/scheduler/users/{userId}", { success: User, notFound: "user" })
 * ```
 *
 * @since 0.2.0
 */
export const get = make("GET")

/**
 * A `POST` entry.
 *
 * @example
 * ```ts
 * import * as Endpoint from "./Endpoint.js"
 * import { Share, ShareInput } from "../Shares.js"
 *
 * const create = Endpoint.post("/scheduler/shares", {
 *   body: ShareInput,
 *   success: Share,
 *   notFound: "schedule",
 *   subject: ({ body }) => body.scheduleId
 * })
 * ```
 *
 * @since 0.2.0
 */
export const post = make("POST")

/**
 * A `PATCH` entry.
 *
 * @example
 * ```ts
 * import * as Endpoint from "./Endpoint.js"
 * import { EventUpdate } from "../Events.js"
 *
 * const update = Endpoint.patch("/scheduler/events/{eventId}", { body: EventUpdate, notFound: "event" })
 * ```
 *
 * @since 0.2.0
 */
export const patch = make("PATCH")

/**
 * A `DELETE` entry.
 *
 * @example
 * ```ts
 * import * as Endpoint from "./Endpoint.js"
 *
 * const remove = Endpoint.del("/scheduler/availability/{availabilityId}", { notFound: "availability" })
 * ```
 *
 * @since 0.2.0
 */
export const del = make("DELETE")

/**
 * A paginated `GET` (`items`, `next_page_token`): its method returns one
 * page, and `stream` and `pages` are added beside it. A 404 names the user
 * the list is for (the query's `userId`, default `"me"`).
 *
 * @example
 * ```ts
 * import * as Endpoint from "./Endpoint.js"
 * import { EventsListQuery, ScheduledEventPage } from "../Events.js"
 *
 * const list = Endpoint.list("/scheduler/events", EventsListQuery, ScheduledEventPage)
 * ```
 *
 * @since 0.2.0
 */
export const list = <const P extends string, S, Q>(
  path: P,
  query: AnySchema<Q>,
  page: AnySchema<S>
): Endpoint<"GET", P, S, Q, undefined, true> => get(path, { query, success: page, notFound: "user", paged: true })

/**
 * The parameter names of a path template, in order: `"/a/{x}/b/{y}"` → `["x", "y"]`.
 *
 * @since 0.2.0
 */
export type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? [Name, ...PathParams<Rest>]
  : []

/** One `string` per path parameter. */
type ParamArgs<P extends string> = P extends `${string}{${string}}${infer Rest}` ? [string, ...ParamArgs<Rest>] : []

/** The type a schema field of an entry decodes to (`undefined` when the entry has none). */
type TypeOf<F> = [NonNullable<F>] extends [Schema.Schema<infer A, infer _I, infer _R>] ? A : undefined

/** The type of an entry's query (`undefined` when it takes none). */
type QueryOf<E extends Any> = TypeOf<E["query"]>

/** The type of an entry's body (`undefined` when it sends none). */
type BodyOf<E extends Any> = TypeOf<E["body"]>

/**
 * The arguments of an entry's method: path parameters, body, optional query.
 *
 * @since 0.2.0
 */
export type Args<E extends Any> = [
  ...ParamArgs<E["path"]>,
  ...([BodyOf<E>] extends [undefined] ? [] : [body: BodyOf<E>]),
  ...([QueryOf<E>] extends [undefined] ? [] : [query?: QueryOf<E>])
]

/** The items of a page schema's type. */
type Item<S> = S extends { readonly items: ReadonlyArray<infer A> } ? A : never

/**
 * The value an entry's method succeeds with: the decoded body, a `Page` for
 * paginated entries, `void` for 204.
 *
 * @since 0.2.0
 */
export type Success<E extends Any> = E["success"] extends undefined ? void
  : E["paged"] extends true ? Page<Item<TypeOf<E["success"]>>>
  : TypeOf<E["success"]>

/**
 * The method an entry becomes.
 *
 * @since 0.2.0
 */
export type MethodOf<E extends Any> = (...args: Args<E>) => Effect.Effect<Success<E>, CommonError>

/** The items of a `Page`. */
type PageItem<P> = P extends Page<infer A> ? A : never

/**
 * The methods a table becomes: one per entry, plus `stream` (items) and
 * `pages` for the paginated entry.
 *
 * @since 0.2.0
 */
export type Methods<T extends Table> =
  & { readonly [K in keyof T]: MethodOf<T[K]> }
  & {
    /** Every item, page after page, as the consumer pulls. */
    readonly [K in keyof T as T[K]["paged"] extends true ? "stream" : never]: (
      query?: QueryOf<T[K]>
    ) => Stream.Stream<PageItem<Success<T[K]>>, CommonError>
  }
  & {
    /** The pages themselves, for consumers that checkpoint page tokens. */
    readonly [K in keyof T as T[K]["paged"] extends true ? "pages" : never]: (
      query?: QueryOf<T[K]>
    ) => Stream.Stream<Success<T[K]>, CommonError>
  }
