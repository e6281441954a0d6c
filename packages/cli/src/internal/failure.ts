/**
 * How a failed command ends: one line on stderr naming the typed error and
 * what to do about it, and the exit code (1 for an API or runtime failure,
 * 2 for a usage or configuration mistake).
 *
 * @internal
 */
import { Duration } from "effect"

/** Exit codes. */
export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const

interface Tagged {
  readonly _tag: string
  readonly message?: string
  readonly [key: string]: unknown
}

const isTagged = (u: unknown): u is Tagged =>
  typeof u === "object" && u !== null && typeof (u as { _tag?: unknown })._tag === "string"

const LOGIN = "run `zoom-scheduler auth login`"

const hint = (e: Tagged): string => {
  switch (e._tag) {
    case "AuthError":
      switch (e.reason) {
        case "MissingScopes":
          return "add the missing scopes to the OAuth app, then run `zoom-scheduler auth login` again"
        case "InvalidClient":
          return "check ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET"
        case "TokenEndpoint":
          return "check the network and ZOOM_OAUTH_URL, then retry"
        default:
          return `Zoom refused the access token: ${LOGIN} again (or check ZOOM_ACCESS_TOKEN)`
      }
    case "NotLoggedIn":
      return `${LOGIN} (or set ZOOM_ACCESS_TOKEN)`
    case "NotFound":
      return "check the id (and --user when it belongs to someone else)"
    case "RateLimited": {
      const wait = e.retryAfter !== undefined && Duration.isDuration(e.retryAfter) ? Duration.format(e.retryAfter) : "a while"
      return `Zoom's ${String(e.limitType)} limit: retry after ${wait}`
    }
    case "BadRequest":
      return "Zoom rejected the request: check the options"
    case "ValidationError":
      return "fix the option named above"
    case "ServerError":
      return "Zoom failed: retry later"
    case "TransportError":
      return "check the network, --base-url / ZOOM_BASE_URL, then retry"
    case "DecodeError":
      return "Zoom's answer did not match the API: report it with --json output"
    case "TokenStoreError":
      return "check the token file's permissions (ZOOM_TOKEN_FILE), or run `zoom-scheduler auth logout` and log in again"
    case "OAuthConsentDenied":
      return `the authorization was not granted: ${LOGIN} and accept`
    case "OAuthStateMismatch":
      return `the redirect did not come from this login: ${LOGIN} again`
    case "OAuthInvalidCode":
      return `authorization codes are single-use and expire in minutes: ${LOGIN} again`
    case "LoginTimeout":
      return `no redirect arrived in time: ${LOGIN} again and finish it in the browser`
    case "OutputError":
      return "check the output path, its permissions and the free space"
    case "ServeError":
      return "choose another --port"
    default:
      return "see the message"
  }
}

/** The line printed for a failure, and the exit code. */
export const describe = (error: unknown): { readonly line: string; readonly exitCode: number } => {
  if (isTagged(error)) {
    if (error._tag === "MissingData" || error._tag === "InvalidData" || error._tag === "And" || error._tag === "Or") {
      return { line: `configuration: ${String(error)}`, exitCode: ExitCode.Usage }
    }
    const reason = typeof error.reason === "string" ? `(${error.reason})` : ""
    return { line: `${error._tag}${reason}: ${error.message ?? ""}; ${hint(error)}`, exitCode: ExitCode.Failure }
  }
  return { line: `unexpected failure: ${String(error)}`, exitCode: ExitCode.Failure }
}
