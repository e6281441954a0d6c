/**
 * The `events` endpoints (scheduled events, i.e. bookings, and their attendees).
 *
 * @since 0.2.0
 */
import { EventAttendee, EventGetQuery, EventsListQuery, EventUpdate, EventUserQuery, ScheduledEvent, ScheduledEventPage } from "../Events.js"
import * as Endpoint from "./Endpoint.js"

/**
 * The `events` table.
 *
 * @since 0.2.0
 */
export const events = {
  /** One page of `GET /scheduler/events`. */
  list: Endpoint.list("/scheduler/events", EventsListQuery, ScheduledEventPage),
  /** `GET /scheduler/events/{eventId}`. */
  get: Endpoint.get("/scheduler/events/{eventId}", { query: EventGetQuery, success: ScheduledEvent, notFound: "event" }),
  /** `PATCH /scheduler/events/{eventId}`. */
  update: Endpoint.patch("/scheduler/events/{eventId}", { body: EventUpdate, query: EventUserQuery, notFound: "event" }),
  /** `DELETE /scheduler/events/{eventId}`. */
  delete: Endpoint.del("/scheduler/events/{eventId}", { query: EventUserQuery, notFound: "event" }),
  /** `GET /scheduler/events/{eventId}/attendees/{attendeeId}`. */
  getAttendee: Endpoint.get("/scheduler/events/{eventId}/attendees/{attendeeId}", {
    success: EventAttendee,
    notFound: "attendee"
  })
}
