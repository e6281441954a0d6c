/**
 * Schemas of the Scheduler `users` resource.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { optional, optionalFrom } from "./internal/schema.js"

/**
 * A Zoom Scheduler user profile (`GET /scheduler/users/{userId}`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const myPage = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me")).pipe(
 *   Effect.map((user) => user.schedulingUrl)
 * )
 * ```
 *
 * @since 0.1.0
 */
export class User extends Schema.Class<User>("@effect-zoom/scheduler/User")({
  displayName: optionalFrom(Schema.String, "display_name"),
  timeZone: optionalFrom(Schema.String, "time_zone"),
  schedulingUrl: optionalFrom(Schema.String, "scheduling_url"),
  slug: optional(Schema.String),
  logo: optional(Schema.String),
  picture: optional(Schema.String)
}) {}
