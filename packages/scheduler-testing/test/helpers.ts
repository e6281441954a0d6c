/**
 * Raw-request helpers for the fake's tests: they speak the wire format
 * (snake_case JSON) through the fake's in-process `HttpClient`.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import type { Headers } from "@effect/platform"
import { Effect } from "effect"

/**
 * Raw wire JSON, loosely typed on purpose: the tests assert on exact
 * snake_case keys and values rather than on a schema of their own.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

/** A decoded response. */
export interface Reply {
  readonly status: number
  readonly headers: Headers.Headers
  readonly text: string
  /** The parsed JSON body, `undefined` when empty or not JSON. */
  readonly json: Json
}

type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT"

const read = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const http = yield* HttpClient.HttpClient
    const response = yield* http.execute(request)
    const text = yield* response.text
    let json: unknown = undefined
    try {
      json = text === "" ? undefined : JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: response.status, headers: response.headers, text, json } as Reply
  })

/**
 * Calls `https://api.zoom.us/v2<path>`. `token: null` sends no
 * `Authorization`; `raw` sends a body as is.
 */
export const api = (
  method: Method,
  path: string,
  options: {
    readonly body?: unknown
    readonly raw?: string
    readonly token?: string | null
    readonly headers?: Record<string, string>
    readonly base?: string
  } = {}
) => {
  let request = HttpClientRequest.make(method)(`${options.base ?? "https://api.zoom.us/v2"}${path}`)
  if (options.token !== null) request = HttpClientRequest.bearerToken(request, options.token ?? "test-token")
  if (options.headers !== undefined) request = HttpClientRequest.setHeaders(request, options.headers)
  if (options.raw !== undefined) request = HttpClientRequest.bodyText(request, options.raw, "application/json")
  else if (options.body !== undefined) request = HttpClientRequest.bodyUnsafeJson(request, options.body)
  return read(request)
}

/** Shorthands. */
export const get = (path: string, token?: string | null) => api("GET", path, token === undefined ? {} : { token })
export const post = (path: string, body: unknown) => api("POST", path, { body })
export const patch = (path: string, body: unknown) => api("PATCH", path, { body })
export const del = (path: string) => api("DELETE", path)

/** `POST https://zoom.us/oauth/token` with a form body and HTTP Basic auth. */
export const token = (
  params: Record<string, string>,
  client: { readonly id: string; readonly secret: string } | null = { id: "client-id", secret: "client-secret" }
) => {
  let request = HttpClientRequest.post("https://zoom.us/oauth/token").pipe(HttpClientRequest.bodyUrlParams(params))
  if (client !== null) request = HttpClientRequest.basicAuth(request, client.id, client.secret)
  return read(request)
}

/** Walks every page of a list, returning the items and the pages' sizes. */
export const walk = (path: string, pageSize?: number) =>
  Effect.gen(function*() {
    const items: Array<Json> = []
    const sizes: Array<number> = []
    const tokens: Array<string> = []
    let next: string | undefined
    do {
      const sep = path.includes("?") ? "&" : "?"
      const query = [
        pageSize === undefined ? undefined : `page_size=${pageSize}`,
        next === undefined ? undefined : `next_page_token=${encodeURIComponent(next)}`
      ].filter((s) => s !== undefined).join("&")
      const reply = yield* get(query === "" ? path : `${path}${sep}${query}`)
      if (reply.status !== 200) throw new Error(`${reply.status} ${reply.text}`)
      items.push(...reply.json.items)
      sizes.push(reply.json.items.length)
      next = reply.json.next_page_token
      if (next !== undefined) tokens.push(next)
    } while (next !== undefined)
    return { items, sizes, tokens }
  })
