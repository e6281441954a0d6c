/**
 * Deterministic seed data: users, availability, schedules, events with
 * attendees, teams and routing-form responses, all spec-shaped. The same
 * `seed` number produces the same data (ids included).
 *
 * @internal
 */
import type { SeedAttendeeInput, SeedOptions } from "./types/seed.js"
import type {
  AttendeeRecord,
  AvailabilityRecord,
  CustomField,
  EventRecord,
  Model,
  ScheduleFields,
  ScheduleRecord,
  SegmentsRecurrence,
  UserRecord
} from "./model.js"
import { SCHEDULER_HOST, slugify } from "./model.js"
import { Random } from "./random.js"
import { formatDate, parseDate, parseDateTime } from "./time.js"

const FIRST_NAMES = [
  "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Radia", "Linus",
  "Frances", "John", "Hedy", "Tim", "Katherine", "Dennis", "Sophie", "Guido", "Annie", "Bjarne"
]
const LAST_NAMES = [
  "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Perlman", "Torvalds",
  "Allen", "McCarthy", "Lamarr", "Berners-Lee", "Johnson", "Ritchie", "Wilson", "van Rossum", "Easley", "Stroustrup"
]
const TIME_ZONES = [
  "America/New_York", "America/Los_Angeles", "America/Chicago", "Europe/London", "Europe/Berlin",
  "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney"
]
const SCHEDULE_TEMPLATES: ReadonlyArray<{
  readonly summary: string
  readonly duration: number
  readonly capacity: number
  readonly addOn: "zoomMeeting" | "zoomPhone" | "offline"
}> = [
  { summary: "30 Minute Meeting", duration: 30, capacity: 1, addOn: "zoomMeeting" },
  { summary: "Intro Call", duration: 15, capacity: 1, addOn: "zoomPhone" },
  { summary: "Product Demo", duration: 45, capacity: 1, addOn: "zoomMeeting" },
  { summary: "Office Hours", duration: 60, capacity: 10, addOn: "zoomMeeting" },
  { summary: "Coffee Chat", duration: 30, capacity: 1, addOn: "offline" },
  { summary: "Interview", duration: 60, capacity: 1, addOn: "zoomMeeting" },
  { summary: "Sales Consultation", duration: 30, capacity: 1, addOn: "zoomMeeting" },
  { summary: "Workshop", duration: 90, capacity: 25, addOn: "zoomMeeting" }
]
const MEETING_NOTES = ["Agenda shared in advance.", "Follow up with pricing.", "Send the recording.", "Bring the draft."]
const ROUTING_QUESTIONS = ["What is your email?", "How large is your team?", "Which product are you interested in?"]

/** The default anchor of generated data (events are spread around it). */
export const DEFAULT_ANCHOR = "2025-06-02T00:00:00Z"

const DAY_MS = 86_400_000
/** Mon–Fri 09:00–17:00. */
export const WORKING_HOURS: SegmentsRecurrence = {
  mon: [{ start: "09:00", end: "17:00" }],
  tue: [{ start: "09:00", end: "17:00" }],
  wed: [{ start: "09:00", end: "17:00" }],
  thu: [{ start: "09:00", end: "17:00" }],
  fri: [{ start: "09:00", end: "17:00" }]
}

/** Builds one user from a random source (names, email, slug, time zone). */
export const makeUser = (random: Random, index: number, timeZone?: string): UserRecord => {
  const firstName = FIRST_NAMES[index % FIRST_NAMES.length]
  const lastName = LAST_NAMES[(index * 7 + 3) % LAST_NAMES.length]
  const suffix = index < FIRST_NAMES.length ? "" : String(Math.floor(index / FIRST_NAMES.length))
  const handle = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, "") + suffix
  return {
    id: random.userId(),
    email: `${handle}@example.com`,
    displayName: `${firstName} ${lastName}`,
    firstName,
    lastName,
    slug: handle.replace(/\./g, "-"),
    timeZone: timeZone ?? TIME_ZONES[index % TIME_ZONES.length]
  }
}

