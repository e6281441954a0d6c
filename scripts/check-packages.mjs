// Checks the packages as a consumer gets them, from the tarballs `pnpm pack`
// makes of the built packages (run `pnpm build` first):
//
// 1. the tarballs: LICENSE (the root's) and README.md in each, no tests, no
//    workspace-only condition or wildcard in the exports, one export per
//    public module and every target present, repository/homepage/bugs/engines;
// 2. @arethetypeswrong/cli (profile node16: node16 from CJS, from ESM, and
//    bundler) and publint --strict on each tarball;
// 3. a consumer app outside the workspace, installed by npm with the README's
//    install line (effect@^3.22 @effect/platform@^0.97): the quick start
//    against a loopback fake as ESM and as CommonJS, its shape type-checked
//    as a `.cts` module, the `zoom-scheduler-fake` bin, and the `zoom-scheduler`
//    bin: `--help`, then against its own fake (`zoom-scheduler fake`):
//    `auth login` (this script plays the browser), `users me`, and
//    `events export --format csv`;
// 4. the same tarballs beside effect 4 (npm's `latest`): importing and
//    requiring each library fails with the one sentence of the effect 3 check
//    (the CLI depends on effect 3 itself, and is checked in the effect 3 app).
//
// Usage: node scripts/check-packages.mjs [--keep] (--keep leaves the temporary folder).
import { execFile, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { clearTimeout } from "node:timers"
import { promisify } from "node:util"

const run = promisify(execFile)
const root = fileURLToPath(new URL("..", import.meta.url))
const packages = ["scheduler", "scheduler-node", "scheduler-redis", "scheduler-testing", "cli"]
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "effect-zoom-packages-"))
const failures = []
const fail = (message) => {
  failures.push(message)
  console.log(`  FAIL ${message}`)
}
const ok = (message) => console.log(`  ok   ${message}`)
const bin = (name) => path.join(root, "node_modules", ".bin", name)
const exec = (file, args, options = {}) =>
  run(file, args, { maxBuffer: 64 * 1024 * 1024, ...options }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error) => ({ code: error.code ?? 1, stdout: error.stdout ?? "", stderr: error.stderr ?? String(error) })
  )

/** Every string leaf of an exports map, with the condition path leading to it. */
const targets = (value, at = []) =>
  typeof value === "string"
    ? [{ at, target: value }]
    : value === null
    ? []
    : Object.entries(value).flatMap(([key, inner]) => targets(inner, [...at, key]))

// 1. pack and inspect ---------------------------------------------------------
console.log("==> pack")
const packDir = path.join(tmp, "packs")
fs.mkdirSync(packDir)
const tarballs = {}
for (const dir of packages) {
  const cwd = path.join(root, "packages", dir)
  if (!fs.existsSync(path.join(cwd, "dist"))) {
    console.error(`packages/${dir} is not built: run \`pnpm build\` first`)
    process.exit(1)
  }
  const packed = await exec("pnpm", ["pack", "--pack-destination", packDir], { cwd })
  if (packed.code !== 0) {
    console.error(packed.stderr)
    process.exit(1)
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(cwd, "package.json"), "utf8"))
  const file = fs.readdirSync(packDir).find((f) => f === `${manifest.name.slice(1).replace("/", "-")}-${manifest.version}.tgz`)
  tarballs[manifest.name] = path.join(packDir, file)
}

