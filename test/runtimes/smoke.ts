/**
 * The smoke program of the runtime matrix (`pnpm test:runtimes`): one program,
 * bundled by esbuild for each runtime, run against the loopback fake.
 *
 * It uses nothing but the platform-neutral core and `FetchHttpClient`: signs
 * in (Server-to-Server OAuth), reads `users.get("me")`, streams every event
 * over three pages, catches a 404 as `NotFound`, verifies a signed webhook
 * (and rejects a tampered one) and answers a URL-validation challenge, both
 * with Web Crypto. The runner (`run.ts`) compares what it returns with what
 * it expects and with the fake's request counters.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Credentials, Webhooks, ZoomScheduler } from "@effect-zoom/scheduler"
import { Effect, Layer, Redacted, Stream } from "effect"

/** A webhook request as the runner signed it. */
export interface SignedRequest {
  readonly headers: Record<string, string>
  readonly body: string
}

/** What the runner hands the program (`GET /config` on its control server). */
export interface SmokeConfig {
  readonly baseUrl: string
  readonly tokenUrl: string
  readonly accountId: string
  readonly clientId: string
  readonly clientSecret: string
  readonly pageSize: number
  readonly missingEventId: string
  readonly webhookSecret: string
  readonly webhook: SignedRequest
  readonly challenge: SignedRequest
}

/** What the program found, checked by the runner. */
export interface SmokeResult {
  readonly user: string | undefined
  readonly events: number
  readonly distinctEvents: number
  readonly notFound: { readonly tag: string; readonly id: string } | undefined
  readonly webhook: { readonly tag: string; readonly inviteeEmail: string | undefined }
  readonly tampered: string
  readonly challenge: { readonly status: number; readonly body: string }
}

/** The program itself, needing only an `HttpClient`. */
export const smoke = (config: SmokeConfig) =>
  Effect.gen(function*() {
    const zoom = yield* ZoomScheduler.ZoomScheduler
    const secrets = [Redacted.make(config.webhookSecret)] as const

    const me = yield* zoom.users.get("me")

    const ids = yield* zoom.events.stream({ pageSize: config.pageSize }).pipe(
      Stream.map((event) => event.eventId),
      Stream.runCollect
    )

    const notFound = yield* zoom.events.get(config.missingEventId).pipe(
      Effect.as(undefined),
      Effect.catchTag("NotFound", (error) => Effect.succeed({ tag: error._tag, id: error.id }))
    )

    const verified = yield* Webhooks.verify(config.webhook, { secrets })
    const notification = yield* Webhooks.decode(verified.body)
    const webhook = notification._tag === "ScheduledEventCreated" ?
      { tag: notification._tag, inviteeEmail: notification.payload.object?.inviteeEmail } :
      { tag: notification._tag, inviteeEmail: undefined }

    const tampered = yield* Webhooks.verify(
      { headers: config.webhook.headers, body: config.webhook.body.replace("smoke@", "smoke2@") },
      { secrets }
    ).pipe(
      Effect.as("accepted"),
      Effect.catchTag("WebhookSignatureError", (error) => Effect.succeed(error.reason))
    )

    const answer = yield* Webhooks.handleRequest(config.challenge, { secrets, handler: () => Effect.void })

    const result: SmokeResult = {
      user: me.displayName,
      events: ids.length,
      distinctEvents: new Set(ids).size,
      notFound,
      webhook,
      tampered,
      challenge: { status: answer.status, body: answer.body }
    }
    return result
  }).pipe(
    Effect.provide(
      ZoomScheduler.layer({ baseUrl: config.baseUrl }).pipe(
        Layer.provide(
          Credentials.serverToServer({
            accountId: config.accountId,
            clientId: config.clientId,
            clientSecret: Redacted.make(config.clientSecret),
            tokenUrl: config.tokenUrl
          })
        )
      )
    ),
    Effect.scoped
  )

/** Fetches the configuration from the runner, runs the program over `fetch`, and returns its result. */
export const runSmoke = (controlUrl: string): Promise<SmokeResult> =>
  Effect.runPromise(
    Effect.tryPromise(() => fetch(`${controlUrl}/config`).then((response) => response.json() as Promise<SmokeConfig>)).pipe(
      Effect.flatMap(smoke),
      Effect.provide(FetchHttpClient.layer)
    )
  )

/** A failure as one line of text (the runner prints it). */
export const describeFailure = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error)
