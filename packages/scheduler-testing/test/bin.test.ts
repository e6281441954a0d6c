import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

interface Installation {
  readonly installationId: string
  readonly accountId: string
  readonly userId: string
  readonly refreshToken: string
}

/**
 * Runs the bin from source with `args` until it has printed `lines` lines,
 * then runs `use` on them and stops the bin with SIGTERM.
 */
const withBin = <A>(args: ReadonlyArray<string>, lines: number, use: (lines: Array<string>) => Promise<A>) =>
  Effect.async<{ readonly value: A; readonly exit: number | null }, Error>((resume) => {
    const packageDir = fileURLToPath(new URL("..", import.meta.url))
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", "src/bin.ts", "--port", "0", "--seed-events", "0", ...args],
      { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] }
    )
    let stdout = ""
    let stderr = ""
    let settled = false
    const timer = setTimeout(() => finish(new Error(`bin did not start in time: ${stderr}`)), 45_000)
    const finish = (error: Error | undefined, value?: A) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (error !== undefined) {
        child.kill("SIGKILL")
        return resume(Effect.fail(error))
      }
      child.once("exit", (code) => resume(Effect.succeed({ value: value as A, exit: code })))
      child.kill("SIGTERM")
    }
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString()
      const printed = stdout.split("\n")
      if (printed.length <= lines || settled) return
      use(printed.slice(0, lines)).then(
        (value) => finish(undefined, value),
        (error) => finish(error instanceof Error ? error : new Error(String(error)))
      )
    })
    child.once("exit", (code) => finish(new Error(`bin exited early (${code}): ${stderr}`)))
  })

/** Refreshes a token over the bin's token endpoint, then calls `users/me` with the access token. */
const refreshAndCall = async (url: string, refreshToken: string) => {
  const issued = await fetch(`${url}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from("cid:csecret").toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded"
    },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString()
  })
  const { access_token } = (await issued.json()) as { access_token: string }
  const reused = await fetch(`${url}/oauth/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from("cid:csecret").toString("base64")}` },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString()
  })
  const me = await fetch(`${url}/v2/scheduler/users/me`, { headers: { authorization: `Bearer ${access_token}` } })
  await me.text()
  return { issued: issued.status, reused: reused.status, me: me.status, limit: me.headers.get("x-ratelimit-limit") }
}

describe("zoom-scheduler-fake (bin) with accounts and installations", () => {
  it.live("writes the seeded installations and their refresh tokens to --installations-file", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "fake-bin-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
      const file = join(dir, "installations.json")
      const args = ["--accounts", "2", "--installations", "5", "--plan", "pro", "--installations-file", file]
      const { exit, value } = yield* withBin([...args, "--client-id", "cid", "--client-secret", "csecret"], 4, async (lines) => {
        // The file is complete by the time the URL is printed.
        const written = JSON.parse(readFileSync(file, "utf8")) as {
          url: string
          baseUrl: string
          tokenUrl: string
          accounts: Array<{ accountId: string; plan?: string; limits?: { perSecond: number } }>
          installations: Array<Installation>
        }
        const calls = await refreshAndCall(written.url, written.installations[3].refreshToken)
        return { lines, written, calls }
      })
      expect(exit).toBe(0)
      const { calls, lines, written } = value
      expect(written.url).toBe(lines[0])
      expect(written.tokenUrl).toBe(`${lines[0]}/oauth/token`)
      expect(lines[3]).toMatch(/^refresh_token=\S+$/)
      expect(written.accounts).toHaveLength(3)
      expect(written.accounts.slice(1).every((a) => a.plan === "pro" && a.limits?.perSecond === 30)).toBe(true)
      expect(written.installations).toHaveLength(5)
      expect(written.installations.map((i) => i.accountId)).toEqual(
        [1, 2, 1, 2, 1].map((n) => written.accounts[n].accountId)
      )
      expect(new Set(written.installations.map((i) => i.refreshToken)).size).toBe(5)
      // The client's own refresh token is not one of the seeded installations'.
      expect(written.installations.map((i) => i.refreshToken)).not.toContain(lines[3].slice("refresh_token=".length))
      expect(calls).toEqual({ issued: 200, reused: 400, me: 200, limit: "30" })
    }).pipe(Effect.scoped), 60_000)

  it.live("prints the seeded installations on stdout without a file", () =>
    Effect.gen(function*() {
      const { exit, value } = yield* withBin(["--installations", "2", "--plan", "free"], 5, async (lines) => {
        const parsed = lines.slice(3).map((line) => {
          const m = /^installation=(\S+) account=(\S+) user=(\S+) refresh_token=(\S+)$/.exec(line)
          if (m === null) throw new Error(`unexpected line: ${line}`)
          return { installationId: m[1], accountId: m[2], userId: m[3], refreshToken: m[4] }
        })
        return { lines, parsed, calls: await refreshAndCall(lines[0], parsed[1].refreshToken) }
      })
      expect(exit).toBe(0)
      expect(value.parsed).toHaveLength(2)
      expect(value.parsed[0].accountId).toBe(value.parsed[1].accountId)
      expect(value.parsed[0].installationId).not.toBe(value.parsed[1].installationId)
      expect(value.calls).toEqual({ issued: 200, reused: 400, me: 200, limit: "6000" })
    }), 60_000)

  it.live("rejects a negative --accounts with a usage error", () =>
    Effect.gen(function*() {
      const result = yield* Effect.async<{ code: number | null; stderr: string }>((resume) => {
        const child = spawn(
          process.execPath,
          ["--conditions=source", "--import", "tsx", "src/bin.ts", "--accounts=-2"],
          { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: ["ignore", "ignore", "pipe"] }
        )
        let stderr = ""
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
        child.once("exit", (code) => resume(Effect.succeed({ code, stderr })))
      })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`--accounts must be an integer >= 0, got "-2"`)
    }), 60_000)
})
