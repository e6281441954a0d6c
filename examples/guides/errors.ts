/**
 * Guide: handling each error (docs/guides/errors.md).
 *
 * `describe` turns every failure `events.get` can produce into a decision:
 * what the program does next. The guide's test drives each one through the
 * fake Zoom's fault injection.
 */
import { Duration, Effect } from "effect"
import { ZoomScheduler } from "@effect-zoom/scheduler"

export const describeEvent = (eventId: string) =>
  Effect.gen(function*() {
    const zoom = yield* ZoomScheduler.ZoomScheduler
    const event = yield* zoom.events.get(eventId)
    return `event ${event.eventId}: ${event.status}`
  }).pipe(
    Effect.catchTags({
      // 404: the id is wrong or the event was deleted; nothing to retry
      NotFound: (e) => Effect.succeed(`gone: no ${e.resource} ${e.id}`),
      // 401/403: a token problem; re-authorise (MissingScopes: add the scope to the app)
      AuthError: (e) => Effect.succeed(`re-authorise: ${e.reason}`),
      // 429 that outlived the retries (a daily limit fails at once): come back at resetAt
      RateLimited: (e) => Effect.succeed(`slow down: ${e.limitType}, retry after ${Duration.format(e.retryAfter)}`),
      // 5xx after the retries: Zoom is having a bad day
      ServerError: (e) => Effect.succeed(`zoom failed: ${e.status}`),
      // the network or the per-attempt timeout, after the retries
      TransportError: (e) => Effect.succeed(`network: ${e.reason}`),
      // Zoom answered something that breaks the contract: report it, do not retry
      DecodeError: (e) => Effect.succeed(`unexpected answer: ${e.status}`),
      // our input broke the spec's constraints; nothing was sent
      ValidationError: (e) => Effect.succeed(`bad input: ${e.issue}`),
      // the TokenStore failed (disk, database): tokens were not used unsaved
      TokenStoreError: (e) => Effect.succeed(`token store: ${e.message}`)
    })
  )
