/**
 * Spec-shaped Zoom Scheduler payloads for the benchmark server, generated
 * once, deterministically, and serialised once.
 *
 * Field names, nesting and value formats follow Zoom's Scheduler OpenAPI
 * spec: `GET /scheduler/users/{userId}` and the item schema of
 * `GET /scheduler/events` (every property of an event, its attendees, its
 * `external_location` and its `tracking_params`). Values respect the spec's
 * `maxLength`s and enums.
 */
import { DISPLAY_NAME } from "./constants.js"

/** The user profile served by `GET /scheduler/users/{userId}`. */
export const user = {
  slug: "zoom_us",
  scheduling_url: "https://scheduler.zoom.us/zoom_us",
  display_name: DISPLAY_NAME,
  picture: "https://example.zoom.us/p/abcdefghijklmnop/picture.jpg",
  logo: "https://example.zoom.us/l/abcdefghijklmnop/logo.png",
  time_zone: "America/New_York"
} as const

/** A small deterministic PRNG (mulberry32), so every run serves the same bytes. */
const prng = (seed: number) => {
  let a = seed >>> 0
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
const firstNames = ["green", "bob", "alice", "maria", "chen", "fatima", "olivier", "kenji", "amara", "lukas"]
const lastNames = ["tom", "smith", "garcia", "wang", "khan", "dupont", "sato", "okafor", "muller", "rossi"]
const zones = ["Asia/Shanghai", "America/New_York", "Europe/Paris", "UTC", "Asia/Tokyo", "America/Los_Angeles"]

/** The JSON shape of one scheduled event, as Zoom sends it. */
export interface WireEvent {
  readonly event_id: string
  readonly schedule_id: string
  readonly attendees: ReadonlyArray<Record<string, string | boolean>>
  readonly description: string
  readonly end_date_time: string
  readonly guests: ReadonlyArray<string>
  readonly location: string
  readonly start_date_time: string
  readonly status: "confirmed" | "cancelled"
  readonly summary: string
  readonly updated: string
  readonly meeting_notes: string
  readonly event_type: "default" | "pending"
  readonly external_location: Record<string, string>
  readonly tracking_params: ReadonlyArray<Record<string, string>>
}

/** `count` distinct, spec-shaped events (ids and times differ, the rest is drawn from small pools). */
export const makeEvents = (count: number, seed = 20231221): ReadonlyArray<WireEvent> => {
  const random = prng(seed)
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(random() * xs.length)] as A
  const id = (length: number) => Array.from({ length }, () => pick([...alphabet])).join("")
  const digits = (length: number) => Array.from({ length }, () => String(Math.floor(random() * 10))).join("")
  const base = Date.UTC(2025, 0, 6, 14, 0, 0)
  return Array.from({ length: count }, (_, i): WireEvent => {
    const start = new Date(base + i * 45 * 60_000)
    const end = new Date(start.getTime() + 30 * 60_000)
    const iso = (d: Date) => d.toISOString().replace(".000Z", "Z")
    const attendees = Array.from({ length: 1 + (i % 2) }, (_, j) => {
      const first = pick(firstNames)
      const last = pick(lastNames)
      return {
        booker: j === 0,
        created: new Date(start.getTime() - 86_400_000 + j * 1000).toISOString(),
        display_name: `${first} ${last}`,
        email: `${first}.${last}${i}@example.com`,
        first_name: first,
        attendee_id: id(26),
        last_name: last,
        time_zone: pick(zones),
        no_show: false
      }
    })
    const meetingId = digits(11)
    return {
      event_id: id(26),
      schedule_id: `${id(26)}_${iso(start).replace(/[-:]/g, "")}`,
      attendees,
      description: "15 Minute Meeting: a short call to go over the agenda and next steps.",
      end_date_time: iso(end),
      guests: i % 3 === 0 ? [`guest${i}@example.com`] : [],
      location: "AAA office, 55 Almaden Blvd, San Jose",
      start_date_time: iso(start),
      status: i % 10 === 9 ? "cancelled" : "confirmed",
      summary: "daily meeting",
      updated: new Date(start.getTime() - 3_600_000).toISOString(),
      meeting_notes: "meeting notes",
      event_type: i % 7 === 6 ? "pending" : "default",
      external_location: {
        kind: "zoom",
        meeting_id: meetingId,
        personal_meeting_id: digits(11),
        meeting_passcode: digits(6),
        meeting_description: "Invite you to meeting",
        meeting_join_url: `https://zoom.us/j/${meetingId}`
      },
      tracking_params: [
        { key: "utm_source", label: "UTM_Source", value: "newsletter" },
        { key: "utm_campaign", label: "UTM_Campaign", value: `spring-${i % 5}` }
      ]
    }
  })
}

/**
 * Pre-serialised list bodies: the `items` array of the first `n` events, for
 * every `n` up to the page size, built from one serialisation per event.
 */
export const makeItemsJson = (events: ReadonlyArray<WireEvent>): (n: number) => Buffer => {
  const serialised = events.map((event) => JSON.stringify(event))
  const cache = new Map<number, Buffer>()
  return (n) => {
    let body = cache.get(n)
    if (body === undefined) {
      body = Buffer.from(`"items":[${serialised.slice(0, n).join(",")}]}`)
      cache.set(n, body)
    }
    return body
  }
}
