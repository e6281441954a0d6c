/**
 * The `shares` operations.
 *
 * @internal
 */
import { Effect } from "effect"
import { Share, ShareInput } from "../../Shares.js"
import type { Shares } from "../../ZoomScheduler.js"
import { encoder, type Executor, operation } from "../executor.js"

const create = operation({
  name: "shares.create",
  method: "POST",
  pathTemplate: "/scheduler/shares",
  success: Share,
  notFound: "schedule"
})
const encodeBody = encoder(create.name, "body", ShareInput)

export const make = (exec: Executor): Shares => ({
  create: (body) =>
    exec.run(
      create,
      Effect.map(encodeBody(body, exec.options.validation), (wire) => ({
        path: "/scheduler/shares",
        urlParams: undefined,
        body: wire,
        subject: body.scheduleId
      }))
    )
})
