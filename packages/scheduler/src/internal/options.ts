/**
 * The client's resolved options.
 *
 * @internal
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type { RetryPolicy } from "../RetryPolicy.js"

/** Options after defaults are applied. */
export interface ResolvedOptions {
  /** An explicit base URL; `None` uses the token's `api_url`, else `https://api.zoom.us/v2`. */
  readonly baseUrl: Option.Option<string>
  readonly timeout: Duration.Duration
  readonly validation: boolean
  /** Decode answers with the generated decoders (`internal/decode/`); `false`: Effect's parser alone. */
  readonly fastDecode: boolean
  readonly retry: RetryPolicy
  /** Record the client's metrics (`Metrics`); `false` records none of them. */
  readonly metrics: boolean
  /** Pages fetched ahead of the consumer by `stream`. */
  readonly pagePrefetch: number
  /** Waits for client-side rate-limit capacity before an attempt is sent. */
  readonly rateLimiter: (<A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>) | undefined
}
