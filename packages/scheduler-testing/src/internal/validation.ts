/**
 * Hand-written constraints of the Scheduler spec, checked against raw JSON.
 *
 * The fake must not share schemas with the client (it would then share its
 * bugs), so the spec's required fields, lengths, ranges, enums and types are
 * encoded here by hand, and every violation is reported the way Zoom does:
 * HTTP 400, `{ "code": 300, "message": "Validation Failed.", "errors": [{ "field", "message" }] }`.
 *
 * @internal
 */
import type { FieldError } from "./http.js"
import { isTimeOfDay, isTimeZone, parseDateTime } from "./time.js"

/** A check appends the violations of `value` (found at `path`) to `errors`. */
export type Check = (value: unknown, path: string, errors: Array<FieldError>) => void

const describe = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** String formats the spec implies (dates, times, time zones, emails). */
export type StringFormat = "date" | "date-time" | "time" | "time-zone" | "email"

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

/**
 * Whether `YYYY-MM-DD` at the start of `value` names a day that exists
 * (proleptic Gregorian calendar; `Date.parse` would roll 2024-02-31 over to
 * March 2, and `Date.UTC` reads years 0-99 as 1900-1999).
 */
const isRealDay = (value: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
  if (m === null) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  return days !== undefined && day >= 1 && day <= days
}

/** A calendar date `YYYY-MM-DD` (the spec's start/end dates). */
const isDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && isRealDay(value)

/**
 * An RFC 3339 date-time with a mandatory offset (the spec's `from` / `to` and
 * segment ends), as epoch milliseconds, or `undefined`: a real day, hours
 * 00-23, minutes and seconds 00-59, an offset up to ±23:59.
 */
const dateTimeMillis = (value: string): number | undefined =>
  isRealDay(value) ? parseDateTime(value) : undefined

const formatError = (format: StringFormat, value: string): string | undefined => {
  switch (format) {
    case "date":
      return isDate(value) ? undefined : "must be a date formatted YYYY-MM-DD"
    case "date-time":
      return dateTimeMillis(value) === undefined ?
        "must be an RFC 3339 date-time with a time zone offset, e.g. 2023-12-21T06:00:00Z" :
        undefined
    case "time":
      return isTimeOfDay(value) ? undefined : "must be a time of day formatted HH:mm"
    case "time-zone":
      return isTimeZone(value) ? undefined : "must be a valid IANA time zone, e.g. America/New_York"
    case "email":
      return EMAIL.test(value) ? undefined : "must be a valid email address"
  }
}

/** A string, with optional length bounds, enum and format. */
export const str = (options: {
  readonly minLength?: number
  readonly maxLength?: number
  readonly enum?: ReadonlyArray<string>
  readonly format?: StringFormat
} = {}): Check =>
(value, path, errors) => {
  if (typeof value !== "string") {
    errors.push({ field: path, message: `Expected a string, got ${describe(value)}.` })
    return
  }
  if (options.minLength !== undefined && value.length < options.minLength) {
    errors.push({ field: path, message: `Length must be at least ${options.minLength}.` })
  }
  if (options.maxLength !== undefined && value.length > options.maxLength) {
    errors.push({ field: path, message: `Length must be at most ${options.maxLength}.` })
  }
  if (options.enum !== undefined && !options.enum.includes(value)) {
    errors.push({ field: path, message: `Must be one of: ${options.enum.join(", ")}.` })
  }
  if (options.format !== undefined) {
    const message = formatError(options.format, value)
    if (message !== undefined) errors.push({ field: path, message: message.charAt(0).toUpperCase() + message.slice(1) + "." })
  }
}

/** A JSON number, with optional bounds (`integer` for the spec's `integer` type). */
export const num = (options: {
  readonly minimum?: number
  readonly maximum?: number
  readonly integer?: boolean
} = {}): Check =>
(value, path, errors) => {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    errors.push({ field: path, message: `Expected a number, got ${describe(value)}.` })
    return
  }
  if (options.integer === true && !Number.isInteger(value)) {
    errors.push({ field: path, message: "Must be an integer." })
  }
  if (options.minimum !== undefined && value < options.minimum) {
    errors.push({ field: path, message: `Must be greater than or equal to ${options.minimum}.` })
  }
  if (options.maximum !== undefined && value > options.maximum) {
    errors.push({ field: path, message: `Must be less than or equal to ${options.maximum}.` })
  }
}

/** A JSON boolean. */
export const bool: Check = (value, path, errors) => {
  if (typeof value !== "boolean") errors.push({ field: path, message: `Expected a boolean, got ${describe(value)}.` })
}

