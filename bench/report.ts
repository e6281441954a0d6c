/**
 * The run's results: their JSON shape, the issue's targets, and the table
 * printed to the terminal (a Markdown table, so it can be pasted as is).
 */
import type { ClientName, ContenderName } from "./contenders/contender.js"
import type { Machine } from "./machine.js"
import type { ColdRun, StreamRun } from "./processes.js"
import type { LatencySummary } from "./stats.js"

/** Per contender, the stream figures (medians over the rounds). */
export interface StreamSummary {
  readonly itemsPerSecondLarge: number
  /** Items per CPU-second of the process over the large list. */
  readonly itemsPerCpuSecondLarge: number
  readonly itemsPerSecondSmall: number
  readonly peakRssLargeMb: number
  readonly peakRssSmallMb: number
  /** Peak RSS of the large run minus that of the small one. */
  readonly rssGrowthMb: number
}

/** Per cold-start contender, the medians over the rounds. */
export interface ColdSummary {
  readonly firstAnswerMs: number
  readonly cpuMs: number
  readonly importedMs: number
  readonly rssMb: number
  readonly wallMs: number
}

/** One of the issue's targets, checked against this run. */
export interface Target {
  readonly id: string
  readonly description: string
  readonly value: number
  readonly limit: number
  readonly met: boolean
}

/** Everything a run produced; written as JSON. */
export interface Report {
  readonly mode: "full" | "quick"
  readonly startedAt: string
  finishedAt: string
  readonly machine: Machine & { readonly undici: string }
  loadAverageAfter: ReadonlyArray<number>
  readonly plan: unknown
  readonly contenders: ReadonlyArray<ContenderName>
  /** The contenders and the reference (the request scenarios' columns). */
  readonly clients: ReadonlyArray<ClientName>
  readonly scenarios: {
    usersGet?: Record<ClientName, LatencySummary>
    eventsList?: Record<ClientName, LatencySummary>
    throughput?: Record<ClientName, { median: number; rounds: Array<number>; spread: number }>
    stream?: {
      readonly large: number
      readonly small: number
      readonly runs: ReadonlyArray<StreamRun>
      readonly summary: Record<ContenderName, StreamSummary>
    }
    prefetch?: {
      readonly pages: number
      readonly workMs: number
      readonly pageDelayMs: number
      /** Median time per page for each `pagePrefetch`. */
      readonly msPerPage: Record<"0" | "1" | "2", number>
      readonly rounds: Record<"0" | "1" | "2", ReadonlyArray<number>>
    }
    coldstart?: {
      readonly runs: ReadonlyArray<ColdRun>
      readonly summary: Record<string, ColdSummary>
    }
    metrics?: {
      readonly off: LatencySummary
      readonly on: LatencySummary
      /** on ÷ off − 1, of the medians. */
      readonly overhead: number
      /** on ÷ off − 1, of the CPU time per call. */
      readonly cpuOverhead: number
    }
    oauth?: Record<
      ContenderName,
      { calls: number; medianMs: number; rounds: Array<number>; refreshRequests: Array<number> }
    >
  }
  targets?: ReadonlyArray<Target>
}

const us = "effect-zoom" satisfies ContenderName

/** The issue's targets that this run's scenarios can speak to (issue 14: against the undici floor). */
export const evaluateTargets = (report: Report): ReadonlyArray<Target> => {
  const targets: Array<Target> = []
  const { usersGet, eventsList, stream, prefetch, oauth, metrics } = report.scenarios
  const within = (id: string, description: string, value: number, limit: number) =>
    targets.push({ id, description, value, limit, met: value <= limit })
  if (usersGet !== undefined) {
    within("users.get/floor", "users.get median latency within 1.5× the floor (undici.request + JSON.parse)", usersGet[us].median / usersGet.undici.median, 1.5)
  }
  if (eventsList !== undefined) {
    within(
      "events.list/floor",
      "events.list (300 items, decoded) median latency within 1.3× the floor (undici.request + JSON.parse)",
      eventsList[us].median / eventsList.undici.median,
      1.3
    )
  }
  if (stream !== undefined) {
    const s = stream.summary[us]
    const floor = stream.summary.undici.itemsPerSecondLarge
    // ≥ 100,000 items/s, or ≥ 0.9× the floor where the floor itself is below 100,000 on this machine
    const limit = Math.min(100_000, 0.9 * floor)
    targets.push({
      id: "stream/items-per-second",
      description: `events.stream over ${stream.large} events: at least 100,000 items/s, or 0.9× the floor's ` +
        `${Math.round(floor).toLocaleString("en-US")} when that is lower`,
      value: s.itemsPerSecondLarge,
      limit,
      met: s.itemsPerSecondLarge >= limit
    })
    if (stream.small > 0) within("stream/rss-growth", `peak RSS streaming ${stream.large} events within 30 MB of ${stream.small}`, s.rssGrowthMb, 30)
  }
  if (prefetch !== undefined) {
    within(
      "stream/prefetch",
      `pagePrefetch 1 time per page ≤ 0.85× pagePrefetch 0 (pages delayed ${prefetch.pageDelayMs} ms, ` +
        `${prefetch.workMs} ms of consumer work per page)`,
      prefetch.msPerPage["1"] / prefetch.msPerPage["0"],
      0.85
    )
  }
  if (metrics !== undefined) {
    within("metrics/overhead", "users.get with metrics recorded: median within 5% of without", metrics.overhead, 0.05)
  }
  if (oauth !== undefined) {
    const counts = oauth[us].refreshRequests
    targets.push({
      id: "oauth/single-refresh",
      description: `${oauth[us].calls} concurrent calls from an expired token: exactly 1 refresh request per run`,
      value: Math.max(...counts),
      limit: 1,
      met: counts.every((n) => n === 1)
    })
  }
  return targets
}

