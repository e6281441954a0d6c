#!/usr/bin/env node
// The `zoom-scheduler` command. Committed (not built) so that the link
// pnpm creates on install always has a target. It runs the built command
// (dist/esm/bin.js) when there is one, as in the published package; in a
// source checkout that has not been built, it runs src/bin.ts through tsx with
// the workspace's "source" condition.
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"

const built = new URL("../dist/esm/bin.js", import.meta.url)
if (existsSync(built)) {
  // the effect 3 check first (one sentence under effect 4), then the command
  await import(new URL("../dist/guard/effectGuard.js", import.meta.url).href)
  await import(built.href)
} else {
  const source = fileURLToPath(new URL("../src/bin.ts", import.meta.url))
  const child = spawn(
    process.execPath,
    ["--conditions=source", "--import", import.meta.resolve("tsx"), source, ...process.argv.slice(2)],
    { stdio: "inherit" }
  )
  // Ctrl-C reaches the whole process group: the child stops on its own, this process waits for it.
  process.on("SIGINT", () => {})
  for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal))
  child.on("exit", (code, signal) => {
    if (signal === null) process.exit(code ?? 1)
    process.removeAllListeners(signal)
    process.kill(process.pid, signal)
  })
}
