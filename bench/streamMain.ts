/**
 * Child-process entry of one stream run: builds one contender, streams
 * `total` events through it, and reports items/s and peak memory over IPC.
 *
 * Arguments: `<contender> <total> <baseUrl> <origin>`, e.g. `effect-zoom 300000
 * http://127.0.0.1:41234/v2 http://127.0.0.1:41234` against `serverMain.ts`.
 */
import { performance } from "node:perf_hooks"
import { BEARER_TOKEN } from "./constants.js"
import { useSharedDispatcher } from "./dispatcher.js"
import { type ContenderName, contenderNames, loadContender } from "./contenders/contender.js"
import type { StreamRun } from "./processes.js"

const mb = (bytes: number) => bytes / (1024 * 1024)

const main = async (): Promise<StreamRun> => {
  const [name, totalArg, baseUrl, origin] = process.argv.slice(2)
  if (!contenderNames.includes(name as ContenderName) || baseUrl === undefined || origin === undefined) {
    throw new Error(`usage: streamMain <${contenderNames.join("|")}> <total> <baseUrl> <origin>`)
  }
  const total = Number(totalArg)
  useSharedDispatcher()
  const make = await loadContender(name as ContenderName)
  const contender = await make({ baseUrl, origin, token: BEARER_TOKEN })
  const rssBefore = process.memoryUsage().rss
  let peakHeapUsed = process.memoryUsage().heapUsed
  const sampler = setInterval(() => {
    peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed)
  }, 20)
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const result = await contender.streamEvents(total)
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  clearInterval(sampler)
  await contender.close()
  if (result.items !== total) throw new Error(`streamed ${result.items} events, expected ${total}`)
  return {
    contender: name as string,
    total,
    items: result.items,
    confirmed: result.confirmed,
    seconds,
    itemsPerSecond: result.items / seconds,
    itemsPerCpuSecond: result.items / ((cpu.user + cpu.system) / 1e6),
    rssBeforeMb: mb(rssBefore),
    // maxRSS is in kilobytes
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapUsedMb: mb(peakHeapUsed)
  }
}

// a child of the bench answers over IPC; run by hand, it prints its result
const answer = (message: StreamRun | { readonly error: string }, code: number) => {
  if (process.send !== undefined) process.send(message, () => process.exit(code))
  else {
    process.stdout.write(`${JSON.stringify(message)}\n`)
    process.exit(code)
  }
}

main().then(
  (run) => answer(run, 0),
  (error: unknown) => answer({ error: error instanceof Error ? error.stack ?? error.message : String(error) }, 1)
)
