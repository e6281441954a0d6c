/**
 * The `schedules` operations.
 *
 * @internal
 */
import { Effect } from "effect"
import {
  Schedule,
  ScheduleCreate,
  SchedulePage,
  SchedulesListQuery,
  ScheduleUpdate,
  ScheduleUserQuery,
  SingleUseLink,
  SingleUseLinkInput,
  SingleUseLinkQuery
} from "../../Schedules.js"
import type { Schedules } from "../../ZoomScheduler.js"
import { encoder, type Executor, operation, pathSegment } from "../executor.js"
import { listing } from "./listing.js"

const list = operation({
  name: "schedules.list",
  method: "GET",
  pathTemplate: "/scheduler/schedules",
  success: SchedulePage,
  notFound: "user"
})
const create = operation({
  name: "schedules.create",
  method: "POST",
  pathTemplate: "/scheduler/schedules",
  success: Schedule,
  notFound: "user"
})
const get = operation({
  name: "schedules.get",
  method: "GET",
  pathTemplate: "/scheduler/schedules/{scheduleId}",
  success: Schedule,
  notFound: "schedule"
})
const update = operation({
  name: "schedules.update",
  method: "PATCH",
  pathTemplate: "/scheduler/schedules/{scheduleId}",
  success: undefined,
  notFound: "schedule"
})
const remove = operation({
  name: "schedules.delete",
  method: "DELETE",
  pathTemplate: "/scheduler/schedules/{scheduleId}",
  success: undefined,
  notFound: "schedule"
})
const singleUseLink = operation({
  name: "schedules.singleUseLink",
  method: "POST",
  pathTemplate: "/scheduler/schedules/single_use_link",
  success: SingleUseLink,
  notFound: "schedule"
})

const encodeListQuery = encoder(list.name, "query", SchedulesListQuery)
const encodeCreate = encoder(create.name, "body", ScheduleCreate)
const encodeUpdate = encoder(update.name, "body", ScheduleUpdate)
const encodeUserQuery = encoder("schedules", "query", ScheduleUserQuery)
const encodeLink = encoder(singleUseLink.name, "body", SingleUseLinkInput)
const encodeLinkQuery = encoder(singleUseLink.name, "query", SingleUseLinkQuery)

const byId = (name: string, id: string) =>
  Effect.map(pathSegment(name, "scheduleId", id), (segment) => `/scheduler/schedules/${segment}`)

export const make = (exec: Executor): Schedules => {
  const validate = exec.options.validation
  const { list: listPage, pages: pageStream, stream } = listing(exec, list, "/scheduler/schedules", encodeListQuery)
  return {
    list: listPage,
    pages: pageStream,
    stream,
    create: (body, options = {}) =>
      exec.run(
        create,
        Effect.zipWith(encodeCreate(body, validate), encodeUserQuery(options, validate), (wire, urlParams) => ({
          path: "/scheduler/schedules",
          urlParams,
          body: wire,
          subject: options.userId ?? "me"
        }))
      ),
    get: (scheduleId, options = {}) =>
      exec.run(
        get,
        Effect.zipWith(byId(get.name, scheduleId), encodeUserQuery(options, validate), (path, urlParams) => ({
          path,
          urlParams,
          body: undefined,
          subject: scheduleId
        }))
      ),
    update: (scheduleId, patch, options = {}) =>
      exec.run(
        update,
        Effect.all([byId(update.name, scheduleId), encodeUpdate(patch, validate), encodeUserQuery(options, validate)]).pipe(
          Effect.map(([path, wire, urlParams]) => ({ path, urlParams, body: wire, subject: scheduleId }))
        )
      ),
    delete: (scheduleId, options = {}) =>
      exec.run(
        remove,
        Effect.zipWith(byId(remove.name, scheduleId), encodeUserQuery(options, validate), (path, urlParams) => ({
          path,
          urlParams,
          body: undefined,
          subject: scheduleId
        }))
      ),
    singleUseLink: (body, options = {}) =>
      exec.run(
        singleUseLink,
        Effect.zipWith(encodeLink(body, validate), encodeLinkQuery(options, validate), (wire, urlParams) => ({
          path: "/scheduler/schedules/single_use_link",
          urlParams,
          body: wire,
          subject: body.scheduleId
        }))
      )
  }
}
