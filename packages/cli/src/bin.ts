#!/usr/bin/env node
/**
 * `zoom-scheduler`: the executable. Runs the command line; Ctrl-C (SIGINT)
 * or SIGTERM interrupts the running command, which closes its servers and
 * files before the process exits.
 *
 * @since 0.1.0
 */
import { Effect, Fiber } from "effect"
import { run } from "./Cli.js"

const fiber = Effect.runFork(run(process.argv))
const stop = () => Effect.runFork(Fiber.interrupt(fiber))
process.once("SIGINT", stop)
process.once("SIGTERM", stop)
fiber.addObserver((exit) => {
  process.exitCode = exit._tag === "Success" ? exit.value : 1
  process.off("SIGINT", stop)
  process.off("SIGTERM", stop)
})
