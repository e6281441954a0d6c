/**
 * The model rendered in wire shape for assertions: one event, one schedule,
 * or the whole state.
 *
 * @internal
 */
import type { EventRecord, Model, ScheduleRecord } from "./model.js"
import { userSchedulingUrl } from "./seed.js"
import { formatDateTime, formatTimestamp } from "./time.js"
import type { AttendeeSnapshot, ScheduledEventSnapshot, ScheduleSnapshot, Snapshot } from "./types/snapshots.js"
import * as Wire from "./wire.js"

/** One event in wire shape (times in UTC), with its host and cancellation. */
export const eventSnapshot = (e: EventRecord): ScheduledEventSnapshot => ({
  event_id: e.id,
  schedule_id: e.scheduleId,
  host_user_id: e.hostId,
  attendees: e.attendees.map((a) => ({ ...Wire.attendeeBase(a), custom_values: a.customValues }) as AttendeeSnapshot),
  ...(e.description !== undefined ? { description: e.description } : {}),
  start_date_time: formatDateTime(e.startMs),
  end_date_time: formatDateTime(e.endMs),
  guests: [...e.guests],
  ...(e.location !== undefined ? { location: e.location } : {}),
  status: e.status,
  summary: e.summary,
  created: formatTimestamp(e.createdMs),
  updated: formatTimestamp(e.updatedMs),
  ...(e.meetingNotes !== undefined ? { meeting_notes: e.meetingNotes } : {}),
  event_type: e.eventType,
  ...(e.externalLocation !== undefined ? { external_location: e.externalLocation } : {}),
  ...(e.trackingParams !== undefined ? { tracking_params: e.trackingParams } : {}),
  ...(e.cancellation !== undefined ?
    {
      cancellation: {
        canceled_by: e.cancellation.canceledBy,
        canceler_type: e.cancellation.cancelerType,
        cancel_at: formatDateTime(e.cancellation.cancelMs),
        ...(e.cancellation.reason !== undefined ? { reason: e.cancellation.reason } : {})
      }
    } :
    {})
})

/** One schedule in wire shape, with its owner. */
export const scheduleSnapshot = (model: Model, s: ScheduleRecord): ScheduleSnapshot => {
  const { creator: _creator, organizer: _organizer, ...wire } = Wire.schedule(model, s, s.ownerId)
  return { ...(wire as unknown as Omit<ScheduleSnapshot, "owner_id">), owner_id: s.ownerId }
}

/** The whole state in wire shape. */
export const snapshotOf = (model: Model): Snapshot => ({
  accountId: model.accountId,
  defaultUserId: model.defaultUser.id,
  users: model.userIds.map((id) => {
    const u = model.users.get(id)!
    return {
      user_id: u.id,
      email: u.email,
      display_name: u.displayName,
      slug: u.slug,
      scheduling_url: userSchedulingUrl(u),
      time_zone: u.timeZone,
      ...(u.picture !== undefined ? { picture: u.picture } : {}),
      ...(u.logo !== undefined ? { logo: u.logo } : {})
    }
  }),
  availability: model.availability.map((a) => ({
    availability_id: a.id,
    default: a.isDefault,
    name: a.name,
    owner: a.ownerId,
    segments: a.segments,
    segments_recurrence: a.segmentsRecurrence,
    time_zone: a.timeZone
  })),
  schedules: model.schedules.map((s) => scheduleSnapshot(model, s)),
  events: model.events.byStart.map(eventSnapshot),
  teams: model.teams.map((t) => ({
    team_id: t.id,
    owner_id: t.ownerId,
    member_ids: [...t.memberIds],
    name: t.name,
    slug: t.slug,
    timezone: t.timezone
  })),
  routingResponses: [...model.routingResponses.values()].map((r) => ({
    form_id: r.formId,
    response_id: r.responseId,
    booked: r.booked
  })),
  shares: model.shares.map((s) => ({
    share_id: s.id,
    schedule_id: s.scheduleId,
    scheduling_url: s.schedulingUrl,
    settings: s.settings
  })),
  singleUseLinks: model.singleUseLinks.map((l) => ({
    link_id: l.id,
    schedule_id: l.scheduleId,
    ...(l.teamId !== undefined ? { team_id: l.teamId } : {}),
    scheduling_url: l.schedulingUrl
  }))
})
