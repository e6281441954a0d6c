/**
 * The runtime matrix (`pnpm test:runtimes`, run by `.ci/run` after the build):
 * the smoke program (`smoke.ts`) bundled by esbuild for each runtime and run
 * against one loopback fake, one runtime after the other:
 *
 *   node-esm   Node, ES modules: `import` of the built packages (dist/guard, dist/esm)
 *   node-cjs   Node, CommonJS: `require` of the built packages (dist/cjs)
 *   bun        Bun (npm package `bun`), one bundle, no `node:` module
 *   deno       Deno (npm package `deno`), one bundle, `--allow-net=127.0.0.1` only
 *   workerd    Cloudflare's workerd (npm package `workerd`) running the bundle as a Worker
 *   chromium   headless Chromium (Debian package `chromium`), the fake on another origin (CORS)
 *
 * Prints one line per runtime (`runtime node-esm ok 1.2s`) and exits non-zero
 * unless all are green. Needs `pnpm build` first. `CHROMIUM` names the browser
 * binary (default `chromium`).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { createHmac } from "node:crypto"
import * as fs from "node:fs"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { FakeZoom } from "@effect-zoom/scheduler-testing"
import * as esbuild from "esbuild"
import { Effect, Exit, Redacted, Scope } from "effect"
import type { SignedRequest, SmokeConfig, SmokeResult } from "./smoke.js"

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, "../..")
const out = path.join(here, "dist") // ignored by git, eslint and tsc like every dist
const bin = (name: string) => path.join(root, "node_modules", ".bin", name)

const accountId = "smoke-account"
const clientId = "smoke-client"
const clientSecret = "smoke-client-secret"
const webhookSecret = "smoke-webhook-secret"
const seededEvents = 7
const timeoutMs = 60_000

for (const pkg of ["scheduler", "scheduler-testing"]) {
  if (!fs.existsSync(path.join(root, "packages", pkg, "dist", "cjs", "index.js"))) {
    console.error(`packages/${pkg}/dist is missing: run \`pnpm build\` first`)
    process.exit(1)
  }
}

// --- the fake ---------------------------------------------------------------

const scope = Effect.runSync(Scope.make())
const served = await Effect.runPromise(
  FakeZoom.serve({
    port: 0,
    seed: { events: seededEvents },
    accountId,
    oauth: { clients: [{ clientId, clientSecret: Redacted.make(clientSecret) }] }
  }).pipe(Scope.extend(scope))
)
const stats = () => Effect.runPromise(served.fake.stats)

/** What the runtimes should find, asked of the fake over plain HTTP. */
const expected = await (async () => {
  const token = await fetch(`${served.url}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded"
    },
    body: new URLSearchParams({ grant_type: "account_credentials", account_id: accountId })
  }).then((r) => r.json() as Promise<{ access_token: string }>)
  const get = (url: string) =>
    fetch(`${served.url}/v2${url}`, { headers: { authorization: `Bearer ${token.access_token}` } }).then((r) =>
      r.json() as Promise<Record<string, unknown>>
    )
  const me = await get("/scheduler/users/me")
  const events = await get("/scheduler/events?page_size=300")
  const count = (events["items"] as ReadonlyArray<unknown>).length
  return { user: me["display_name"] as string, events: count, pageSize: Math.ceil(count / 3) }
})()

// --- the control server: configuration, the browser page, results ------------

const sign = (body: string): SignedRequest => {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const signature = createHmac("sha256", webhookSecret).update(`v0:${timestamp}:${body}`).digest("hex")
  return {
    headers: { "content-type": "application/json", "x-zm-request-timestamp": timestamp, "x-zm-signature": `v0=${signature}` },
    body
  }
}

const plainToken = "smoke-plain-token"
const config = (): SmokeConfig => ({
  baseUrl: `${served.url}/v2`,
  tokenUrl: `${served.url}/oauth/token`,
  accountId,
  clientId,
  clientSecret,
  pageSize: expected.pageSize,
  missingEventId: "no-such-event",
  webhookSecret,
  webhook: sign(JSON.stringify({
    event: "scheduler.scheduled_event_created",
    event_ts: Date.now(),
    payload: { account_id: accountId, object: { event_id: "evt-smoke", invitee_email: "smoke@example.com" } }
  })),
  challenge: sign(JSON.stringify({ event: "endpoint.url_validation", event_ts: Date.now(), payload: { plainToken } }))
})

let onResult: ((line: string) => void) | undefined
const control = http.createServer((request, response) => {
  const send = (status: number, type: string, body: string | Buffer) => {
    response.writeHead(status, { "content-type": type, "access-control-allow-origin": "*" })
    response.end(body)
  }
  if (request.method === "GET" && request.url === "/config") return send(200, "application/json", JSON.stringify(config()))
  if (request.method === "GET" && request.url === "/") {
    return send(200, "text/html", `<!doctype html><title>smoke</title><script type="module" src="/browser.js"></script>`)
  }
  if (request.method === "GET" && request.url === "/browser.js") {
    return send(200, "text/javascript", fs.readFileSync(path.join(out, "browser.js")))
  }
  if (request.method === "GET" && request.url === "/favicon.ico") return send(404, "text/plain", "")
  if (request.method === "POST" && request.url === "/result") {
    let body = ""
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")))
    request.on("end", () => {
      send(204, "text/plain", "")
      onResult?.(body)
    })
    return
  }
  send(404, "text/plain", "not found")
})
await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve))
const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`

// --- the builds ---------------------------------------------------------------

fs.rmSync(out, { recursive: true, force: true })
fs.mkdirSync(out, { recursive: true })
const entry = (name: string) => path.join(here, "entries", `${name}.ts`)
const common: esbuild.BuildOptions = {
  bundle: true,
  target: "es2022",
  logLevel: "warning",
  define: { __SMOKE_CONTROL_URL__: JSON.stringify(controlUrl) }
}
/**
 * Everything inlined, for a runtime that is not Node: any `node:` import fails
 * the build. No `bun`/`deno` condition: under it, `@effect/platform`'s
 * msgpackr dependency resolves to its Node build.
 */
const neutral = (conditions: Array<string>): esbuild.BuildOptions => ({
  ...common,
  platform: "neutral",
  format: "esm",
  mainFields: ["module", "main"],
  conditions: [...conditions, "module"]
})
await Promise.all([
  // Node: the packages stay external and Node loads the built dist (import, then require)
  esbuild.build({ ...common, entryPoints: [entry("cli")], outfile: path.join(out, "node-esm.mjs"), platform: "node", format: "esm", packages: "external" }),
  esbuild.build({ ...common, entryPoints: [entry("cli")], outfile: path.join(out, "node-cjs.cjs"), platform: "node", format: "cjs", packages: "external" }),
  esbuild.build({ ...neutral([]), entryPoints: [entry("cli")], outfile: path.join(out, "bun.mjs") }),
  esbuild.build({ ...neutral([]), entryPoints: [entry("cli")], outfile: path.join(out, "deno.mjs") }),
  esbuild.build({ ...neutral(["workerd", "worker"]), entryPoints: [entry("worker")], outfile: path.join(out, "worker.mjs") }),
  esbuild.build({ ...common, entryPoints: [entry("browser")], outfile: path.join(out, "browser.js"), platform: "browser", format: "esm" })
])

// --- the runs -----------------------------------------------------------------

/** Starts `command` in its own process group, so that it is stopped with all its children. */
const start = (command: string, args: ReadonlyArray<string>, output: { text: string }): ChildProcess => {
  const child = spawn(command, args, { cwd: out, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } })
  child.stdout?.on("data", (chunk: Buffer) => (output.text += chunk.toString("utf8")))
  child.stderr?.on("data", (chunk: Buffer) => (output.text += chunk.toString("utf8")))
  return child
}

const stop = (child: ChildProcess) => {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    try {
      process.kill(-child.pid, "SIGKILL")
    } catch {
      // already gone
    }
  }
}

const withTimeout = <A>(promise: Promise<A>, what: string): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no result within ${timeoutMs / 1000}s (${what})`)), timeoutMs)
    promise.then(
      (a) => (clearTimeout(timer), resolve(a)),
      (e: unknown) => (clearTimeout(timer), reject(e))
    )
  })

/** A program with a command line: its `SMOKE-…` line, once it has exited 0 by itself. */
const command = (commandName: string, args: ReadonlyArray<string>) => async (): Promise<string> => {
  const output = { text: "" }
  const child = start(commandName, args, output)
  try {
    const code = await withTimeout(
      new Promise<number | null>((resolve, reject) => {
        child.once("error", reject)
        child.once("exit", resolve)
      }),
      "the process did not exit"
    )
    if (code !== 0) throw new Error(`exit code ${code}: ${output.text.trim().slice(-2000)}`)
    return output.text
  } finally {
    stop(child)
  }
}

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = http.createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port
      server.close(() => resolve(port))
    })
  })

/** workerd serving the Worker: one request, whose answer is the result. */
const workerd = async (): Promise<string> => {
  const port = await freePort()
  const output = { text: "" }
  const child = start(bin("workerd"), ["serve", path.join(here, "workerd.capnp"), "--socket-addr", `http=127.0.0.1:${port}`], output)
  try {
    return await withTimeout(
      (async () => {
        for (;;) {
          if (child.exitCode !== null) throw new Error(`workerd exited ${child.exitCode}: ${output.text.trim().slice(-2000)}`)
          try {
            return await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text())
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 100)) // not listening yet
          }
        }
      })(),
      "workerd"
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output.text.trim().slice(-2000)}`)
    })
  } finally {
    stop(child)
  }
}

