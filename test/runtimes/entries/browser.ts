/**
 * Entry of the smoke program for the browser: the page is served by the
 * runner's control server, the program talks to the fake on another origin
 * (CORS), and the result is posted back to the page's origin.
 */
import { describeFailure, runSmoke } from "../smoke.js"

declare const __SMOKE_CONTROL_URL__: string

const report = (line: string): Promise<unknown> =>
  fetch(`${__SMOKE_CONTROL_URL__}/result`, { method: "POST", body: line })

globalThis.addEventListener("error", (event) => void report(`SMOKE-FAILURE ${event.message}`))

runSmoke(__SMOKE_CONTROL_URL__).then(
  (result) => report(`SMOKE-RESULT ${JSON.stringify(result)}`),
  (error: unknown) => report(`SMOKE-FAILURE ${describeFailure(error)}`)
)
