/**
 * Schemas of the Scheduler `teams` resource.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { listOrEmpty, optional, optionalFrom, optionalInput } from "./internal/schema.js"

/**
 * A Scheduler team. (The wire name of `timeZone` is `timezone` here.)
 *
 * @since 0.1.0
 */
export class Team extends Schema.Class<Team>("@effect-zoom/scheduler/Team")({
  teamId: optionalFrom(Schema.String, "team_id"),
  ownerId: optionalFrom(Schema.String, "owner_id"),
  memberCount: optionalFrom(Schema.Number, "member_count"),
  name: optional(Schema.String),
  slug: optional(Schema.String),
  timeZone: optionalFrom(Schema.String, "timezone")
}) {}

/**
 * The teams of a user (`GET /scheduler/teams`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const teamNames = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.teams.list()).pipe(
 *   Effect.map((list) => list.teams.map((team) => team.name))
 * )
 * ```
 *
 * @since 0.1.0
 */
export class TeamList extends Schema.Class<TeamList>("@effect-zoom/scheduler/TeamList")({
  teams: listOrEmpty(Team)
}) {}

/**
 * Query of `teams.list`.
 *
 * @since 0.1.0
 */
export const TeamsQuery = Schema.Struct({
  userId: optionalInput(Schema.String, "user_id")
})

/** @since 0.1.0 */
export interface TeamsQuery extends Schema.Schema.Type<typeof TeamsQuery> {}
