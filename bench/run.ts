/**
 * The benchmark: this client (its built dist) against undici's `request` +
 * `JSON.parse` (the floor), raw `fetch` and `openapi-fetch`, side by side,
 * interleaved, against a loopback Zoom in its own process. Run through
 * `pnpm bench` (`bench/bench.mjs`), which builds the packages and compiles
 * this file to bench/dist first; `pnpm bench --help` lists the options.
 *
 * Timings are never judged here (CI runs `--quick` only to keep this code
 * working); a contender that throws, a wrong answer or an OAuth burst that
 * does not refresh exactly once fails the run with exit code 1.
 */
import { mkdir, writeFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { performance } from "node:perf_hooks"
import { BEARER_TOKEN, coldContenders } from "./constants.js"
import { streamWithSlowConsumer } from "./contenders/effectZoom.js"
import { useSharedDispatcher } from "./dispatcher.js"
import type { ClientName, Contender, ContenderConfig, ContenderName, RequestClient } from "./contenders/contender.js"
import { clientNames, contenderNames, loadContender, loadReference, loadWithoutMetrics } from "./contenders/contender.js"
import { machine } from "./machine.js"
import { type ColdRun, runColdChild, runStreamChild, type ServerProcess, startServer, type StreamRun } from "./processes.js"
import { type LatencySummary, median, spread, summarise } from "./stats.js"
import { type ColdSummary, evaluateTargets, printReport, type Report } from "./report.js"

const scenarioIds = [
  "users.get",
  "events.list",
  "throughput",
  "stream",
  "prefetch",
  "coldstart",
  "oauth",
  "metrics"
] as const
type ScenarioId = (typeof scenarioIds)[number]

interface Plan {
  readonly mode: "full" | "quick"
  readonly warmup: { readonly usersGet: number; readonly eventsList: number; readonly concurrent: number }
  readonly usersGet: { readonly rounds: number; readonly perRound: number }
  readonly eventsList: { readonly rounds: number; readonly perRound: number }
  readonly throughput: { readonly rounds: number; readonly concurrency: number; readonly requests: number }
  readonly stream: {
    readonly rounds: number
    readonly large: number
    /** The smaller list, for the RSS growth (0: not run, quick mode). */
    readonly small: number
    /** Stream children run at once (1 for measurements; more in quick mode, whose timings are not looked at). */
    readonly parallel: number
  }
  readonly prefetch: { readonly rounds: number; readonly pages: number }
  readonly coldstart: { readonly rounds: number }
  readonly oauth: { readonly rounds: number; readonly calls: number }
  readonly metrics: { readonly rounds: number; readonly perRound: number }
}

const plans: Record<"full" | "quick", Plan> = {
  full: {
    mode: "full",
    warmup: { usersGet: 500, eventsList: 40, concurrent: 3_200 },
    usersGet: { rounds: 40, perRound: 125 },
    eventsList: { rounds: 30, perRound: 20 },
    throughput: { rounds: 8, concurrency: 64, requests: 6_400 },
    stream: { rounds: 3, large: 1_000_000, small: 100_000, parallel: 1 },
    prefetch: { rounds: 3, pages: 15 },
    coldstart: { rounds: 7 },
    oauth: { rounds: 10, calls: 1_000 },
    metrics: { rounds: 30, perRound: 200 }
  },
  quick: {
    mode: "quick",
    warmup: { usersGet: 20, eventsList: 2, concurrent: 64 },
    usersGet: { rounds: 3, perRound: 30 },
    eventsList: { rounds: 3, perRound: 2 },
    throughput: { rounds: 1, concurrency: 64, requests: 128 },
    stream: { rounds: 1, large: 3_000, small: 0, parallel: 3 },
    prefetch: { rounds: 1, pages: 3 },
    coldstart: { rounds: 1 },
    oauth: { rounds: 1, calls: 200 },
    metrics: { rounds: 2, perRound: 30 }
  }
}

/** The plan with every scenario's number of rounds set to `rounds` (`--rounds`, for shorter runs). */
const withRounds = (plan: Plan, rounds: number): Plan => ({
  ...plan,
  usersGet: { ...plan.usersGet, rounds },
  eventsList: { ...plan.eventsList, rounds },
  throughput: { ...plan.throughput, rounds },
  stream: { ...plan.stream, rounds },
  prefetch: { ...plan.prefetch, rounds },
  coldstart: { ...plan.coldstart, rounds },
  oauth: { ...plan.oauth, rounds },
  metrics: { ...plan.metrics, rounds }
})

const parseArgs = (argv: ReadonlyArray<string>) => {
  let quick = false
  let record = false
  let pageDelayMs = 100
  let workMs = 20
  let rounds: number | undefined
  let only: ReadonlySet<ScenarioId> = new Set(scenarioIds)
  const value = (arg: string, name: string, i: number): [string, number] =>
    arg === name ? [argv[i + 1] ?? "", i + 1] : [arg.slice(name.length + 1), i]
  const number = (text: string, name: string) => {
    const n = Number(text)
    if (text === "" || !Number.isFinite(n) || n < 0) throw new Error(`${name} takes a number of milliseconds, got "${text}"`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === "--") continue
    if (arg === "--quick") quick = true
    else if (arg === "--record") record = true
    else if (arg === "--only" || arg.startsWith("--only=")) {
      const [text, next] = value(arg, "--only", i)
      i = next
      const ids = text.split(",").filter((s) => s !== "")
      for (const id of ids) {
        if (!scenarioIds.includes(id as ScenarioId)) throw new Error(`unknown scenario ${id} (${scenarioIds.join(", ")})`)
      }
      only = new Set(ids as Array<ScenarioId>)
    } else if (arg === "--page-delay" || arg.startsWith("--page-delay=")) {
      const [text, next] = value(arg, "--page-delay", i)
      i = next
      pageDelayMs = number(text, "--page-delay")
    } else if (arg === "--work" || arg.startsWith("--work=")) {
      const [text, next] = value(arg, "--work", i)
      i = next
      workMs = number(text, "--work")
    } else if (arg === "--rounds" || arg.startsWith("--rounds=")) {
      const [text, next] = value(arg, "--rounds", i)
      i = next
      rounds = number(text, "--rounds")
      if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a whole number ≥ 1, got "${text}"`)
    } else throw new Error(`unknown argument ${arg} (pnpm bench --help lists the options)`)
  }
  return { quick, record, only, pageDelayMs, workMs, rounds }
}

/** The contenders in round `round`'s order: rotated each round, so no one always goes first. */
const rotated = <A>(xs: ReadonlyArray<A>, round: number): ReadonlyArray<A> => {
  const k = round % xs.length
  return [...xs.slice(k), ...xs.slice(0, k)]
}

const t0 = performance.now()
const log = (line: string) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${line}\n`)

/** A progress line every few rounds (and after the last), with what the round gave. */
const progress = (round: number, rounds: number, detail: () => string) => {
  const every = Math.max(1, Math.round(rounds / 5))
  if ((round + 1) % every === 0 || round + 1 === rounds) log(`  round ${round + 1}/${rounds}: ${detail()}`)
}

const latencyScenario = async (
  clients: ReadonlyArray<RequestClient>,
  rounds: number,
  perRound: number,
  call: (c: RequestClient) => (n: number, samples: Array<number>) => Promise<void>
): Promise<Record<ClientName, LatencySummary>> => {
  const samples = new Map<ClientName, Array<Array<number>>>(clients.map((c) => [c.name, []]))
  const cpu = new Map<ClientName, Array<number>>(clients.map((c) => [c.name, []]))
  for (let round = 0; round < rounds; round++) {
    for (const client of rotated(clients, round)) {
      const roundSamples: Array<number> = []
      const cpu0 = process.cpuUsage()
      await call(client)(perRound, roundSamples)
      const used = process.cpuUsage(cpu0)
      cpu.get(client.name)?.push((used.user + used.system) / 1000 / perRound)
      samples.get(client.name)?.push(roundSamples)
    }
    progress(round, rounds, () =>
      clients.map((c) => `${c.name} ${median(samples.get(c.name)?.at(-1) ?? []).toFixed(3)}`).join(", ") + " ms")
  }
  return Object.fromEntries(
    clients.map((c) => [c.name, summarise(samples.get(c.name) ?? [], cpu.get(c.name) ?? [])])
  ) as Record<ClientName, LatencySummary>
}

const serverStats = async (origin: string): Promise<{ requests: number; tokenRequests: number }> => {
  const response = await fetch(`${origin}/__bench/stats`)
  return (await response.json()) as { requests: number; tokenRequests: number }
}

const resetServer = async (origin: string): Promise<void> => {
  const response = await fetch(`${origin}/__bench/reset`, { method: "POST" })
  await response.text()
}

const main = async () => {
  const { quick, record, only, pageDelayMs, workMs, rounds } = parseArgs(process.argv.slice(2))
  const plan = rounds === undefined ? plans[quick ? "quick" : "full"] : withRounds(plans[quick ? "quick" : "full"], rounds)
  const startedAt = new Date()
  const undici = useSharedDispatcher()
  const loadBefore = { ...machine(), undici }
  log(`effect-zoom bench (${plan.mode}) on ${loadBefore.cpuModel}, ${loadBefore.nproc} cores, Node ${loadBefore.node}`)

  let server: ServerProcess | undefined
  const contenders: Array<Contender> = []
  const clients: Array<RequestClient> = []
  try {
    server = await startServer({ pageDelayMs })
    const origin = `http://127.0.0.1:${server.port}`
    const config: ContenderConfig = { baseUrl: `${origin}/v2`, origin, token: BEARER_TOKEN }
    log(`loopback server: pid ${server.pid}, ${origin}`)
    const requestScenarios = ["users.get", "events.list", "throughput", "oauth"].some((id) => only.has(id as ScenarioId))
    if (requestScenarios) {
      for (const name of contenderNames) contenders.push(await (await loadContender(name))(config))
      clients.push(...contenders, await (await loadReference())(config))
    }

    const report: Report = {
      mode: plan.mode,
      startedAt: startedAt.toISOString(),
      finishedAt: "",
      machine: loadBefore,
      loadAverageAfter: [],
      plan,
      contenders: contenderNames,
      clients: clientNames,
      scenarios: {}
    }

    // warm-up: JIT, connection pools, lazily built schemas
    // (only what the selected scenarios run)
    if (clients.length > 0) log(`warm-up of ${clients.length} clients`)
    for (const client of clients) {
      await client.usersGet(plan.warmup.usersGet, [])
      if (only.has("events.list")) await client.eventsList(plan.warmup.eventsList, [])
      if (only.has("throughput") || only.has("oauth")) {
        await client.usersGetConcurrent(plan.throughput.concurrency, plan.warmup.concurrent)
      }
    }

    if (only.has("users.get")) {
      log(`users.get: ${plan.usersGet.rounds} rounds × ${plan.usersGet.perRound} sequential requests per contender`)
      report.scenarios.usersGet = await latencyScenario(clients, plan.usersGet.rounds, plan.usersGet.perRound, (c) => c.usersGet)
    }
    if (only.has("events.list")) {
      log(`events.list: ${plan.eventsList.rounds} rounds × ${plan.eventsList.perRound} pages of 300 per contender`)
      report.scenarios.eventsList = await latencyScenario(
        clients,
        plan.eventsList.rounds,
        plan.eventsList.perRound,
        (c) => c.eventsList
      )
    }
    if (only.has("throughput")) {
      const { concurrency, requests, rounds } = plan.throughput
      log(`throughput: ${rounds} rounds × ${requests} users.get over ${concurrency} concurrent workers per contender`)
      const perRound = new Map<ClientName, Array<number>>(clients.map((c) => [c.name, []]))
      for (let round = 0; round < rounds; round++) {
        for (const client of rotated(clients, round)) {
          const t0 = performance.now()
          await client.usersGetConcurrent(concurrency, requests)
          perRound.get(client.name)?.push(requests / ((performance.now() - t0) / 1000))
        }
        progress(round, rounds, () => clients.map((c) => `${c.name} ${Math.round(perRound.get(c.name)?.at(-1) ?? 0)}`).join(", ") + " req/s")
      }
      report.scenarios.throughput = Object.fromEntries(
        clients.map((c) => {
          const values = perRound.get(c.name) ?? []
          return [c.name, { median: median(values), rounds: values, spread: spread(values) }]
        })
      ) as Record<ClientName, { median: number; rounds: Array<number>; spread: number }>
    }
    if (only.has("stream")) {
      const { rounds, large, small, parallel } = plan.stream
      log(`stream: ${rounds} rounds × (${large}${small > 0 ? ` and ${small}` : ""} events) per contender, a fresh process per run`)
      const jobs: Array<{ readonly contender: ContenderName; readonly total: number }> = []
      for (let round = 0; round < rounds; round++) {
        for (const name of rotated(contenderNames, round)) {
          for (const total of round % 2 === 0 ? [large, small] : [small, large]) {
            if (total > 0) jobs.push({ contender: name, total })
          }
        }
      }
      const runOne = async (job: { readonly contender: ContenderName; readonly total: number }) => {
        const run = await runStreamChild({ ...job, baseUrl: config.baseUrl, origin })
        log(`  ${job.contender} ${job.total}: ${Math.round(run.itemsPerSecond)} items/s (${Math.round(run.itemsPerCpuSecond)} per CPU-second), peak RSS ${run.peakRssMb.toFixed(1)} MB`)
        return run
      }
      // in parallel, the slowest children (the client's, which load the most code) start first
      if (parallel > 1) jobs.sort((a, b) => Number(b.contender.startsWith("effect-zoom")) - Number(a.contender.startsWith("effect-zoom")))
      const runs: Array<StreamRun> = []
      let next = 0
      await Promise.all(Array.from({ length: parallel }, async () => {
        while (next < jobs.length) runs.push(await runOne(jobs[next++] as (typeof jobs)[number]))
      }))
      const pick = (name: ContenderName, total: number) => runs.filter((r) => r.contender === name && r.total === total)
      report.scenarios.stream = {
        large,
        small,
        runs,
        summary: Object.fromEntries(
          contenderNames.map((name) => {
            const big = pick(name, large)
            const little = pick(name, small)
            const peakLarge = median(big.map((r) => r.peakRssMb))
            const peakSmall = median(little.map((r) => r.peakRssMb))
            return [name, {
              itemsPerSecondLarge: median(big.map((r) => r.itemsPerSecond)),
              itemsPerCpuSecondLarge: median(big.map((r) => r.itemsPerCpuSecond)),
              itemsPerSecondSmall: median(little.map((r) => r.itemsPerSecond)),
              peakRssLargeMb: peakLarge,
              peakRssSmallMb: peakSmall,
              rssGrowthMb: peakLarge - peakSmall
            }]
          })
        ) as Record<ContenderName, {
          itemsPerSecondLarge: number
          itemsPerCpuSecondLarge: number
          itemsPerSecondSmall: number
          peakRssLargeMb: number
          peakRssSmallMb: number
          rssGrowthMb: number
        }>
      }
    }
    if (only.has("prefetch")) {
      const { rounds, pages } = plan.prefetch
      log(`prefetch: ${rounds} rounds × ${pages} pages delayed ${pageDelayMs} ms each, ${workMs} ms of consumer CPU work per page, pagePrefetch 0, 1 and 2`)
      const prefetches = [0, 1, 2] as const
      const times: Record<"0" | "1" | "2", Array<number>> = { "0": [], "1": [], "2": [] }
      for (let round = 0; round < rounds; round++) {
        for (const prefetch of rotated(prefetches, round)) {
          const ms = await streamWithSlowConsumer(config, { prefetch, pages, workMs })
          times[String(prefetch) as "0" | "1" | "2"].push(ms / pages)
        }
        progress(round, rounds, () => prefetches.map((p) => `pagePrefetch ${p} ${times[String(p) as "0"].at(-1)?.toFixed(1)}`).join(", ") + " ms/page")
      }
      report.scenarios.prefetch = {
        pages,
        workMs,
        pageDelayMs,
        msPerPage: { "0": median(times["0"]), "1": median(times["1"]), "2": median(times["2"]) },
        rounds: times
      }
    }
    if (only.has("coldstart")) {
      const { rounds } = plan.coldstart
      log(`coldstart: ${rounds} rounds × ${coldContenders.length} contenders, a fresh process each`)
      const runs: Array<ColdRun> = []
      for (let round = 0; round < rounds; round++) {
        if (quick) {
          // quick mode only keeps this code working: the children start together
          runs.push(...await Promise.all(coldContenders.map((contender) => runColdChild({ contender, baseUrl: config.baseUrl }))))
        } else {
          for (const contender of rotated(coldContenders, round)) {
            runs.push(await runColdChild({ contender, baseUrl: config.baseUrl }))
          }
        }
        progress(round, rounds, () => runs.slice(-coldContenders.length).map((r) => `${r.contender} ${r.firstAnswerMs.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)}) ${r.rssMb.toFixed(0)} MB`).join(", "))
      }
      report.scenarios.coldstart = {
        runs,
        summary: Object.fromEntries(coldContenders.map((name) => {
          const mine = runs.filter((r) => r.contender === name)
          return [name, {
            firstAnswerMs: median(mine.map((r) => r.firstAnswerMs)),
            cpuMs: median(mine.map((r) => r.cpuMs)),
            importedMs: median(mine.map((r) => r.importedMs)),
            rssMb: median(mine.map((r) => r.rssMb)),
            wallMs: median(mine.map((r) => r.wallMs))
          }]
        })) as Record<(typeof coldContenders)[number], ColdSummary>
      }
    }
    if (only.has("oauth")) {
      const { rounds, calls } = plan.oauth
      log(`oauth: ${rounds} rounds × ${calls} concurrent calls from an expired token per contender`)
      const times = new Map<ContenderName, Array<number>>(contenders.map((c) => [c.name, []]))
      const refreshes = new Map<ContenderName, Array<number>>(contenders.map((c) => [c.name, []]))
      for (let round = 0; round < rounds; round++) {
        for (const contender of rotated(contenders, round)) {
          await resetServer(origin)
          const ms = await contender.oauthBurst(calls)
          const stats = await serverStats(origin)
          if (stats.tokenRequests !== 1) {
            throw new Error(`${contender.name}: ${calls} calls from an expired token made ${stats.tokenRequests} refresh requests, expected 1`)
          }
          if (stats.requests !== calls + 1) {
            throw new Error(`${contender.name}: expected ${calls} API requests and 1 refresh, the server saw ${stats.requests} requests`)
          }
          times.get(contender.name)?.push(ms)
          refreshes.get(contender.name)?.push(stats.tokenRequests)
        }
      }
      report.scenarios.oauth = Object.fromEntries(
        contenders.map((c) => [c.name, {
          calls,
          medianMs: median(times.get(c.name) ?? []),
          rounds: times.get(c.name) ?? [],
          refreshRequests: refreshes.get(c.name) ?? []
        }])
      ) as Record<ContenderName, { calls: number; medianMs: number; rounds: Array<number>; refreshRequests: Array<number> }>
    }

    if (only.has("metrics")) {
      const { rounds, perRound } = plan.metrics
      log(`metrics: ${rounds} rounds × ${perRound} users.get, the client by default (metrics recorded) and with metrics: false`)
      const metered = await (await loadContender("effect-zoom"))(config)
      const plain = await (await loadWithoutMetrics())(config)
      try {
        for (const client of [plain, metered]) await client.usersGet(plan.warmup.usersGet, [])
        const summary = await latencyScenario([plain, metered], rounds, perRound, (c) => c.usersGet)
        report.scenarios.metrics = {
          off: summary["effect-zoom/no-metrics"],
          on: summary["effect-zoom"],
          overhead: summary["effect-zoom"].median / summary["effect-zoom/no-metrics"].median - 1,
          cpuOverhead: summary["effect-zoom"].cpuPerCall / summary["effect-zoom/no-metrics"].cpuPerCall - 1
        }
      } finally {
        await plain.close()
        await metered.close()
      }
    }

    report.finishedAt = new Date().toISOString()
    report.loadAverageAfter = machine().loadAverage
    report.targets = evaluateTargets(report)
    printReport(report)

    // only --record writes the tracked file
    const file = record ? (only.size === scenarioIds.length ? "latest.json" : "partial.json") : quick ? "quick.tmp.json" : only.size === scenarioIds.length ? "full.tmp.json" : "partial.tmp.json"
    const dir = fileURLToPath(new URL("../results/", import.meta.url) /* run.js runs from bench/dist */)
    await mkdir(dir, { recursive: true })
    await writeFile(`${dir}${file}`, `${JSON.stringify(report, null, 2)}\n`)
    log(`results written to bench/results/${file}`)
  } finally {
    for (const client of clients.length > 0 ? clients : contenders) await client.close()
    await server?.stop()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
    process.exit(1)
  }
)
