/**
 * Transport-neutral request and response values of the fake.
 *
 * Both ways of running the fake (the in-process `HttpClient` and the
 * `node:http` loopback server) translate their native requests into a
 * {@link FakeRequest} and render a {@link FakeResponse}.
 *
 * @internal
 */

/** A request as the fake sees it: path and query already split, headers lower-cased. */
export interface FakeRequest {
  readonly method: string
  /** The raw (still percent-encoded) path, e.g. `/v2/scheduler/events/abc`. */
  readonly path: string
  readonly query: URLSearchParams
  /** Header names are lower-case. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

/** A response to render, or an instruction to drop the connection. */
export type FakeResponse =
  | {
    readonly _tag: "Response"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    /** `undefined` for responses without a body (204). */
    readonly body: string | undefined
  }
  | { readonly _tag: "Drop" }

const JSON_HEADERS = { "content-type": "application/json;charset=UTF-8" } as const

/** A JSON response. */
export const json = (
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {}
): FakeResponse => ({
  _tag: "Response",
  status,
  headers: { ...JSON_HEADERS, ...headers },
  body: JSON.stringify(body)
})

/** A response without a body (204 No Content). */
export const noContent: FakeResponse = { _tag: "Response", status: 204, headers: {}, body: undefined }

/** Zoom's error body `{ code, message }`. */
export const zoomError = (
  status: number,
  code: number,
  message: string,
  headers: Readonly<Record<string, string>> = {}
): FakeResponse => json(status, { code, message }, headers)

/** A Zoom 404 for an unknown resource. */
export const notFound = (message: string): FakeResponse => zoomError(404, 404, message)

/** A Zoom 409 conflict. */
export const conflict = (message: string): FakeResponse => zoomError(409, 409, message)

/** One entry of Zoom's validation `errors` array. */
export interface FieldError {
  readonly field: string
  readonly message: string
}

/** Zoom's validation failure: HTTP 400, body code 300. */
export const validationFailed = (errors: ReadonlyArray<FieldError>): FakeResponse =>
  json(400, { code: 300, message: "Validation Failed.", errors })

/** A 400 with Zoom's code 300 and a message but no field list. */
export const badRequest = (message: string): FakeResponse => json(400, { code: 300, message })

/** Adds headers to a response (no-op for a dropped connection). */
export const withHeaders = (
  response: FakeResponse,
  headers: Readonly<Record<string, string>>
): FakeResponse =>
  response._tag === "Drop" ? response : { ...response, headers: { ...response.headers, ...headers } }

const decoder = new TextDecoder()

/** Decodes a request body as UTF-8 text. */
export const bodyText = (request: FakeRequest): string => decoder.decode(request.body)

/** Converts `URLSearchParams` into a plain record (last value wins). */
export const queryRecord = (query: URLSearchParams): Record<string, string> => {
  const out: Record<string, string> = {}
  query.forEach((value, key) => {
    out[key] = value
  })
  return out
}
