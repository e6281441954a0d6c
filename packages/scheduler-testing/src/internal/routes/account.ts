/**
 * The account-level operations: users, analytics, teams and routing-form
 * responses.
 *
 * @internal
 */
import { report } from "../analytics.js"
import { json, notFound, validationFailed } from "../http.js"
import type { UserRecord } from "../model.js"
import * as V from "../validation.js"
import * as Wire from "../wire.js"
import type { Handler } from "./common.js"
import { DAY_MS, userFromQuery } from "./common.js"

export const getUser: Handler = (ctx) => {
  const id = ctx.params[0]
  const user = id === "me" ? ctx.viewer : ctx.model.findUser(id)
  return user === undefined ? notFound(`User does not exist: ${id}.`) : json(200, Wire.user(user))
}

export const analyticsReport: Handler = (ctx) => {
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

export const listTeams: Handler = (ctx) => {
  const q = new V.QueryReader(ctx.request.query)
  const user = userFromQuery(ctx, q)
  if (!user.ok) return user.response
  const teams = ctx.model.teams.filter((t) => t.memberIds.includes(user.value.id))
  return json(200, { teams: teams.map(Wire.team) })
}

export const getRoutingResponse: Handler = (ctx) => {
  const [formId, responseId] = ctx.params
  const response = ctx.model.getRoutingResponse(formId, responseId)
  return response === undefined ?
    notFound(`Routing form response does not exist: ${formId}/${responseId}.`) :
    json(200, Wire.routingResponse(response))
}
