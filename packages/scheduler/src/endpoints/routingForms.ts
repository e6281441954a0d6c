/**
 * The routing-form endpoints.
 *
 * @since 0.2.0
 */
import { RoutingFormResponse } from "../RoutingForms.js"
import * as Endpoint from "./Endpoint.js"

/**
 * The `routingForms` table.
 *
 * @since 0.2.0
 */
export const routingForms = {
  /** `GET /scheduler/routing/forms/{formId}/response/{responseId}`. */
  getResponse: Endpoint.get("/scheduler/routing/forms/{formId}/response/{responseId}", {
    success: RoutingFormResponse,
    notFound: "routingFormResponse"
  })
}
