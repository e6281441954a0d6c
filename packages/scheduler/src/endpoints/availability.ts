/**
 * The `availability` endpoints.
 *
 * @since 0.2.0
 */
import { Availability, AvailabilityInput, AvailabilityListQuery, AvailabilityPage } from "../Availability.js"
import * as Endpoint from "./Endpoint.js"

/**
 * The `availability` table.
 *
 * @since 0.2.0
 */
export const availability = {
  /** One page of `GET /scheduler/availability`. */
  list: Endpoint.list("/scheduler/availability", AvailabilityListQuery, AvailabilityPage),
  /** `POST /scheduler/availability`. */
  create: Endpoint.post("/scheduler/availability", { body: AvailabilityInput, success: Availability, notFound: "user" }),
  /** `GET /scheduler/availability/{availabilityId}`. */
  get: Endpoint.get("/scheduler/availability/{availabilityId}", { success: Availability, notFound: "availability" }),
  /** `PATCH /scheduler/availability/{availabilityId}`. */
  update: Endpoint.patch("/scheduler/availability/{availabilityId}", { body: AvailabilityInput, notFound: "availability" }),
  /** `DELETE /scheduler/availability/{availabilityId}`. */
  delete: Endpoint.del("/scheduler/availability/{availabilityId}", { notFound: "availability" })
}