const license = fs.readFileSync(path.join(root, "LICENSE"), "utf8")
for (const [name, tarball] of Object.entries(tarballs)) {
  console.log(`==> ${name}: contents`)
  const into = path.join(tmp, "extract", name)
  fs.mkdirSync(into, { recursive: true })
  await exec("tar", ["xzf", tarball, "-C", into])
  const pkgDir = path.join(into, "package")
  const files = (await exec("tar", ["tzf", tarball])).stdout.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""))
  const has = (file) => files.includes(file)
  const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"))

  if (has("LICENSE") && fs.readFileSync(path.join(pkgDir, "LICENSE"), "utf8") === license) ok("LICENSE (the root's)")
  else fail(`${name}: LICENSE missing or different from the root's`)
  if (has("README.md")) ok("README.md")
  else fail(`${name}: README.md missing`)
  const tests = files.filter((f) => /(^|\/)test\/|\.test\.[cm]?[jt]s$/.test(f))
  if (tests.length === 0) ok("no test files")
  else fail(`${name}: ships test files: ${tests.join(", ")}`)
  for (const field of ["repository", "homepage", "bugs", "license"]) {
    if (manifest[field] === undefined) fail(`${name}: no "${field}"`)
  }
  if (manifest.engines?.node === undefined) fail(`${name}: no engines.node`)
  else ok(`repository, homepage, bugs, license, engines.node ${manifest.engines.node}`)
  const deps = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies }
  const workspaceDeps = Object.entries(deps).filter(([, range]) => String(range).startsWith("workspace:"))
  if (workspaceDeps.length === 0) ok("no workspace: ranges")
  else fail(`${name}: workspace ranges in the published manifest: ${workspaceDeps.map(([d]) => d).join(", ")}`)

  const exportKeys = Object.keys(manifest.exports)
  const leaves = targets(manifest.exports)
  const wildcard = exportKeys.filter((key) => key.includes("*"))
  const workspaceOnly = leaves.filter(({ at }) => at.includes("source"))
  const exposed = leaves.filter(({ target }) => /^\.\/(src|bin)\/|\/internal\//.test(target) || /\/bin\.js$/.test(target))
  if (wildcard.length + workspaceOnly.length + exposed.length === 0) ok("exports: no wildcard, no source condition, no bin or internals")
  else fail(`${name}: exports expose ${[...wildcard, ...workspaceOnly.map((l) => l.target), ...exposed.map((l) => l.target)].join(", ")}`)
  const missing = leaves.filter(({ target }) => !has(target.slice(2)))
  if (missing.length === 0) ok(`exports: all ${leaves.length} targets are in the tarball`)
  else fail(`${name}: export targets missing from the tarball: ${missing.map((l) => l.target).join(", ")}`)
  // One export per public module (src/*.ts but the bin), and no export without one.
  const modules = files
    .filter((f) => /^src\/[^/]+\.ts$/.test(f) && f !== "src/bin.ts")
    .map((f) => (f === "src/index.ts" ? "." : `./${f.slice(4, -3)}`))
  const unexported = modules.filter((m) => !exportKeys.includes(m))
  const stray = exportKeys.filter((key) => key !== "./package.json" && !modules.includes(key))
  if (unexported.length + stray.length === 0) ok(`exports: one per public module (${modules.length})`)
  else fail(`${name}: modules without an export: [${unexported.join(", ")}]; exports without a module: [${stray.join(", ")}]`)
  for (const [command, target] of Object.entries(manifest.bin ?? {})) {
    const file = target.replace(/^\.\//, "")
    if (has(file) && fs.readFileSync(path.join(pkgDir, file), "utf8").startsWith("#!/usr/bin/env node")) ok(`bin ${command}`)
    else fail(`${name}: bin ${command} -> ${target} is missing or has no shebang`)
  }
}

// 2. attw and publint ---------------------------------------------------------
for (const [name, tarball] of Object.entries(tarballs)) {
  console.log(`==> ${name}: attw, publint`)
  const attw = await exec(bin("attw"), [tarball, "--profile", "node16", "--format", "table-flipped"])
  if (attw.code === 0) ok("attw --profile node16: node16 (CJS), node16 (ESM), bundler")
  else fail(`${name}: attw\n${attw.stdout}${attw.stderr}`)
  const publint = await exec(bin("publint"), ["--strict", tarball])
  if (publint.code === 0 && /All good/.test(publint.stdout)) ok("publint --strict: all good")
  else fail(`${name}: publint\n${publint.stdout}${publint.stderr}`)
}

// 3 and 4. consumer apps ------------------------------------------------------
const npmInstall = async (dir, specs, extra = []) => {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: path.basename(dir), private: true }, null, 2)}\n`)
  const installed = await exec("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...extra, ...specs], { cwd: dir })
  if (installed.code !== 0) fail(`npm install in ${path.basename(dir)}:\n${installed.stderr}`)
  return installed.code === 0
}
// The CLI is left out of the effect 4 app: it depends on effect 3 itself (an
// application, not a library), and --legacy-peer-deps would leave out the peers
// of its own dependencies (@effect/platform-node's), which says nothing about effect 4.
const libraries = Object.fromEntries(Object.entries(tarballs).filter(([name]) => name !== "@effect-zoom/cli"))
const app3 = path.join(tmp, "app-effect3")
const app4 = path.join(tmp, "app-effect4")
console.log("==> npm install: a consumer app with effect 3, another with effect 4 (npm's latest)")
const [installed3, installed4] = await Promise.all([
  npmInstall(app3, [...Object.values(tarballs), "effect@^3.22", "@effect/platform@^0.97", "@types/node@20"]),
  // effect 4 conflicts with the packages' peer range: npm refuses it outright; pnpm
  // and yarn only warn, and that is the install this checks.
  npmInstall(app4, [...Object.values(libraries), "effect@4", "@effect/platform@^0.97"], ["--legacy-peer-deps"])
])

if (installed3) {
  console.log("==> consumer app, effect 3")
  for (const file of ["quickstart.mjs", "quickstart.cjs", "quickstart.cts", "tsconfig.json"]) {
    fs.copyFileSync(path.join(root, "scripts", "consumer", file), path.join(app3, file))
  }
  const expected = /: .+ [1-9][0-9]* events NotFound$/m
  for (const [label, file] of [["ESM (import)", "quickstart.mjs"], ["CommonJS (require)", "quickstart.cjs"]]) {
    const result = await exec(process.execPath, [file], { cwd: app3 })
    if (result.code === 0 && expected.test(result.stdout)) ok(`${label}: ${result.stdout.trim()}`)
    else fail(`${label} quick start: exit ${result.code}\n${result.stdout}${result.stderr}`)
  }
  const tsc = await exec(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: app3 })
  if (tsc.code === 0) ok("tsc: quickstart.cts (module node16) type-checks")
  else fail(`tsc quickstart.cts:\n${tsc.stdout}${tsc.stderr}`)
  const help = await exec("npx", ["--no-install", "zoom-scheduler-fake", "--help"], { cwd: app3 })
  if (help.code === 0 && /Usage: zoom-scheduler-fake/.test(help.stdout + help.stderr)) ok("npx zoom-scheduler-fake --help")
  else fail(`zoom-scheduler-fake --help: exit ${help.code}\n${help.stdout}${help.stderr}`)
  await checkCli(app3)
}

/** A long-running child: its output so far, and a promise of the first match of a pattern. */
function startChild(file, args, options) {
  const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], ...options })
  let output = ""
  const waiters = []
  const settle = () => waiters.splice(0).forEach((check) => check())
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8").on("data", (chunk) => {
      output += chunk
      settle()
    })
  }
  const exited = new Promise((resolve) => child.on("close", (code) => {
    settle()
    resolve(code)
  }))
  const waitFor = (pattern, ms = 60_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}:\n${output}`)), ms)
      const check = () => {
        const match = output.match(pattern)
        if (match !== null) {
          clearTimeout(timer)
          return resolve(match)
        }
        if (child.exitCode !== null) {
          clearTimeout(timer)
          return reject(new Error(`exited ${child.exitCode} before ${pattern}:\n${output}`))
        }
        waiters.push(check)
      }
      check()
    })
  return { child, output: () => output, waitFor, exited }
}

