/**
 * The formats of `events export`, each as a header, a per-page body and a
 * footer, so a page is rendered, written and dropped before the next one
 * arrives:
 *
 * - `ndjson`: one event per line, Zoom's wire JSON (snake_case);
 * - `csv`: RFC 4180, one row per event, fixed columns ({@link CSV_COLUMNS});
 * - `json`: one JSON array, streamed element by element.
 *
 * @internal
 */
import { Schema } from "effect"
import { Events } from "@effect-zoom/scheduler"

/** The export formats. */
export const formats = ["ndjson", "csv", "json"] as const

/** An export format. */
export type Format = typeof formats[number]

/** The wire form of an event, as Zoom sends it. */
export const toWire: (event: Events.ScheduledEvent) => unknown = Schema.encodeSync(Events.ScheduledEvent)

/** The CSV columns, in order. */
export const CSV_COLUMNS = [
  "event_id",
  "schedule_id",
  "status",
  "event_type",
  "start_date_time",
  "end_date_time",
  "summary",
  "attendee_emails",
  "attendee_names",
  "guests",
  "location",
  "updated"
] as const

const csvField = (value: string | undefined): string =>
  value === undefined ? "" : /[",\r\n]/.test(value) ? `"${value.replace(/"/g, "\"\"")}"` : value

const csvRow = (e: Events.ScheduledEvent): string =>
  [
    e.eventId,
    e.scheduleId,
    e.status,
    e.eventType,
    e.startDateTime,
    e.endDateTime,
    e.summary,
    e.attendees?.map((a) => a.email ?? "").join("; "),
    e.attendees?.map((a) => a.displayName ?? "").join("; "),
    e.guests?.join("; "),
    e.location,
    e.updated
  ].map(csvField).join(",")

/** How a format renders the start, each page and the end of an export. */
export interface Renderer {
  readonly header: string
  /** Renders a page; `first` is whether any item was rendered before it. */
  readonly page: (events: ReadonlyArray<Events.ScheduledEvent>, first: boolean) => string
  readonly footer: (count: number) => string
}

/** The renderer of a format. */
export const renderer = (format: Format): Renderer => {
  switch (format) {
    case "ndjson":
      return {
        header: "",
        page: (events) => events.map((e) => `${JSON.stringify(toWire(e))}\n`).join(""),
        footer: () => ""
      }
    case "csv":
      return {
        header: `${CSV_COLUMNS.join(",")}\r\n`,
        page: (events) => events.map((e) => `${csvRow(e)}\r\n`).join(""),
        footer: () => ""
      }
    case "json":
      return {
        header: "[",
        page: (events, first) =>
          events.map((e, i) => `${first && i === 0 ? "\n" : ",\n"}${JSON.stringify(toWire(e))}`).join(""),
        footer: (count) => (count === 0 ? "]\n" : "\n]\n")
      }
  }
}
