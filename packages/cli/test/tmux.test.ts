/**
 * The CLI in a real terminal (tmux), as a person runs it: `events export`
 * draws its progress line on stderr while it runs, redraws it in place, and
 * ends it cleanly (one final line, then the shell's next output).
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bundle, envFor, startFake, STATIC_TOKEN } from "./support/cli.js"

const hasTmux = (() => {
  try {
    execFileSync("tmux", ["-V"])
    return true
  } catch {
    return false
  }
})()

const EVENTS = 30_000
const session = `zoom-cli-${process.pid}`

let bin: string
let zoom: Awaited<ReturnType<typeof startFake>>

beforeAll(async () => {
  if (!hasTmux) return
  ;[bin, zoom] = await Promise.all([bundle(), startFake({ seed: { users: 1, events: EVENTS, seed: 5 } })])
}, 120_000)
afterAll(async () => {
  if (!hasTmux) return
  try {
    execFileSync("tmux", ["kill-session", "-t", session])
  } catch {
    // already gone
  }
  await zoom?.close()
})

const tmux = (...args: Array<string>) => execFileSync("tmux", args, { encoding: "utf8" })
const capture = () => tmux("capture-pane", "-p", "-t", session)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`

describe("zoom-scheduler in a terminal", () => {
  it.skipIf(!hasTmux)("events export shows a live progress line on stderr and finishes it cleanly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zoom-tmux-"))
    const out = join(dir, "events.csv")
    const env = envFor(zoom.url, { ZOOM_ACCESS_TOKEN: STATIC_TOKEN })
    const vars = ["PATH", "HOME", "XDG_CONFIG_HOME", "ZOOM_BASE_URL", "ZOOM_ACCESS_TOKEN"]
      .map((k) => `${k}=${quote(env[k] ?? "")}`)
      .join(" ")
    const script = join(dir, "run.sh")
    writeFileSync(
      script,
      `clear\nenv -i ${vars} ${quote(process.execPath)} ${quote(bin)} events export --format csv --output ${quote(out)}\necho "EXIT=$?"\n`
    )
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "12", "sh")
    tmux("send-keys", "-t", session, `sh ${script}`, "Enter")
    const finished = /^EXIT=\d+$/m

    // while it runs: a progress line, redrawn in place
    const live: Array<string> = []
    let final = ""
    for (let i = 0; i < 1200; i++) {
      await sleep(50)
      const screen = capture()
      const progress = screen.split("\n").filter((l) => /^\d[\d,]* items, \d[\d,]* pages, /.test(l))
      if (progress.length > 0 && !finished.test(screen)) live.push(progress[progress.length - 1]!)
      if (finished.test(screen)) {
        final = screen
        break
      }
    }
    expect(final).toContain("EXIT=0")
    expect(live.length).toBeGreaterThan(0)
    expect(live.some((l) => !l.includes("done"))).toBe(true)

    const lines = final.split("\n").map((l) => l.trimEnd()).filter((l) => l !== "")
    const exitAt = lines.findIndex((l) => l === "EXIT=0")
    const progressLines = lines.filter((l) => /items, .* pages, /.test(l))
    // exactly one progress line is left on screen: the redraws overwrote each other
    expect(progressLines).toHaveLength(1)
    expect(lines[exitAt - 1]).toMatch(
      new RegExp(`^${EVENTS.toLocaleString("en-US")} items, \\d+ pages, [\\d,]+/s, done in \\d+\\.\\ds$`)
    )
    // nothing else was printed (the screen was cleared; stdout went to the file)
    expect(exitAt).toBe(1)
    expect(readFileSync(out, "utf8").split("\r\n").length - 2).toBe(EVENTS) // header, rows, final CRLF
  }, 180_000)
})
