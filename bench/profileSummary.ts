/**
 * Summarises a V8 CPU profile (`node --cpu-prof` writes `*.cpuprofile`):
 * self time by package (effect, undici, this client, Node internals, garbage
 * collection, …) and the functions with the most self time.
 *
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof bench/dist/streamMain.js effect-zoom 1000000 <baseUrl> <origin>
 *   node bench/dist/profileSummary.js .tmp/prof/<file>.cpuprofile [top]
 */
import { readFileSync } from "node:fs"

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: ReadonlyArray<number>
}
interface Profile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
  readonly startTime: number
  readonly endTime: number
}

/** Which part of the process a script URL belongs to. */
const area = (url: string, name: string): string => {
  if (name === "(garbage collector)") return "garbage collection"
  if (name === "(idle)" || name === "(program)") return name
  if (url === "") return "V8 / native (JSON.parse, string decoding, …)"
  if (url.startsWith("node:")) return "Node internals"
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (pkg !== null) return pkg[1] as string
  if (url.includes("/packages/scheduler-node/")) return "@effect-zoom/scheduler-node"
  if (url.includes("/packages/scheduler/")) return "@effect-zoom/scheduler"
  if (url.includes("/bench/")) return "bench"
  return url
}

const main = () => {
  const [file, topArg] = process.argv.slice(2)
  if (file === undefined) throw new Error("usage: profileSummary <file.cpuprofile> [top]")
  const top = Number(topArg ?? 25)
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  const areas = new Map<string, number>()
  const functions = new Map<string, number>()
  for (const [id, us] of self) {
    const node = byId.get(id)
    if (node === undefined) continue
    const { functionName, url, lineNumber } = node.callFrame
    const where = area(url, functionName)
    areas.set(where, (areas.get(where) ?? 0) + us)
    const short = url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, "").replace(/^.*\/packages\//, "")
    const key = `${functionName || "(anonymous)"}  ${short}${url === "" ? "" : `:${lineNumber + 1}`}`
    functions.set(key, (functions.get(key) ?? 0) + us)
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`
  process.stdout.write(`profile ${file}: ${(total / 1000).toFixed(0)} ms sampled\n\nself time by area\n`)
  for (const [name, us] of [...areas].sort((a, b) => b[1] - a[1])) process.stdout.write(`${ms(us)} ${pct(us)}  ${name}\n`)
  process.stdout.write(`\ntop ${top} functions by self time\n`)
  for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${ms(us)} ${pct(us)}  ${name}\n`)
  }
}

main()
