/**
 * The `teams` endpoints.
 *
 * @since 0.2.0
 */
import { TeamList, TeamsQuery } from "../Teams.js"
import * as Endpoint from "./Endpoint.js"

/**
 * The `teams` table.
 *
 * @since 0.2.0
 */
export const teams = {
  /** `GET /scheduler/teams`. */
  list: Endpoint.get("/scheduler/teams", { query: TeamsQuery, success: TeamList, notFound: "user" })
}
