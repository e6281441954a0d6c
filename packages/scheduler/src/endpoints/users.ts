/**
 * The `users` endpoints.
 *
 * @since 0.2.0
 */
import { User } from "../Users.js"
import * as Endpoint from "./Endpoint.js"

/**
 * The `users` table.
 *
 * @since 0.2.0
 */
export const users = {
  /** `GET /scheduler/users/{userId}`; `"me"` is the token's user. */
  get: Endpoint.get("/scheduler/users/{userId}", { success: User, notFound: "user" })
}
