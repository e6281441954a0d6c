/**
 * CORS for the loopback server, so that a browser build of a client can
 * call it from any origin: preflight `OPTIONS` requests are answered at once
 * (any origin, the API's methods, `Authorization`, `Content-Type` and the
 * headers the browser asks for), and every answer carries
 * `Access-Control-Allow-Origin: *` and exposes the rate-limit headers.
 * No credentials (cookies) are involved: the API authenticates with
 * `Authorization`, which `*` allows.
 *
 * @internal
 */

/** The methods the API and the token endpoint use. */
export const ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS"

/** Request headers always allowed. */
export const ALLOWED_HEADERS = "Authorization, Content-Type"

/** Response headers a browser script may read. */
export const EXPOSED_HEADERS =
  "Retry-After, X-RateLimit-Category, X-RateLimit-Type, X-RateLimit-Limit, X-RateLimit-Remaining, X-Zm-Trackingid"

/** Headers added to every answer. */
export const corsHeaders: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": EXPOSED_HEADERS
}

/** Whether a request is a CORS preflight (answered by the server, never seen by the fake). */
export const isPreflight = (method: string | undefined, headers: Readonly<Record<string, string>>): boolean =>
  method?.toUpperCase() === "OPTIONS" && headers["access-control-request-method"] !== undefined

/** The answer to a preflight: 204 with what the browser may send (its requested headers included). */
export const preflightHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const requested = headers["access-control-request-headers"]
  return {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": ALLOWED_METHODS,
    "access-control-allow-headers": requested === undefined || requested.trim() === "" ?
      ALLOWED_HEADERS :
      `${ALLOWED_HEADERS}, ${requested}`,
    "access-control-max-age": "600",
    "content-length": "0"
  }
}
