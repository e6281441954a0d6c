/**
 * The runnable examples, as users run them: each program in its own Node
 * process, configured by environment variables, against the fake Zoom served
 * on loopback. Covers the quick start (and its failure without a token, and
 * Ctrl-C), and the connector's two examples rewritten (docs/from-ballerina.md).
 */
import type { ChildProcess } from "node:child_process"
import { spawn } from "node:child_process"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { HttpClient } from "@effect/platform"
import { Effect, Layer, Redacted, Stream } from "effect"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
import { FakeZoom } from "@effect-zoom/scheduler-testing"

const root = fileURLToPath(new URL("..", import.meta.url))

interface Run {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `examples/<file>` with `env` (and nothing of ours from process.env that names ZOOM_). */
export const runExample = (
  file: string,
  env: Record<string, string>,
  options: { readonly timeoutMs?: number; readonly onSpawn?: (child: ChildProcess) => void } = {}
) =>
  Effect.async<Run>((resume) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ZOOM_"))) as Record<string, string>
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", file], { cwd: root, env: { ...base, ...env } })
    let stdout = ""
    let stderr = ""
    options.onSpawn?.(child)
    child.stdout.on("data", (d) => (stdout += d))
    child.stderr.on("data", (d) => (stderr += d))
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000)
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      resume(Effect.succeed({ code, signal, stdout, stderr }))
    })
    return Effect.sync(() => child.kill("SIGKILL"))
  })

const CLIENT = { clientId: "examples-app", clientSecret: "examples-secret" }

/** The fake Zoom on loopback, with an OAuth app and a bearer token; the env the examples read. */
const fakeEnv = (options: FakeZoom.ServeOptions = {}) =>
  Effect.gen(function*() {
    const served = yield* FakeZoom.serve({
      port: 0,
      seed: { users: 1, availabilityPerUser: 1, schedulesPerUser: 2, events: 45, seed: 3 },
      oauth: { clients: [{ clientId: CLIENT.clientId, clientSecret: Redacted.make(CLIENT.clientSecret) }] },
      ...options
    })
    const refreshToken = yield* served.fake.issueRefreshToken({ clientId: CLIENT.clientId })
    const accessToken = yield* served.fake.issueAccessToken()
    const dir = mkdtempSync(join(tmpdir(), "effect-zoom-examples-"))
    yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
    const env = {
      ZOOM_BASE_URL: `${served.url}/v2`,
      ZOOM_REFRESH_URL: `${served.url}/oauth/token`,
      ZOOM_CLIENT_ID: CLIENT.clientId,
      ZOOM_CLIENT_SECRET: CLIENT.clientSecret,
      ZOOM_REFRESH_TOKEN: Redacted.value(refreshToken),
      ZOOM_ACCESS_TOKEN: Redacted.value(accessToken),
      ZOOM_TOKEN_FILE: join(dir, "tokens.json")
    }
    return { ...served, env }
  })

