/**
 * The one https rule for every URL that receives a secret (the API base URL,
 * a token response's `api_url`, the OAuth token endpoint): `https:` always;
 * plain `http:` only to a loopback host, or when the user opted in with
 * `allowInsecureHttp`; any other protocol never.
 *
 * @internal
 */
import * as Either from "effect/Either"

/** Hosts that never leave the machine: `localhost` (and `*.localhost`), `127.0.0.0/8`, `[::1]`. */
const loopbackHost = /^(?:(?:[a-z0-9-]+\.)*localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i

/** Whether `hostname` (as `URL.hostname` spells it) is a loopback host. */
export const isLoopbackHost = (hostname: string): boolean => loopbackHost.test(hostname)

/** Why a URL may not receive a secret. */
export interface InsecureUrl {
  /** `"invalid"`: not a URL; `"plainHttp"`: http to a host off the machine; `"protocol"`: neither http nor https. */
  readonly kind: "invalid" | "plainHttp" | "protocol"
  /** One sentence naming what (`what`) and why, never the URL's credentials or query. */
  readonly message: string
}

/** The URL without user info, query or fragment: safe to show in an error. */
const shown = (url: URL): string => `${url.protocol}//${url.host}${url.pathname}`

/**
 * Checks that `raw` may receive a secret. `what` names the URL in the
 * message (`"baseUrl"`, `"the token response's api_url"`, …).
 */
export const checkSecureUrl = (
  raw: string,
  options: { readonly what: string; readonly allowInsecureHttp?: boolean | undefined }
): Either.Either<URL, InsecureUrl> => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return Either.left({ kind: "invalid", message: `${options.what} is not a URL` })
  }
  if (url.protocol === "https:") return Either.right(url)
  if (url.protocol === "http:") {
    if (options.allowInsecureHttp === true || isLoopbackHost(url.hostname)) return Either.right(url)
    return Either.left({
      kind: "plainHttp",
      message: `refusing plain http for ${options.what} (${
        shown(url)
      }): secrets would travel unencrypted to ${url.hostname} (set allowInsecureHttp to override)`
    })
  }
  return Either.left({
    kind: "protocol",
    message: `${options.what} (${shown(url)}) uses the unsupported protocol ${url.protocol}; use https`
  })
}

const hasProtocol = /^[a-z][a-z0-9+.-]*:\/\//i

/**
 * A token response's `api_url` as a URL: Zoom sends `https://api-eu.zoom.us`,
 * and a bare host means https. Checked by {@link checkSecureUrl}.
 */
export const checkApiUrl = (
  apiUrl: string,
  allowInsecureHttp: boolean
): Either.Either<URL, InsecureUrl> =>
  checkSecureUrl(hasProtocol.test(apiUrl) ? apiUrl : `https://${apiUrl}`, {
    what: "the token response's api_url",
    allowInsecureHttp
  })
