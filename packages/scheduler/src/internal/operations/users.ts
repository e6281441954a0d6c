/**
 * The `users` operations.
 *
 * @internal
 */
import { Effect } from "effect"
import { User } from "../../Users.js"
import type { Users } from "../../ZoomScheduler.js"
import { type Executor, operation, pathSegment } from "../executor.js"

const get = operation({
  name: "users.get",
  method: "GET",
  pathTemplate: "/scheduler/users/{userId}",
  success: User,
  notFound: "user"
})

export const make = (exec: Executor): Users => ({
  get: (userId) =>
    exec.run(
      get,
      Effect.map(pathSegment(get.name, "userId", userId), (id) => ({
        path: `/scheduler/users/${id}`,
        urlParams: undefined,
        body: undefined,
        subject: userId
      }))
    )
})
