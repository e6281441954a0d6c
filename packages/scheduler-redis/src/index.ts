/**
 * Redis for `@effect-zoom/scheduler`: token stores shared by every process
 * and host (one token set, or one per installation) and per-account rate
 * budgets, on one connection.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as RedisConnection from "./RedisConnection.js"
/** @since 0.1.0 */
export * as RedisTokenStore from "./RedisTokenStore.js"
/** @since 0.1.0 */
export * as RedisRateBudget from "./RedisRateBudget.js"
