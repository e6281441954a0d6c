/**
 * The schedule operations (`/scheduler/schedules`), with single-use links
 * and shares, which are made from a schedule.
 *
 * @internal
 */
import { conflict, json, noContent, notFound, validationFailed } from "../http.js"
import type { ScheduleFields, ScheduleRecord } from "../model.js"
import { SCHEDULER_HOST } from "../model.js"
import { scan } from "../pagination.js"
import { scheduleDefaults } from "../seed.js"
import { parseDate } from "../time.js"
import * as V from "../validation.js"
import * as Wire from "../wire.js"
import type { Handler } from "./common.js"
import { DAY_MS, findSchedule, invalidToken, isResponse, nextToken, pageBody, readBody, resumeAt, unknownAvailability, userFromQuery } from "./common.js"

const scheduleRange = (s: ScheduleRecord): readonly [number, number] => {
  const start = (s.fields.start_date !== undefined ? parseDate(s.fields.start_date) : undefined) ?? s.createdMs
  const end = s.fields.interval_type === "fixed" && s.fields.end_date !== undefined ?
    (parseDate(s.fields.end_date) ?? Number.POSITIVE_INFINITY) + DAY_MS :
    Number.POSITIVE_INFINITY
  return [start, end]
}

export const listSchedules: Handler = (ctx) => {
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
  const start = resumeAt(ctx, q, scope, items, (s, cursor) => s.seq > cursor.key)
  if (start === undefined) return invalidToken
  const page = scan(items, start, pageSize, (s) => {
    if (s.ownerId !== user.value.id) return false
    if (!showDeleted && s.status === "cancelled") return false
    const [rangeStart, rangeEnd] = scheduleRange(s)
    // `to`: upper bound (exclusive) of the start; `from`: lower bound (exclusive) of the end.
    return (to === undefined || rangeStart < to) && (from === undefined || rangeEnd > from)
  })
  const next = nextToken(ctx, scope, page, (s) => s.seq)
  return json(200, pageBody(page.items.map((s) => Wire.schedule(ctx.model, s, ctx.viewer.id)), next))
}

export const createSchedule: Handler = (ctx) => {
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

export const getSchedule: Handler = (ctx) => {
  const record = findSchedule(ctx, ctx.params[0])
  return isResponse(record) ? record : json(200, Wire.schedule(ctx.model, record, ctx.viewer.id))
}

export const updateSchedule: Handler = (ctx) => {
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

export const deleteSchedule: Handler = (ctx) => {
  const record = findSchedule(ctx, ctx.params[0])
  if (isResponse(record)) return record
  if (record.status === "cancelled") return conflict(`Schedule has already been deleted: ${record.id}.`)
  // Deleted schedules stay visible with `show_deleted=true` (status "cancelled").
  record.status = "cancelled"
  record.cancelledMs = ctx.nowMs
  record.updatedMs = ctx.nowMs
  return noContent
}

export const singleUseLink: Handler = (ctx) => {
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

export const createShare: Handler = (ctx) => {
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
