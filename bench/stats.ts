/**
 * Summary statistics of latency samples.
 */

/** The `q`-quantile (0..1) of sorted samples, by nearest rank. */
export const quantile = (sorted: ReadonlyArray<number>, q: number): number => {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank] as number
}

/** The median of (unsorted) values. */
export const median = (values: ReadonlyArray<number>): number => quantile([...values].sort((a, b) => a - b), 0.5)

/** Median, p99 and count of latency samples (ms). */
export interface LatencySummary {
  readonly samples: number
  readonly median: number
  readonly p99: number
  readonly mean: number
  /** The median of each round, to show how much the machine drifted. */
  readonly roundMedians: ReadonlyArray<number>
  /**
   * CPU time (ms, user + system) of the measuring process per call, the
   * median over the rounds: the client's own work, which waiting for a core
   * on a loaded machine does not inflate as it inflates latency.
   */
  readonly cpuPerCall: number
}

/** Summarises samples gathered round by round. */
export const summarise = (rounds: ReadonlyArray<ReadonlyArray<number>>, cpuPerCall: ReadonlyArray<number> = []): LatencySummary => {
  const all = rounds.flat().sort((a, b) => a - b)
  return {
    samples: all.length,
    median: quantile(all, 0.5),
    p99: quantile(all, 0.99),
    mean: all.reduce((s, x) => s + x, 0) / Math.max(1, all.length),
    roundMedians: rounds.map((r) => median(r)),
    cpuPerCall: median(cpuPerCall)
  }
}

/** The relative spread of round values: (max - min) / median. */
export const spread = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) return Number.NaN
  return (Math.max(...values) - Math.min(...values)) / median(values)
}
