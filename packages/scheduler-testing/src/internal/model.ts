/**
 * The fake's state: users, availability schedules, schedules, scheduled
 * events with attendees, routing-form responses, teams, shares and
 * single-use links.
 *
 * All methods are synchronous and take the current time explicitly (it comes
 * from Effect's `Clock` in the callers), so every request mutates the model
 * atomically.
 *
 * @internal
 */
import { Random } from "./random.js"

// ---------------------------------------------------------------------------
// Wire-shaped value types (snake_case, as in the spec)
// ---------------------------------------------------------------------------

/** A daily time range `{ start: "09:00", end: "17:00" }`. */
export interface DayRange {
  readonly start?: string
  readonly end?: string
}

/** Weekly recurrence rules (`segments_recurrence`). */
export interface SegmentsRecurrence {
  readonly sun?: ReadonlyArray<DayRange>
  readonly mon?: ReadonlyArray<DayRange>
  readonly tue?: ReadonlyArray<DayRange>
  readonly wed?: ReadonlyArray<DayRange>
  readonly thu?: ReadonlyArray<DayRange>
  readonly fri?: ReadonlyArray<DayRange>
  readonly sat?: ReadonlyArray<DayRange>
}

/** A date-time interval `{ start, end }` (RFC 3339 strings). */
export interface Segment {
  readonly start?: string
  readonly end?: string
}

/** One item of a schedule's `availability_rules`. */
export interface AvailabilityRule {
  readonly availability_id?: string
  readonly email?: string
  readonly segments?: ReadonlyArray<Segment>
  readonly segments_recurrence?: SegmentsRecurrence
  readonly time_zone?: string
  readonly use_custom?: boolean
}

/** One custom booking question of a schedule. */
export interface CustomField {
  readonly custom_field_id?: string
  readonly enabled: boolean
  readonly format: "text" | "string" | "phone_number" | "choices_one" | "choices_many" | "select"
  readonly include_other: boolean
  readonly name: string
  readonly position: number
  readonly required: boolean
  readonly answer_choices?: ReadonlyArray<string>
}

/** The writable properties of a schedule, as stored (snake_case). */
export interface ScheduleFields {
  readonly add_on_type?: "zoomMeeting" | "zoomPhone" | "offline"
  readonly availability_override?: boolean
  readonly availability_rules?: ReadonlyArray<AvailabilityRule>
  readonly booking_limit?: number
  readonly buffer?: { readonly after?: number; readonly before?: number }
  readonly capacity?: number
  readonly color?: string
  readonly cushion?: number
  readonly custom_fields?: ReadonlyArray<CustomField>
  readonly description?: string
  readonly duration?: number
  readonly end_date?: string
  readonly segments?: ReadonlyArray<Segment>
  readonly segments_recurrence?: SegmentsRecurrence
  readonly time_zone?: string
  readonly location?: string
  readonly interval_type?: "unlimited" | "fixed"
  readonly secret?: boolean
  readonly slug?: string
  readonly start_date?: string
  readonly start_time_increment?: number
  readonly summary?: string
  readonly schedule_type?: "one" | "multiple"
  readonly active?: boolean
}

// ---------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------

/** A Scheduler user of the fake account. */
export interface UserRecord {
  readonly id: string
  readonly email: string
  displayName: string
  readonly firstName: string
  readonly lastName: string
  readonly slug: string
  timeZone: string
  picture?: string
  logo?: string
}

/** An availability schedule. */
export interface AvailabilityRecord {
  readonly id: string
  readonly seq: number
  readonly ownerId: string
  name: string
  timeZone: string
  isDefault: boolean
  segments: ReadonlyArray<Segment>
  segmentsRecurrence: SegmentsRecurrence
  readonly createdMs: number
  updatedMs: number
}

/** A schedule (event type). */
export interface ScheduleRecord {
  readonly id: string
  readonly seq: number
  readonly ownerId: string
  fields: ScheduleFields
  status: "confirmed" | "cancelled"
  readonly createdMs: number
  updatedMs: number
  /** Cancelled through `DELETE` (or `PATCH status=cancelled`). */
  cancelledMs?: number
}

/** A custom booking answer of an attendee. */
export interface CustomValue {
  readonly name: string
  readonly position: number
  readonly values: ReadonlyArray<string>
}

/**
 * An attendee (invitee) of a scheduled event. Optional values are explicit
 * `undefined`s so that every record has the same shape (fast property access
 * over 100,000 events).
 */
export interface AttendeeRecord {
  readonly id: string
  readonly email: string
  readonly firstName: string | undefined
  readonly lastName: string | undefined
  readonly displayName: string
  readonly timeZone: string
  readonly booker: boolean
  noShow: boolean
  readonly createdMs: number
  readonly customValues: ReadonlyArray<CustomValue>
}

