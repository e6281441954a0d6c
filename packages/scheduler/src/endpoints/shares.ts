/**
 * The `shares` endpoints.
 *
 * @since 0.2.0
 */
import { Share, ShareInput } from "../Shares.js"
import * as Endpoint from "./Endpoint.js"

/**
 * The `shares` table.
 *
 * @since 0.2.0
 */
export const shares = {
  /** `POST /scheduler/shares`. */
  create: Endpoint.post("/scheduler/shares", {
    body: ShareInput,
    success: Share,
    notFound: "schedule",
    subject: ({ body }) => body.scheduleId
  })
}
