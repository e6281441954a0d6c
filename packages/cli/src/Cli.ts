/**
 * The `zoom-scheduler` command line: the command tree and a runner that maps
 * outcomes to exit codes (0 ok, 1 a failed API call or runtime failure with
 * one line naming the typed error and what to do, 2 a usage mistake).
 *
 * @since 0.1.0
 */
import { Command, ValidationError } from "@effect/cli"
import { NodeContext } from "@effect/platform-node"
import { Cause, ConfigError, Console, Effect, Exit, Logger } from "effect"
import { auth } from "./commands/auth.js"
import { events } from "./commands/events.js"
import { schedules, users } from "./commands/resources.js"
import { fake, webhooks } from "./commands/serve.js"
import * as Completions from "./internal/completions.js"
import * as Failure from "./internal/failure.js"
import { OutputError } from "./internal/output.js"
import { root } from "./internal/settings.js"

/**
 * The root command, `zoom-scheduler`, with every subcommand.
 *
 * @example
 * ```ts
 * import { Command } from "@effect/cli"
 * import { Cli } from "@effect-zoom/cli"
 *
 * const run = Command.run(Cli.command, { name: "zoom-scheduler", version: "0.1.0" })
 * ```
 *
 * @since 0.1.0
 */
export const command = root.pipe(
  Command.withDescription("The Zoom Scheduler API from the command line"),
  Command.withSubcommands([auth, users, schedules, events, webhooks, fake])
)

const cli = Command.run(command, { name: "zoom-scheduler", version: "0.1.0" })

/**
 * Runs the command line on `argv` (`process.argv`: runtime, script, then the
 * arguments) and resolves with the exit code. Failures are printed on stderr.
 *
 * @example
 * ```ts
 * import { Cli } from "@effect-zoom/cli"
 * import { Effect } from "effect"
 *
 * Effect.runPromise(Cli.run(process.argv)).then((code) => process.exit(code))
 * ```
 *
 * @since 0.1.0
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<number> =>
  // @effect/cli's bash script completes only the first word: ours is fixed (internal/completions.ts)
  (Completions.wantsBash(argv.slice(2))
    ? Effect.flatMap(Completions.bash(command, "zoom-scheduler"), Console.log)
    : cli(argv)).pipe(
    Effect.provide(NodeContext.layer),
    // logs (a rejected webhook, …) go to stderr: stdout carries only results
    Effect.provide(Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger))),
    Effect.exit,
    Effect.map((exit) => {
      if (Exit.isSuccess(exit)) return Failure.ExitCode.Ok
      if (Cause.isInterruptedOnly(exit.cause)) return 130
      const failure = Cause.failureOption(exit.cause)
      if (failure._tag === "None") {
        process.stderr.write(`zoom-scheduler: unexpected failure: ${Cause.pretty(exit.cause)}\n`)
        return Failure.ExitCode.Failure
      }
      const error: unknown = failure.value
      // @effect/cli has already printed what was wrong with the arguments
      if (ValidationError.isValidationError(error)) return Failure.ExitCode.Usage
      if (ConfigError.isConfigError(error)) {
        process.stderr.write(`zoom-scheduler: configuration: ${String(error)}\n`)
        return Failure.ExitCode.Usage
      }
      // the reader of stdout went away (`| head`): nothing to report
      if (error instanceof OutputError && error.reason === "Closed") return Failure.ExitCode.Ok
      const { exitCode, line } = Failure.describe(error)
      process.stderr.write(`zoom-scheduler: ${line}\n`)
      return exitCode
    })
  )