const fixed = (digits: number) => (x: number) => Number.isFinite(x) ? x.toFixed(digits) : "n/a"
const grouped = (x: number) => Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "n/a"

interface Row {
  readonly label: string
  readonly values: Partial<Record<ClientName, number>>
  readonly format: (x: number) => string
  /** Show the ratio to raw fetch next to each value. */
  readonly ratio: boolean
}

const rows = (report: Report): ReadonlyArray<Row> => {
  const out: Array<Row> = []
  const per = <K extends ClientName, A>(record: Partial<Record<K, A>>, f: (a: A) => number) =>
    Object.fromEntries(
      report.clients.flatMap((c) => {
        const value = record[c as K]
        return value === undefined ? [] : [[c, f(value)]]
      })
    ) as Partial<Record<ClientName, number>>
  const { usersGet, eventsList, throughput, stream, oauth } = report.scenarios
  if (usersGet !== undefined) {
    out.push({ label: "users.get median (ms) ↓", values: per(usersGet, (s) => s.median), format: fixed(3), ratio: true })
    out.push({ label: "users.get p99 (ms) ↓", values: per(usersGet, (s) => s.p99), format: fixed(3), ratio: true })
    out.push({ label: "users.get CPU per call (ms) ↓", values: per(usersGet, (s) => s.cpuPerCall), format: fixed(3), ratio: true })
  }
  if (eventsList !== undefined) {
    out.push({
      label: "events.list 300 items median (ms) ↓",
      values: per(eventsList, (s) => s.median),
      format: fixed(2),
      ratio: true
    })
    out.push({ label: "events.list 300 items p99 (ms) ↓", values: per(eventsList, (s) => s.p99), format: fixed(2), ratio: true })
    out.push({
      label: "events.list CPU per call (ms) ↓",
      values: per(eventsList, (s) => s.cpuPerCall),
      format: fixed(2),
      ratio: true
    })
  }
  if (throughput !== undefined) {
    out.push({ label: "users.get, 64 concurrent (req/s) ↑", values: per(throughput, (s) => s.median), format: grouped, ratio: true })
  }
  if (stream !== undefined) {
    const big = stream.large.toLocaleString("en-US")
    const small = stream.small.toLocaleString("en-US")
    out.push({
      label: `stream ${big} events (items/s) ↑`,
      values: per(stream.summary, (s) => s.itemsPerSecondLarge),
      format: grouped,
      ratio: true
    })
    out.push({
      label: `stream ${big} events (items per CPU-second) ↑`,
      values: per(stream.summary, (s) => s.itemsPerCpuSecondLarge),
      format: grouped,
      ratio: true
    })
    out.push({ label: `stream ${big}: peak RSS (MB)`, values: per(stream.summary, (s) => s.peakRssLargeMb), format: fixed(1), ratio: false })
    if (stream.small > 0) {
      out.push({
        label: `stream ${small} events (items/s) ↑`,
        values: per(stream.summary, (s) => s.itemsPerSecondSmall),
        format: grouped,
        ratio: true
      })
      out.push({ label: `stream ${small}: peak RSS (MB)`, values: per(stream.summary, (s) => s.peakRssSmallMb), format: fixed(1), ratio: false })
      out.push({ label: "peak RSS growth, large − small (MB) ↓", values: per(stream.summary, (s) => s.rssGrowthMb), format: fixed(1), ratio: false })
    }
  }
  if (oauth !== undefined) {
    const calls = oauth.fetch.calls
    out.push({
      label: `OAuth: ${calls.toLocaleString("en-US")} calls, expired token (ms) ↓`,
      values: per(oauth, (s) => s.medianMs),
      format: fixed(1),
      ratio: true
    })
    out.push({
      label: "OAuth: refresh requests per burst (max)",
      values: per(oauth, (s) => Math.max(...s.refreshRequests)),
      format: (x) => String(x),
      ratio: false
    })
  }
  return out
}

