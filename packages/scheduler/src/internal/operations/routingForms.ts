/**
 * The routing-form operations.
 *
 * @internal
 */
import { Effect } from "effect"
import { RoutingFormResponse } from "../../RoutingForms.js"
import type { RoutingForms } from "../../ZoomScheduler.js"
import { type Executor, operation, pathSegment } from "../executor.js"

const getResponse = operation({
  name: "routingForms.getResponse",
  method: "GET",
  pathTemplate: "/scheduler/routing/forms/{formId}/response/{responseId}",
  success: RoutingFormResponse,
  notFound: "routingFormResponse"
})

export const make = (exec: Executor): RoutingForms => ({
  getResponse: (formId, responseId) =>
    exec.run(
      getResponse,
      Effect.zipWith(
        pathSegment(getResponse.name, "formId", formId),
        pathSegment(getResponse.name, "responseId", responseId),
        (form, response) => ({
          path: `/scheduler/routing/forms/${form}/response/${response}`,
          urlParams: undefined,
          body: undefined,
          subject: responseId
        })
      )
    )
})
