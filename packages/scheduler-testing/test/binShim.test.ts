/**
 * The committed bin shim (bin/zoom-scheduler-fake.js), the target of the link
 * pnpm and npm create on install: it runs the built command when the package
 * is built (as published), and the TypeScript sources through tsx when it is
 * not (a fresh clone), passing arguments and the exit code through.
 */
import { describe, expect, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { fileURLToPath } from "node:url"

const packageDir = fileURLToPath(new URL("..", import.meta.url))

/** A copy of the package's layout (the shim, src linked) in a scratch folder inside the package, so that node_modules resolve. */
const layout = (built: boolean) => {
  const scratch = NodePath.join(packageDir, ".tmp")
  NodeFs.mkdirSync(scratch, { recursive: true })
  const dir = NodeFs.mkdtempSync(NodePath.join(scratch, "bin-"))
  NodeFs.mkdirSync(NodePath.join(dir, "bin"))
  NodeFs.copyFileSync(NodePath.join(packageDir, "bin", "zoom-scheduler-fake.js"), NodePath.join(dir, "bin", "zoom-scheduler-fake.js"))
  NodeFs.symlinkSync(NodePath.join(packageDir, "src"), NodePath.join(dir, "src"))
  if (built) {
    NodeFs.mkdirSync(NodePath.join(dir, "dist", "esm"), { recursive: true })
    NodeFs.mkdirSync(NodePath.join(dir, "dist", "guard"), { recursive: true })
    NodeFs.writeFileSync(NodePath.join(dir, "dist", "guard", "effectGuard.js"), "globalThis.guardRan = true\n")
    NodeFs.writeFileSync(
      NodePath.join(dir, "dist", "esm", "bin.js"),
      "console.log(`built guard=${globalThis.guardRan} args=${process.argv.slice(2).join(' ')}`)\nprocess.exitCode = 3\n"
    )
  }
  return dir
}

const run = (dir: string, ...args: ReadonlyArray<string>) =>
  spawnSync(process.execPath, [NodePath.join(dir, "bin", "zoom-scheduler-fake.js"), ...args], {
    encoding: "utf8",
    timeout: 60_000
  })

describe("the zoom-scheduler-fake bin shim", () => {
  it("built: runs dist/esm/bin.js after the effect 3 check, with the arguments", () => {
    const dir = layout(true)
    try {
      const result = run(dir, "--port", "4010")
      expect(result.stdout.trim()).toBe("built guard=true args=--port 4010")
      expect(result.status).toBe(3)
    } finally {
      NodeFs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it("not built: runs src/bin.ts through tsx, and passes its exit code through", () => {
    const dir = layout(false)
    try {
      const help = run(dir, "--help")
      expect(help.status).toBe(0)
      expect(help.stdout).toContain("Usage: zoom-scheduler-fake [options]")
      const bad = run(dir, "--port", "not-a-port")
      expect(bad.status).toBe(2)
      expect(bad.stderr).toContain("zoom-scheduler-fake:")
    } finally {
      NodeFs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
