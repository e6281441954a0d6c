/**
 * The request log and the request counters behind `requests`, `stats` and
 * `clearRequests`. Secrets never enter the log: `Authorization`, cookies,
 * signatures and the token endpoint's secret parameters are redacted.
 *
 * @internal
 */
import type { FakeRequest, FakeResponse } from "./http.js"
import { bodyText, queryRecord } from "./http.js"
import type { LimitKind } from "./tenants.js"
import { increment } from "./tenants.js"
import type { Fault } from "./types/faults.js"
import type { RequestLogEntry } from "./types/observations.js"
import type { Endpoint } from "./types/operations.js"

const REDACTED = "<redacted>"
const SECRET_PARAMS = ["refresh_token", "client_secret", "code", "access_token", "code_verifier"]
const SECRET_HEADERS = new Set(["authorization", "cookie", "x-zm-signature"])

const redactParams = (params: Record<string, string>): Record<string, string> => {
  for (const key of SECRET_PARAMS) if (key in params) params[key] = REDACTED
  return params
}

/** The request body as logged: JSON, form parameters (secrets redacted) or text. */
const loggedBody = (request: FakeRequest, endpoint: Endpoint | "unknown"): unknown => {
  if (request.body.length === 0) return undefined
  const text = bodyText(request)
  if (endpoint === "oauth.token" && !text.trimStart().startsWith("{")) {
    return redactParams(queryRecord(new URLSearchParams(text)))
  }
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

const loggedHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(headers)) out[key] = SECRET_HEADERS.has(key) ? REDACTED : value
  return out
}

/** Who a request was attributed to, when its token was known. */
export interface Attribution {
  readonly accountId?: string
  readonly installationId?: string
}

/** The log (bounded, oldest dropped first) and the counters of served requests. */
export class RequestLog {
  private log: Array<RequestLogEntry> = []
  private seq = 0
  requests = 0
  byOperation: Record<string, number> = {}
  byStatus: Record<string, number> = {}
  readonly limited: Record<LimitKind, number> = { perSecond: 0, daily: 0, concurrent: 0 }
  faults = 0

  constructor(private readonly limit: number) {}

  /** Records one answered (or dropped) request. */
  record(
    request: FakeRequest,
    endpoint: Endpoint | "unknown",
    atMs: number,
    response: FakeResponse,
    fault: Fault | undefined,
    attribution: Attribution
  ): void {
    const status = response._tag === "Drop" ? "dropped" : response.status
    this.requests++
    increment(this.byOperation, endpoint)
    increment(this.byStatus, String(status))
    if (fault !== undefined) {
      this.faults++
      if (fault._tag === "RateLimited") this.limited[fault.kind]++
    }
    this.log.push({
      seq: ++this.seq,
      at: atMs,
      operation: endpoint,
      method: request.method.toUpperCase(),
      path: request.path,
      query: redactParams(queryRecord(request.query)),
      body: loggedBody(request, endpoint),
      headers: loggedHeaders(request.headers),
      status,
      ...(fault !== undefined ? { fault: fault._tag } : {}),
      ...attribution
    })
    if (this.log.length > this.limit) this.log = this.log.slice(this.log.length - this.limit)
  }

  /** A copy of the log, oldest first. */
  entries(): ReadonlyArray<RequestLogEntry> {
    return [...this.log]
  }

  /** Clears the log and the counters. */
  clear(): void {
    this.log = []
    this.requests = 0
    this.byOperation = {}
    this.byStatus = {}
    this.limited.perSecond = 0
    this.limited.daily = 0
    this.limited.concurrent = 0
    this.faults = 0
  }
}
