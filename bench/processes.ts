/**
 * Child processes of the benchmark: the loopback server, and one fresh
 * process per stream run (so that each run's peak RSS is its own).
 */
import { fork } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"

/** How children run TypeScript: the same way `pnpm bench` runs `run.ts`. */
const execArgv = ["--conditions=source", "--import", "tsx"]

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

/** Starts the loopback server in its own process. */
export const startServer = async (): Promise<ServerProcess> => {
  const child = fork(script("./serverMain.ts"), [], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] })
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
    script("./streamMain.ts"),
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
