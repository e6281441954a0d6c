/**
 * Dates and date-times as the Scheduler spec writes them. The spec declares
 * no `format` keyword; its descriptions and examples fix two forms:
 *
 * - date: `YYYY-MM-DD` (`start_date`, `end_date` of schedules and shares);
 * - date-time: RFC 3339 with a mandatory offset, `2024-01-01T00:00:00Z` or
 *   `2011-06-03T10:00:00-07:00`, fractions of a second allowed (`from` / `to`
 *   of analytics, events and schedules, the `start` / `end` of segments).
 *
 * Requests are checked (a `ValidationError` names the field and the form
 * expected); answers are read as the strings Zoom sends, annotated with their
 * form, never refused for it.
 *
 * @internal
 */
import type * as Arbitrary from "effect/Arbitrary"
import * as Schema from "effect/Schema"

type LazyArbitrary<A> = Arbitrary.LazyArbitrary<A>

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

const isCalendarDay = (year: number, month: number, day: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)

/** `YYYY-MM-DD`, a day that exists in the proleptic Gregorian calendar. */
export const isDate = (value: string): boolean => {
  const m = DATE.exec(value)
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))
}

/**
 * RFC 3339 `date-time` with a mandatory offset: a real day, hours 00-23,
 * minutes and seconds 00-59 (no leap second), an offset up to ±23:59.
 */
export const isDateTime = (value: string): boolean => {
  const m = DATE_TIME.exec(value)
  if (m === null || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false
  return m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59)
}

/** An example of each form, quoted in error messages. */
export const dateExample = "2024-01-01"
export const dateTimeExample = "2024-01-01T00:00:00Z"

const two = (n: number): string => String(n).padStart(2, "0")

/** Valid dates from 1970 to 2099 (day up to 28: every month has it). */
const arbitraryDate = (): LazyArbitrary<string> => (fc) =>
  fc.tuple(fc.integer({ min: 1970, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${y}-${two(m)}-${two(d)}`)

/** Valid date-times: a date, a time, `Z` or an offset. */
const arbitraryDateTime = (): LazyArbitrary<string> => (fc) =>
  fc.tuple(
    arbitraryDate()(fc),
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59 }),
    fc.constantFrom("Z", "+00:00", "-07:00", "+05:30", ".123Z")
  ).map(([date, h, m, s, zone]) => `${date}T${two(h)}:${two(m)}:${two(s)}${zone}`)

const quote = (actual: unknown): string => (typeof actual === "string" ? JSON.stringify(actual) : String(actual))

/** A request date (`YYYY-MM-DD`); `field` names it in the error message. */
export const dateInput = (field: string) =>
  Schema.String.pipe(
    Schema.filter(isDate, {
      message: (issue) => `${field} must be a date such as ${dateExample} (YYYY-MM-DD), got ${quote(issue.actual)}`,
      jsonSchema: { format: "date" },
      arbitrary: arbitraryDate
    })
  )

/** A request date-time (RFC 3339 with an offset); `field` names it in the error message. */
export const dateTimeInput = (field: string) =>
  Schema.String.pipe(
    Schema.filter(isDateTime, {
      message: (issue) =>
        `${field} must be a date-time such as ${dateTimeExample} (RFC 3339 with a time zone offset), got ${
          quote(issue.actual)
        }`,
      jsonSchema: { format: "date-time" },
      arbitrary: arbitraryDateTime
    })
  )

/** A date in an answer: read as sent, documented as `YYYY-MM-DD`. */
export const DateText = Schema.String.annotations({
  description: "a date, YYYY-MM-DD",
  jsonSchema: { format: "date" }
})

/** A date-time in an answer: read as sent, documented as RFC 3339. */
export const DateTimeText = Schema.String.annotations({
  description: "an RFC 3339 date-time",
  jsonSchema: { format: "date-time" }
})
