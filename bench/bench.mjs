#!/usr/bin/env node
// `pnpm bench [options]`: builds what the benchmark runs, then runs it.
//
// 1. The packages it measures (@effect-zoom/scheduler, @effect-zoom/scheduler-node) are built
//    with their own `build` script (dist/esm, what users import) when their sources are newer
//    than their dist, or when there is no dist.
// 2. The benchmark's own TypeScript (bench/**/*.ts) is compiled to bench/dist/ by esbuild, one
//    file per module, no bundling: the contenders import the packages from their dist through
//    the packages' export maps, as an application does.
// 3. bench/dist/run.js runs in a fresh Node process, without tsx or the "source" condition.
//
// This file is plain JavaScript so that `--help` and the build checks need no compilation.
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const benchDir = path.dirname(fileURLToPath(import.meta.url))
const root = path.dirname(benchDir)
const args = process.argv.slice(2).filter((arg) => arg !== "--")

const help = `pnpm bench [options]

Measures @effect-zoom/scheduler (built dist) against undici.request + JSON.parse (the floor),
raw fetch and openapi-fetch, on a loopback Zoom in its own process. Prints progress lines on
stderr and a Markdown table with the targets on stdout.

Options:
  --quick               tiny counts of every scenario (what CI runs; under a minute once built); timings not judged
  --only <ids>          comma-separated scenarios: users.get, events.list, throughput, stream,
                        prefetch, coldstart, oauth, metrics (default: all)
  --page-delay <ms>     the loopback server's delay per page in the prefetch scenario (default 100)
  --work <ms>           the consumer's CPU work per page in the prefetch scenario (default 20)
  --rounds <n>          every scenario's number of rounds (shorter, noisier runs)
  --record              write the results to bench/results/latest.json (tracked); without it a run
                        writes bench/results/<mode>.tmp.json (gitignored) and changes no tracked file
  --no-build            do not rebuild the packages' dist even if their sources are newer
  -h, --help            this text

Durations on the quiet 2-core machine of BENCHMARKS.md, once built: a full run 5.6-10.5 min
(the virtual machine's speed drifts);
--quick 11 s; --only users.get,events.list --rounds 10 23 s; --only stream --rounds 1 1.8 min;
--only prefetch,coldstart --rounds 5 47 s. Building the packages first adds ~25 s. Other work
on the same cores (load average 16-28) made the same runs 3-10 times longer.

Exit code 1 on a real error (a contender throwing, a wrong answer, an OAuth burst that does
not refresh exactly once), never because of a timing.`

if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(`${help}\n`)
  process.exit(0)
}

const t0 = Date.now()
const log = (line) => process.stderr.write(`[build ${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}\n`)

/** The newest modification time (ms) of the files under `dir` (recursively), or of the file itself. */
const newest = (target) => {
  if (!fs.existsSync(target)) return 0
  const stat = fs.statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let max = 0
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue
    max = Math.max(max, newest(path.join(target, entry.name)))
  }
  return max
}

/** The packages the bench imports, in build order. */
const packages = [
  { name: "@effect-zoom/scheduler", dir: path.join(root, "packages", "scheduler") },
  { name: "@effect-zoom/scheduler-node", dir: path.join(root, "packages", "scheduler-node") }
]

if (!args.includes("--no-build")) {
  let stale = false
  for (const pkg of packages) {
    // the build writes dist/guard last: its index.js marks a finished build
    const built = newest(path.join(pkg.dir, "dist", "guard", "index.js"))
    const sources = Math.max(
      newest(path.join(pkg.dir, "src")),
      newest(path.join(pkg.dir, "package.json")),
      newest(path.join(pkg.dir, "tsconfig.build.json")),
      // a rebuilt dependency makes its dependants stale
      stale ? Number.POSITIVE_INFINITY : 0
    )
    if (built === 0 || sources > built) {
      stale = true
      log(`${pkg.name}: ${built === 0 ? "no dist" : "sources newer than dist"}, building (pnpm run build)…`)
      const result = spawnSync("pnpm", ["run", "--silent", "build"], { cwd: pkg.dir, stdio: ["ignore", 2, 2] })
      if (result.status !== 0) {
        log(`${pkg.name}: build failed (${result.status ?? result.signal})`)
        process.exit(1)
      }
    } else log(`${pkg.name}: dist up to date`)
  }
}

// compile the bench itself
const esbuild = await import("esbuild")
const sources = []
const collect = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["dist", "results", "node_modules"].includes(entry.name)) continue
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) collect(file)
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) sources.push(file)
  }
}
collect(benchDir)
const outdir = path.join(benchDir, "dist")
fs.rmSync(outdir, { recursive: true, force: true })
await esbuild.build({
  entryPoints: sources,
  outdir,
  outbase: benchDir,
  format: "esm",
  platform: "node",
  target: "node20",
  bundle: false,
  sourcemap: "linked",
  logLevel: "warning"
})
// bench/package.json says "type": "module"; bench/dist inherits it
log(`bench compiled to bench/dist (${sources.length} modules)`)

const run = spawnSync(process.execPath, [path.join(outdir, "run.js"), ...args.filter((a) => a !== "--no-build")], {
  stdio: "inherit",
  cwd: root
})
process.exit(run.status ?? 1)
