/**
 * The client is derived from the endpoint tables: its method names, their
 * arguments (path parameters, body, optional query) and the paths they send.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { ZoomScheduler } from "@effect-zoom/scheduler"
import type * as Endpoint from "../src/endpoints/Endpoint.js"
import { endpoints } from "../src/endpoints/index.js"
import { calls } from "./support/calls.js"
import { clientLayer, noContent, recorder } from "./support/recordingHttp.js"

type Params<F> = F extends (...args: infer A) => unknown ? A : never

describe("endpoint tables", () => {
  it("the client's methods are the tables' entries, with stream and pages after each paginated list", () => {
    expect(ZoomScheduler.operations).toEqual({
      users: ["get"],
      analytics: ["report"],
      availability: ["list", "stream", "pages", "create", "get", "update", "delete"],
      schedules: ["list", "stream", "pages", "create", "get", "update", "delete", "singleUseLink"],
      events: ["list", "stream", "pages", "get", "update", "delete", "getAttendee"],
      routingForms: ["getResponse"],
      shares: ["create"],
      teams: ["list"]
    })
    const entries = Object.values(endpoints).flatMap((table) => Object.values(table as Record<string, Endpoint.Any>))
    expect(entries).toHaveLength(21)
    expect(calls.map((c) => c.name).sort()).toEqual(
      Object.entries(endpoints).flatMap(([g, t]) => Object.keys(t).map((k) => `${g}.${k}`)).sort()
    )
  })

  it("arguments are derived: path parameters, then the body, then the optional query", () => {
    const attendee: Params<ZoomScheduler.Events["getAttendee"]> extends [string, string] ? true : false = true
    const update: Params<ZoomScheduler.Schedules["update"]>["length"] extends 2 | 3 ? true : false = true
    const list: Params<ZoomScheduler.Events["list"]>["length"] extends 0 | 1 ? true : false = true
    const share: Params<ZoomScheduler.Shares["create"]>["length"] extends 1 ? true : false = true
    expect([attendee, update, list, share]).toEqual([true, true, true, true])
  })

  it.effect("every path parameter is percent-encoded into the template, none can change the path", () =>
    Effect.gen(function*() {
      const rec = recorder(() => noContent())
      const zoom = yield* ZoomScheduler.ZoomScheduler.pipe(Effect.provide(clientLayer(rec)))
      yield* Effect.either(zoom.events.getAttendee("e/1?x", "a#2 %"))
      expect(rec.requests[0]!.url.pathname).toBe("/v2/scheduler/events/e%2F1%3Fx/attendees/a%232%20%25")
      for (const bad of ["", ".", ".."]) {
        const e = yield* Effect.flip(zoom.routingForms.getResponse("f", bad))
        expect([e._tag, e.message]).toEqual(["ValidationError", "routingForms.getResponse: invalid responseId"])
      }
      expect(rec.requests).toHaveLength(1)
    }))
})
