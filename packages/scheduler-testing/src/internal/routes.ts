/**
 * HTTP routing and handlers of the 21 Scheduler operations, in Zoom's wire
 * format. Handlers are synchronous functions of the model; the caller has
 * already authenticated the request and admitted it through the rate limiter.
 *
 * @internal
 */
import type { OperationName } from "../FakeZoom.js"
import type { Notification } from "./booking.js"
import type { FakeRequest, FakeResponse } from "./http.js"
import { badRequest, bodyText, conflict, json, noContent, notFound, validationFailed } from "./http.js"
import { report } from "./analytics.js"
import type {
  AvailabilityRecord,
  Cancellation,
  EventRecord,
  Model,
  ScheduleFields,
  ScheduleRecord,
  SegmentsRecurrence,
  UserRecord
} from "./model.js"
import { compareByStart, compareByUpdated, lowerBound, SCHEDULER_HOST } from "./model.js"
import type { PageTokens } from "./pagination.js"
import { scan } from "./pagination.js"
import { scheduleDefaults } from "./seed.js"
import { parseDate } from "./time.js"
import * as V from "./validation.js"
import * as Wire from "./wire.js"

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

type Handler = (ctx: RouteContext) => FakeResponse

interface Route {
  readonly method: string
  /** Literal segments, `null` for a path parameter. */
  readonly segments: ReadonlyArray<string | null>
  readonly operation: OperationName
  readonly handler: Handler
}

/** The outcome of matching a path. */
export type Match =
  | { readonly _tag: "Api"; readonly operation: OperationName; readonly params: ReadonlyArray<string>; readonly handler: Handler }
  | { readonly _tag: "OAuth" }
  | { readonly _tag: "Authorize" }
  | { readonly _tag: "Unknown" }

const MAX_EVENT_MS = 1440 * 60_000
const DAY_MS = 86_400_000

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

type Parsed<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly response: FakeResponse }

const INVALID_JSON = badRequest("Request Body should be a valid JSON object.")

