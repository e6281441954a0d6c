/**
 * The fake's operation names: the 21 Scheduler operations and the token endpoint.
 *
 * @internal
 */

/**
 * The canonical names of the 21 Scheduler operations, used for fault
 * injection, the request log and the stats.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const op: FakeZoom.OperationName = "events.list"
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export type OperationName =
  | "users.get"
  | "analytics.report"
  | "availability.list"
  | "availability.create"
  | "availability.get"
  | "availability.update"
  | "availability.delete"
  | "schedules.list"
  | "schedules.create"
  | "schedules.get"
  | "schedules.update"
  | "schedules.delete"
  | "schedules.singleUseLink"
  | "events.list"
  | "events.get"
  | "events.update"
  | "events.delete"
  | "events.getAttendee"
  | "routingForms.getResponse"
  | "shares.create"
  | "teams.list"

/**
 * Every endpoint the fake serves: the 21 operations plus the OAuth token and authorization endpoints.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * const tokenEndpoint: FakeZoom.Endpoint = "oauth.token"
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export type Endpoint = OperationName | "oauth.token" | "oauth.authorize"

/**
 * The 21 operation names, in the spec's grouping order.
 *
 * @example
 * ```ts
 * import { FakeZoom } from "@effect-zoom/scheduler-testing"
 *
 * console.log(FakeZoom.operations.length) // 21
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export const operations: ReadonlyArray<OperationName> = [
  "users.get",
  "analytics.report",
  "availability.list",
  "availability.create",
  "availability.get",
  "availability.update",
  "availability.delete",
  "schedules.list",
  "schedules.create",
  "schedules.get",
  "schedules.update",
  "schedules.delete",
  "schedules.singleUseLink",
  "events.list",
  "events.get",
  "events.update",
  "events.delete",
  "events.getAttendee",
  "routingForms.getResponse",
  "shares.create",
  "teams.list"
]
