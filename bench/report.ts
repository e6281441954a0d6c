/**
 * The run's results: their JSON shape, the issue's targets, and the table
 * printed to the terminal (a Markdown table, so it can be pasted as is).
 */
import type { ClientName, ContenderName } from "./contenders/contender.js"
import type { Machine } from "./machine.js"
import type { StreamRun } from "./processes.js"
import type { LatencySummary } from "./stats.js"

/** Per contender, the stream figures (medians over the rounds). */
export interface StreamSummary {
  readonly itemsPerSecondLarge: number
  readonly itemsPerSecondSmall: number
  readonly peakRssLargeMb: number
  readonly peakRssSmallMb: number
  /** Peak RSS of the large run minus that of the small one. */
  readonly rssGrowthMb: number
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
      readonly msPerPageNoPrefetch: number
      readonly msPerPagePrefetch: number
      readonly rounds: Record<"0" | "1", ReadonlyArray<number>>
    }
    oauth?: Record<
      ContenderName,
      { calls: number; medianMs: number; rounds: Array<number>; refreshRequests: Array<number> }
    >
  }
  targets?: ReadonlyArray<Target>
}

const us = "effect-zoom" satisfies ContenderName

/** The issue's targets that this run's scenarios can speak to. */
export const evaluateTargets = (report: Report): ReadonlyArray<Target> => {
  const targets: Array<Target> = []
  const { usersGet, eventsList, stream, prefetch, oauth } = report.scenarios
  if (usersGet !== undefined) {
    const ratio = usersGet[us].median / usersGet.fetch.median
    targets.push({
      id: "users.get/fetch",
      description: "users.get median latency within 1.3× raw fetch",
      value: ratio,
      limit: 1.3,
      met: ratio <= 1.3
    })
    const vsOpenapi = usersGet[us].median / usersGet["openapi-fetch"].median
    targets.push({
      id: "users.get/openapi-fetch",
      description: "users.get median latency no slower than openapi-fetch",
      value: vsOpenapi,
      limit: 1,
      met: vsOpenapi <= 1
    })
  }
  if (eventsList !== undefined) {
    const ratio = eventsList[us].median / eventsList.fetch.median
    targets.push({
      id: "events.list/fetch",
      description: "events.list (300 items, decoded) median latency within 1.5× raw fetch + JSON.parse",
      value: ratio,
      limit: 1.5,
      met: ratio <= 1.5
    })
  }
  if (stream !== undefined) {
    const s = stream.summary[us]
    targets.push({
      id: "stream/items-per-second",
      description: `events.stream over ${stream.large} events: at least 100,000 items/s`,
      value: s.itemsPerSecondLarge,
      limit: 100_000,
      met: s.itemsPerSecondLarge >= 100_000
    })
    targets.push({
      id: "stream/rss-growth",
      description: `peak RSS streaming ${stream.large} events within 30 MB of ${stream.small}`,
      value: s.rssGrowthMb,
      limit: 30,
      met: s.rssGrowthMb <= 30
    })
  }
  if (prefetch !== undefined) {
    const ratio = prefetch.msPerPagePrefetch / prefetch.msPerPageNoPrefetch
    targets.push({
      id: "stream/prefetch",
      description: `pagePrefetch 1 overlaps fetching with a consumer doing ${prefetch.workMs} ms of work per page ` +
        `(time per page relative to pagePrefetch 0, below 1)`,
      value: ratio,
      limit: 1,
      met: ratio < 1
    })
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
  }
  if (eventsList !== undefined) {
    out.push({
      label: "events.list 300 items median (ms) ↓",
      values: per(eventsList, (s) => s.median),
      format: fixed(2),
      ratio: true
    })
    out.push({ label: "events.list 300 items p99 (ms) ↓", values: per(eventsList, (s) => s.p99), format: fixed(2), ratio: true })
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
      label: `stream ${small} events (items/s) ↑`,
      values: per(stream.summary, (s) => s.itemsPerSecondSmall),
      format: grouped,
      ratio: true
    })
    out.push({ label: `stream ${big}: peak RSS (MB)`, values: per(stream.summary, (s) => s.peakRssLargeMb), format: fixed(1), ratio: false })
    out.push({ label: `stream ${small}: peak RSS (MB)`, values: per(stream.summary, (s) => s.peakRssSmallMb), format: fixed(1), ratio: false })
    out.push({ label: "peak RSS growth, large − small (MB) ↓", values: per(stream.summary, (s) => s.rssGrowthMb), format: fixed(1), ratio: false })
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

/** The results as a Markdown table: each contender's median and its ratio to raw fetch. */
export const table = (report: Report): string => {
  const header = [
    "scenario (↓ lower is better, ↑ higher)",
    ...report.clients.map((c) => (c === "platform" ? "platform alone (ref.)" : c))
  ]
  const body = rows(report).map((row) => [
    row.label,
    ...report.clients.map((c) => {
      const value = row.values[c]
      const base = row.values.fetch
      if (value === undefined) return "—"
      return row.ratio && c !== "fetch" && base !== undefined
        ? `${row.format(value)} (${(value / base).toFixed(2)}×)`
        : row.format(value)
    })
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(" | ")} |`
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`
  return [line(header), rule, ...body.map(line)].join("\n")
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
    table(report),
    "",
    "ratios are to raw fetch (value ÷ fetch's value); effect-zoom runs on the HttpClient it recommends on Node",
    "(NodeTransport.layer(), undici's core API), effect-zoom/fetch on @effect/platform's FetchHttpClient; \"platform alone\" is",
    "FetchHttpClient with no client on top (tracing on, JSON.parse, no validation, retry, time limit or span of its own):",
    "a reference, not a contender. The targets judge effect-zoom.",
    ...(report.scenarios.prefetch === undefined ? [] : [
      `effect-zoom events.stream with a consumer doing ${report.scenarios.prefetch.workMs} ms of work per page: ` +
      `${report.scenarios.prefetch.msPerPageNoPrefetch.toFixed(2)} ms/page with pagePrefetch 0, ` +
      `${report.scenarios.prefetch.msPerPagePrefetch.toFixed(2)} ms/page with pagePrefetch 1`
    ]),
    ""
  ]
  if (report.mode === "quick") lines.push("targets, as these few samples put it (quick mode: never judged):")
  for (const target of report.targets ?? []) {
    const value = target.id.startsWith("stream/items") ? grouped(target.value) : target.value.toFixed(2)
    lines.push(`${target.met ? "met   " : "MISSED"}  ${target.description}: ${value} (limit ${target.limit})`)
  }
  process.stdout.write(`${lines.join("\n")}\n`)
}
