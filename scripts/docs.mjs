#!/usr/bin/env node
/**
 * The API reference: runs `@effect/docgen` in each published package (its
 * `docgen.json`), which type-checks every `@example` in the TSDoc and renders
 * one Markdown page per public module, then moves the pages to
 * `docs/api/<package>/`.
 *
 *   node scripts/docs.mjs          regenerate docs/api (`pnpm run docs`; bare `pnpm docs` is pnpm's own command)
 *   node scripts/docs.mjs scheduler-node   only the packages named
 *   node scripts/docs.mjs --check  type-check the examples and fail when the
 *                                  committed docs/api differs from what the
 *                                  sources generate (CI)
 *
 * docgen writes its scratch files (examples, pages) into `packages/<name>/docs`;
 * this script removes them afterwards.
 */
import { spawnSync } from "node:child_process"
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
// Every published package. docgen reads a re-export's TSDoc from inside its braces
// (`export type { /** … */ Name } from …`), which is how FakeZoom.ts documents each name.
const all = ["scheduler", "scheduler-node", "scheduler-redis", "scheduler-testing", "cli"]
const named = process.argv.slice(2).filter((a) => !a.startsWith("--"))
const packages = named.length > 0 ? all.filter((p) => named.includes(p)) : all

/**
 * Modules whose examples may fail the type-check for now, each with the reason.
 * TEMPORARY (issue 16): these files are being rewritten on other branches; when
 * this list is not empty and the only failing examples are in listed modules,
 * the failures are printed and the pages are generated anyway. Any other
 * failing example fails the run. Empty it once they pass.
 */
const tolerated = {}

const check = process.argv.includes("--check")
const docgen = join(root, "node_modules", "@effect", "docgen", "bin.cjs")
// docgen only type-checks the examples here (many start servers or need credentials):
// `runExamples=false` through its config provider, and a `tsx` stand-in that exits 0 in case it runs them anyway
const noRun = mkdtempSync(join(tmpdir(), "effect-zoom-docgen-norun-"))
writeFileSync(join(noRun, "tsx"), "#!/bin/sh\nexit 0\n", { mode: 0o755 })
process.on("exit", () => rmSync(noRun, { recursive: true, force: true }))
const env = { ...process.env, runExamples: "false", PATH: `${noRun}:${join(root, "node_modules", ".bin")}:${process.env.PATH ?? ""}` }

const run = (cwd, args, extraEnv = {}) => {
  const result = spawnSync(process.execPath, [docgen, ...args], { cwd, env: { ...env, ...extraEnv }, encoding: "utf8" })
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}` }
}

/** The example files tsc complained about, by source module (`src-Webhooks.ts-…` → `Webhooks.ts`). */
const failingModules = (output) => {
  const modules = new Set()
  for (const match of output.matchAll(/docs\/examples\/src-([A-Za-z0-9_]+\.ts)-/g)) modules.add(match[1])
  return [...modules]
}

const generate = (pkg, outRoot) => {
  const cwd = join(root, "packages", pkg)
  const scratch = join(cwd, "docs")
  rmSync(scratch, { recursive: true, force: true })
  try {
    let result = run(cwd, [])
    if (!result.ok) {
      const failing = failingModules(result.output)
      const allowed = tolerated[pkg] ?? {}
      const unexpected = failing.filter((m) => !(m in allowed))
      if (failing.length === 0 || unexpected.length > 0) {
        console.error(result.output)
        throw new Error(`docgen failed for packages/${pkg}${unexpected.length > 0 ? ` (examples in ${unexpected.join(", ")})` : ""}`)
      }
      for (const m of failing) {
        console.warn(`warning: packages/${pkg}/src/${m}: example fails the type-check, tolerated for now: ${allowed[m]}`)
      }
      // every other example passed; render the pages without type-checking the examples again
      // (docgen runs `tsc` from PATH: a stand-in that exits 0 takes its place for this one run)
      const shim = mkdtempSync(join(tmpdir(), "effect-zoom-docgen-"))
      writeFileSync(join(shim, "tsc"), "#!/bin/sh\nexit 0\n", { mode: 0o755 })
      try {
        result = run(cwd, [], { PATH: `${shim}:${env.PATH}` })
      } finally {
        rmSync(shim, { recursive: true, force: true })
      }
      if (!result.ok) {
        console.error(result.output)
        throw new Error(`docgen failed for packages/${pkg} with the tolerated examples unchecked`)
      }
    }
    const out = join(outRoot, pkg)
    rmSync(out, { recursive: true, force: true })
    mkdirSync(out, { recursive: true })
    for (const file of readdirSync(join(scratch, "modules"))) {
      if (file.endsWith(".md")) cpSync(join(scratch, "modules", file), join(out, file))
    }
    console.log(`docs/api/${pkg}: ${readdirSync(out).length} page(s)`)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

const listTree = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1))
      .sort()
    : []

if (check) {
  const tmp = mkdtempSync(join(tmpdir(), "effect-zoom-docs-"))
  try {
    for (const pkg of packages) generate(pkg, tmp)
    const committed = join(root, "docs", "api")
    const stale = []
    const fresh = listTree(tmp)
    const old = new Set(listTree(committed).filter((f) => packages.some((p) => f.startsWith(`${p}/`))))
    for (const file of fresh) {
      if (!old.has(file)) stale.push(`missing: docs/api/${file}`)
      else if (readFileSync(join(tmp, file), "utf8") !== readFileSync(join(committed, file), "utf8")) stale.push(`out of date: docs/api/${file}`)
      old.delete(file)
    }
    for (const file of old) stale.push(`no longer generated: docs/api/${file}`)
    if (stale.length > 0) {
      console.error(`${stale.join("\n")}\nThe API reference is out of date: run \`npx --yes pnpm@10.34.9 run docs\` and commit docs/api.`)
      process.exit(1)
    }
    console.log("docs/api is up to date; every @example type-checks")
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
} else {
  for (const pkg of packages) generate(pkg, join(root, "docs", "api"))
}