/** The records of an RFC 4180 text (line breaks inside quoted fields do not end a record). */
function csvRecords(text) {
  const records = []
  let quoted = false
  let start = 0
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\"") quoted = !quoted
    else if (!quoted && text[i] === "\r" && text[i + 1] === "\n") {
      records.push(text.slice(start, i))
      start = i + 2
    }
  }
  if (start < text.length) records.push(text.slice(start))
  return records
}

/** The `zoom-scheduler` bin as installed: help, then login, a read and an export against its own fake. */
async function checkCli(app) {
  const cli = path.join(app, "node_modules", ".bin", "zoom-scheduler")
  const help = await exec(cli, ["--help"], { cwd: app })
  if (help.code === 0 && /zoom-scheduler 0\.1\.0/.test(help.stdout) && /events export/.test(help.stdout)) ok("zoom-scheduler --help")
  else return fail(`zoom-scheduler --help: exit ${help.code}\n${help.stdout}${help.stderr}`)

  const env = { ...process.env, XDG_CONFIG_HOME: path.join(app, "config") }
  for (const key of Object.keys(env)) if (key.startsWith("ZOOM_")) delete env[key]
  const fake = startChild(cli, ["fake", "--port", "0", "--events", "40"], { cwd: app, env })
  try {
    for (const [, name, value] of (await fake.waitFor(/ZOOM_CLIENT_SECRET=.*\n/)).input.matchAll(/^export (ZOOM_[A-Z_]+)=(.*)$/gm)) {
      env[name] = value
    }
    const login = startChild(cli, ["auth", "login", "--timeout", "60"], { cwd: app, env })
    const [authorizationUrl] = await login.waitFor(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+$/m)
    // the browser: the fake consents and redirects to the CLI's loopback server
    const landed = await globalThis.fetch(authorizationUrl)
    const loginCode = await login.exited
    const tokenFile = path.join(app, "config", "zoom-scheduler", "tokens.json")
    const mode = fs.existsSync(tokenFile) ? (fs.statSync(tokenFile).mode & 0o777).toString(8) : "absent"
    if (landed.ok && loginCode === 0 && /Logged in as /.test(login.output()) && mode === "600") {
      ok(`zoom-scheduler auth login against \`zoom-scheduler fake\`: tokens.json mode ${mode}`)
    } else return fail(`zoom-scheduler auth login: browser ${landed.status}, exit ${loginCode}, token file ${mode}\n${login.output()}`)

    const me = await exec(cli, ["users", "me", "--json"], { cwd: app, env })
    const user = me.code === 0 ? JSON.parse(me.stdout) : undefined
    if (typeof user?.display_name === "string" || typeof user?.displayName === "string") ok("zoom-scheduler users me --json")
    else fail(`zoom-scheduler users me: exit ${me.code}\n${me.stdout}${me.stderr}`)

    const ndjson = await exec(cli, ["events", "export", "--format", "ndjson"], { cwd: app, env })
    const csv = await exec(cli, ["events", "export", "--format", "csv"], { cwd: app, env })
    const events = ndjson.stdout.split("\n").filter(Boolean).length
    const rows = csvRecords(csv.stdout)
    if (ndjson.code === 0 && csv.code === 0 && events >= 40 && rows[0].startsWith("event_id,") && rows.length === events + 1 && csv.stderr === "") {
      ok(`zoom-scheduler events export --format csv: header + ${events} rows (as many as ndjson), no progress off a terminal`)
    } else fail(`zoom-scheduler events export: exit ${ndjson.code}/${csv.code}, ${events} events, ${rows.length} csv rows\n${csv.stderr}`)
  } catch (error) {
    fail(`zoom-scheduler against its fake: ${error.message}`)
  } finally {
    fake.child.kill("SIGINT")
    await fake.exited
  }
}

