/**
 * Child processes of the benchmark: the loopback server, and one fresh
 * process per stream run (so that each run's peak RSS is its own).
 */
import { fork } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { performance } from "node:perf_hooks"
import { fileURLToPath } from "node:url"

/**
 * Children run the compiled bench (bench/dist, this file's folder once built)
 * on plain Node: no tsx, no "source" condition, so every import of the
 * packages resolves to their built dist, as in an application.
 */
const execArgv: Array<string> = []

const script = (name: string) => fileURLToPath(new URL(name, import.meta.url))

/** Waits for the first IPC message of a child, failing if it exits before sending one. */
const firstMessage = <A>(child: ChildProcess, what: string, timeoutMs: number): Promise<A> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`${what}: no answer within ${timeoutMs} ms`))
    }, timeoutMs)
    child.once("message", (message) => {
      clearTimeout(timer)
      resolve(message as A)
    })
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${what}: exited (${signal ?? code}) before answering`))
    })
    child.once("error", (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })

/** A running loopback server. */
export interface ServerProcess {
  readonly port: number
  readonly pid: number
  readonly stop: () => Promise<void>
}

/** Starts the loopback server in its own process; `pageDelayMs` delays each page of the `paced:` lists. */
export const startServer = async (options: { readonly pageDelayMs: number }): Promise<ServerProcess> => {
  const child = fork(script("./serverMain.js"), [`--page-delay=${options.pageDelayMs}`], {
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })
  const { port } = await firstMessage<{ port: number }>(child, "loopback server", 30_000)
  return {
    port,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.disconnect()
      })
  }
}

/** What a stream child reports. */
export interface StreamRun {
  readonly contender: string
  readonly total: number
  readonly items: number
  readonly confirmed: number
  readonly seconds: number
  readonly itemsPerSecond: number
  /** Items per second of CPU time (user + system) of the process: its work, which a loaded machine does not inflate. */
  readonly itemsPerCpuSecond: number
  /** RSS (MB) once the client is built, before the first page. */
  readonly rssBeforeMb: number
  /** Peak RSS (MB) of the process, `process.resourceUsage().maxRSS`. */
  readonly peakRssMb: number
  /** The largest heap used (MB) seen by sampling every 20 ms. */
  readonly peakHeapUsedMb: number
}

/** Streams `total` events with one contender in a fresh process. */
export const runStreamChild = async (args: {
  readonly contender: string
  readonly total: number
  readonly baseUrl: string
  readonly origin: string
}): Promise<StreamRun> => {
  const child = fork(
    script("./streamMain.js"),
    [args.contender, String(args.total), args.baseUrl, args.origin],
    { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] }
  )
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  const message = await firstMessage<StreamRun | { error: string }>(
    child,
    `stream child (${args.contender}, ${args.total})`,
    10 * 60_000
  )
  const code = await exited
  if ("error" in message) throw new Error(`stream child (${args.contender}, ${args.total}): ${message.error}`)
  if (code !== 0) throw new Error(`stream child (${args.contender}, ${args.total}) exited with ${code}`)
  return message
}

/** What a cold-start child reports. */
export interface ColdRun {
  readonly contender: string
  /** ms from the process's time origin (its start) to the first `users.get` answer, as the child measures it. */
  readonly firstAnswerMs: number
  /** ms from the process's time origin to the end of its imports (the client's modules loaded). */
  readonly importedMs: number
  /** CPU time (ms, user + system) the process used until the first answer: its work, which a loaded machine does not inflate. */
  readonly cpuMs: number
  /** RSS (MB) right after the first answer. */
  readonly rssMb: number
  /** ms from the parent's `fork` to the child's answer over IPC (process creation and IPC included). */
  readonly wallMs: number
}

/** One cold start: a fresh process that imports one contender and answers one `users.get`. */
export const runColdChild = async (args: {
  readonly contender: string
  readonly baseUrl: string
  /** Where the child imports the packages from, when not from their installed dist (the deep-imports experiment). */
  readonly libraries?: { readonly scheduler: string; readonly schedulerNode: string }
}): Promise<ColdRun> => {
  const started = performance.now()
  const child = fork(
    script("./coldMain.js"),
    [args.contender, args.baseUrl, ...(args.libraries === undefined ? [] : [args.libraries.scheduler, args.libraries.schedulerNode])],
    { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] }
  )
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  const message = await firstMessage<Omit<ColdRun, "wallMs"> | { error: string }>(child, `cold child (${args.contender})`, 120_000)
  const wallMs = performance.now() - started
  const code = await exited
  if ("error" in message) throw new Error(`cold child (${args.contender}): ${message.error}`)
  if (code !== 0) throw new Error(`cold child (${args.contender}) exited with ${code}`)
  return { ...message, wallMs }
}
