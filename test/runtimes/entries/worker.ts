/**
 * Entry of the smoke program for Cloudflare's workerd: a Worker whose
 * `fetch` handler runs the program and answers with its result.
 */
import { describeFailure, runSmoke } from "../smoke.js"

declare const __SMOKE_CONTROL_URL__: string

export default {
  fetch: (): Promise<Response> =>
    runSmoke(__SMOKE_CONTROL_URL__).then(
      (result) => new Response(`SMOKE-RESULT ${JSON.stringify(result)}`),
      (error: unknown) => new Response(`SMOKE-FAILURE ${describeFailure(error)}`)
    )
}
