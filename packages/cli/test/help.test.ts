/**
 * The command tree in-process: `--help` on every command, shell
 * completions, and usage mistakes exiting 2 (no network involved).
 */
import { describe, expect, it } from "@effect/vitest"
import { Console, Effect } from "effect"
import { Cli } from "@effect-zoom/cli"

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "")

/** Runs the CLI in-process with `args`; returns the exit code and what it printed with Console. */
const runInProcess = (args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const out: Array<string> = []
    const err: Array<string> = []
    const console: Console.Console = {
      ...globalThis.console,
      [Console.TypeId]: Console.TypeId,
      unsafe: globalThis.console,
      log: (...a: ReadonlyArray<unknown>) => Effect.sync(() => void out.push(a.join(" "))),
      error: (...a: ReadonlyArray<unknown>) => Effect.sync(() => void err.push(a.join(" ")))
    } as unknown as Console.Console
    const code = yield* Cli.run(["node", "zoom-scheduler", ...args]).pipe(Effect.withConsole(console))
    return { code, out: plain(out.join("\n")), err: plain(err.join("\n")) }
  })

const COMMANDS = [
  [[], "The Zoom Scheduler API from the command line"],
  [["auth"], "Log in to Zoom"],
  [["auth", "login"], "--open"],
  [["auth", "status"], "until when they are valid"],
  [["auth", "logout"], "deletes the token file"],
  [["users"], "Zoom users"],
  [["users", "me"], "--base-url"],
  [["schedules"], "booking pages"],
  [["schedules", "list"], "--page-token"],
  [["schedules", "get"], "<schedule-id>"],
  [["events"], "Scheduled events"],
  [["events", "list"], "--page-size"],
  [["events", "export"], "--format"],
  [["webhooks"], "webhook notifications"],
  [["webhooks", "listen"], "--secret"],
  [["fake"], "--events"]
] as const

describe("zoom-scheduler --help", () => {
  it.effect("every command documents itself and exits 0", () =>
    Effect.gen(function*() {
      for (const [path, expected] of COMMANDS) {
        const { code, out } = yield* runInProcess([...path, "--help"])
        expect(code, path.join(" ")).toBe(0)
        expect(out, path.join(" ")).toContain(expected)
        expect(out).toContain("USAGE")
      }
    }))

  it.effect("global options are accepted by every leaf command", () =>
    Effect.gen(function*() {
      const { out } = yield* runInProcess(["--help"])
      for (const leaf of ["auth login", "auth status", "users me", "schedules list", "schedules get", "events list", "events export"]) {
        expect(out).toMatch(new RegExp(`- ${leaf} .*--base-url text.*--json`))
      }
    }))

  it.effect("prints shell completions", () =>
    Effect.gen(function*() {
      for (const shell of ["bash", "zsh", "fish"] as const) {
        const { code, out } = yield* runInProcess(["--completions", shell])
        expect(code).toBe(0)
        expect(out).toContain("zoom-scheduler")
        expect(out).toContain("export")
      }
    }))

  it.effect("a usage mistake exits 2 and says what was wrong", () =>
    Effect.gen(function*() {
      const unknown = yield* runInProcess(["events", "export", "--formt", "csv"])
      expect(unknown.code).toBe(2)
      expect(unknown.err).toContain("--formt")
      const badChoice = yield* runInProcess(["events", "export", "--format", "xml"])
      expect(badChoice.code).toBe(2)
      expect(badChoice.err).toMatch(/ndjson|csv|json/)
      const missingArg = yield* runInProcess(["schedules", "get"])
      expect(missingArg.code).toBe(2)
      const notANumber = yield* runInProcess(["auth", "login", "--port", "eighty"])
      expect(notANumber.code).toBe(2)
      const noCommand = yield* runInProcess(["teleport"])
      expect(noCommand.code).toBe(2)
    }))
})
