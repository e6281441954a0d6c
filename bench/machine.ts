/**
 * The machine a run happened on.
 */
import { readFileSync } from "node:fs"
import * as Os from "node:os"

/** What BENCHMARKS.md shows next to the numbers. */
export interface Machine {
  readonly nproc: number
  readonly cpuModel: string
  readonly node: string
  readonly platform: string
  readonly totalMemoryGb: number
  /** 1, 5 and 15 minute load averages: other work on the machine shows up here. */
  readonly loadAverage: ReadonlyArray<number>
}

const cpuModel = (): string => {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"))
    if (line !== undefined) return line.slice(line.indexOf(":") + 1).trim()
  } catch {
    // not Linux
  }
  return Os.cpus()[0]?.model ?? "unknown"
}

/** Describes this machine now. */
export const machine = (): Machine => ({
  nproc: Os.availableParallelism(),
  cpuModel: cpuModel(),
  node: process.version,
  platform: `${Os.type()} ${Os.release()} ${Os.arch()}`,
  totalMemoryGb: Math.round(Os.totalmem() / 2 ** 30),
  loadAverage: Os.loadavg().map((x) => Math.round(x * 100) / 100)
})
