/**
 * The availability operations (`/scheduler/availability`).
 *
 * @internal
 */
import { json, noContent, validationFailed } from "../http.js"
import type { AvailabilityRecord, SegmentsRecurrence } from "../model.js"
import { scan } from "../pagination.js"
import * as V from "../validation.js"
import * as Wire from "../wire.js"
import type { Handler } from "./common.js"
import { findAvailability, invalidToken, isResponse, nextToken, pageBody, readBody, resumeAt, userFromQuery } from "./common.js"

export const listAvailability: Handler = (ctx) => {
  const q = new V.QueryReader(ctx.request.query)
  const pageSize = q.pageSize(ctx.pageSize.default, ctx.pageSize.max)
  if (q.errors.length > 0) return validationFailed(q.errors)
  const user = userFromQuery(ctx, q)
  if (!user.ok) return user.response
  const scope = `availability|${user.value.id}`
  const items = ctx.model.availability
  const start = resumeAt(ctx, q, scope, items, (a, cursor) => a.seq > cursor.key)
  if (start === undefined) return invalidToken
  const page = scan(items, start, pageSize, (a) => a.ownerId === user.value.id)
  return json(200, pageBody(page.items.map(Wire.availability), nextToken(ctx, scope, page, (a) => a.seq)))
}

interface AvailabilityBody {
  readonly default?: boolean
  readonly name: string
  readonly time_zone: string
  readonly segments?: AvailabilityRecord["segments"]
  readonly segments_recurrence?: SegmentsRecurrence
}

export const createAvailability: Handler = (ctx) => {
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

export const getAvailability: Handler = (ctx) => {
  const record = findAvailability(ctx)
  return isResponse(record) ? record : json(200, Wire.availability(record))
}

export const updateAvailability: Handler = (ctx) => {
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

export const deleteAvailability: Handler = (ctx) => {
  const record = findAvailability(ctx)
  if (isResponse(record)) return record
  ctx.model.removeAvailability(record.id)
  return noContent
}
