/**
 * The benchmark's loopback Zoom: a `node:http` server (keep-alive) that
 * answers with canned, pre-serialised, spec-shaped bodies and does no work of
 * its own beyond picking a buffer and writing it.
 *
 * It runs in its own process (`serverMain.ts`, started by `processes.ts`)
 * so that its CPU time is not charged to the clients being measured.
 *
 * Routes:
 * - `GET /scheduler/users/{userId}`: the user profile.
 * - `GET /scheduler/events`: a 300-item page (or `page_size` items, at most
 *   300) with a fresh `next_page_token` each time, forever.
 * - `GET /scheduler/events?search=stream:<total>`: a finite list of `total`
 *   events, `page_size` per page; the page token encodes total and offset
 *   (`s.<total>.<offset>`), the last page carries no token.
 * - `GET /scheduler/events?search=paced:<total>`: the same list, each page
 *   answered `pageDelayMs` after its request arrived (Zoom takes 100–300 ms
 *   per page; the prefetch scenario measures what fetching ahead hides).
 * - `POST /oauth/token`: a new token set, counting the requests.
 * - `GET /__bench/stats`, `POST /__bench/reset`: the counters.
 *
 * A request whose `Authorization` is missing, or is the benchmark's expired
 * access token, is answered 401 with Zoom's code 124, like Zoom does.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { EXPIRED_ACCESS_TOKEN, PAGE_SIZE } from "./constants.js"
import { makeEvents, makeItemsJson, user } from "./fixtures.js"

const invalidToken = Buffer.from(JSON.stringify({ code: 124, message: "Invalid access token." }))
const notFound = Buffer.from(JSON.stringify({ code: 404, message: "Not found" }))

/** The value of one query parameter, without allocating a URL object. */
const param = (query: string, name: string): string | undefined => {
  const key = `${name}=`
  let from = 0
  while (from < query.length) {
    const end = query.indexOf("&", from)
    const stop = end === -1 ? query.length : end
    if (query.startsWith(key, from)) return decodeURIComponent(query.slice(from + key.length, stop))
    from = stop + 1
  }
  return undefined
}

interface Counters {
  requests: number
  tokenRequests: number
}

/** Starts the server on a random loopback port. */
export const start = (options: { readonly pageDelayMs: number }): Promise<{ readonly server: Http.Server; readonly port: number; readonly counters: Counters }> => {
  const userBody = Buffer.from(JSON.stringify(user))
  const itemsJson = makeItemsJson(makeEvents(PAGE_SIZE))
  const counters: Counters = { requests: 0, tokenRequests: 0 }
  let pageSerial = 0
  let tokenSerial = 0

  const send = (res: Http.ServerResponse, status: number, head: string | undefined, body: Buffer) => {
    res.statusCode = status
    res.setHeader("content-type", "application/json; charset=utf-8")
    if (head === undefined) {
      res.setHeader("content-length", body.length)
      res.end(body)
      return
    }
    res.setHeader("content-length", Buffer.byteLength(head) + body.length)
    res.cork()
    res.write(head)
    res.end(body)
  }

  const server = Http.createServer({ keepAlive: true }, (req, res) => {
    const rawUrl = req.url ?? "/"
    const q = rawUrl.indexOf("?")
    const fullPath = q === -1 ? rawUrl : rawUrl.slice(0, q)
    // the clients use Zoom's `/v2` base path
    const path = fullPath.startsWith("/v2/") ? fullPath.slice(3) : fullPath
    const query = q === -1 ? "" : rawUrl.slice(q + 1)

    // the counters' own routes are not counted
    if (path === "/__bench/stats") {
      send(res, 200, undefined, Buffer.from(JSON.stringify(counters)))
      return
    }
    if (path === "/__bench/reset") {
      counters.requests = 0
      counters.tokenRequests = 0
      send(res, 200, undefined, Buffer.from("{}"))
      return
    }
    counters.requests++

    if (req.method === "POST" && path === "/oauth/token") {
      // read the form body before answering, like a real endpoint
      req.resume()
      req.on("end", () => {
        counters.tokenRequests++
        tokenSerial++
        send(
          res,
          200,
          undefined,
          Buffer.from(JSON.stringify({
            access_token: `bench-access-${tokenSerial}`,
            token_type: "bearer",
            refresh_token: `bench-refresh-${tokenSerial}`,
            expires_in: 3600,
            scope: "scheduler:read scheduler:write"
          }))
        )
      })
      return
    }

    const authorization = req.headers.authorization
    if (authorization === undefined || authorization === `Bearer ${EXPIRED_ACCESS_TOKEN}`) {
      send(res, 401, undefined, invalidToken)
      return
    }
    if (req.method === "GET" && path.startsWith("/scheduler/users/")) {
      send(res, 200, undefined, userBody)
      return
    }
    if (req.method === "GET" && path === "/scheduler/events") {
      const size = Math.max(1, Math.min(PAGE_SIZE, Number(param(query, "page_size") ?? PAGE_SIZE) || PAGE_SIZE))
      const search = param(query, "search")
      const paced = search !== undefined && search.startsWith("paced:")
      if (search !== undefined && (paced || search.startsWith("stream:"))) {
        const token = param(query, "next_page_token")
        const total = Number(search.slice(search.indexOf(":") + 1))
        const offset = token === undefined ? 0 : Number(token.split(".")[2])
        const count = Math.max(0, Math.min(size, total - offset))
        const next = offset + count
        const answer = () => send(res, 200, next < total ? `{"next_page_token":"s.${total}.${next}",` : "{", itemsJson(count))
        if (paced) setTimeout(answer, options.pageDelayMs)
        else answer()
        return
      }
      pageSerial++
      send(res, 200, `{"next_page_token":"p${pageSerial.toString(36)}x${size}",`, itemsJson(size))
      return
    }
    send(res, 404, undefined, notFound)
  })
  server.keepAliveTimeout = 60_000
  server.headersTimeout = 65_000
  server.maxRequestsPerSocket = 0

  return new Promise((resolve, reject) => {
    server.once("error", reject)
    // a large backlog: the OAuth scenario opens up to a thousand connections at once
    server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, () => {
      resolve({ server, port: (server.address() as AddressInfo).port, counters })
    })
  })
}
