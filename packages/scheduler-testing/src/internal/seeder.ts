/**
 * The explicit-data seeder handed to a `seed` function: each method adds
 * one record in wire field names and returns its id.
 *
 * @internal
 */
import type { Model, UserRecord } from "./model.js"
import { slugify } from "./model.js"
import { ensureDefaultUser, generate, makeEvent, makeUser, scheduleDefaults, WORKING_HOURS } from "./seed.js"
import { parseDateTime } from "./time.js"
import type { Seeder } from "./types/seed.js"

/** The explicit-data seeder handed to a `seed` function. */
export const makeSeeder = (model: Model, nowMs: number): Seeder => {
  const userOrThrow = (id: string | undefined): UserRecord => {
    if (id === undefined) return ensureDefaultUser(model)
    const user = model.findUser(id)
    if (user === undefined) throw new RangeError(`Unknown user: ${id}`)
    return user
  }
  const seeder: Seeder = {
    user: (input = {}) => {
      const base = makeUser(model.random, model.userIds.length, input.time_zone)
      const user: UserRecord = {
        ...base,
        ...(input.user_id !== undefined ? { id: input.user_id } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.display_name !== undefined ? { displayName: input.display_name } : {}),
        ...(input.slug !== undefined ? { slug: input.slug } : {}),
        ...(input.picture !== undefined ? { picture: input.picture } : {}),
        ...(input.logo !== undefined ? { logo: input.logo } : {})
      }
      return model.addUser(user).id
    },
    availability: (input = {}) => {
      const owner = userOrThrow(input.owner)
      const record = model.addAvailability({
        id: model.random.resourceId(),
        seq: model.nextSeq(),
        ownerId: owner.id,
        name: input.name ?? "Working hours",
        timeZone: input.time_zone ?? owner.timeZone,
        isDefault: input.default ?? !model.availability.some((a) => a.ownerId === owner.id),
        segments: input.segments ?? [],
        segmentsRecurrence: input.segments_recurrence ?? WORKING_HOURS,
        createdMs: nowMs,
        updatedMs: nowMs
      })
      return record.id
    },
    schedule: (input = {}) => {
      const { owner: ownerId, ...fields } = input
      const owner = userOrThrow(ownerId)
      const record = model.addSchedule({
        id: model.random.resourceId(),
        seq: model.nextSeq(),
        ownerId: owner.id,
        fields: scheduleDefaults(model, owner, fields, nowMs),
        status: "confirmed",
        createdMs: nowMs,
        updatedMs: nowMs
      })
      return record.id
    },
    event: (input) => {
      const schedule = model.schedulesById.get(input.schedule_id)
      if (schedule === undefined) throw new RangeError(`Unknown schedule: ${input.schedule_id}`)
      const startMs = parseDateTime(input.start_date_time)
      if (startMs === undefined) throw new RangeError(`Invalid start_date_time: ${input.start_date_time}`)
      const event = makeEvent(model, schedule, {
        startMs,
        status: input.status ?? "confirmed",
        eventType: input.event_type ?? "default",
        attendees: input.attendees ?? [{ email: "invitee@example.org", display_name: "Invitee" }],
        guests: input.guests ?? [],
        meetingNotes: input.meeting_notes,
        summary: input.summary,
        createdMs: nowMs
      })
      if (event.status === "cancelled") {
        event.cancellation = { canceledBy: model.users.get(schedule.ownerId)!.email, cancelerType: "host", cancelMs: nowMs }
      }
      model.events.insert(event)
      return event.id
    },
    team: (input) => {
      const owner = userOrThrow(input.owner)
      const id = model.random.resourceId()
      model.teams.push({
        id,
        ownerId: owner.id,
        name: input.name,
        slug: input.slug ?? slugify(input.name),
        timezone: input.timezone ?? owner.timeZone,
        memberIds: (input.members ?? [owner.id]).map((m) => userOrThrow(m).id)
      })
      return id
    },
    routingResponse: (input = {}) => {
      const formId = input.form_id ?? model.random.resourceId()
      const responseId = input.response_id ?? model.random.resourceId()
      model.addRoutingResponse({
        formId,
        responseId,
        booked: input.booked ?? false,
        ...(input.booking_link !== undefined ? { bookingLink: input.booking_link } : {}),
        createdMs: nowMs,
        creatorEmail: input.creator_email ?? "lead@prospect.example.com",
        questionsAndAnswers: input.questions_and_answers ?? [],
        resultType: input.result_type ?? "text",
        resultValue: input.result_value ?? "Thanks, we will get back to you."
      })
      return { formId, responseId }
    },
    generate: (options) => generate(model, options)
  }
  return seeder
}
