/**
 * The `events` operations (scheduled events and their attendees).
 *
 * @internal
 */
import { Effect } from "effect"
import {
  EventAttendee,
  EventGetQuery,
  EventsListQuery,
  EventUpdate,
  EventUserQuery,
  ScheduledEvent,
  ScheduledEventPage
} from "../../Events.js"
import type { Events } from "../../ZoomScheduler.js"
import { encoder, type Executor, operation, pathSegment } from "../executor.js"
import { listing } from "./listing.js"

const list = operation({
  name: "events.list",
  method: "GET",
  pathTemplate: "/scheduler/events",
  success: ScheduledEventPage,
  notFound: "user"
})
const get = operation({
  name: "events.get",
  method: "GET",
  pathTemplate: "/scheduler/events/{eventId}",
  success: ScheduledEvent,
  notFound: "event"
})
const update = operation({
  name: "events.update",
  method: "PATCH",
  pathTemplate: "/scheduler/events/{eventId}",
  success: undefined,
  notFound: "event"
})
const remove = operation({
  name: "events.delete",
  method: "DELETE",
  pathTemplate: "/scheduler/events/{eventId}",
  success: undefined,
  notFound: "event"
})
const getAttendee = operation({
  name: "events.getAttendee",
  method: "GET",
  pathTemplate: "/scheduler/events/{eventId}/attendees/{attendeeId}",
  success: EventAttendee,
  notFound: "attendee"
})

const encodeListQuery = encoder(list.name, "query", EventsListQuery)
const encodeGetQuery = encoder(get.name, "query", EventGetQuery)
const encodeUpdate = encoder(update.name, "body", EventUpdate)
const encodeUserQuery = encoder("events", "query", EventUserQuery)

const byId = (name: string, id: string) =>
  Effect.map(pathSegment(name, "eventId", id), (segment) => `/scheduler/events/${segment}`)

export const make = (exec: Executor): Events => {
  const validate = exec.options.validation
  const { list: listPage, pages: pageStream, stream } = listing(exec, list, "/scheduler/events", encodeListQuery)
  return {
    list: listPage,
    pages: pageStream,
    stream,
    get: (eventId, options = {}) =>
      exec.run(
        get,
        Effect.zipWith(byId(get.name, eventId), encodeGetQuery(options, validate), (path, urlParams) => ({
          path,
          urlParams,
          body: undefined,
          subject: eventId
        }))
      ),
    update: (eventId, patch, options = {}) =>
      exec.run(
        update,
        Effect.all([byId(update.name, eventId), encodeUpdate(patch, validate), encodeUserQuery(options, validate)]).pipe(
          Effect.map(([path, wire, urlParams]) => ({ path, urlParams, body: wire, subject: eventId }))
        )
      ),
    delete: (eventId, options = {}) =>
      exec.run(
        remove,
        Effect.zipWith(byId(remove.name, eventId), encodeUserQuery(options, validate), (path, urlParams) => ({
          path,
          urlParams,
          body: undefined,
          subject: eventId
        }))
      ),
    getAttendee: (eventId, attendeeId) =>
      exec.run(
        getAttendee,
        Effect.zipWith(
          pathSegment(getAttendee.name, "eventId", eventId),
          pathSegment(getAttendee.name, "attendeeId", attendeeId),
          (event, attendee) => ({
            path: `/scheduler/events/${event}/attendees/${attendee}`,
            urlParams: undefined,
            body: undefined,
            subject: attendeeId
          })
        )
      )
  }
}
