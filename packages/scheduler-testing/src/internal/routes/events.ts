/**
 * The scheduled-event operations (`/scheduler/events`), attendees included.
 *
 * @internal
 */
import { conflict, json, noContent, notFound, validationFailed } from "../http.js"
import type { EventRecord } from "../model.js"
import { compareByStart, compareByUpdated, lowerBound } from "../model.js"
import { scan } from "../pagination.js"
import * as V from "../validation.js"
import * as Wire from "../wire.js"
import type { Handler } from "./common.js"
import { findEvent, hostCancellation, invalidToken, isResponse, nextToken, pageBody, readBody, resumeAt, userFromQuery } from "./common.js"

/** The longest event: an event ends at most this long after it starts. */
const MAX_EVENT_MS = 1440 * 60_000

export const listEvents: Handler = (ctx) => {
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

  let start = resumeAt(ctx, q, scope, items, (e, cursor) =>
    compare(e, { startMs: cursor.key, updatedMs: cursor.key, id: cursor.id } as EventRecord) > 0)
  if (start === undefined) return invalidToken
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
  return json(200, pageBody(page.items.map((e) => Wire.event(e, timeZone)), nextToken(ctx, scope, page, key)))
}

export const getEvent: Handler = (ctx) => {
  const event = findEvent(ctx)
  return isResponse(event) ? event : json(200, Wire.event(event))
}

interface EventPatch {
  readonly attendees?: ReadonlyArray<{ readonly attendee_id?: string; readonly no_show?: boolean; readonly email?: string }>
  readonly status?: "confirmed" | "cancelled"
  readonly meeting_notes?: string
}

export const updateEvent: Handler = (ctx) => {
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

export const deleteEvent: Handler = (ctx) => {
  const event = findEvent(ctx)
  if (isResponse(event)) return event
  // Deleting cancels: the event stays visible with `show_deleted=true` (status "cancelled").
  if (!ctx.model.cancelEvent(event, hostCancellation(ctx))) {
    return conflict(`Scheduled event has already been cancelled: ${event.id}.`)
  }
  ctx.notify({ kind: "canceled", eventId: event.id })
  return noContent
}

export const getAttendee: Handler = (ctx) => {
  const event = findEvent(ctx)
  if (isResponse(event)) return event
  const attendee = event.attendees.find((a) => a.id === ctx.params[1])
  return attendee === undefined ?
    notFound(`Attendee does not exist: ${ctx.params[1]}.`) :
    json(200, Wire.attendee(event, attendee))
}