/** Headless Chromium opening the control server's page, which posts the result back. */
const chromium = async (): Promise<string> => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "smoke-chromium-"))
  const output = { text: "" }
  const result = new Promise<string>((resolve) => (onResult = resolve))
  const child = start(process.env["CHROMIUM"] ?? "chromium", [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    `--user-data-dir=${profile}`,
    `${controlUrl}/`
  ], output)
  try {
    return await withTimeout(
      Promise.race([
        result,
        new Promise<never>((_, reject) => {
          child.once("error", reject)
          child.once("exit", (code) => reject(new Error(`chromium exited ${code}: ${output.text.trim().slice(-2000)}`)))
        })
      ]),
      "chromium"
    )
  } finally {
    onResult = undefined
    stop(child)
    fs.rmSync(profile, { recursive: true, force: true })
  }
}

const runtimes: ReadonlyArray<readonly [string, () => Promise<string>]> = [
  ["node-esm", command(process.execPath, [path.join(out, "node-esm.mjs")])],
  ["node-cjs", command(process.execPath, [path.join(out, "node-cjs.cjs")])],
  ["bun", command(bin("bun"), [path.join(out, "bun.mjs")])],
  ["deno", command(bin("deno"), ["run", "--no-config", "--no-prompt", "--allow-net=127.0.0.1", path.join(out, "deno.mjs")])],
  ["workerd", workerd],
  ["chromium", chromium]
]

