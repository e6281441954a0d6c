/**
 * The `schedules` endpoints.
 *
 * @since 0.2.0
 */
import { Schedule, ScheduleCreate, SchedulePage, SchedulesListQuery, ScheduleUpdate, ScheduleUserQuery, SingleUseLink, SingleUseLinkInput, SingleUseLinkQuery } from "../Schedules.js"
import * as Endpoint from "./Endpoint.js"

/**
 * The `schedules` table.
 *
 * @since 0.2.0
 */
export const schedules = {
  /** One page of `GET /scheduler/schedules`. */
  list: Endpoint.list("/scheduler/schedules", SchedulesListQuery, SchedulePage),
  /** `POST /scheduler/schedules`. */
  create: Endpoint.post("/scheduler/schedules", {
    body: ScheduleCreate,
    query: ScheduleUserQuery,
    success: Schedule,
    notFound: "user"
  }),
  /** `GET /scheduler/schedules/{scheduleId}`. */
  get: Endpoint.get("/scheduler/schedules/{scheduleId}", { query: ScheduleUserQuery, success: Schedule, notFound: "schedule" }),
  /** `PATCH /scheduler/schedules/{scheduleId}`. */
  update: Endpoint.patch("/scheduler/schedules/{scheduleId}", {
    body: ScheduleUpdate,
    query: ScheduleUserQuery,
    notFound: "schedule"
  }),
  /** `DELETE /scheduler/schedules/{scheduleId}`. */
  delete: Endpoint.del("/scheduler/schedules/{scheduleId}", { query: ScheduleUserQuery, notFound: "schedule" }),
  /** `POST /scheduler/schedules/single_use_link`. */
  singleUseLink: Endpoint.post("/scheduler/schedules/single_use_link", {
    body: SingleUseLinkInput,
    query: SingleUseLinkQuery,
    success: SingleUseLink,
    notFound: "schedule",
    subject: ({ body }) => body.scheduleId
  })
}
