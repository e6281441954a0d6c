/**
 * The README's demo runs end to end (fake Zoom over real sockets, OAuth,
 * file TokenStore, webhooks, faults) and exits 0 by itself.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"

const root = fileURLToPath(new URL("..", import.meta.url))

describe("examples/demo.ts", () => {
  it.live("exits 0 and reports an intact stream, a retried 429, a refresh mid-stream and delivered webhooks", () =>
    Effect.promise(() =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "examples/demo.ts"], { cwd: root })
        let out = ""
        child.stdout.on("data", (d) => (out += d))
        child.stderr.on("data", (d) => (out += d))
        const timer = setTimeout(() => {
          child.kill("SIGKILL")
          reject(new Error(`demo did not exit within 90 s:\n${out}`))
        }, 90_000)
        child.once("exit", (code) => {
          clearTimeout(timer)
          try {
            expect(code, out).toBe(0)
            expect(out).toContain("none lost or repeated")
            expect(out).toMatch(/\(1 answered 429 and retried\)/)
            expect(out).toMatch(/token refreshes: +2 /)
            expect(out).toMatch(/webhooks: +3 delivered, 0 failed/)
            expect(out).toContain("webhook receiver got 3 signed notifications")
            resolve()
          } catch (error) {
            reject(error)
          }
        })
      })
    ), 120_000)
})