/** `external_location` of an online meeting. */
export interface ExternalLocation {
  readonly kind: "zoom" | "google_meet" | "microsoft_teams"
  readonly meeting_id: string
  readonly personal_meeting_id?: string
  readonly meeting_passcode: string
  readonly meeting_description: string
  readonly meeting_join_url: string
}

/** UTM tracking parameters of a booking. */
export interface TrackingParam {
  readonly key: string
  readonly label: string
  readonly value: string
}

/** Cancellation details, as sent in the `scheduler.scheduled_event_canceled` webhook. */
export interface Cancellation {
  readonly canceledBy: string
  readonly cancelerType: "host" | "invitee"
  readonly cancelMs: number
  readonly reason?: string
}

/**
 * A scheduled event (a booking of a schedule). Optional values are explicit
 * `undefined`s so that every record has the same shape.
 */
export interface EventRecord {
  readonly id: string
  readonly scheduleId: string
  readonly hostId: string
  readonly startMs: number
  readonly endMs: number
  readonly summary: string
  readonly description: string | undefined
  readonly location: string | undefined
  status: "confirmed" | "cancelled"
  readonly eventType: "default" | "pending"
  meetingNotes: string | undefined
  readonly guests: Array<string>
  readonly attendees: Array<AttendeeRecord>
  readonly externalLocation: ExternalLocation | undefined
  readonly trackingParams: ReadonlyArray<TrackingParam> | undefined
  readonly createdMs: number
  updatedMs: number
  cancellation: Cancellation | undefined
}

/** A team of Scheduler users. */
export interface TeamRecord {
  readonly id: string
  readonly ownerId: string
  readonly name: string
  readonly slug: string
  readonly timezone: string
  readonly memberIds: Array<string>
}

/** A question and its answers in a routing-form response. */
export interface QuestionAndAnswers {
  readonly question_id: string
  readonly question_content: string
  readonly answers: ReadonlyArray<string>
}

/** A routing-form response. */
export interface RoutingResponseRecord {
  readonly formId: string
  readonly responseId: string
  readonly booked: boolean
  readonly bookingLink?: string
  readonly createdMs: number
  readonly creatorEmail: string
  readonly questionsAndAnswers: ReadonlyArray<QuestionAndAnswers>
  readonly resultType: "event" | "text" | "url"
  readonly resultValue: string
}

/** A "customize once and share" link. */
export interface ShareRecord {
  readonly id: string
  readonly scheduleId: string
  readonly schedulingUrl: string
  readonly settings: Readonly<Record<string, unknown>>
  readonly createdMs: number
}

/** A single-use scheduling link. */
export interface SingleUseLinkRecord {
  readonly id: string
  readonly scheduleId: string
  readonly teamId?: string
  readonly schedulingUrl: string
  readonly createdMs: number
}

// ---------------------------------------------------------------------------
// Sorted event storage
// ---------------------------------------------------------------------------

/** Orders events by start time, then id (the default `order_by=startTime`). */
export const compareByStart = (a: EventRecord, b: EventRecord): number =>
  a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Orders events by last update, then id (`order_by=updated`). */
export const compareByUpdated = (a: EventRecord, b: EventRecord): number =>
  a.updatedMs - b.updatedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Index of the first element of a sorted array for which `isAfter` holds. */
export const lowerBound = <A>(items: ReadonlyArray<A>, isAfter: (a: A) => boolean): number => {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (isAfter(items[mid])) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * Events kept pre-sorted by start time (the default order), with an index by
 * id and a lazily rebuilt order by update time, so listing pages never sorts
 * the whole set.
 */
export class EventStore {
  private readonly byId = new Map<string, EventRecord>()
  private sorted: Array<EventRecord> = []
  private byUpdated: { readonly version: number; readonly items: ReadonlyArray<EventRecord> } | undefined
  private version = 0

  get size(): number {
    return this.sorted.length
  }

  get(id: string): EventRecord | undefined {
    return this.byId.get(id)
  }

  /** All events by start time (read-only view). */
  get byStart(): ReadonlyArray<EventRecord> {
    return this.sorted
  }

  /** All events by update time (rebuilt after changes, cached otherwise). */
  get byUpdateTime(): ReadonlyArray<EventRecord> {
    if (this.byUpdated === undefined || this.byUpdated.version !== this.version) {
      this.byUpdated = { version: this.version, items: [...this.sorted].sort(compareByUpdated) }
    }
    return this.byUpdated.items
  }

  insert(event: EventRecord): void {
    this.byId.set(event.id, event)
    const at = lowerBound(this.sorted, (e) => compareByStart(e, event) > 0)
    this.sorted.splice(at, 0, event)
    this.version++
  }

  /** Adds many events at once (one sort), used by the seed generator. */
  insertMany(events: ReadonlyArray<EventRecord>): void {
    for (const e of events) this.byId.set(e.id, e)
    this.sorted = this.sorted.concat(events).sort(compareByStart)
    this.version++
  }

  /** Marks an event as changed (its update time moved). */
  touched(): void {
    this.version++
  }
}

// ---------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------

/** The public Zoom Scheduler host used in generated URLs. */
export const SCHEDULER_HOST = "https://scheduler.zoom.us"

/** Turns a summary into a URL slug. */
export const slugify = (text: string): string => {
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60)
  return slug.length >= 3 ? slug : `${slug}${slug.length === 0 ? "" : "-"}meeting`
}

