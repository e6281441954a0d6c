/**
 * The command tree in-process: `--help` on every command, shell
 * completions, and usage mistakes exiting 2 (no network involved).
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
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

  it.effect("the bash script completes subcommands, options and choices at every level", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runInProcess(["--completions", "bash"])
      expect(code).toBe(0)
      const dir = mkdtempSync(join(tmpdir(), "zoom-scheduler-completions-"))
      const script = join(dir, "zoom-scheduler.bash")
      writeFileSync(script, `${out}\n`)
      // What bash offers after the words typed so far (the last one being completed), as a shell would ask.
      const complete = (...words: ReadonlyArray<string>) => {
        const quoted = words.map((w) => `'${w}'`).join(" ")
        const result = spawnSync("bash", ["--norc", "--noprofile", "-c", [
          `source '${script}'`,
          `COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}`,
          "_zoom-scheduler_bash_completions zoom-scheduler",
          "printf '%s\\n' \"${COMPREPLY[@]}\""
        ].join("\n")], { encoding: "utf8" })
        expect(result.stderr).toBe("")
        return result.stdout.split("\n").filter((w) => w !== "")
      }
      expect(complete("zoom-scheduler", "ev")).toEqual(["events"])
      expect(complete("zoom-scheduler", "events", "")).toEqual(expect.arrayContaining(["export", "list"]))
      expect(complete("zoom-scheduler", "events", "")).not.toContain("auth")
      expect(complete("zoom-scheduler", "events", "ex")).toEqual(["export"])
      expect(complete("zoom-scheduler", "events", "export", "--fo")).toEqual(["--format"])
      expect(complete("zoom-scheduler", "events", "export", "--format", "c")).toEqual(["csv"])
      expect(complete("zoom-scheduler", "events", "export", "--status", "")).toEqual(["confirmed", "cancelled"])
      expect(complete("zoom-scheduler", "auth", "lo")).toEqual(["login", "logout"])
      expect(complete("zoom-scheduler", "auth", "login", "--o")).toEqual(["--open"])
      expect(complete("zoom-scheduler", "fake", "--ev")).toEqual(["--events"])
    }))

  it.effect("global options are documented on the root (they go before the subcommand too)", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runInProcess(["--help"])
      expect(code).toBe(0)
      expect(out).toMatch(/\$ zoom-scheduler \[--base-url text\] \[--json\]/)
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
