/**
 * Date and time helpers: RFC 3339 parsing, time-zone aware formatting.
 *
 * Everything takes epoch milliseconds explicitly: the current time always
 * comes from Effect's `Clock`, never from `Date.now()`.
 *
 * @internal
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/

/** Parses an RFC 3339 date-time with a mandatory offset (`Z` or `±hh:mm`). */
export const parseDateTime = (input: string): number | undefined => {
  const m = RFC3339.exec(input)
  if (m === null) return undefined
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number)
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined
  const ms = Date.parse(input)
  return Number.isNaN(ms) ? undefined : ms
}

/** Parses a calendar date `YYYY-MM-DD` to the epoch millisecond of its UTC midnight. */
export const parseDate = (input: string): number | undefined => {
  const m = DATE.exec(input)
  if (m === null) return undefined
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  const back = new Date(ms)
  if (back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) return undefined
  return ms
}

/** `true` for a wall-clock time `HH:mm` (00:00 to 24:00). */
export const isTimeOfDay = (input: string): boolean => HH_MM.test(input)

const formatters = new Map<string, Intl.DateTimeFormat>()

const formatterFor = (timeZone: string): Intl.DateTimeFormat | undefined => {
  const cached = formatters.get(timeZone)
  if (cached !== undefined) return cached
  try {
    const formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short"
    })
    formatters.set(timeZone, formatter)
    return formatter
  } catch {
    return undefined
  }
}

/** `true` for an IANA time zone name the runtime knows (e.g. `Asia/Shanghai`, `UTC`). */
export const isTimeZone = (timeZone: string): boolean => timeZone.length > 0 && formatterFor(timeZone) !== undefined

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const

/** Wall-clock fields of an instant in a time zone. */
export interface WallClock {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  /** 0 = Sunday. */
  readonly weekday: number
  /** Offset from UTC in minutes (e.g. 480 for +08:00). */
  readonly offsetMinutes: number
}

const offsets = new Map<string, Map<number, number>>()
const BUCKET_MS = 15 * 60_000

/**
 * Offset from UTC (minutes) of `timeZone` at `ms`. Zone transitions happen on
 * quarter hours, so the offset is computed once per 15-minute bucket (Intl is
 * slow) and cached.
 */
const offsetMinutes = (ms: number, timeZone: string): number => {
  let zone = offsets.get(timeZone)
  if (zone === undefined) {
    zone = new Map()
    offsets.set(timeZone, zone)
  }
  const bucket = Math.floor(ms / BUCKET_MS)
  const cached = zone.get(bucket)
  if (cached !== undefined) return cached
  const formatter = formatterFor(timeZone)
  if (formatter === undefined) throw new RangeError(`Unknown time zone: ${timeZone}`)
  const at = bucket * BUCKET_MS
  const parts: Record<string, string> = {}
  for (const part of formatter.formatToParts(new Date(at))) parts[part.type] = part.value
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second)
  )
  const offset = Math.round((asUtc - at) / 60_000)
  zone.set(bucket, offset)
  return offset
}

/** Wall-clock fields of `ms` in `timeZone` (which must be valid). */
export const wallClock = (ms: number, timeZone: string): WallClock => {
  const offset = offsetMinutes(ms, timeZone)
  const local = new Date(ms + offset * 60_000)
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay(),
    offsetMinutes: offset
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0")

/**
 * Formats an instant like Zoom's event times: `2023-12-21T08:00:00Z` in UTC,
 * or `2023-12-21T16:00:00+08:00` when a time zone is given.
 */
export const formatDateTime = (ms: number, timeZone?: string): string => {
  if (timeZone === undefined || timeZone === "UTC" || timeZone === "Etc/UTC") {
    return new Date(ms).toISOString().slice(0, 19) + "Z"
  }
  const w = wallClock(ms, timeZone)
  const sign = w.offsetMinutes < 0 ? "-" : "+"
  const abs = Math.abs(w.offsetMinutes)
  const offset = w.offsetMinutes === 0 ? "Z" : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${offset}`
}

/** Formats an instant like Zoom's `updated`/`created` fields: `2023-12-21T06:18:32.087Z`. */
export const formatTimestamp = (ms: number): string => new Date(ms).toISOString()

/** Formats the epoch millisecond of a UTC midnight as `YYYY-MM-DD`. */
export const formatDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** The next 00:00 UTC strictly after `ms`, formatted `2026-11-24T00:00:00Z`. */
export const nextUtcMidnight = (ms: number): string => {
  const d = new Date(ms)
  const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)
  return new Date(next).toISOString().slice(0, 19) + "Z"
}

/** The UTC day number of an instant (days since the epoch). */
export const utcDay = (ms: number): number => Math.floor(ms / 86_400_000)

/** Short English weekday names, index 0 = Sunday. */
export const weekdayNames = WEEKDAYS