describe("examples", () => {
  it.scoped("quick-start.ts prints the user and the confirmed bookings, exit 0", () =>
    Effect.gen(function*() {
      const { env } = yield* fakeEnv()
      const run = yield* runExample("examples/quick-start.ts", { ZOOM_ACCESS_TOKEN: env.ZOOM_ACCESS_TOKEN, ZOOM_BASE_URL: env.ZOOM_BASE_URL })
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toMatch(/: \d+ confirmed bookings\n$/)
    }), 60_000)

  it.scoped("quick-start.ts without ZOOM_ACCESS_TOKEN: exit 1 before any request, one line naming the variable", () =>
    Effect.gen(function*() {
      const { env, fake } = yield* fakeEnv()
      const run = yield* runExample("examples/quick-start.ts", { ZOOM_BASE_URL: env.ZOOM_BASE_URL })
      expect(run.code).toBe(1)
      expect(run.stderr.trim()).toBe(
        "Configuration error: ZOOM_ACCESS_TOKEN is not set: set it to a Zoom OAuth access token (see docs/guides/first-refresh-token.md to get one)"
      )
      expect(run.stderr).not.toContain("FiberFailure")
      expect((yield* fake.stats).requests).toBe(0)
    }), 60_000)

  it.scoped("quick-start.ts with a rejected token: exit 1, the typed error on one line and its fields", () =>
    Effect.gen(function*() {
      const { env } = yield* fakeEnv({ auth: "strict" })
      const run = yield* runExample("examples/quick-start.ts", { ZOOM_ACCESS_TOKEN: "not-a-token", ZOOM_BASE_URL: env.ZOOM_BASE_URL })
      expect(run.code).toBe(1)
      const [first, ...fields] = run.stderr.trim().split("\n")
      expect(first).toMatch(/^AuthError: /)
      expect(fields).toContain(`  operation: "users.get"`)
      expect(run.stderr).not.toContain("not-a-token")
    }), 60_000)

  it.scoped("quick-start.ts: Ctrl-C interrupts the request in flight and exits at once", () =>
    Effect.gen(function*() {
      // a server that takes the request and never answers
      let child: ChildProcess | undefined
      let aborted: () => void = () => {}
      const closed = new Promise<void>((resolve) => (aborted = resolve))
      let signalledAt = 0
      const server = createServer((req) => {
        req.socket.once("close", aborted)
        signalledAt = Date.now()
        child?.kill("SIGINT") // Ctrl-C while the request is in flight
      })
      yield* Effect.acquireRelease(
        Effect.async<void>((resume) => void server.listen(0, "127.0.0.1", () => resume(Effect.void))),
        () => Effect.sync(() => server.closeAllConnections()).pipe(Effect.zipRight(Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))))
      )
      const port = (server.address() as AddressInfo).port
      const run = yield* runExample("examples/quick-start.ts", { ZOOM_ACCESS_TOKEN: "token", ZOOM_BASE_URL: `http://127.0.0.1:${port}/v2` }, {
        onSpawn: (spawned) => (child = spawned)
      })
      expect(run.signal).toBeNull() // it exited by itself, not killed by the test's timeout
      expect(run.code === 0 || run.code === 130, `exit ${run.code}: ${run.stderr}`).toBe(true)
      expect(signalledAt).toBeGreaterThan(0)
      expect(Date.now() - signalledAt).toBeLessThan(5_000) // not the 30 s attempt timeout
      yield* Effect.promise(() => closed) // the connection was closed: the request was interrupted, not abandoned
      expect(run.stderr).not.toContain("Error")
    }), 60_000)

  it.scoped("availability-manager.ts, the connector's example: exit 0, creates Extended Office Hours", () =>
    Effect.gen(function*() {
      const { env, fake } = yield* fakeEnv()
      const run = yield* runExample("examples/availability-manager.ts", env)
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toMatch(/^User: .+ \| Timezone: /)
      expect(run.stdout).toContain("Analytics - Events Created: ")
      expect(run.stdout).toContain("Availability Schedules: 1\n")
      expect(run.stdout).toMatch(/Created new availability: Extended Office Hours \(\S+\)/)
      expect(run.stdout).toContain("Active Schedules: 2\n")
      const names = (yield* fake.snapshot).availability.map((a) => a.name)
      expect(names).toContain("Extended Office Hours")
    }), 60_000)

  it.scoped("meeting-scheduler.ts, the connector's example: exit 0, creates the schedule, counts every event", () =>
    Effect.gen(function*() {
      const { env, fake } = yield* fakeEnv({ seed: { users: 1, availabilityPerUser: 1, schedulesPerUser: 2, events: 700, seed: 3 } })
      const run = yield* runExample("examples/meeting-scheduler.ts", env)
      // what the connector's totalRecords would have said: the same count, through the in-process fake, 30 a page
      const expected = yield* ZoomScheduler.ZoomScheduler.pipe(
        Effect.flatMap((zoom) => Stream.runCount(zoom.events.stream())),
        Effect.provide(ZoomScheduler.layer().pipe(Layer.provide([
          Credentials.bearer(Redacted.make(env.ZOOM_ACCESS_TOKEN)),
          Layer.succeed(HttpClient.HttpClient, FakeZoom.httpClient(fake))
        ])))
      )
      expect(expected).toBeGreaterThan(300) // more than one page of 300
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toMatch(/Created: daily meeting \(\S+\)/)
      expect(run.stdout).toContain("Schedules on this page: 3\n")
      expect(run.stdout).toContain(`Total Events: ${expected}\n`)
      expect(run.stdout.match(/- Event \S+ \((confirmed|cancelled)\)/g)).toHaveLength(2)
    }), 60_000)
})
