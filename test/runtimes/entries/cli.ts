/**
 * Entry of the smoke program for runtimes with a command line (Node as ESM
 * and as CommonJS, Bun, Deno): one line on stdout, read by the runner.
 */
import { describeFailure, runSmoke } from "../smoke.js"

declare const __SMOKE_CONTROL_URL__: string

runSmoke(__SMOKE_CONTROL_URL__).then(
  (result) => console.log(`SMOKE-RESULT ${JSON.stringify(result)}`),
  (error: unknown) => console.log(`SMOKE-FAILURE ${describeFailure(error)}`)
)
