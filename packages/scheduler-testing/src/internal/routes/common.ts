/**
 * What every route handler shares: its context, body and query parsing,
 * lookups that answer Zoom's 404s, and the page cursor of the list
 * operations.
 *
 * @internal
 */
import type { Notification } from "../booking.js"
import type { FakeRequest, FakeResponse } from "../http.js"
import { badRequest, bodyText, notFound, validationFailed } from "../http.js"
import type { AvailabilityRecord, Cancellation, EventRecord, Model, ScheduleFields, ScheduleRecord, UserRecord } from "../model.js"
import { lowerBound } from "../model.js"
import type { Cursor, Page, PageTokens } from "../pagination.js"
import type { OperationName } from "../types/operations.js"
import * as V from "../validation.js"

/** Everything a handler may use. */
export interface RouteContext {
  readonly model: Model
  readonly request: FakeRequest
  /** Percent-decoded path parameters, in order. */
  readonly params: ReadonlyArray<string>
  /** The user the access token belongs to ("me"). */
  readonly viewer: UserRecord
  readonly nowMs: number
  readonly tokens: PageTokens
  readonly pageSize: { readonly default: number; readonly max: number }
  /** Schedules a webhook notification (sent after the response is built). */
  readonly notify: (notification: Notification) => void
}

export type Handler = (ctx: RouteContext) => FakeResponse

/** One operation: its method, its path template and its handler. */
export interface Route {
  readonly method: string
  /** Literal segments, `null` for a path parameter. */
  readonly segments: ReadonlyArray<string | null>
  readonly operation: OperationName
  readonly handler: Handler
}

/** A route from a path template such as `/scheduler/events/{eventId}` (relative to `/v2`). */
export const route = (method: string, path: string, operation: OperationName, handler: Handler): Route => ({
  method,
  segments: path.split("/").filter((s) => s !== "").map((s) => (s.startsWith("{") ? null : s)),
  operation,
  handler
})

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000

export type Parsed<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly response: FakeResponse }

const INVALID_JSON = badRequest("Request Body should be a valid JSON object.")

/** Parses and validates a JSON body. */
export const readBody = <A>(ctx: RouteContext, check: V.Check): Parsed<A> => {
  const text = bodyText(ctx.request).trim()
  let value: unknown
  try {
    value = text === "" ? undefined : JSON.parse(text)
  } catch {
    return { ok: false, response: INVALID_JSON }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, response: INVALID_JSON }
  const errors = V.validate(check, value)
  return errors.length > 0 ? { ok: false, response: validationFailed(errors) } : { ok: true, value: value as A }
}

/** Resolves an optional `user_id` query parameter ("me" or absent = the token's user). */
export const userFromQuery = (ctx: RouteContext, q: V.QueryReader): Parsed<UserRecord> => {
  const id = q.string("user_id")
  if (id === undefined || id === "me") return { ok: true, value: ctx.viewer }
  const user = ctx.model.findUser(id)
  return user === undefined ? { ok: false, response: notFound(`User does not exist: ${id}.`) } : { ok: true, value: user }
}

export const invalidToken = badRequest("Invalid next_page_token, it may have expired or belong to another query.")

/** `{ next_page_token?, items }` — the token key is omitted on the last page. */
export const pageBody = (items: ReadonlyArray<unknown>, nextPageToken: string | undefined) =>
  nextPageToken === undefined ? { items } : { next_page_token: nextPageToken, items }

export const findEvent = (ctx: RouteContext): EventRecord | FakeResponse => {
  const event = ctx.model.events.get(ctx.params[0])
  return event ?? notFound(`Scheduled event does not exist: ${ctx.params[0]}.`)
}

export const findSchedule = (ctx: RouteContext, id: string): ScheduleRecord | FakeResponse =>
  ctx.model.schedulesById.get(id) ?? notFound(`Schedule does not exist: ${id}.`)

export const findAvailability = (ctx: RouteContext): AvailabilityRecord | FakeResponse =>
  ctx.model.availabilityById.get(ctx.params[0]) ?? notFound(`Availability does not exist: ${ctx.params[0]}.`)

export const isResponse = (value: unknown): value is FakeResponse =>
  typeof value === "object" && value !== null && "_tag" in value &&
  ((value as { _tag: unknown })._tag === "Response" || (value as { _tag: unknown })._tag === "Drop")

/** Checks that `availability_rules[].availability_id` name existing availability schedules. */
export const unknownAvailability = (ctx: RouteContext, fields: ScheduleFields): FakeResponse | undefined => {
  const errors = (fields.availability_rules ?? []).flatMap((rule, i) =>
    rule.availability_id !== undefined && !ctx.model.availabilityById.has(rule.availability_id) ?
      [{ field: `availability_rules[${i}].availability_id`, message: `Availability does not exist: ${rule.availability_id}.` }] :
      []
  )
  return errors.length > 0 ? validationFailed(errors) : undefined
}

export const hostCancellation = (ctx: RouteContext): Cancellation => ({
  canceledBy: ctx.viewer.email,
  cancelerType: "host",
  cancelMs: ctx.nowMs
})


/**
 * Where a list resumes: 0 without `next_page_token`, else the first item
 * after the token's cursor; `undefined` for a token that is invalid for `scope`.
 */
export const resumeAt = <A>(
  ctx: RouteContext,
  q: V.QueryReader,
  scope: string,
  items: ReadonlyArray<A>,
  after: (item: A, cursor: Cursor) => boolean
): number | undefined => {
  const token = q.string("next_page_token")
  if (token === undefined) return 0
  const cursor = ctx.tokens.decode(scope, token)
  return cursor === undefined ? undefined : lowerBound(items, (item) => after(item, cursor))
}

/** The `next_page_token` after a page, keyed by `key` (none on the last page). */
export const nextToken = <A extends { readonly id: string }>(
  ctx: RouteContext,
  scope: string,
  page: Page<A>,
  key: (item: A) => number
): string | undefined => {
  const last = page.items[page.items.length - 1]
  return page.hasMore && last !== undefined ? ctx.tokens.encode(scope, { key: key(last), id: last.id }) : undefined
}