/** Fills a schedule's fields with the defaults Zoom applies on creation. */
export const scheduleDefaults = (
  model: Model,
  owner: UserRecord,
  fields: ScheduleFields,
  nowMs: number
): ScheduleFields => {
  const summary = fields.summary ?? "New Meeting"
  const duration = fields.duration ?? 30
  let slug = fields.slug
  if (slug === undefined) {
    const base = slugify(summary)
    slug = base
    for (let n = 2; model.schedules.some((s) => s.ownerId === owner.id && s.fields.slug === slug); n++) slug = `${base}-${n}`
  }
  const rules = (fields.availability_rules ?? []).map((rule) => {
    const availability = rule.availability_id === undefined ? undefined : model.availabilityById.get(rule.availability_id)
    const availabilityOwner = availability === undefined ? owner : model.users.get(availability.ownerId) ?? owner
    return {
      ...rule,
      email: rule.email ?? availabilityOwner.email,
      time_zone: rule.time_zone ?? availability?.timeZone ?? owner.timeZone,
      use_custom: rule.use_custom ?? false
    }
  })
  const customFields: Array<CustomField> = (fields.custom_fields ?? []).map((f) => ({
    ...f,
    custom_field_id: f.custom_field_id ?? model.random.resourceId()
  }))
  return {
    add_on_type: "zoomMeeting",
    availability_override: false,
    booking_limit: 0,
    buffer: { after: 0, before: 0 },
    capacity: 1,
    color: "#0e72ed",
    cushion: 0,
    description: "",
    interval_type: "unlimited",
    secret: false,
    start_date: formatDate(Math.floor(nowMs / DAY_MS) * DAY_MS),
    start_time_increment: duration,
    schedule_type: "one",
    active: true,
    time_zone: owner.timeZone,
    ...fields,
    summary,
    duration,
    slug,
    availability_rules: rules,
    custom_fields: customFields
  }
}

const meetingLocation = (random: Random) => {
  const meetingId = random.digits(11)
  return {
    kind: "zoom" as const,
    meeting_id: meetingId,
    meeting_passcode: random.digits(6),
    meeting_description: "Invite you to meeting",
    meeting_join_url: `https://zoom.us/j/${meetingId}`
  }
}

const attendeeFrom = (
  random: Random,
  input: SeedAttendeeInput,
  booker: boolean,
  createdMs: number,
  defaultTimeZone: string
): AttendeeRecord => {
  const local = input.email.split("@")[0] ?? input.email
  const displayName = input.display_name ??
    ([input.first_name, input.last_name].filter((s) => s !== undefined).join(" ") || local)
  return {
    id: random.resourceId(),
    email: input.email,
    firstName: input.first_name,
    lastName: input.last_name,
    displayName,
    timeZone: input.time_zone ?? defaultTimeZone,
    booker,
    noShow: input.no_show ?? false,
    createdMs,
    customValues: []
  }
}

/** Builds an event record for a schedule (used by the seeder and by `book`). */
export const makeEvent = (
  model: Model,
  schedule: ScheduleRecord,
  input: {
    readonly startMs: number
    readonly status: "confirmed" | "cancelled"
    readonly eventType: "default" | "pending"
    readonly attendees: ReadonlyArray<SeedAttendeeInput>
    readonly guests: ReadonlyArray<string>
    readonly meetingNotes?: string | undefined
    readonly summary?: string | undefined
    readonly createdMs: number
    readonly customValues?: AttendeeRecord["customValues"]
    readonly trackingParams?: EventRecord["trackingParams"]
  }
): EventRecord => {
  const random = model.random
  const owner = model.users.get(schedule.ownerId)!
  const fields = schedule.fields
  const durationMs = (fields.duration ?? 30) * 60_000
  const attendees = input.attendees.map((a, i) =>
    attendeeFrom(random, a, i === 0, input.createdMs, owner.timeZone)
  )
  if (input.customValues !== undefined && attendees.length > 0) {
    attendees[0] = { ...attendees[0], customValues: input.customValues }
  }
  const event: EventRecord = {
    id: random.resourceId(),
    scheduleId: schedule.id,
    hostId: schedule.ownerId,
    startMs: input.startMs,
    endMs: input.startMs + durationMs,
    summary: input.summary ?? fields.summary ?? "Meeting",
    description: fields.description !== undefined && fields.description !== "" ? fields.description : undefined,
    location: fields.add_on_type === "offline" ? fields.location ?? "Head office" : undefined,
    status: input.status,
    eventType: input.eventType,
    meetingNotes: input.meetingNotes,
    guests: [...input.guests],
    attendees,
    externalLocation: fields.add_on_type === "zoomMeeting" || fields.add_on_type === undefined ?
      meetingLocation(random) :
      undefined,
    trackingParams: input.trackingParams,
    createdMs: input.createdMs,
    updatedMs: input.createdMs,
    cancellation: undefined
  }
  return event
}

