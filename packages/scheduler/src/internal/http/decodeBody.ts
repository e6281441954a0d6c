/**
 * A 2xx body → the operation's value, or `DecodeError`: never a defect,
 * whatever the server sends. JSON parsing, the schema's decoding and the
 * rendering of a parse issue all run under one guard, so a body nested
 * thousands of levels deep, huge, or otherwise hostile ends as a
 * `DecodeError` (its texts bounded) instead of a `RangeError`.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import { DecodeError } from "../../Errors.js"
import { parseJson, utf8 } from "../jsonBody.js"
import { excerpt } from "./statusError.js"
import * as Scrub from "../scrub.js"

/** The longest parse issue kept in a `DecodeError`. */
const maxIssue = 4096

/** `error.message`, bounded; a message that cannot be rendered (too deep a value) says so. */
const issueOf = (error: ParseResult.ParseError): string => {
  try {
    const message = error.message
    return message.length > maxIssue ? `${message.slice(0, maxIssue)}…` : message
  } catch {
    return "the body does not match the response schema (its issue is too deeply nested to render)"
  }
}

const notJson = (operation: string, status: number, body: Uint8Array): DecodeError => {
  let text: string
  try {
    text = excerpt(Scrub.scrub(utf8(body.subarray(0, 2048))))
  } catch {
    text = ""
  }
  return new DecodeError({
    operation,
    status,
    issue: `the body is not JSON: ${text}`,
    message: `${operation}: Zoom answered ${status} with a body that is not JSON`
  })
}

const mismatch = (operation: string, status: number, issue: string): DecodeError =>
  new DecodeError({
    operation,
    status,
    // The issue quotes the body: secrets the client holds are scrubbed from it.
    issue: Scrub.scrub(issue),
    message: `${operation}: Zoom's answer does not match the response schema`
  })

/** The error of a body that defeated the decoder itself (a stack overflow on extreme nesting, …). */
const unreadable = (operation: string, status: number, cause: unknown): DecodeError =>
  mismatch(
    operation,
    status,
    cause instanceof RangeError
      ? "the body is nested too deeply to decode"
      : "the body could not be decoded"
  )

/**
 * The body's bytes parsed, then decoded with `decode`: the value, or a
 * `DecodeError` whose issue has every secret the client holds scrubbed.
 * Never a defect.
 */
export const decodeBody = <A>(
  operation: string,
  decode: (body: unknown) => Effect.Effect<A, ParseResult.ParseError>,
  status: number,
  body: Uint8Array
): Effect.Effect<A, DecodeError> => {
  let json: unknown
  try {
    json = parseJson(body)
  } catch (cause) {
    return Effect.fail(cause instanceof SyntaxError ? notJson(operation, status, body) : unreadable(operation, status, cause))
  }
  let decoded: Effect.Effect<A, ParseResult.ParseError>
  try {
    decoded = decode(json)
  } catch (cause) {
    return Effect.fail(unreadable(operation, status, cause))
  }
  // the decoders answer synchronously with an Either; anything else runs guarded
  if (Either.isEither(decoded)) {
    const result = decoded as Either.Either<A, ParseResult.ParseError>
    return Either.isRight(result)
      ? Effect.succeed(result.right)
      : Effect.fail(mismatch(operation, status, issueOf(result.left)))
  }
  return Effect.catchAllDefect(
    Effect.mapError(decoded, (error) => mismatch(operation, status, issueOf(error))),
    (cause) => Effect.fail(unreadable(operation, status, cause))
  )
}
