/**
 * Failures to get an answer as `TransportError`s: connection, time limit,
 * invalid URL. Only a system error code is shown, never a message (messages
 * may carry secrets).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import { DeadlineExceeded } from "../../AttemptDeadline.js"
import { TransportError } from "../../Errors.js"

/**
 * The system or undici error code in a failure's cause chain
 * (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`, …) as `": CODE"`, or `""`.
 */
const errorCode = (cause: unknown): string => {
  for (let current = cause, depth = 0; current !== null && typeof current === "object" && depth < 5; depth++) {
    const code = (current as { readonly code?: unknown }).code
    if (typeof code === "string" && /^[A-Z][A-Z0-9_]{2,63}$/.test(code)) return `: ${code}`
    current = (current as { readonly cause?: unknown }).cause
  }
  return ""
}

/** What a transport failure is about. */
export interface Attempted {
  readonly operation: string
  readonly method: string
  /** The URL, its query dropped. */
  readonly url: string
  readonly timeout: Duration.Duration
}

/** A failed exchange; a cause that says the time limit passed makes it a `Timeout`. */
export const transportError = (
  at: Attempted,
  failure: "Connection" | "Timeout" | "InvalidUrl",
  cause: unknown
): TransportError => {
  const reason = cause instanceof DeadlineExceeded ? "Timeout" : failure
  return new TransportError({
    operation: at.operation,
    method: at.method,
    url: at.url,
    reason,
    ...(cause === undefined || reason === "Timeout" ? {} : { cause }),
    message: reason === "Timeout"
      ? `${at.operation}: no answer within ${Duration.format(at.timeout)}`
      : `${at.operation}: ${reason === "InvalidUrl" ? "invalid URL" : "connection failed"}${errorCode(cause)} (${at.method} ${at.url})`
  })
}