if (installed4) {
  console.log("==> consumer app, effect 4")
  for (const name of Object.keys(libraries)) {
    for (const [label, args] of [
      ["import", ["--input-type=module", "-e", `await import(${JSON.stringify(name)})`]],
      ["require", ["-e", `require(${JSON.stringify(name)})`]]
    ]) {
      const result = await exec(process.execPath, args, { cwd: app4 })
      const sentence = `${name} needs effect 3 (install effect@^3.22 and @effect/platform@^0.97; effect 4 is not supported yet), but effect 4.`
      if (result.code !== 0 && result.stderr.includes(sentence) && !/ERR_MODULE_NOT_FOUND|ERR_REQUIRE_ESM/.test(result.stderr)) {
        ok(`${label} ${name}: ${result.stderr.split("\n").find((line) => line.includes(sentence)).trim()}`)
      } else fail(`${label} ${name} under effect 4: exit ${result.code}\n${result.stderr}`)
    }
  }
  const fake = await exec("npx", ["--no-install", "zoom-scheduler-fake", "--help"], { cwd: app4 })
  if (fake.code !== 0 && fake.stderr.includes("@effect-zoom/scheduler-testing needs effect 3")) ok("zoom-scheduler-fake: the same sentence")
  else fail(`zoom-scheduler-fake under effect 4: exit ${fake.code}\n${fake.stderr}`)
}

if (process.argv.includes("--keep")) console.log(`(kept ${tmp})`)
else fs.rmSync(tmp, { recursive: true, force: true })
if (failures.length > 0) {
  console.log(`\n${failures.length} package check(s) failed`)
  process.exit(1)
}
console.log("\nall package checks passed")
