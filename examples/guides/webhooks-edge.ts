/**
 * Guide: webhooks on an edge runtime (docs/guides/webhooks.md).
 *
 * A Cloudflare Workers / Deno / Bun style `fetch` handler: no Node module, the
 * raw body read once, `Webhooks.handleRequest` answering with status, headers
 * and body. Deploy it as the Worker's default export; the secret comes from the
 * runtime's environment (`env.ZOOM_WEBHOOK_SECRET_TOKEN`).
 */
import { Effect, Redacted } from "effect"
import { Webhooks } from "@effect-zoom/scheduler"

export interface Env {
  readonly ZOOM_WEBHOOK_SECRET_TOKEN: string
}

/** What the handler did with each event; use a queue or a database in production. */
export const received: Array<string> = []

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== "POST") return new Response("not found", { status: 404 })
    const answer = await Effect.runPromise(
      Webhooks.handleRequest(
        { headers: request.headers, body: new Uint8Array(await request.arrayBuffer()) },
        {
          secrets: [Redacted.make(env.ZOOM_WEBHOOK_SECRET_TOKEN)],
          handler: ({ event }) => Effect.sync(() => void received.push(event.event))
        }
      )
    )
    return new Response(answer.body, { status: answer.status, headers: answer.headers })
  }
}