/** The whole state of one fake Zoom account. */
export class Model {
  readonly users = new Map<string, UserRecord>()
  private readonly userOrder: Array<string> = []
  readonly availability: Array<AvailabilityRecord> = []
  readonly availabilityById = new Map<string, AvailabilityRecord>()
  readonly schedules: Array<ScheduleRecord> = []
  readonly schedulesById = new Map<string, ScheduleRecord>()
  readonly events = new EventStore()
  readonly teams: Array<TeamRecord> = []
  readonly routingResponses = new Map<string, RoutingResponseRecord>()
  readonly shares: Array<ShareRecord> = []
  readonly singleUseLinks: Array<SingleUseLinkRecord> = []
  private seqCounter = 0

  constructor(readonly accountId: string, readonly random: Random) {}

  nextSeq(): number {
    return ++this.seqCounter
  }

  // --- users ---------------------------------------------------------------

  /** The account owner: the user behind "me" unless a token says otherwise. */
  get defaultUser(): UserRecord {
    return this.users.get(this.userOrder[0])!
  }

  get userIds(): ReadonlyArray<string> {
    return this.userOrder
  }

  addUser(user: UserRecord): UserRecord {
    if (!this.users.has(user.id)) this.userOrder.push(user.id)
    this.users.set(user.id, user)
    return user
  }

  /** Finds a user by id or email (case-insensitive email). */
  findUser(idOrEmail: string): UserRecord | undefined {
    const byId = this.users.get(idOrEmail)
    if (byId !== undefined) return byId
    const lower = idOrEmail.toLowerCase()
    for (const user of this.users.values()) if (user.email.toLowerCase() === lower) return user
    return undefined
  }

  // --- availability --------------------------------------------------------

  addAvailability(record: AvailabilityRecord): AvailabilityRecord {
    if (record.isDefault) {
      for (const other of this.availability) if (other.ownerId === record.ownerId) other.isDefault = false
    }
    this.availability.push(record)
    this.availabilityById.set(record.id, record)
    return record
  }

  setDefaultAvailability(record: AvailabilityRecord): void {
    for (const other of this.availability) if (other.ownerId === record.ownerId) other.isDefault = other === record
  }

  removeAvailability(id: string): boolean {
    const record = this.availabilityById.get(id)
    if (record === undefined) return false
    this.availabilityById.delete(id)
    this.availability.splice(this.availability.indexOf(record), 1)
    return true
  }

  // --- schedules -----------------------------------------------------------

  addSchedule(record: ScheduleRecord): ScheduleRecord {
    this.schedules.push(record)
    this.schedulesById.set(record.id, record)
    return record
  }

  /** The public booking URL of a schedule. */
  schedulingUrl(schedule: ScheduleRecord): string {
    const owner = this.users.get(schedule.ownerId)
    return `${SCHEDULER_HOST}/${owner?.slug ?? "user"}/${schedule.fields.slug ?? schedule.id}`
  }

  // --- events --------------------------------------------------------------

  /** Non-cancelled events of a schedule starting at `startMs`. */
  eventsAt(scheduleId: string, startMs: number): Array<EventRecord> {
    const items = this.events.byStart
    const out: Array<EventRecord> = []
    for (let i = lowerBound(items, (e) => e.startMs >= startMs); i < items.length && items[i].startMs === startMs; i++) {
      const e = items[i]
      if (e.scheduleId === scheduleId && e.status !== "cancelled") out.push(e)
    }
    return out
  }

  /** Marks an event cancelled; returns `false` if it already was. */
  cancelEvent(event: EventRecord, cancellation: Cancellation): boolean {
    if (event.status === "cancelled") return false
    event.status = "cancelled"
    event.cancellation = cancellation
    event.updatedMs = cancellation.cancelMs
    this.events.touched()
    return true
  }

  // --- teams / routing -----------------------------------------------------

  findTeam(id: string): TeamRecord | undefined {
    return this.teams.find((t) => t.id === id)
  }

  addRoutingResponse(record: RoutingResponseRecord): void {
    this.routingResponses.set(`${record.formId}/${record.responseId}`, record)
  }

  getRoutingResponse(formId: string, responseId: string): RoutingResponseRecord | undefined {
    return this.routingResponses.get(`${formId}/${responseId}`)
  }
}
