/**
 * Property tests: every response and request schema round-trips through its
 * wire form (and through JSON text), for values generated from the schemas
 * themselves.
 */
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, FastCheck as fc, Schema } from "effect"
import { Events } from "@effect-zoom/scheduler"
import { requestSchemas, responseSchemas } from "./support/schemaLists.js"

const schemas = [...responseSchemas, ...requestSchemas]

/** JSON cannot carry -0, NaN or Infinity; the generated values must not either, for the text round trip. */
const jsonSafe = (value: unknown): boolean => {
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0)
  if (Array.isArray(value)) return value.every(jsonSafe)
  if (value !== null && typeof value === "object") return Object.values(value).every(jsonSafe)
  return value !== undefined
}

describe("schemas round-trip", () => {
  for (const [name, schema] of schemas) {
    it(`${name}: decode(encode(x)) equals x, also through JSON text`, () => {
      const arbitrary = Arbitrary.make(schema)
      const encode = Schema.encodeSync(schema)
      const decode = Schema.decodeUnknownSync(schema)
      fc.assert(
        fc.property(arbitrary, (value) => {
          const wire = encode(value)
          expect(decode(wire)).toEqual(value)
          if (jsonSafe(wire)) expect(decode(JSON.parse(JSON.stringify(wire)))).toEqual(value)
        }),
        { numRuns: 30 }
      )
    })
  }

  it("the wire form of a camelCase field is its snake_case name", () => {
    const wire = Schema.encodeSync(Events.ScheduledEvent)(
      new Events.ScheduledEvent({ eventId: "e", startDateTime: "t", meetingNotes: "n", externalLocation: { meetingJoinUrl: "u" } })
    )
    expect(wire).toEqual({ event_id: "e", start_date_time: "t", meeting_notes: "n", external_location: { meeting_join_url: "u" } })
  })
})
