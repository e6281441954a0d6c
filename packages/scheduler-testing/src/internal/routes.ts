/**
 * HTTP routing of the fake: its own route table of the 21 Scheduler
 * operations (handlers in `routes/`, one module per resource group, in
 * Zoom's wire format) and the OAuth token endpoint. Handlers are
 * synchronous functions of the model; the pipeline has already
 * authenticated the request and admitted it through the account's rate
 * limit.
 *
 * @internal
 */
import * as Account from "./routes/account.js"
import * as Availability from "./routes/availability.js"
import type { Handler, Route } from "./routes/common.js"
import { route } from "./routes/common.js"
import * as Events from "./routes/events.js"
import * as Schedules from "./routes/schedules.js"
import type { Endpoint, OperationName } from "./types/operations.js"

/** The OAuth endpoints: every {@link Endpoint} that is not an API operation. */
export type OAuthEndpoint = Exclude<Endpoint, OperationName>

/** The OAuth endpoints by `METHOD path` (outside `/v2`). */
const OAUTH_ROUTES: Readonly<Record<string, OAuthEndpoint>> = {
  "POST /oauth/token": "oauth.token",
  "GET /oauth/authorize": "oauth.authorize"
}

export type { Handler, Route, RouteContext } from "./routes/common.js"

/** The outcome of matching a path. */
export type Match =
  | { readonly _tag: "Api"; readonly operation: OperationName; readonly params: ReadonlyArray<string>; readonly handler: Handler }
  | { readonly _tag: "OAuth"; readonly endpoint: OAuthEndpoint }
  | { readonly _tag: "Unknown" }

/**
 * The fake's route table: the 21 operations of the Scheduler spec, each
 * named here by the fake (literal paths before parameterised ones).
 */
export const ROUTES: ReadonlyArray<Route> = [
  route("GET", "/scheduler/users/{userId}", "users.get", Account.getUser),
  route("GET", "/scheduler/analytics", "analytics.report", Account.analyticsReport),
  route("GET", "/scheduler/availability", "availability.list", Availability.listAvailability),
  route("POST", "/scheduler/availability", "availability.create", Availability.createAvailability),
  route("GET", "/scheduler/availability/{availabilityId}", "availability.get", Availability.getAvailability),
  route("PATCH", "/scheduler/availability/{availabilityId}", "availability.update", Availability.updateAvailability),
  route("DELETE", "/scheduler/availability/{availabilityId}", "availability.delete", Availability.deleteAvailability),
  route("GET", "/scheduler/schedules", "schedules.list", Schedules.listSchedules),
  route("POST", "/scheduler/schedules", "schedules.create", Schedules.createSchedule),
  route("POST", "/scheduler/schedules/single_use_link", "schedules.singleUseLink", Schedules.singleUseLink),
  route("GET", "/scheduler/schedules/{scheduleId}", "schedules.get", Schedules.getSchedule),
  route("PATCH", "/scheduler/schedules/{scheduleId}", "schedules.update", Schedules.updateSchedule),
  route("DELETE", "/scheduler/schedules/{scheduleId}", "schedules.delete", Schedules.deleteSchedule),
  route("GET", "/scheduler/events", "events.list", Events.listEvents),
  route("GET", "/scheduler/events/{eventId}", "events.get", Events.getEvent),
  route("PATCH", "/scheduler/events/{eventId}", "events.update", Events.updateEvent),
  route("DELETE", "/scheduler/events/{eventId}", "events.delete", Events.deleteEvent),
  route("GET", "/scheduler/events/{eventId}/attendees/{attendeeId}", "events.getAttendee", Events.getAttendee),
  route("GET", "/scheduler/routing/forms/{formId}/response/{responseId}", "routingForms.getResponse", Account.getRoutingResponse),
  route("POST", "/scheduler/shares", "shares.create", Schedules.createShare),
  route("GET", "/scheduler/teams", "teams.list", Account.listTeams)
]

/**
 * Matches a request path: `/v2/scheduler/...` to one of the 21 operations,
 * `/oauth/...` to an OAuth endpoint. The host is ignored, so clients can
 * keep `https://api.zoom.us/v2` and `https://zoom.us/oauth/token`.
 */
export const match = (method: string, path: string): Match => {
  const normalized = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path
  if (!normalized.startsWith("/v2/")) {
    const key = `${method.toUpperCase()} ${normalized}`
    return Object.hasOwn(OAUTH_ROUTES, key) ? { _tag: "OAuth", endpoint: OAUTH_ROUTES[key] } : { _tag: "Unknown" }
  }
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