/** An array whose items all pass `item`. */
export const arr = (item: Check, options: { readonly minItems?: number; readonly maxItems?: number } = {}): Check =>
(value, path, errors) => {
  if (!Array.isArray(value)) {
    errors.push({ field: path, message: `Expected an array, got ${describe(value)}.` })
    return
  }
  if (options.minItems !== undefined && value.length < options.minItems) {
    errors.push({ field: path, message: `Must contain at least ${options.minItems} item(s).` })
  }
  if (options.maxItems !== undefined && value.length > options.maxItems) {
    errors.push({ field: path, message: `Must contain at most ${options.maxItems} item(s).` })
  }
  value.forEach((v, i) => item(v, `${path}[${i}]`, errors))
}

/**
 * An object with known properties (unknown and read-only properties are
 * ignored, as Zoom does) and required keys.
 */
export const obj = (
  properties: Readonly<Record<string, Check>>,
  required: ReadonlyArray<string> = []
): Check =>
(value, path, errors) => {
  if (!isRecord(value)) {
    errors.push({ field: path, message: `Expected an object, got ${describe(value)}.` })
    return
  }
  const prefix = path === "" ? "" : `${path}.`
  for (const key of required) {
    if (value[key] === undefined) errors.push({ field: `${prefix}${key}`, message: "This field is required." })
  }
  for (const key of Object.keys(properties)) {
    const v = value[key]
    if (v !== undefined) properties[key](v, `${prefix}${key}`, errors)
  }
}

/** Runs a check on a request body; returns the violations. */
export const validate = (check: Check, value: unknown): ReadonlyArray<FieldError> => {
  const errors: Array<FieldError> = []
  check(value, "", errors)
  return errors
}

// ---------------------------------------------------------------------------
// The spec's request bodies
// ---------------------------------------------------------------------------

const dayRange = obj({ start: str({ format: "time" }), end: str({ format: "time" }) })

/** `segments_recurrence`: the weekly rules, `{ sun: [{ start: "09:00", end: "17:00" }], ... }`. */
export const segmentsRecurrence = obj({
  sun: arr(dayRange),
  mon: arr(dayRange),
  tue: arr(dayRange),
  wed: arr(dayRange),
  thu: arr(dayRange),
  fri: arr(dayRange),
  sat: arr(dayRange)
})

const segment = (required: ReadonlyArray<string>) =>
  obj({ start: str({ format: "date-time" }), end: str({ format: "date-time" }) }, required)

/** Body of `POST /scheduler/availability` and `PATCH /scheduler/availability/{id}` (both require `name`, `time_zone`). */
export const availabilityBody = obj(
  {
    default: bool,
    name: str({ minLength: 1 }),
    time_zone: str({ format: "time-zone" }),
    segments: arr(segment(["end", "start"])),
    segments_recurrence: segmentsRecurrence
  },
  ["name", "time_zone"]
)

const ADD_ON_TYPES = ["zoomMeeting", "zoomPhone", "offline"] as const
const CUSTOM_FIELD_FORMATS = ["text", "string", "phone_number", "choices_one", "choices_many", "select"] as const

const availabilityRule = obj({
  availability_id: str(),
  email: str({ format: "email" }),
  segments: arr(segment([])),
  segments_recurrence: segmentsRecurrence,
  time_zone: str({ format: "time-zone" }),
  use_custom: bool
})

const customField = obj(
  {
    custom_field_id: str(),
    enabled: bool,
    format: str({ enum: CUSTOM_FIELD_FORMATS }),
    include_other: bool,
    name: str(),
    position: num(),
    required: bool,
    answer_choices: arr(str({ minLength: 1, maxLength: 8192 }), { minItems: 1, maxItems: 50 })
  },
  ["enabled", "format", "include_other", "name", "position", "required"]
)

const scheduleProperties = {
  add_on_type: str({ enum: ADD_ON_TYPES }),
  availability_override: bool,
  availability_rules: arr(availabilityRule),
  booking_limit: num({ minimum: 0, maximum: 96 }),
  buffer: obj({ after: num({ minimum: 0, maximum: 240 }), before: num({ minimum: 0, maximum: 240 }) }),
  capacity: num({ minimum: 1, maximum: 200 }),
  color: str(),
  cushion: num({ minimum: 0, maximum: 14340 }),
  custom_fields: arr(customField),
  description: str({ maxLength: 8192 }),
  duration: num({ minimum: 15, maximum: 1440 }),
  end_date: str({ format: "date" }),
  segments: arr(segment([])),
  segments_recurrence: segmentsRecurrence,
  time_zone: str({ format: "time-zone" }),
  location: str({ maxLength: 1024 }),
  interval_type: str({ enum: ["unlimited", "fixed"] }),
  secret: bool,
  slug: str({ minLength: 3, maxLength: 256 }),
  start_date: str({ format: "date" }),
  start_time_increment: num({ minimum: 5, maximum: 720 }),
  summary: str({ maxLength: 256 }),
  active: bool
} as const

