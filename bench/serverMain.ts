/**
 * Process entry of the loopback server. Started by the bench (with an IPC
 * channel) it reports `{ port }` and exits when the parent disconnects; run
 * by hand (`node bench/dist/serverMain.js [--page-delay=<ms>]` after `pnpm bench --help` has compiled it) it prints its base URL and
 * runs until interrupted, e.g. to profile one stream child on its own.
 */
import { start } from "./server.js"

const delayArg = process.argv.find((arg) => arg.startsWith("--page-delay="))
const pageDelayMs = delayArg === undefined ? 100 : Number(delayArg.slice("--page-delay=".length))
const { port } = await start({ pageDelayMs })
if (process.send !== undefined) {
  process.send({ port })
  process.on("disconnect", () => process.exit(0))
} else {
  process.stdout.write(`loopback Zoom on http://127.0.0.1:${port} (base URL http://127.0.0.1:${port}/v2)\n`)
}
