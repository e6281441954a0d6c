/**
 * `GET /scheduler/analytics`: the report computed from the model.
 *
 * The report covers `[from, to)` (default: the 30 days before now) and the
 * previous period of the same length. Counters follow the spec's
 * `last_n_days`/`previous_period` objects; distributions are arrays of
 * single-key objects such as `{ "30": 65 }`, sorted by count, capped at the
 * spec's `maxItems`.
 *
 * @internal
 */
import type { EventRecord, Model, ScheduleRecord, UserRecord } from "./model.js"
import { wallClock, weekdayNames } from "./time.js"

const DAY_MS = 86_400_000

/** Inputs of the report. */
export interface AnalyticsQuery {
  readonly fromMs: number
  readonly toMs: number
  readonly nowMs: number
  readonly timeZone: string
  /** Users in scope (one user, or every user for `user_id=all`). */
  readonly users: ReadonlyArray<UserRecord>
}

const scheduleKind = (s: ScheduleRecord): "one_to_one" | "one_to_many" | "any_host_available" => {
  if (s.fields.schedule_type === "multiple") return "any_host_available"
  return (s.fields.capacity ?? 1) > 1 ? "one_to_many" : "one_to_one"
}

const inRange = (ms: number | undefined, from: number, to: number): boolean =>
  ms !== undefined && ms >= from && ms < to

const periodStats = (
  model: Model,
  hosts: ReadonlySet<string>,
  events: ReadonlyArray<EventRecord>,
  from: number,
  to: number,
  nowMs: number
) => {
  const schedules = model.schedules.filter((s) => hosts.has(s.ownerId))
  const created = schedules.filter((s) => inRange(s.createdMs, from, to))
  const kinds = { one_to_one: 0, one_to_many: 0, any_host_available: 0 }
  for (const s of created) kinds[scheduleKind(s)]++
  let eventsCreated = 0
  let completed = 0
  let canceled = 0
  for (const e of events) {
    if (!hosts.has(e.hostId)) continue
    if (inRange(e.createdMs, from, to)) eventsCreated++
    if (e.status === "confirmed" && e.eventType === "default" && inRange(e.endMs, from, to) && e.endMs <= nowMs) {
      completed++
    }
    if (e.status === "cancelled" && inRange(e.cancellation?.cancelMs, from, to)) canceled++
  }
  return {
    scheduled_events_created: eventsCreated,
    scheduled_events_completed: completed,
    schedules_created: created.length,
    scheduled_events_canceled: canceled,
    scheduled_events_rescheduled: 0,
    schedules_canceled: schedules.filter((s) => inRange(s.cancelledMs, from, to)).length,
    one_to_one: kinds.one_to_one,
    any_host_available: kinds.any_host_available,
    one_off_meeting: 0,
    all_host_available: 0,
    meeting_poll: 0,
    one_to_many: kinds.one_to_many
  }
}

const top = (counts: Map<string, number>, limit: number, ascending = false): Array<Record<string, number>> =>
  [...counts.entries()]
    .sort((a, b) => (ascending ? a[1] - b[1] : b[1] - a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([key, count]) => ({ [key]: count }))

const increment = (counts: Map<string, number>, key: string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1)
}

/** Computes the analytics report body. */
export const report = (model: Model, query: AnalyticsQuery): Record<string, unknown> => {
  const hosts = new Set(query.users.map((u) => u.id))
  const events = model.events.byStart
  const lengthMs = Math.max(query.toMs - query.fromMs, DAY_MS)
  const byDuration = new Map<string, number>()
  const bySchedule = new Map<string, number>()
  const byWeekday = new Map<string, number>()
  const byHour = new Map<string, number>()
  const byUser = new Map<string, number>(query.users.map((u) => [u.displayName, 0]))
  for (const e of events) {
    // Same bounds as the events list: end after `from`, start before `to`.
    if (!hosts.has(e.hostId) || e.status !== "confirmed" || e.endMs <= query.fromMs || e.startMs >= query.toMs) continue
    increment(byDuration, String(Math.round((e.endMs - e.startMs) / 60_000)))
    increment(bySchedule, e.summary)
    const wall = wallClock(e.startMs, query.timeZone)
    increment(byWeekday, weekdayNames[wall.weekday])
    increment(byHour, String(wall.hour))
    const host = model.users.get(e.hostId)
    if (host !== undefined) increment(byUser, host.displayName)
  }
  return {
    event_distribution_by_duration: top(byDuration, 5),
    last_n_days: periodStats(model, hosts, events, query.fromMs, query.toMs, query.nowMs),
    popular_schedules: top(bySchedule, 5),
    popular_time_of_week: top(byWeekday, 24),
    popular_time_of_day: top(byHour, 7),
    previous_period: periodStats(model, hosts, events, query.fromMs - lengthMs, query.fromMs, query.nowMs),
    users_with_least_events: top(byUser, 5, true),
    users_with_most_events: top(byUser, 5)
  }
}
