/**
 * The `analytics` endpoints.
 *
 * @since 0.2.0
 */
import { AnalyticsQuery, AnalyticsReport } from "../Analytics.js"
import * as Endpoint from "./Endpoint.js"

/**
 * The `analytics` table.
 *
 * @since 0.2.0
 */
export const analytics = {
  /** `GET /scheduler/analytics`. */
  report: Endpoint.get("/scheduler/analytics", { query: AnalyticsQuery, success: AnalyticsReport, notFound: "user" })
}
