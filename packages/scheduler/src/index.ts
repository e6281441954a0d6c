/**
 * Effect-native client for the Zoom Scheduler API.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as ZoomScheduler from "./ZoomScheduler.js"
/** @since 0.1.0 */
export * as Credentials from "./Credentials.js"
/** @since 0.1.0 */
export * as Errors from "./Errors.js"
/** @since 0.1.0 */
export * as RetryPolicy from "./RetryPolicy.js"
/** @since 0.1.0 */
export * as RateLimit from "./RateLimit.js"
/** @since 0.1.0 */
export * as Page from "./Page.js"
/** @since 0.1.0 */
export * as Segments from "./Segments.js"
/** @since 0.1.0 */
export * as Users from "./Users.js"
/** @since 0.1.0 */
export * as Analytics from "./Analytics.js"
/** @since 0.1.0 */
export * as Availability from "./Availability.js"
/** @since 0.1.0 */
export * as Schedules from "./Schedules.js"
/** @since 0.1.0 */
export * as Events from "./Events.js"
/** @since 0.1.0 */
export * as RoutingForms from "./RoutingForms.js"
/** @since 0.1.0 */
export * as Shares from "./Shares.js"
/** @since 0.1.0 */
export * as Teams from "./Teams.js"
/** @since 0.1.0 */
export * as TokenStore from "./TokenStore.js"
/** @since 0.1.0 */
export * as Webhooks from "./Webhooks.js"
/** @since 0.1.0 */
export * as WebhookEvents from "./WebhookEvents.js"
/** @since 0.2.0 */
export * as AttemptDeadline from "./AttemptDeadline.js"
/** @since 0.2.0 */
export * as OAuth from "./OAuth.js"
/** @since 0.2.0 */
export * as KeyedTokenStore from "./KeyedTokenStore.js"
/** @since 0.2.0 */
export * as Tenant from "./Tenant.js"
/** @since 0.2.0 */
export * as TenantCredentials from "./TenantCredentials.js"
/** @since 0.2.0 */
export * as RateBudget from "./RateBudget.js"
/** @since 0.2.0 */
export * as Metrics from "./Metrics.js"
