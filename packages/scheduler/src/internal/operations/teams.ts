/**
 * The `teams` operations.
 *
 * @internal
 */
import { Effect } from "effect"
import { TeamList, TeamsQuery } from "../../Teams.js"
import type { Teams } from "../../ZoomScheduler.js"
import { encoder, type Executor, operation } from "../executor.js"

const list = operation({
  name: "teams.list",
  method: "GET",
  pathTemplate: "/scheduler/teams",
  success: TeamList,
  notFound: "user"
})
const encodeQuery = encoder(list.name, "query", TeamsQuery)

export const make = (exec: Executor): Teams => ({
  list: (query = {}) =>
    exec.run(
      list,
      Effect.map(encodeQuery(query, exec.options.validation), (urlParams) => ({
        path: "/scheduler/teams",
        urlParams,
        body: undefined,
        subject: query.userId ?? "me"
      }))
    )
})
