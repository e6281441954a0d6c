/**
 * Every endpoint table, by resource: the single source of the client's
 * operations.
 *
 * @since 0.2.0
 */
import { analytics } from "./analytics.js"
import { availability } from "./availability.js"
import { events } from "./events.js"
import { routingForms } from "./routingForms.js"
import { schedules } from "./schedules.js"
import { shares } from "./shares.js"
import { teams } from "./teams.js"
import { users } from "./users.js"

/**
 * The tables, grouped like the client.
 *
 * @since 0.2.0
 */
export const endpoints = { users, analytics, availability, schedules, events, routingForms, shares, teams }

/**
 * The tables' type.
 *
 * @since 0.2.0
 */
export type Endpoints = typeof endpoints
