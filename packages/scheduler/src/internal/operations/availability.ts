/**
 * The `availability` operations.
 *
 * @internal
 */
import { Effect } from "effect"
import { Availability, AvailabilityInput, AvailabilityListQuery, AvailabilityPage } from "../../Availability.js"
import type { Availability as AvailabilityOps } from "../../ZoomScheduler.js"
import { encoder, type Executor, operation, pathSegment } from "../executor.js"
import { listing } from "./listing.js"

const list = operation({
  name: "availability.list",
  method: "GET",
  pathTemplate: "/scheduler/availability",
  success: AvailabilityPage,
  notFound: "user"
})
const create = operation({
  name: "availability.create",
  method: "POST",
  pathTemplate: "/scheduler/availability",
  success: Availability,
  notFound: "user"
})
const get = operation({
  name: "availability.get",
  method: "GET",
  pathTemplate: "/scheduler/availability/{availabilityId}",
  success: Availability,
  notFound: "availability"
})
const update = operation({
  name: "availability.update",
  method: "PATCH",
  pathTemplate: "/scheduler/availability/{availabilityId}",
  success: undefined,
  notFound: "availability"
})
const remove = operation({
  name: "availability.delete",
  method: "DELETE",
  pathTemplate: "/scheduler/availability/{availabilityId}",
  success: undefined,
  notFound: "availability"
})

const encodeListQuery = encoder(list.name, "query", AvailabilityListQuery)
const encodeCreate = encoder(create.name, "body", AvailabilityInput)
const encodeUpdate = encoder(update.name, "body", AvailabilityInput)

const byId = (name: string, id: string) =>
  Effect.map(pathSegment(name, "availabilityId", id), (segment) => `/scheduler/availability/${segment}`)

export const make = (exec: Executor): AvailabilityOps => {
  const validate = exec.options.validation
  const { list: listPage, pages: pageStream, stream } = listing(exec, list, "/scheduler/availability", encodeListQuery)
  return {
    list: listPage,
    pages: pageStream,
    stream,
    create: (body) =>
      exec.run(
        create,
        Effect.map(encodeCreate(body, validate), (wire) => ({
          path: "/scheduler/availability",
          urlParams: undefined,
          body: wire,
          subject: "me"
        }))
      ),
    get: (availabilityId) =>
      exec.run(
        get,
        Effect.map(byId(get.name, availabilityId), (path) => ({
          path,
          urlParams: undefined,
          body: undefined,
          subject: availabilityId
        }))
      ),
    update: (availabilityId, patch) =>
      exec.run(
        update,
        Effect.zipWith(byId(update.name, availabilityId), encodeUpdate(patch, validate), (path, wire) => ({
          path,
          urlParams: undefined,
          body: wire,
          subject: availabilityId
        }))
      ),
    delete: (availabilityId) =>
      exec.run(
        remove,
        Effect.map(byId(remove.name, availabilityId), (path) => ({
          path,
          urlParams: undefined,
          body: undefined,
          subject: availabilityId
        }))
      )
  }
}