/**
 * Body of `POST /scheduler/schedules`.
 *
 * The spec's `insert_schedule` body lists
 * `required: ["availability_override","availability_rules","capacity","end","start","type"]`,
 * but `end`, `start` and `type` are not properties anywhere in the spec (a
 * defect in Zoom's document; the connector's sample omits them too), so only
 * the three real properties are required here.
 */
export const insertScheduleBody = obj(
  { ...scheduleProperties, schedule_type: str({ enum: ["one", "multiple"] }) },
  ["availability_override", "availability_rules", "capacity"]
)

/** Body of `PATCH /scheduler/schedules/{id}`: every property optional, plus `status`. */
export const patchScheduleBody = obj({ ...scheduleProperties, status: str({ enum: ["confirmed", "cancelled"] }) })

/** Body of `PATCH /scheduler/events/{id}`. */
export const patchEventBody = obj({
  attendees: arr(obj({ attendee_id: str(), no_show: bool, email: str({ format: "email" }) })),
  status: str({ enum: ["confirmed", "cancelled"] }),
  meeting_notes: str({ maxLength: 1024 })
})

/** Body of `POST /scheduler/schedules/single_use_link`. */
export const singleUseLinkBody = obj({ schedule_id: str({ minLength: 1 }) }, ["schedule_id"])

/** Body of `POST /scheduler/shares`. */
export const shareBody = obj(
  {
    schedule_id: str({ minLength: 1 }),
    start_date: str({ format: "date" }),
    end_date: str({ format: "date" }),
    interval_type: str({ enum: ["unlimited", "fixed"] }),
    time_zone: str({ format: "time-zone" }),
    duration: num({ minimum: 15, maximum: 1440 }),
    segments_recurrence: segmentsRecurrence,
    segments: arr(segment([]))
  },
  ["schedule_id"]
)

// ---------------------------------------------------------------------------
// Query parameters
// ---------------------------------------------------------------------------

/** Reads and checks query parameters, collecting violations. */
export class QueryReader {
  readonly errors: Array<FieldError> = []
  constructor(private readonly query: URLSearchParams) {}

  /** An optional string (empty strings count as absent). */
  string(name: string): string | undefined {
    const value = this.query.get(name)
    return value === null || value === "" ? undefined : value
  }

  /** An optional string restricted to `values`. */
  oneOf<const A extends string>(name: string, values: ReadonlyArray<A>): A | undefined {
    const value = this.string(name)
    if (value === undefined) return undefined
    if (!(values as ReadonlyArray<string>).includes(value)) {
      this.errors.push({ field: name, message: `Must be one of: ${values.join(", ")}.` })
      return undefined
    }
    return value as A
  }

  /** An optional boolean written `true` / `false`. */
  boolean(name: string): boolean | undefined {
    const value = this.string(name)
    if (value === undefined) return undefined
    if (value === "true") return true
    if (value === "false") return false
    this.errors.push({ field: name, message: "Must be a boolean (true or false)." })
    return undefined
  }

  /** An optional RFC 3339 date-time with offset, as epoch milliseconds; present but empty is refused. */
  dateTime(name: string): number | undefined {
    // an empty value is not a date-time (the client refuses it too), unlike other empty parameters
    const value = this.query.get(name)
    if (value === null) return undefined
    const ms = dateTimeMillis(value)
    if (ms === undefined) {
      this.errors.push({
        field: name,
        message: "Must be an RFC 3339 date-time with a time zone offset, e.g. 2011-06-03T10:00:00-07:00."
      })
    }
    return ms
  }

  /** An optional IANA time zone. */
  timeZone(name: string): string | undefined {
    const value = this.string(name)
    if (value === undefined) return undefined
    if (!isTimeZone(value)) {
      this.errors.push({ field: name, message: "Must be a valid IANA time zone, e.g. America/New_York." })
      return undefined
    }
    return value
  }

  /**
   * `page_size`: a positive integer; values above `max` are clamped to `max`
   * (as Zoom does), absent means `defaultSize`.
   */
  pageSize(defaultSize: number, max: number): number {
    const value = this.query.get("page_size")
    if (value === null || value === "") return defaultSize
    if (!/^\d+$/.test(value) || Number(value) < 1) {
      this.errors.push({ field: "page_size", message: "Must be a positive integer." })
      return defaultSize
    }
    return Math.min(Number(value), max)
  }
}