/** Parses and validates a JSON body. */
const readBody = <A>(ctx: RouteContext, check: V.Check): Parsed<A> => {
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
const userFromQuery = (ctx: RouteContext, q: V.QueryReader): Parsed<UserRecord> => {
  const id = q.string("user_id")
  if (id === undefined || id === "me") return { ok: true, value: ctx.viewer }
  const user = ctx.model.findUser(id)
  return user === undefined ? { ok: false, response: notFound(`User does not exist: ${id}.`) } : { ok: true, value: user }
}

const invalidToken = badRequest("Invalid next_page_token, it may have expired or belong to another query.")

/** `{ next_page_token?, items }` — the token key is omitted on the last page. */
const pageBody = (items: ReadonlyArray<unknown>, nextPageToken: string | undefined) =>
  nextPageToken === undefined ? { items } : { next_page_token: nextPageToken, items }

const findEvent = (ctx: RouteContext): EventRecord | FakeResponse => {
  const event = ctx.model.events.get(ctx.params[0])
  return event ?? notFound(`Scheduled event does not exist: ${ctx.params[0]}.`)
}

const findSchedule = (ctx: RouteContext, id: string): ScheduleRecord | FakeResponse =>
  ctx.model.schedulesById.get(id) ?? notFound(`Schedule does not exist: ${id}.`)

const findAvailability = (ctx: RouteContext): AvailabilityRecord | FakeResponse =>
  ctx.model.availabilityById.get(ctx.params[0]) ?? notFound(`Availability does not exist: ${ctx.params[0]}.`)

const isResponse = (value: unknown): value is FakeResponse =>
  typeof value === "object" && value !== null && "_tag" in value &&
  ((value as { _tag: unknown })._tag === "Response" || (value as { _tag: unknown })._tag === "Drop")

/** Checks that `availability_rules[].availability_id` name existing availability schedules. */
const unknownAvailability = (ctx: RouteContext, fields: ScheduleFields): FakeResponse | undefined => {
  const errors = (fields.availability_rules ?? []).flatMap((rule, i) =>
    rule.availability_id !== undefined && !ctx.model.availabilityById.has(rule.availability_id) ?
      [{ field: `availability_rules[${i}].availability_id`, message: `Availability does not exist: ${rule.availability_id}.` }] :
      []
  )
  return errors.length > 0 ? validationFailed(errors) : undefined
}

const hostCancellation = (ctx: RouteContext): Cancellation => ({
  canceledBy: ctx.viewer.email,
  cancelerType: "host",
  cancelMs: ctx.nowMs
})

// ---------------------------------------------------------------------------
// Users, analytics, teams, routing forms
// ---------------------------------------------------------------------------

const getUser: Handler = (ctx) => {
  const id = ctx.params[0]
  const user = id === "me" ? ctx.viewer : ctx.model.findUser(id)
  return user === undefined ? notFound(`User does not exist: ${id}.`) : json(200, Wire.user(user))
}

const analyticsReport: Handler = (ctx) => {
  const q = new V.QueryReader(ctx.request.query)
  const from = q.dateTime("from")
  const to = q.dateTime("to")
  const timeZone = q.timeZone("time_zone")
  if (q.errors.length > 0) return validationFailed(q.errors)
  const toMs = to ?? ctx.nowMs
  const fromMs = from ?? toMs - 30 * DAY_MS
  if (fromMs >= toMs) return validationFailed([{ field: "to", message: "Must be greater than from." }])
  const id = q.string("user_id")
  let users: ReadonlyArray<UserRecord>
  if (id === "all") users = ctx.model.userIds.map((u) => ctx.model.users.get(u)!)
  else {
    const user = userFromQuery(ctx, q)
    if (!user.ok) return user.response
    users = [user.value]
  }
  return json(200, report(ctx.model, { fromMs, toMs, nowMs: ctx.nowMs, timeZone: timeZone ?? ctx.viewer.timeZone, users }))
}

const listTeams: Handler = (ctx) => {
  const q = new V.QueryReader(ctx.request.query)
  const user = userFromQuery(ctx, q)
  if (!user.ok) return user.response
  const teams = ctx.model.teams.filter((t) => t.memberIds.includes(user.value.id))
  return json(200, { teams: teams.map(Wire.team) })
}

const getRoutingResponse: Handler = (ctx) => {
  const [formId, responseId] = ctx.params
  const response = ctx.model.getRoutingResponse(formId, responseId)
  return response === undefined ?
    notFound(`Routing form response does not exist: ${formId}/${responseId}.`) :
    json(200, Wire.routingResponse(response))
}

// ---------------------------------------------------------------------------
// Availability
// ---------------------------------------------------------------------------

const listAvailability: Handler = (ctx) => {
  const q = new V.QueryReader(ctx.request.query)
  const pageSize = q.pageSize(ctx.pageSize.default, ctx.pageSize.max)
  if (q.errors.length > 0) return validationFailed(q.errors)
  const user = userFromQuery(ctx, q)
  if (!user.ok) return user.response
  const scope = `availability|${user.value.id}`
  const items = ctx.model.availability
  let start = 0
  const token = q.string("next_page_token")
  if (token !== undefined) {
    const cursor = ctx.tokens.decode(scope, token)
    if (cursor === undefined) return invalidToken
    start = lowerBound(items, (a) => a.seq > cursor.key)
  }
  const page = scan(items, start, pageSize, (a) => a.ownerId === user.value.id)
  const last = page.items[page.items.length - 1]
  const next = page.hasMore && last !== undefined ? ctx.tokens.encode(scope, { key: last.seq, id: last.id }) : undefined
  return json(200, pageBody(page.items.map(Wire.availability), next))
}

interface AvailabilityBody {
  readonly default?: boolean
  readonly name: string
  readonly time_zone: string
  readonly segments?: AvailabilityRecord["segments"]
  readonly segments_recurrence?: SegmentsRecurrence
}

const createAvailability: Handler = (ctx) => {
  const body = readBody<AvailabilityBody>(ctx, V.availabilityBody)
  if (!body.ok) return body.response
  const hasDefault = ctx.model.availability.some((a) => a.ownerId === ctx.viewer.id && a.isDefault)
  const record = ctx.model.addAvailability({
    id: ctx.model.random.resourceId(),
    seq: ctx.model.nextSeq(),
    ownerId: ctx.viewer.id,
    name: body.value.name,
    timeZone: body.value.time_zone,
    isDefault: body.value.default ?? !hasDefault,
    segments: body.value.segments ?? [],
    segmentsRecurrence: body.value.segments_recurrence ?? {},
    createdMs: ctx.nowMs,
    updatedMs: ctx.nowMs
  })
  return json(201, Wire.createdAvailability(record))
}

const getAvailability: Handler = (ctx) => {
  const record = findAvailability(ctx)
  return isResponse(record) ? record : json(200, Wire.availability(record))
}

const updateAvailability: Handler = (ctx) => {
  const record = findAvailability(ctx)
  if (isResponse(record)) return record
  const body = readBody<AvailabilityBody>(ctx, V.availabilityBody)
  if (!body.ok) return body.response
  record.name = body.value.name
  record.timeZone = body.value.time_zone
  if (body.value.segments !== undefined) record.segments = body.value.segments
  if (body.value.segments_recurrence !== undefined) record.segmentsRecurrence = body.value.segments_recurrence
  if (body.value.default === true) ctx.model.setDefaultAvailability(record)
  else if (body.value.default === false) record.isDefault = false
  record.updatedMs = ctx.nowMs
  return noContent
}

const deleteAvailability: Handler = (ctx) => {
  const record = findAvailability(ctx)
  if (isResponse(record)) return record
  ctx.model.removeAvailability(record.id)
  return noContent
}

// ---------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------

/** A schedule's bookable date range: [start_date, end_date + 1 day) (open-ended when unlimited). */
const scheduleRange = (s: ScheduleRecord): readonly [number, number] => {
  const start = (s.fields.start_date !== undefined ? parseDate(s.fields.start_date) : undefined) ?? s.createdMs
  const end = s.fields.interval_type === "fixed" && s.fields.end_date !== undefined ?
    (parseDate(s.fields.end_date) ?? Number.POSITIVE_INFINITY) + DAY_MS :
    Number.POSITIVE_INFINITY
  return [start, end]
}

const listSchedules: Handler = (ctx) => {
  const q = new V.QueryReader(ctx.request.query)
  const pageSize = q.pageSize(ctx.pageSize.default, ctx.pageSize.max)
  const from = q.dateTime("from")
  const to = q.dateTime("to")
  const showDeleted = q.boolean("show_deleted") ?? false
  q.timeZone("time_zone")
  if (q.errors.length > 0) return validationFailed(q.errors)
  const user = userFromQuery(ctx, q)
  if (!user.ok) return user.response
  const scope = `schedules|${user.value.id}|${from}|${to}|${showDeleted}`
  const items = ctx.model.schedules
  let start = 0
  const token = q.string("next_page_token")
  if (token !== undefined) {
    const cursor = ctx.tokens.decode(scope, token)
    if (cursor === undefined) return invalidToken
    start = lowerBound(items, (s) => s.seq > cursor.key)
  }
  const page = scan(items, start, pageSize, (s) => {
    if (s.ownerId !== user.value.id) return false
    if (!showDeleted && s.status === "cancelled") return false
    const [rangeStart, rangeEnd] = scheduleRange(s)
    // `to`: upper bound (exclusive) of the start; `from`: lower bound (exclusive) of the end.
    return (to === undefined || rangeStart < to) && (from === undefined || rangeEnd > from)
  })
  const last = page.items[page.items.length - 1]
  const next = page.hasMore && last !== undefined ? ctx.tokens.encode(scope, { key: last.seq, id: last.id }) : undefined
  return json(200, pageBody(page.items.map((s) => Wire.schedule(ctx.model, s, ctx.viewer.id)), next))
}

const createSchedule: Handler = (ctx) => {
  const q = new V.QueryReader(ctx.request.query)
  const owner = userFromQuery(ctx, q)
  if (!owner.ok) return owner.response
  const body = readBody<ScheduleFields>(ctx, V.insertScheduleBody)
  if (!body.ok) return body.response
  const missing = unknownAvailability(ctx, body.value)
  if (missing !== undefined) return missing
  const fields = pickScheduleFields(body.value, true)
  const record = ctx.model.addSchedule({
    id: ctx.model.random.resourceId(),
    seq: ctx.model.nextSeq(),
    ownerId: owner.value.id,
    fields: scheduleDefaults(ctx.model, owner.value, fields, ctx.nowMs),
    status: "confirmed",
    createdMs: ctx.nowMs,
    updatedMs: ctx.nowMs
  })
  return json(201, Wire.schedule(ctx.model, record, ctx.viewer.id))
}

const SCHEDULE_KEYS = [
  "add_on_type", "availability_override", "availability_rules", "booking_limit", "buffer", "capacity", "color",
  "cushion", "custom_fields", "description", "duration", "end_date", "segments", "segments_recurrence", "time_zone",
  "location", "interval_type", "secret", "slug", "start_date", "start_time_increment", "summary", "active"
] as const

/** Keeps the writable properties of a schedule body (read-only and unknown keys are ignored). */
const pickScheduleFields = (body: ScheduleFields, withType: boolean): ScheduleFields => {
  const out: Record<string, unknown> = {}
  const source = body as Record<string, unknown>
  for (const key of SCHEDULE_KEYS) if (source[key] !== undefined) out[key] = source[key]
  if (withType && body.schedule_type !== undefined) out.schedule_type = body.schedule_type
  return out as ScheduleFields
}

const getSchedule: Handler = (ctx) => {
  const record = findSchedule(ctx, ctx.params[0])
  return isResponse(record) ? record : json(200, Wire.schedule(ctx.model, record, ctx.viewer.id))
}

const updateSchedule: Handler = (ctx) => {
  const record = findSchedule(ctx, ctx.params[0])
  if (isResponse(record)) return record
  const body = readBody<ScheduleFields & { readonly status?: "confirmed" | "cancelled" }>(ctx, V.patchScheduleBody)
  if (!body.ok) return body.response
  const missing = unknownAvailability(ctx, body.value)
  if (missing !== undefined) return missing
  const patch = pickScheduleFields(body.value, false)
  const owner = ctx.model.users.get(record.ownerId)!
  const custom = patch.custom_fields?.map((f) => ({ ...f, custom_field_id: f.custom_field_id ?? ctx.model.random.resourceId() }))
  record.fields = {
    ...record.fields,
    ...patch,
    ...(custom !== undefined ? { custom_fields: custom } : {}),
    ...(patch.availability_rules !== undefined ?
      { availability_rules: scheduleDefaults(ctx.model, owner, { availability_rules: patch.availability_rules }, ctx.nowMs).availability_rules } :
      {})
  }
  if (body.value.status === "cancelled" && record.status !== "cancelled") {
    record.status = "cancelled"
    record.cancelledMs = ctx.nowMs
  } else if (body.value.status === "confirmed") {
    record.status = "confirmed"
    delete record.cancelledMs
  }
  record.updatedMs = ctx.nowMs
  return noContent
}

const deleteSchedule: Handler = (ctx) => {
  const record = findSchedule(ctx, ctx.params[0])
  if (isResponse(record)) return record
  if (record.status === "cancelled") return conflict(`Schedule has already been deleted: ${record.id}.`)
  // Deleted schedules stay visible with `show_deleted=true` (status "cancelled").
  record.status = "cancelled"
  record.cancelledMs = ctx.nowMs
  record.updatedMs = ctx.nowMs
  return noContent
}

const singleUseLink: Handler = (ctx) => {
  const q = new V.QueryReader(ctx.request.query)
  const teamId = q.string("team_id")
  if (teamId !== undefined && ctx.model.findTeam(teamId) === undefined) return notFound(`Team does not exist: ${teamId}.`)
  const body = readBody<{ readonly schedule_id: string }>(ctx, V.singleUseLinkBody)
  if (!body.ok) return body.response
  const schedule = findSchedule(ctx, body.value.schedule_id)
  if (isResponse(schedule)) return schedule
  if (schedule.status === "cancelled") return conflict(`Schedule has been deleted: ${schedule.id}.`)
  const id = ctx.model.random.resourceId()
  const schedulingUrl = `${SCHEDULER_HOST}/manage/${id}`
  ctx.model.singleUseLinks.push({
    id,
    scheduleId: schedule.id,
    ...(teamId !== undefined ? { teamId } : {}),
    schedulingUrl,
    createdMs: ctx.nowMs
  })
  return json(201, { scheduling_url: schedulingUrl })
}

const createShare: Handler = (ctx) => {
  const body = readBody<Record<string, unknown> & { readonly schedule_id: string }>(ctx, V.shareBody)
  if (!body.ok) return body.response
  const schedule = findSchedule(ctx, body.value.schedule_id)
  if (isResponse(schedule)) return schedule
  const id = ctx.model.random.resourceId()
  const owner = ctx.model.users.get(schedule.ownerId)
  const schedulingUrl = `${SCHEDULER_HOST}/t/${id.slice(0, 8)}/${schedule.fields.slug ?? owner?.slug ?? "share"}`
  const { schedule_id: _scheduleId, ...settings } = body.value
  ctx.model.shares.push({ id, scheduleId: schedule.id, schedulingUrl, settings, createdMs: ctx.nowMs })
  return json(201, { scheduling_url: schedulingUrl })
}

// ---------------------------------------------------------------------------
// Scheduled events
// ---------------------------------------------------------------------------

const listEvents: Handler = (ctx) => {
  const q = new V.QueryReader(ctx.request.query)
  const pageSize = q.pageSize(ctx.pageSize.default, ctx.pageSize.max)
  const from = q.dateTime("from")
  const to = q.dateTime("to")
  const orderBy = q.oneOf("order_by", ["startTime", "updated"]) ?? "startTime"
  const timeZone = q.timeZone("time_zone")
  const showDeleted = q.boolean("show_deleted") ?? false
  const pending = q.oneOf("event_type", ["pending"]) === "pending"
  const search = q.string("search")?.toLowerCase()
  if (q.errors.length > 0) return validationFailed(q.errors)
  const user = userFromQuery(ctx, q)
  if (!user.ok) return user.response
  const teamId = q.string("team_id")
  let hosts: ReadonlySet<string> = new Set([user.value.id])
  if (teamId !== undefined) {
    const team = ctx.model.findTeam(teamId)
    if (team === undefined) return notFound(`Team does not exist: ${teamId}.`)
    hosts = q.string("user_id") === undefined ? new Set(team.memberIds) : hosts
  }
  const scope = ["events", orderBy, [...hosts].join(","), from, to, showDeleted, pending, search].join("|")
  const byStart = orderBy === "startTime"
  const items = byStart ? ctx.model.events.byStart : ctx.model.events.byUpdateTime
  const key = byStart ? (e: EventRecord) => e.startMs : (e: EventRecord) => e.updatedMs
  const compare = byStart ? compareByStart : compareByUpdated

  let start = 0
  const token = q.string("next_page_token")
  if (token !== undefined) {
    const cursor = ctx.tokens.decode(scope, token)
    if (cursor === undefined) return invalidToken
    const probe = { startMs: cursor.key, updatedMs: cursor.key, id: cursor.id } as EventRecord
    start = lowerBound(items, (e) => compare(e, probe) > 0)
  }
  if (byStart && from !== undefined) {
    // An event ends at most MAX_EVENT_MS after it starts: skip what ends before `from`.
    start = Math.max(start, lowerBound(items, (e) => e.startMs > from - MAX_EVENT_MS))
  }
  const matches = (e: EventRecord): boolean => {
    if (!hosts.has(e.hostId)) return false
    if (!showDeleted && e.status === "cancelled") return false
    if ((e.eventType === "pending") !== pending) return false
    // `from`: lower bound (exclusive) of the end; `to`: upper bound (exclusive) of the start.
    if (from !== undefined && e.endMs <= from) return false
    if (to !== undefined && e.startMs >= to) return false
    if (search !== undefined) {
      return e.summary.toLowerCase().includes(search) ||
        (e.externalLocation?.meeting_id.includes(search) ?? false) ||
        e.attendees.some((a) => a.email.toLowerCase().includes(search))
    }
    return true
  }
  const stop = byStart && to !== undefined ? (e: EventRecord) => e.startMs >= to : undefined
  const page = scan(items, start, pageSize, matches, stop)
  const last = page.items[page.items.length - 1]
  const next = page.hasMore && last !== undefined ? ctx.tokens.encode(scope, { key: key(last), id: last.id }) : undefined
  return json(200, pageBody(page.items.map((e) => Wire.event(e, timeZone)), next))
}

const getEvent: Handler = (ctx) => {
  const event = findEvent(ctx)
  return isResponse(event) ? event : json(200, Wire.event(event))
}

interface EventPatch {
  readonly attendees?: ReadonlyArray<{ readonly attendee_id?: string; readonly no_show?: boolean; readonly email?: string }>
  readonly status?: "confirmed" | "cancelled"
  readonly meeting_notes?: string
}

const updateEvent: Handler = (ctx) => {
  const event = findEvent(ctx)
  if (isResponse(event)) return event
  const body = readBody<EventPatch>(ctx, V.patchEventBody)
  if (!body.ok) return body.response
  const patch = body.value
  // Resolve every attendee first so an invalid patch changes nothing.
  const targets = (patch.attendees ?? []).map((item) =>
    event.attendees.find((a) =>
      item.attendee_id !== undefined ? a.id === item.attendee_id : a.email.toLowerCase() === item.email?.toLowerCase()
    )
  )
  const unknown = targets.flatMap((t, i) =>
    t === undefined ? [{ field: `attendees[${i}]`, message: "The attendee does not belong to this event." }] : []
  )
  if (unknown.length > 0) return validationFailed(unknown)
  targets.forEach((attendee, i) => {
    const noShow = patch.attendees![i].no_show
    if (attendee !== undefined && noShow !== undefined) attendee.noShow = noShow
  })
  if (patch.meeting_notes !== undefined) event.meetingNotes = patch.meeting_notes
  if (patch.status === "cancelled") {
    if (ctx.model.cancelEvent(event, hostCancellation(ctx))) ctx.notify({ kind: "canceled", eventId: event.id })
  } else if (patch.status === "confirmed" && event.status === "cancelled") {
    event.status = "confirmed"
    event.cancellation = undefined
  }
  event.updatedMs = ctx.nowMs
  ctx.model.events.touched()
  return noContent
}

const deleteEvent: Handler = (ctx) => {
  const event = findEvent(ctx)
  if (isResponse(event)) return event
  // Deleting cancels: the event stays visible with `show_deleted=true` (status "cancelled").
  if (!ctx.model.cancelEvent(event, hostCancellation(ctx))) {
    return conflict(`Scheduled event has already been cancelled: ${event.id}.`)
  }
  ctx.notify({ kind: "canceled", eventId: event.id })
  return noContent
}

const getAttendee: Handler = (ctx) => {
  const event = findEvent(ctx)
  if (isResponse(event)) return event
  const attendee = event.attendees.find((a) => a.id === ctx.params[1])
  return attendee === undefined ?
    notFound(`Attendee does not exist: ${ctx.params[1]}.`) :
    json(200, Wire.attendee(event, attendee))
}

// ---------------------------------------------------------------------------
// The route table
// ---------------------------------------------------------------------------

const route = (method: string, path: string, operation: OperationName, handler: Handler): Route => ({
  method,
  segments: path.split("/").filter((s) => s !== "").map((s) => (s.startsWith("{") ? null : s)),
  operation,
  handler
})

/** The 21 operations of the Scheduler spec (literal paths before parameterised ones). */
export const ROUTES: ReadonlyArray<Route> = [
  route("GET", "/scheduler/users/{userId}", "users.get", getUser),
  route("GET", "/scheduler/analytics", "analytics.report", analyticsReport),
  route("GET", "/scheduler/availability", "availability.list", listAvailability),
  route("POST", "/scheduler/availability", "availability.create", createAvailability),
  route("GET", "/scheduler/availability/{availabilityId}", "availability.get", getAvailability),
  route("PATCH", "/scheduler/availability/{availabilityId}", "availability.update", updateAvailability),
  route("DELETE", "/scheduler/availability/{availabilityId}", "availability.delete", deleteAvailability),
  route("GET", "/scheduler/schedules", "schedules.list", listSchedules),
  route("POST", "/scheduler/schedules", "schedules.create", createSchedule),
  route("POST", "/scheduler/schedules/single_use_link", "schedules.singleUseLink", singleUseLink),
  route("GET", "/scheduler/schedules/{scheduleId}", "schedules.get", getSchedule),
  route("PATCH", "/scheduler/schedules/{scheduleId}", "schedules.update", updateSchedule),
  route("DELETE", "/scheduler/schedules/{scheduleId}", "schedules.delete", deleteSchedule),
  route("GET", "/scheduler/events", "events.list", listEvents),
  route("GET", "/scheduler/events/{eventId}", "events.get", getEvent),
  route("PATCH", "/scheduler/events/{eventId}", "events.update", updateEvent),
  route("DELETE", "/scheduler/events/{eventId}", "events.delete", deleteEvent),
  route("GET", "/scheduler/events/{eventId}/attendees/{attendeeId}", "events.getAttendee", getAttendee),
  route("GET", "/scheduler/routing/forms/{formId}/response/{responseId}", "routingForms.getResponse", getRoutingResponse),
  route("POST", "/scheduler/shares", "shares.create", createShare),
  route("GET", "/scheduler/teams", "teams.list", listTeams)
]

/**
 * Matches a request path: `/v2/scheduler/...` to one of the 21 operations,
 * `/oauth/token` to the token endpoint. The host is ignored, so clients can
 * keep `https://api.zoom.us/v2` and `https://zoom.us/oauth/token`.
 */
export const match = (method: string, path: string): Match => {
  const normalized = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path
  if (normalized === "/oauth/token") return method.toUpperCase() === "POST" ? { _tag: "OAuth" } : { _tag: "Unknown" }
  if (normalized === "/oauth/authorize") return method.toUpperCase() === "GET" ? { _tag: "Authorize" } : { _tag: "Unknown" }
  if (!normalized.startsWith("/v2/")) return { _tag: "Unknown" }
  const raw = normalized.slice(3).split("/").filter((s) => s !== "")
  let segments: Array<string>
  try {
    segments = raw.map((s) => decodeURIComponent(s))
  } catch {
    return { _tag: "Unknown" }
  }
  const upper = method.toUpperCase()
  for (const r of ROUTES) {
    if (r.method !== upper || r.segments.length !== segments.length) continue
    const params: Array<string> = []
    let ok = true
    for (let i = 0; i < segments.length && ok; i++) {
      const expected = r.segments[i]
      if (expected === null) params.push(segments[i])
      else ok = expected === segments[i]
    }
    if (ok) return { _tag: "Api", operation: r.operation, params, handler: r.handler }
  }
  return { _tag: "Unknown" }
}