/** The result line checked against what the fake holds and what it counted. */
const check = (output: string, before: FakeZoom.FakeZoomStats, after: FakeZoom.FakeZoomStats): void => {
  const failure = /SMOKE-FAILURE (.*)/.exec(output)
  if (failure) throw new Error(failure[1])
  const line = /SMOKE-RESULT (.*)/.exec(output)
  if (!line) throw new Error(`no result line in: ${output.trim().slice(-2000)}`)
  const result = JSON.parse(line[1]!) as SmokeResult
  const encryptedToken = createHmac("sha256", webhookSecret).update(plainToken).digest("hex")
  const delta = (get: (s: FakeZoom.FakeZoomStats) => number | undefined) => (get(after) ?? 0) - (get(before) ?? 0)
  const checks: ReadonlyArray<readonly [string, unknown, unknown]> = [
    ["users.get display name", result.user, expected.user],
    ["events streamed", result.events, expected.events],
    ["distinct events", result.distinctEvents, expected.events],
    ["events.list requests (pages)", delta((s) => s.byOperation["events.list"]), 3],
    ["token requests (account_credentials)", delta((s) => s.tokenRequests.account_credentials), 1],
    ["404 caught as", result.notFound?.tag, "NotFound"],
    ["404 id", result.notFound?.id, "no-such-event"],
    ["webhook decoded as", result.webhook.tag, "ScheduledEventCreated"],
    ["webhook invitee", result.webhook.inviteeEmail, "smoke@example.com"],
    ["tampered webhook", result.tampered, "BadSignature"],
    ["URL validation status", result.challenge.status, 200],
    ["URL validation answer", JSON.parse(result.challenge.body), { plainToken, encryptedToken }]
  ]
  for (const [what, actual, wanted] of checks) {
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
      throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`)
    }
  }
}

let passed = 0
for (const [name, run] of runtimes) {
  const before = await stats()
  const started = performance.now()
  try {
    const output = await run()
    check(output, before, await stats())
    passed++
    console.log(`runtime ${name} ok ${((performance.now() - started) / 1000).toFixed(1)}s`)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.log(`runtime ${name} FAILED ${((performance.now() - started) / 1000).toFixed(1)}s: ${message}`)
  }
}

control.close()
await Effect.runPromise(Scope.close(scope, Exit.void))
console.log(`runtimes: ${passed} passed, ${runtimes.length - passed} failed`)
process.exit(passed === runtimes.length ? 0 : 1)
