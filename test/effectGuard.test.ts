/**
 * The effect 3 check each built package runs first (scripts/effectGuard.mjs):
 * both forms pass under effect 3 and fail with one sentence under effect 4 or
 * with no effect at all. (scripts/check-packages.mjs runs the real packages
 * next to the real effect 4.)
 */
import { describe, expect, it } from "@effect/vitest"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { createRequire } from "node:module"
import { spawnSync } from "node:child_process"
// @ts-expect-error: a build script in plain JavaScript, without declarations
import { cjsGuard, esmGuard } from "../scripts/effectGuard.mjs"

const name = "@effect-zoom/example"
const sentence = (found: string) =>
  `${name} needs effect 3 (install effect@^3.22 and @effect/platform@^0.97; effect 4 is not supported yet), but ${found}`

/** A folder holding the guard in both forms and, unless `version` is undefined, an `effect` package of that version. */
const app = (version: string | undefined) => {
  const dir = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "effect-zoom-guard-"))
  if (version !== undefined) {
    const effect = NodePath.join(dir, "node_modules", "effect")
    NodeFs.mkdirSync(effect, { recursive: true })
    NodeFs.writeFileSync(
      NodePath.join(effect, "package.json"),
      JSON.stringify({ name: "effect", version, exports: { "./package.json": "./package.json" } })
    )
  }
  NodeFs.writeFileSync(NodePath.join(dir, "guard.cjs"), (cjsGuard as (name: string) => string)(name))
  NodeFs.writeFileSync(NodePath.join(dir, "guard.mjs"), (esmGuard as (name: string) => string)(name))
  return dir
}

const cases: ReadonlyArray<readonly [string | undefined, string | undefined]> = [
  ["3.22.4", undefined],
  ["3.0.0", undefined],
  ["4.1.0", "effect 4.1.0 is installed."],
  ["4.0.0-beta.3", "effect 4.0.0-beta.3 is installed."],
  ["2.4.19", "effect 2.4.19 is installed."],
  [undefined, "no effect package was found."]
]

describe("the effect 3 check", () => {
  for (const [version, found] of cases) {
    it(`CommonJS, effect ${version ?? "missing"}: ${found === undefined ? "passes" : "throws one sentence"}`, () => {
      const dir = app(version)
      const load = () => createRequire(NodePath.join(dir, "index.cjs"))("./guard.cjs")
      if (found === undefined) expect(load).not.toThrow()
      else expect(load).toThrow(sentence(found))
      NodeFs.rmSync(dir, { recursive: true, force: true })
    })

    // In a Node process of its own: Node's resolution, not the test runner's.
    it(`ES module, effect ${version ?? "missing"}: ${found === undefined ? "passes" : "throws one sentence"}`, () => {
      const dir = app(version)
      const result = spawnSync(process.execPath, ["guard.mjs"], { cwd: dir, encoding: "utf8" })
      if (found === undefined) expect([result.status, result.stderr]).toEqual([0, ""])
      else {
        expect(result.status).toBe(1)
        expect(result.stderr).toContain(`Error: ${sentence(found)}`)
      }
      NodeFs.rmSync(dir, { recursive: true, force: true })
    })
  }
})