/** The results as a Markdown table: each contender's median and its ratios to the floor (undici) and to raw fetch. */
export const table = (report: Report): string => {
  const header = [
    "scenario (↓ lower is better, ↑ higher)",
    ...report.clients.map((c) => (c === "platform" ? "platform alone (ref.)" : c === "undici" ? "undici (floor)" : c))
  ]
  const body = rows(report).map((row) => [
    row.label,
    ...report.clients.map((c) => {
      const value = row.values[c]
      const base = row.values.fetch
      if (value === undefined) return "—"
      const floor = row.values.undici
      if (!row.ratio || c === "undici") return row.format(value)
      const vsFloor = floor === undefined ? "" : `${(value / floor).toFixed(2)}×`
      const vsFetch = base === undefined || c === "fetch" ? "" : `${(value / base).toFixed(2)}×`
      return `${row.format(value)} (${[vsFloor, vsFetch].filter((r) => r !== "").join(" / ")})`
    })
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(" | ")} |`
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`
  return [line(header), rule, ...body.map(line)].join("\n")
}

const extraLines = (report: Report): ReadonlyArray<string> => {
  const lines: Array<string> = []
  const { prefetch, coldstart, metrics } = report.scenarios
  if (prefetch !== undefined) {
    const p = prefetch.msPerPage
    lines.push(
      "",
      `events.stream, pages delayed ${prefetch.pageDelayMs} ms by the server, ${prefetch.workMs} ms of consumer CPU work per page ` +
        `(${prefetch.pages} pages): ${p["0"].toFixed(1)} ms/page with pagePrefetch 0, ${p["1"].toFixed(1)} (${(p["1"] / p["0"]).toFixed(2)}×) ` +
        `with 1, ${p["2"].toFixed(1)} (${(p["2"] / p["0"]).toFixed(2)}×) with 2`
    )
  }
  if (coldstart !== undefined) {
    const base = coldstart.summary.undici
    const fetch = coldstart.summary.fetch
    lines.push("", "cold start, fresh processes (medians): process start → first users.get answer; imports done; CPU time used; RSS after the answer")
    for (const [name, s] of Object.entries(coldstart.summary)) {
      const ratios = base === undefined || fetch === undefined
        ? ""
        : ` (${(s.firstAnswerMs / base.firstAnswerMs).toFixed(2)}× floor / ${(s.firstAnswerMs / fetch.firstAnswerMs).toFixed(2)}× fetch)`
      lines.push(
        `  ${name.padEnd(20)} ${s.firstAnswerMs.toFixed(0).padStart(5)} ms${ratios}, imports ${s.importedMs.toFixed(0)} ms, ` +
          `CPU ${s.cpuMs.toFixed(0)} ms${fetch === undefined ? "" : ` (${(s.cpuMs / fetch.cpuMs).toFixed(2)}× fetch)`}, RSS ${s.rssMb.toFixed(1)} MB${fetch === undefined ? "" : ` (+${(s.rssMb - fetch.rssMb).toFixed(1)} MB over fetch)`}`
      )
    }
  }
  if (metrics !== undefined) {
    lines.push(
      "",
      `users.get with metrics recorded per call: ${metrics.on.median.toFixed(3)} ms against ${metrics.off.median.toFixed(3)} ms without ` +
        `(${(metrics.overhead * 100).toFixed(1)}%); CPU per call ${metrics.on.cpuPerCall.toFixed(3)} against ` +
        `${metrics.off.cpuPerCall.toFixed(3)} ms (${(metrics.cpuOverhead * 100).toFixed(1)}%)`
    )
  }
  return lines
}

/** Prints the table and the targets. */
export const printReport = (report: Report): void => {
  const m = report.machine
  const lines = [
    "",
    `effect-zoom bench, ${report.mode} run, ${report.startedAt}`,
    `${m.cpuModel}, nproc ${m.nproc}, Node ${m.node} (undici ${m.undici}), ${m.platform}; load average ${m.loadAverage.join(" ")} → ${
      report.loadAverageAfter.join(" ")
    }`,
    "",
    ...(rows(report).length === 0 ? [] : [table(report), ""]),
    "ratios in brackets: value ÷ the floor's (undici.request + JSON.parse) / value ÷ raw fetch's; effect-zoom runs on",
    "the HttpClient it recommends on Node",
    "(NodeTransport.layer(), undici's core API), effect-zoom/fetch on @effect/platform's FetchHttpClient; \"platform alone\" is",
    "FetchHttpClient with no client on top (tracing on, JSON.parse, no validation, retry, time limit or span of its own):",
    "a reference, not a contender. The targets judge effect-zoom.",
    ...extraLines(report),
    ""
  ]
  if (report.mode === "quick") lines.push("targets, as these few samples put it (quick mode: never judged):")
  for (const target of report.targets ?? []) {
    const value = target.id.startsWith("stream/items") ? grouped(target.value) : target.value.toFixed(2)
    lines.push(`${target.met ? "met   " : "MISSED"}  ${target.description}: ${value} (limit ${target.limit})`)
  }
  process.stdout.write(`${lines.join("\n")}\n`)
}
