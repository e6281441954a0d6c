#!/usr/bin/env node
/**
 * `zoom-scheduler`: the executable. Runs the command line; Ctrl-C (SIGINT)
 * or SIGTERM interrupts the running command, which closes its servers and
 * files before the process exits.
 *
 * @since 0.1.0
 */
import { Effect, Exit, Fiber } from "effect"
import { run } from "./Cli.js"

const fiber = Effect.runFork(run(process.argv))
const stop = () => Effect.runFork(Fiber.interrupt(fiber))
process.once("SIGINT", stop)
process.once("SIGTERM", stop)
fiber.addObserver((exit) => {
  // 130: stopped by a signal, as shells report Ctrl-C
  process.exitCode = Exit.isSuccess(exit) ? exit.value : Exit.isInterrupted(exit) ? 130 : 1
  process.off("SIGINT", stop)
  process.off("SIGTERM", stop)
})
