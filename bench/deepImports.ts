/**
 * The deep-imports experiment (issue 14): does it help the cold start if the
 * library imported the modules it uses (`effect/Effect`,
 * `@effect/platform/HttpClient`) instead of the `effect` and
 * `@effect/platform` barrels?
 *
 * It copies the built ESM of `@effect-zoom/scheduler` and
 * `@effect-zoom/scheduler-node` twice into bench/dist/scratch/ (nothing under
 * packages/ is touched): `barrels`, verbatim, and `modules`, with every
 * `import { A, B as C } from "effect"` rewritten to `import * as A from
 * "effect/A"` … (same for `@effect/platform`). Both copies import each other
 * through relative paths. Then it runs the cold-start child
 * (`effect-zoom/modules`: an application that itself imports modules, not
 * barrels) against each copy, interleaved, in fresh processes.
 *
 *   node bench/dist/deepImports.js [rounds]   (after `pnpm bench --help` or any run has compiled bench/dist)
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { runColdChild, startServer } from "./processes.js"
import { median } from "./stats.js"

const root = fileURLToPath(new URL("../../", import.meta.url))
const scratch = fileURLToPath(new URL("./scratch/", import.meta.url))

const barrelImport = /^import \{([^}]*)\} from "(effect|@effect\/platform)";$/gm

/** `import { A, B as C } from "effect";` → one namespace import per module. */
const toModules = (code: string): string =>
  code.replace(barrelImport, (_line, names: string, from: string) =>
    names
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name !== "")
      .map((name) => {
        const [module, local] = name.split(/\s+as\s+/) as [string, string | undefined]
        return `import * as ${local ?? module} from "${from}/${module}";`
      })
      .join("\n"))

/** Imports between the two packages become relative paths inside the scratch copy. */
const relink = (code: string, fileDir: string, variantDir: string): string =>
  code.replace(/^(import .* from |export .* from )"@effect-zoom\/(scheduler|scheduler-node)(\/[A-Za-z]+)?";$/gm, (_m, head: string, pkg: string, sub?: string) => {
    const target = path.join(variantDir, pkg, `${sub === undefined ? "index" : sub.slice(1)}.js`)
    const relative = path.relative(fileDir, target).replaceAll(path.sep, "/")
    return `${head}"${relative.startsWith(".") ? relative : `./${relative}`}";`
  })

const copy = (variant: "barrels" | "modules") => {
  const variantDir = path.join(scratch, variant)
  for (const pkg of ["scheduler", "scheduler-node"]) {
    const from = path.join(root, "packages", pkg, "dist", "esm")
    const to = path.join(variantDir, pkg)
    fs.rmSync(to, { recursive: true, force: true })
    fs.cpSync(from, to, { recursive: true })
    const walk = (dir: string): Array<string> =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])
    for (const file of walk(to).filter((f) => f.endsWith(".js"))) {
      let code = relink(fs.readFileSync(file, "utf8"), path.dirname(file), variantDir)
      if (variant === "modules") code = toModules(code)
      fs.writeFileSync(file, code)
    }
  }
  return { scheduler: path.join(variantDir, "scheduler"), schedulerNode: path.join(variantDir, "scheduler-node") }
}

const main = async () => {
  const rounds = Number(process.argv[2] ?? 7)
  const variants = { barrels: copy("barrels"), modules: copy("modules") }
  const server = await startServer({ pageDelayMs: 0 })
  const baseUrl = `http://127.0.0.1:${server.port}/v2`
  try {
    const runs: Record<keyof typeof variants, Array<{ firstAnswerMs: number; importedMs: number; cpuMs: number; rssMb: number }>> = {
      barrels: [],
      modules: []
    }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (["barrels", "modules"] as const) : (["modules", "barrels"] as const)
      for (const variant of order) {
        const run = await runColdChild({ contender: "effect-zoom/modules", baseUrl, libraries: variants[variant] })
        runs[variant].push(run)
        process.stderr.write(`round ${round + 1}/${rounds} ${variant}: first answer ${run.firstAnswerMs.toFixed(0)} ms, CPU ${run.cpuMs.toFixed(0)} ms, imports ${run.importedMs.toFixed(0)} ms, RSS ${run.rssMb.toFixed(1)} MB\n`)
      }
    }
    for (const variant of ["barrels", "modules"] as const) {
      const r = runs[variant]
      process.stdout.write(
        `${variant}: first answer ${median(r.map((x) => x.firstAnswerMs)).toFixed(0)} ms, CPU ${median(r.map((x) => x.cpuMs)).toFixed(0)} ms, imports ${median(r.map((x) => x.importedMs)).toFixed(0)} ms, ` +
          `RSS ${median(r.map((x) => x.rssMb)).toFixed(1)} MB (medians of ${rounds})\n`
      )
    }
    const ratio = (f: (x: { firstAnswerMs: number; importedMs: number; cpuMs: number; rssMb: number }) => number) =>
      median(runs.modules.map(f)) / median(runs.barrels.map(f))
    process.stdout.write(`modules ÷ barrels: first answer ${ratio((x) => x.firstAnswerMs).toFixed(2)}×, CPU ${ratio((x) => x.cpuMs).toFixed(2)}×, RSS ${ratio((x) => x.rssMb).toFixed(2)}×\n`)
  } finally {
    await server.stop()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)
    process.exit(1)
  }
)
