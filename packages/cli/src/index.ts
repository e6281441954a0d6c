/**
 * `@effect-zoom/cli`: the `zoom-scheduler` command line.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as Cli from "./Cli.js"
