/**
 * The `analytics` operations.
 *
 * @internal
 */
import { Effect } from "effect"
import { AnalyticsQuery, AnalyticsReport } from "../../Analytics.js"
import type { Analytics } from "../../ZoomScheduler.js"
import { encoder, type Executor, operation } from "../executor.js"

const report = operation({
  name: "analytics.report",
  method: "GET",
  pathTemplate: "/scheduler/analytics",
  success: AnalyticsReport,
  notFound: "user"
})
const encodeQuery = encoder(report.name, "query", AnalyticsQuery)

export const make = (exec: Executor): Analytics => ({
  report: (query = {}) =>
    exec.run(
      report,
      Effect.map(encodeQuery(query, exec.options.validation), (urlParams) => ({
        path: "/scheduler/analytics",
        urlParams,
        body: undefined,
        subject: query.userId ?? "me"
      }))
    )
})
