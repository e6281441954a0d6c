/**
 * The documentation stays true: every TypeScript block (```ts / ```typescript)
 * of README.md and docs/ (the generated API reference aside: docgen checks its
 * examples) is type-checked as a module of this workspace, and the blocks
 * fenced ```ts runnable run as programs against the fake Zoom (ZOOM_BASE_URL
 * and ZOOM_ACCESS_TOKEN set) and must exit 0.
 */
import { spawn, spawnSync } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { FakeZoom } from "@effect-zoom/scheduler-testing"

const root = fileURLToPath(new URL("..", import.meta.url))
const scratch = join(root, "test", ".docs-blocks")

interface Block {
  readonly file: string
  readonly line: number
  readonly runnable: boolean
  readonly code: string
}

const markdownFiles = (): Array<string> => [
  join(root, "README.md"),
  ...readdirSync(join(root, "docs"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".md"))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !relative(join(root, "docs"), f).startsWith("api"))
]

const blocks = (): Array<Block> =>
  markdownFiles().flatMap((file) => {
    const lines = readFileSync(file, "utf8").split("\n")
    const found: Array<Block> = []
    for (let i = 0; i < lines.length; i++) {
      const open = /^```(ts|typescript)(\s+.*)?$/.exec(lines[i]!)
      if (open === null) continue
      const start = i
      const body: Array<string> = []
      for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!)
      found.push({ file: relative(root, file), line: start + 1, runnable: (open[2] ?? "").includes("runnable"), code: body.join("\n") })
    }
    return found
  })

const name = (b: Block, i: number) => `${b.file.replace(/[^A-Za-z0-9]+/g, "_")}_L${b.line}_${i}.ts`

describe("documentation blocks", () => {
  const all = blocks()
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it("finds the blocks", () => {
    expect(all.length).toBeGreaterThan(10)
    expect(all.some((b) => b.runnable)).toBe(true)
  })

  it("every block type-checks", () => {
    rmSync(scratch, { recursive: true, force: true })
    mkdirSync(scratch, { recursive: true })
    all.forEach((b, i) => writeFileSync(join(scratch, name(b, i)), `${b.code}\nexport {}\n`))
    writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({
      extends: "../../tsconfig.base.json",
      compilerOptions: { noEmit: true, noUnusedLocals: false, noUnusedParameters: false },
      include: ["*.ts"]
    }))
    const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", scratch], { encoding: "utf8" })
    // name the markdown file and line of each failing block
    const report = tsc.stdout.replace(/([A-Za-z0-9_]+)_L(\d+)_\d+\.ts\((\d+),(\d+)\)/g, (_m, f: string, l: string, r: string) => `${f} (block at line ${l}, its line ${r})`)
    expect(tsc.status, report).toBe(0)
  }, 60_000)

  for (const [i, b] of all.entries()) {
    if (!b.runnable) continue
    it.scoped(`${b.file}:${b.line} runs against the fake Zoom`, () =>
      Effect.gen(function*() {
        const { fake, url } = yield* FakeZoom.serve({ port: 0, seed: { users: 1, events: 20, seed: 5 } })
        const token = yield* fake.issueAccessToken()
        const file = join(scratch, `run_${name(b, i)}`)
        writeFileSync(file, `${b.code}\n`)
        const result = yield* Effect.promise(() =>
          new Promise<{ status: number | null; out: string }>((resolve) => {
            // asynchronous: the fake answers from this very process
            const proc = spawn(process.execPath, ["--conditions=source", "--import", "tsx", file], {
              cwd: root,
              env: { ...process.env, ZOOM_BASE_URL: `${url}/v2`, ZOOM_ACCESS_TOKEN: Redacted.value(token) }
            })
            let out = ""
            proc.stdout.on("data", (d) => (out += d))
            proc.stderr.on("data", (d) => (out += d))
            const timer = setTimeout(() => proc.kill("SIGKILL"), 45_000)
            proc.once("exit", (status) => {
              clearTimeout(timer)
              resolve({ status, out })
            })
          })
        )
        expect(result.status, result.out).toBe(0)
      }), 60_000)
  }
})