/** Resolves the anchor date-time of generated data. */
const anchorMs = (anchor: string | undefined): number => {
  const raw = anchor ?? DEFAULT_ANCHOR
  const ms = parseDateTime(raw) ?? parseDate(raw)
  if (ms === undefined) throw new RangeError(`Invalid seed anchor: ${raw}`)
  return ms
}

/** Generates data in bulk from counts. */
export const generate = (model: Model, options: SeedOptions): void => {
  const random = new Random(options.seed ?? 1)
  const anchor = anchorMs(options.anchor)
  const existingUsers = model.userIds.length
  const userCount = options.users ?? (existingUsers === 0 ? 1 : 0)
  const users: Array<UserRecord> = []
  for (let i = 0; i < userCount; i++) {
    users.push(model.addUser(makeUser(random, existingUsers + i)))
  }
  const allUsers = userCount > 0 ? users : model.userIds.map((id) => model.users.get(id)!)

  // Availability: the first of each user is the default "Working hours".
  const availabilityPerUser = options.availabilityPerUser ?? 1
  for (const user of allUsers) {
    for (let i = 0; i < availabilityPerUser; i++) {
      const record: AvailabilityRecord = {
        id: random.resourceId(),
        seq: model.nextSeq(),
        ownerId: user.id,
        name: i === 0 ? "Working hours" : i === 1 ? "Evenings" : `Availability ${i + 1}`,
        timeZone: user.timeZone,
        isDefault: i === 0 && !model.availability.some((a) => a.ownerId === user.id && a.isDefault),
        segments: [],
        segmentsRecurrence: i === 1 ?
          { mon: [{ start: "18:00", end: "21:00" }], wed: [{ start: "18:00", end: "21:00" }] } :
          WORKING_HOURS,
        createdMs: anchor - 120 * DAY_MS,
        updatedMs: anchor - 120 * DAY_MS
      }
      model.addAvailability(record)
    }
  }

  // Schedules.
  const schedulesPerUser = options.schedulesPerUser ?? 2
  const schedules: Array<ScheduleRecord> = []
  for (const [userIndex, user] of allUsers.entries()) {
    const availability = model.availability.find((a) => a.ownerId === user.id)
    for (let i = 0; i < schedulesPerUser; i++) {
      const template = SCHEDULE_TEMPLATES[(userIndex + i) % SCHEDULE_TEMPLATES.length]
      const createdMs = anchor - (100 - i) * DAY_MS
      const fields = scheduleDefaults(model, user, {
        summary: template.summary,
        duration: template.duration,
        capacity: template.capacity,
        add_on_type: template.addOn,
        description: `${template.summary} with ${user.displayName}`,
        availability_override: false,
        availability_rules: availability === undefined ? [] : [{ availability_id: availability.id }],
        schedule_type: "one",
        start_date: formatDate(Math.floor(createdMs / DAY_MS) * DAY_MS),
        ...(template.addOn === "offline" ? { location: "Head office, 2nd floor" } : {}),
        custom_fields: [{
          enabled: true,
          format: "text",
          include_other: false,
          name: "Please share anything that will help prepare for our meeting.",
          position: 0,
          required: false
        }]
      }, createdMs)
      const record: ScheduleRecord = {
        id: random.resourceId(),
        seq: model.nextSeq(),
        ownerId: user.id,
        fields,
        status: "confirmed",
        createdMs,
        updatedMs: createdMs
      }
      schedules.push(model.addSchedule(record))
    }
  }

  // Events: spread over ±180 days around the anchor, on 30-minute slots
  // during (UTC) business hours, round-robin over the schedules.
  const eventCount = options.events ?? (userCount > 0 ? 10 : 0)
  if (eventCount > 0 && schedules.length > 0) {
    const events: Array<EventRecord> = []
    // The Monday of the week 26 weeks before the anchor (1970-01-01 was a Thursday).
    const anchorDay = Math.floor(anchor / DAY_MS)
    const firstMonday = anchorDay - ((anchorDay + 3) % 7) - 26 * 7
    // Start times are drawn first and sorted, so that events are created in
    // (almost) storage order and the final sort is cheap.
    const starts = new Float64Array(eventCount)
    for (let n = 0; n < eventCount; n++) {
      const day = firstMonday + random.int(0, 51) * 7 + random.int(0, 4)
      starts[n] = day * DAY_MS + (13 * 60 + 30 * random.int(0, 15)) * 60_000
    }
    starts.sort()
    for (let n = 0; n < eventCount; n++) {
      const schedule = schedules[n % schedules.length]
      const startMs = starts[n]
      const capacity = schedule.fields.capacity ?? 1
      const attendeeCount = capacity > 1 ? random.int(1, Math.min(3, capacity)) : 1
      const attendees: Array<SeedAttendeeInput> = []
      for (let a = 0; a < attendeeCount; a++) {
        const first = random.pick(FIRST_NAMES)
        const last = random.pick(LAST_NAMES)
        attendees.push({
          email: `${first}.${last}.${random.int(1, 9999)}@guest.example.org`.toLowerCase().replace(/[^a-z0-9.@]/g, ""),
          first_name: first,
          last_name: last,
          display_name: `${first} ${last}`,
          time_zone: random.pick(TIME_ZONES)
        })
      }
      const cancelled = random.chance(0.1)
      const createdMs = startMs - random.int(1, 30) * DAY_MS
      const event = makeEvent(model, schedule, {
        startMs,
        status: cancelled ? "cancelled" : "confirmed",
        eventType: random.chance(0.03) ? "pending" : "default",
        attendees,
        guests: random.chance(0.2) ? [`guest${random.int(1, 999)}@example.net`] : [],
        meetingNotes: random.chance(0.25) ? random.pick(MEETING_NOTES) : undefined,
        createdMs,
        ...(random.chance(0.05) ?
          { trackingParams: [{ key: "utm_source", label: "UTM_Source", value: "newsletter" }] } :
          {})
      })
      if (cancelled) {
        const cancelMs = createdMs + DAY_MS
        event.cancellation = {
          canceledBy: attendees[0].email,
          cancelerType: "invitee",
          cancelMs,
          reason: "Time conflict"
        }
        event.updatedMs = cancelMs
      }
      events.push(event)
    }
    model.events.insertMany(events)
  }

  // Teams: one team with every user by default.
  const teamCount = options.teams ?? (userCount > 0 ? 1 : 0)
  for (let t = 0; t < teamCount && allUsers.length > 0; t++) {
    const name = t === 0 ? "Customer Success" : `Team ${t + 1}`
    model.teams.push({
      id: random.resourceId(),
      ownerId: allUsers[0].id,
      name,
      slug: `${slugify(name)}-${random.resourceId().slice(0, 3)}`,
      timezone: allUsers[0].timeZone,
      memberIds: t === 0 ? allUsers.map((u) => u.id) : allUsers.filter((_, i) => i % (t + 1) === 0).map((u) => u.id)
    })
  }

  // Routing-form responses.
  const responseCount = options.routingResponses ?? (userCount > 0 ? 2 : 0)
  const formId = random.resourceId()
  for (let r = 0; r < responseCount; r++) {
    const booked = r % 2 === 0 && schedules.length > 0
    const schedule = schedules[r % Math.max(1, schedules.length)]
    model.addRoutingResponse({
      formId,
      responseId: random.resourceId(),
      booked,
      ...(booked ? { bookingLink: model.schedulingUrl(schedule) } : {}),
      createdMs: anchor - (r + 1) * DAY_MS,
      creatorEmail: `lead${r + 1}@prospect.example.com`,
      questionsAndAnswers: ROUTING_QUESTIONS.map((q, i) => ({
        question_id: random.resourceId(),
        question_content: q,
        answers: [i === 0 ? `lead${r + 1}@prospect.example.com` : i === 1 ? String(random.int(2, 500)) : "Scheduler"]
      })),
      resultType: booked ? "event" : "text",
      resultValue: booked ?
        JSON.stringify({ appointmentId: random.resourceId(), user: schedule.fields.slug ?? "" }) :
        "Thanks, we will get back to you."
    })
  }
}

/** The account owner, created on first use when no user exists yet. */
export const ensureDefaultUser = (model: Model): UserRecord =>
  model.userIds.length > 0 ? model.defaultUser : model.addUser(makeUser(model.random, 0))

/** The public scheduling page of a user. */
export const userSchedulingUrl = (user: UserRecord): string => `${SCHEDULER_HOST}/${user.slug}`
