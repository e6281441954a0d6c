/**
 * Fault injection: rules that apply to the next N matching requests.
 *
 * @internal
 */
import type { Fault, FaultSpec } from "./types/faults.js"
import type { Endpoint } from "./types/operations.js"
import type { FakeResponse } from "./http.js"
import { json, zoomError } from "./http.js"
import { concurrentLimited, perSecondLimited, dailyLimited } from "./rateLimits.js"

interface Rule {
  readonly operation: Endpoint | undefined
  readonly accountId: string | undefined
  remaining: number
  readonly fault: Fault
}

/** Pending fault rules, consumed in injection order. */
export class FaultStore {
  private rules: Array<Rule> = []

  add(spec: FaultSpec): void {
    const status = spec.fault._tag === "Status" || spec.fault._tag === "NonJson" ? spec.fault.status : undefined
    if (status !== undefined && (!Number.isInteger(status) || status < 200 || status > 599)) {
      throw new RangeError(`A fault's HTTP status must be an integer from 200 to 599, got ${status}`)
    }
    const times = spec.times ?? 1
    if (times > 0) this.rules.push({ operation: spec.operation, accountId: spec.accountId, remaining: times, fault: spec.fault })
  }

  clear(): void {
    this.rules = []
  }

  /** Number of requests still to be faulted (∞ for unlimited rules). */
  get pending(): number {
    return this.rules.reduce((n, r) => n + r.remaining, 0)
  }

  /**
   * Takes the first rule matching `endpoint` and the account the request
   * claims, if any (each request consumes at most one).
   */
  take(endpoint: Endpoint | "unknown", accountId: string | undefined): Fault | undefined {
    const index = this.rules.findIndex((r) =>
      (r.operation === undefined || r.operation === endpoint) && (r.accountId === undefined || r.accountId === accountId)
    )
    if (index < 0) return undefined
    const rule = this.rules[index]
    rule.remaining--
    if (rule.remaining <= 0) this.rules.splice(index, 1)
    return rule.fault
  }
}

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}

/** The HTML error page of a gateway in front of the API. */
export const htmlErrorPage = (status: number): string => {
  const title = `${status} ${REASONS[status] ?? "Error"}`
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`
}

/** Renders a fault that replaces the response entirely (not latency / truncation). */
export const renderFault = (
  fault: Exclude<Fault, { readonly _tag: "Latency" } | { readonly _tag: "TruncatedJson" }>,
  nowMs: number
): FakeResponse => {
  switch (fault._tag) {
    case "Drop":
      return { _tag: "Drop" }
    case "Status": {
      if (fault.status === 204 || fault.status === 304) {
        return { _tag: "Response", status: fault.status, headers: { ...fault.headers }, body: undefined }
      }
      const body = fault.body ?? { code: fault.status, message: REASONS[fault.status] ?? "Error" }
      if (typeof body === "string") {
        return {
          _tag: "Response",
          status: fault.status,
          headers: { "content-type": "text/plain;charset=UTF-8", ...fault.headers },
          body
        }
      }
      return json(fault.status, body, fault.headers ?? {})
    }
    case "NonJson": {
      const status = fault.status ?? 502
      return {
        _tag: "Response",
        status,
        headers: { "content-type": fault.contentType ?? "text/html" },
        body: fault.body ?? htmlErrorPage(status)
      }
    }
    case "RateLimited":
      switch (fault.kind) {
        case "perSecond":
          return perSecondLimited(fault.limit ?? 30, fault.retryAfterSeconds ?? 1)
        case "daily":
          return dailyLimited(fault.limit ?? 6000, nowMs)
        case "concurrent":
          return concurrentLimited(fault.retryAfterSeconds ?? 1)
      }
  }
}

/** Cuts a response's JSON body in half (a 204 becomes a 200 with a cut JSON body). */
export const truncate = (response: FakeResponse): FakeResponse => {
  if (response._tag === "Drop") return response
  const full = response.body ?? JSON.stringify({ code: response.status, message: "No Content" })
  const cut = full.slice(0, Math.max(1, Math.floor(full.length / 2)))
  return {
    _tag: "Response",
    status: response.status === 204 ? 200 : response.status,
    headers: { "content-type": "application/json;charset=UTF-8", ...response.headers },
    body: cut
  }
}

/** Zoom's 404 for a path that is not an API route. */
export const unknownRoute: FakeResponse = zoomError(404, 404, "The requested resource was not found.")
