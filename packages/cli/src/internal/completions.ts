/**
 * Bash completions that complete at every level of the command tree.
 *
 * The script @effect/cli 0.77 writes for `--completions bash` completes only
 * the first word after `zoom-scheduler`:
 * - the root sets `cmd="zoom-scheduler"` while every case key of its children
 *   is spelled `zoom__scheduler,…`, so nothing past the root ever matches;
 * - a key of the second level is spelled `root,events,export`, but the loop
 *   that walks the words builds `root__events,export`;
 * - a choice's words are joined with commas (`compgen -W "ndjson,csv,json"`),
 *   which `compgen` reads as one word.
 * The script is taken from @effect/cli and those three spellings are fixed.
 *
 * @internal
 */
import { Command } from "@effect/cli"
import { Effect } from "effect"

/** Fixes the lines of @effect/cli's bash script for the command named `executable`. */
export const fixBash = (executable: string) => (lines: ReadonlyArray<string>): Array<string> => {
  const rootKey = executable.replaceAll("-", "__")
  return lines.map((line) => {
    const key = /^(\s*)([\w-]+(?:,[\w-]+){2,})\)$/.exec(line)
    if (key !== null) {
      const parts = key[2].split(",")
      return `${key[1]}${parts.slice(0, -1).join("__")},${parts[parts.length - 1]})`
    }
    if (line.trim() === `cmd="${executable}"` || line.trim() === `${executable})`) {
      return line.replace(executable, rootKey)
    }
    return line.replace(/compgen -W "([^"$]*)"/g, (_, words: string) => `compgen -W "${words.replaceAll(",", " ")}"`)
  })
}

/** The bash completion script of `command`, as printed by `--completions bash`. */
export const bash = <Name extends string, R, E, A>(command: Command.Command<Name, R, E, A>, executable: string) =>
  Effect.map(Command.getBashCompletions(command, executable), (lines) => fixBash(executable)(lines).join("\n"))

/** Whether the arguments (after the executable) ask for the bash script, and nothing else. */
export const wantsBash = (args: ReadonlyArray<string>): boolean =>
  (args.length === 2 && args[0] === "--completions" && args[1] === "bash") ||
  (args.length === 1 && args[0] === "--completions=bash")
