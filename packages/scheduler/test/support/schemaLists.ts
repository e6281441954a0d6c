/** The wire schemas of every response and request, by name, for property tests. */
import type { Schema } from "effect"
import { Analytics, Availability, Events, RoutingForms, Schedules, Shares, Teams, Users } from "@effect-zoom/scheduler"

type AnySchema = Schema.Schema<any, any> // eslint-disable-line @typescript-eslint/no-explicit-any

export const responseSchemas: ReadonlyArray<readonly [string, AnySchema]> = [
  ["User", Users.User],
  ["AnalyticsReport", Analytics.AnalyticsReport],
  ["Availability", Availability.Availability],
  ["AvailabilityPage", Availability.AvailabilityPage],
  ["Schedule", Schedules.Schedule],
  ["SchedulePage", Schedules.SchedulePage],
  ["SingleUseLink", Schedules.SingleUseLink],
  ["ScheduledEvent", Events.ScheduledEvent],
  ["ScheduledEventPage", Events.ScheduledEventPage],
  ["EventAttendee", Events.EventAttendee],
  ["RoutingFormResponse", RoutingForms.RoutingFormResponse],
  ["Share", Shares.Share],
  ["TeamList", Teams.TeamList]
]

export const requestSchemas: ReadonlyArray<readonly [string, AnySchema]> = [
  ["AvailabilityInput", Availability.AvailabilityInput],
  ["AvailabilityListQuery", Availability.AvailabilityListQuery],
  ["ScheduleCreate", Schedules.ScheduleCreate],
  ["ScheduleUpdate", Schedules.ScheduleUpdate],
  ["SchedulesListQuery", Schedules.SchedulesListQuery],
  ["SingleUseLinkInput", Schedules.SingleUseLinkInput],
  ["EventUpdate", Events.EventUpdate],
  ["EventsListQuery", Events.EventsListQuery],
  ["ShareInput", Shares.ShareInput],
  ["AnalyticsQuery", Analytics.AnalyticsQuery],
  ["TeamsQuery", Teams.TeamsQuery]
]
