/**
 * HTTP routing of the fake: the 21 Scheduler operations, named by the fake's
 * own route tables (one per resource group, in Zoom's wire format), and the
 * OAuth token endpoint. Handlers are synchronous functions of the model; the
 * pipeline has already authenticated the request and admitted it through
 * the account's rate limit.
 *
 * @internal
 */
import type { Handler, Route } from "./routes/common.js"
import { accountRoutes } from "./routes/account.js"
import { availabilityRoutes } from "./routes/availability.js"
import { eventRoutes } from "./routes/events.js"
import { scheduleRoutes } from "./routes/schedules.js"
import type { OperationName } from "./types/operations.js"

export type { Handler, Route, RouteContext } from "./routes/common.js"

/** The outcome of matching a path. */
export type Match =
  | { readonly _tag: "Api"; readonly operation: OperationName; readonly params: ReadonlyArray<string>; readonly handler: Handler }
  | { readonly _tag: "OAuth" }
  | { readonly _tag: "Unknown" }

/** The 21 operations of the Scheduler spec (within a group, literal paths before parameterised ones). */
export const ROUTES: ReadonlyArray<Route> = [...accountRoutes, ...availabilityRoutes, ...scheduleRoutes, ...eventRoutes]

/**
 * Matches a request path: `/v2/scheduler/...` to one of the 21 operations,
 * `/oauth/token` to the token endpoint. The host is ignored, so clients can
 * keep `https://api.zoom.us/v2` and `https://zoom.us/oauth/token`.
 */
export const match = (method: string, path: string): Match => {
  const normalized = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path
  if (normalized === "/oauth/token") return method.toUpperCase() === "POST" ? { _tag: "OAuth" } : { _tag: "Unknown" }
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