/**
 * What every contender implements: the same work, done its own way.
 */

/**
 * The clients compared: undici's core `request` + `JSON.parse` (the floor),
 * raw `fetch`, `openapi-fetch`, this client over the `HttpClient` it
 * recommends on Node (`NodeTransport.layer()`, the one the targets judge), and
 * this client over `@effect/platform`'s `FetchHttpClient`.
 */
export type ContenderName = "undici" | "fetch" | "openapi-fetch" | "effect-zoom" | "effect-zoom/fetch"

/** All contenders, in the order the tables list them (the floor, then raw `fetch`, first). */
export const contenderNames: ReadonlyArray<ContenderName> = [
  "undici",
  "fetch",
  "openapi-fetch",
  "effect-zoom",
  "effect-zoom/fetch"
]

/**
 * A reference measured next to the contenders in the request scenarios:
 * `@effect/platform`'s `FetchHttpClient` on its own, the transport this
 * client is built on, i.e. the floor for any client built on it.
 */
export type ReferenceName = "platform" | "effect-zoom/no-metrics"

/** Contenders and the reference, as the request scenarios list them. */
export type ClientName = ContenderName | ReferenceName

/** The columns of the request scenarios. */
export const clientNames: ReadonlyArray<ClientName> = [...contenderNames, "platform"]

/** Where the loopback server is and which bearer token it accepts. */
export interface ContenderConfig {
  /** The API base, e.g. `http://127.0.0.1:41234/v2`. */
  readonly baseUrl: string
  /** The server's origin, for `POST /oauth/token`. */
  readonly origin: string
  readonly token: string
}

/** The result of streaming a list: items consumed, and a checksum over them. */
export interface StreamResult {
  readonly items: number
  readonly confirmed: number
}

/**
 * A client measured in the request scenarios. Every method checks what it got
 * (status, shape, counts) and throws on anything unexpected, so a broken
 * client fails the run instead of producing a fast number.
 */
export interface RequestClient {
  readonly name: ClientName
  /** `n` sequential `users.get("me")`, pushing each latency (ms) to `samples`. */
  readonly usersGet: (n: number, samples: Array<number>) => Promise<void>
  /** `n` sequential `events.list` of a 300-item page, pushing each latency (ms) to `samples`. */
  readonly eventsList: (n: number, samples: Array<number>) => Promise<void>
  /** `total` `users.get("me")` shared by `concurrency` concurrent workers (fibers, for Effect). */
  readonly usersGetConcurrent: (concurrency: number, total: number) => Promise<void>
  readonly close: () => Promise<void>
}

/** One client under test: the request scenarios, streaming and OAuth. */
export interface Contender extends RequestClient {
  readonly name: ContenderName
  /** Every event of the finite `stream:<total>` list, pages of 300, each item inspected. */
  readonly streamEvents: (total: number) => Promise<StreamResult>
  /**
   * `calls` concurrent `users.get("me")` through fresh OAuth state whose
   * access token is already expired. Resolves with the time (ms) the calls
   * took, setup excluded.
   */
  readonly oauthBurst: (calls: number) => Promise<number>
}

/** Builds a contender. */
export type MakeContender = (config: ContenderConfig) => Promise<Contender>

/** Loads a contender's module (lazily, so a stream child loads only its own client). */
export const loadContender = async (name: ContenderName): Promise<MakeContender> => {
  switch (name) {
    case "undici":
      return (await import("./undiciFloor.js")).make
    case "fetch":
      return (await import("./rawFetch.js")).make
    case "openapi-fetch":
      return (await import("./openapiFetch.js")).make
    case "effect-zoom":
      return (await import("./effectZoom.js")).make
    case "effect-zoom/fetch":
      return (await import("./effectZoom.js")).makeOnFetch
  }
}

/** Builds the reference client. */
export const loadReference = async (): Promise<(config: ContenderConfig) => Promise<RequestClient>> =>
  (await import("./platform.js")).make

/** Builds the client with metrics recorded per call (the `metrics` scenario's metrics-on column). */
export const loadWithoutMetrics = async (): Promise<(config: ContenderConfig) => Promise<RequestClient>> =>
  (await import("./effectZoom.js")).makeWithoutMetrics

/** Throws when a check fails. */
export const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`check failed: ${what}`)
}

/** `total` tasks spread over `concurrency` workers that each run them one after the other. */
export const workers = async (concurrency: number, total: number, task: () => Promise<void>): Promise<void> => {
  let next = 0
  const worker = async () => {
    while (next < total) {
      next++
      await task()
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}
