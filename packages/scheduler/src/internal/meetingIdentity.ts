/**
 * A Zoom meeting's identity (its number, personal meeting id and passcode),
 * which Zoom spells two ways: bare in `external_location` (`meeting_id`, …,
 * in REST answers and webhook payloads alike) and prefixed with `zoom_` in
 * the webhooks' deprecated zoom location (`zoom_meeting_data.zoom_meeting_id`, …).
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import { optionalFrom } from "./schema.js"

/** The identity's TypeScript names and wire keys, as `external_location` spells them. */
const keys = {
  meetingId: "meeting_id",
  personalMeetingId: "personal_meeting_id",
  meetingPasscode: "meeting_passcode"
} as const

type Keys = typeof keys

/**
 * The identity's optional string fields; with a `prefix` (`"zoom"`) both the
 * names and the wire keys carry it (`zoomMeetingId` from `zoom_meeting_id`).
 */
export const meetingIdentity = <const P extends "" | "zoom">(prefix: P): {
  -readonly [K in keyof Keys as P extends "" ? K : `${P}${Capitalize<K>}`]: ReturnType<
    typeof optionalFrom<typeof Schema.String, P extends "" ? Keys[K] : `${P}_${Keys[K]}`>
  >
} =>
  Object.fromEntries(
    Object.entries(keys).map(([name, key]) =>
      prefix === ""
        ? [name, optionalFrom(Schema.String, key)]
        : [`${prefix}${name.charAt(0).toUpperCase()}${name.slice(1)}`, optionalFrom(Schema.String, `${prefix}_${key}`)]
    )
  ) as never
