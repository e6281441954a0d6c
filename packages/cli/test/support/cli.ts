/**
 * Runs the real `zoom-scheduler` executable as a child process, the way a
 * user does. The CLI is bundled once per test file with esbuild (from the
 * TypeScript sources, `source` condition), which starts several times faster
 * than `node --import tsx` on every spawn.
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"
import { Effect, Exit, Redacted, Scope } from "effect"
import { FakeZoom } from "@effect-zoom/scheduler-testing"

const here = dirname(fileURLToPath(import.meta.url))

/** Bundles `src/bin.ts` into a temporary folder; returns the file. */
export const bundle = async (): Promise<string> => {
  const outfile = join(mkdtempSync(join(tmpdir(), "zoom-scheduler-cli-")), "zoom-scheduler.mjs")
  await build({
    entryPoints: [resolve(here, "../../src/bin.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["source"],
    outfile,
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: "error"
  })
  return outfile
}

export const CLIENT_ID = "cli-test-client"
export const CLIENT_SECRET = "cli-test-secret-SENTINEL"
export const STATIC_TOKEN = "cli-test-static-token"

/** A fake Zoom on loopback, for the life of a test file. */
export const startFake = async (options: FakeZoom.FakeZoomOptions = {}) => {
  const scope = Effect.runSync(Scope.make())
  const served = await Effect.runPromise(
    FakeZoom.serve({
      port: 0,
      oauth: { clients: [{ clientId: CLIENT_ID, clientSecret: Redacted.make(CLIENT_SECRET) }] },
      tokens: [STATIC_TOKEN],
      ...options
    }).pipe(Scope.extend(scope))
  )
  return {
    url: served.url,
    fake: served.fake,
    run: <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect),
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

/** The environment of a child: nothing inherited from ZOOM_*, the fake's URLs, a private config dir. */
export const envFor = (fakeUrl: string, extra: Record<string, string> = {}): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("ZOOM_") && key !== "XDG_CONFIG_HOME") env[key] = value
  }
  return {
    ...env,
    XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), "zoom-scheduler-config-")),
    ZOOM_BASE_URL: `${fakeUrl}/v2`,
    ZOOM_OAUTH_URL: fakeUrl,
    ZOOM_CLIENT_ID: CLIENT_ID,
    ZOOM_CLIENT_SECRET: CLIENT_SECRET,
    ...extra
  }
}

/** The outcome of a finished run. */
export interface Result {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** A running CLI: its process, and its output so far. */
export interface Running {
  readonly child: ChildProcess
  readonly stdout: () => string
  readonly stderr: () => string
  /** Resolves once stdout (or stderr) matches `pattern`. */
  readonly waitFor: (pattern: RegExp, stream?: "stdout" | "stderr") => Promise<RegExpMatchArray>
  readonly done: Promise<Result>
}

/** Starts the CLI with `args`. */
export const start = (bin: string, args: ReadonlyArray<string>, env: Record<string, string>): Running => {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] })
  let stdout = ""
  let stderr = ""
  const waiters: Array<() => void> = []
  const notify = () => waiters.splice(0).forEach((w) => w())
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    stdout += d
    notify()
  })
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    stderr += d
    notify()
  })
  const done = new Promise<Result>((resolve) =>
    child.on("close", (code, signal) => {
      notify()
      resolve({ code, signal, stdout, stderr })
    })
  )
  const waitFor = (pattern: RegExp, stream: "stdout" | "stderr" = "stdout") =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = (stream === "stdout" ? stdout : stderr).match(pattern)
        if (m !== null) return resolve(m)
        if (child.exitCode !== null || child.signalCode !== null) {
          return reject(new Error(`exited before ${pattern}: ${stdout}\n${stderr}`))
        }
        waiters.push(check)
      }
      check()
    })
  return { child, stdout: () => stdout, stderr: () => stderr, waitFor, done }
}

/** Runs the CLI with `args` to completion. */
export const run = (bin: string, args: ReadonlyArray<string>, env: Record<string, string>): Promise<Result> =>
  start(bin, args, env).done
