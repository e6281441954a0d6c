/**
 * The Node runtime of `@effect-zoom/scheduler`: the undici `HttpClient` and
 * the file token store.
 *
 * @since 0.2.0
 */

/** @since 0.2.0 */
export * as NodeTransport from "./NodeTransport.js"
/** @since 0.2.0 */
export * as NodeTokenStore from "./NodeTokenStore.js"
