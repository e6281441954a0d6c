/**
 * A minimal, hand-written `paths` type for `openapi-fetch`, in the shape
 * `openapi-typescript` generates, covering only the two endpoints the
 * benchmark calls. Nothing here exists at runtime: `openapi-fetch` does not
 * validate answers.
 */

/** One attendee of an event, as on the wire. */
interface WireAttendee {
  booker?: boolean
  created?: string
  display_name?: string
  email?: string
  first_name?: string
  attendee_id?: string
  last_name?: string
  time_zone?: string
  no_show?: boolean
}

/** One scheduled event, as on the wire. */
export interface WireEvent {
  event_id?: string
  schedule_id?: string
  attendees?: Array<WireAttendee>
  description?: string
  end_date_time?: string
  guests?: Array<string>
  location?: string
  start_date_time?: string
  /** @enum {string} */
  status?: "confirmed" | "cancelled"
  summary?: string
  updated?: string
  meeting_notes?: string
  /** @enum {string} */
  event_type?: "default" | "pending"
  external_location?: {
    kind?: string
    meeting_id?: string
    personal_meeting_id?: string
    meeting_passcode?: string
    meeting_description?: string
    meeting_join_url?: string
  }
  tracking_params?: Array<{ key?: string; label?: string; value?: string }>
}

export interface paths {
  "/scheduler/users/{userId}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never }
    get: {
      parameters: { query?: never; header?: never; path: { userId: string }; cookie?: never }
      requestBody?: never
      responses: {
        200: {
          headers: { [name: string]: unknown }
          content: {
            "application/json": {
              slug?: string
              scheduling_url?: string
              display_name?: string
              picture?: string
              logo?: string
              time_zone?: string
            }
          }
        }
      }
    }
  }
  "/scheduler/events": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never }
    get: {
      parameters: {
        query?: {
          to?: string
          from?: string
          page_size?: number
          order_by?: string
          time_zone?: string
          next_page_token?: string
          show_deleted?: boolean
          event_type?: "pending"
          user_id?: string
          search?: string
          team_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        200: {
          headers: { [name: string]: unknown }
          content: { "application/json": { next_page_token?: string; items?: Array<WireEvent> } }
        }
      }
    }
  }
}
