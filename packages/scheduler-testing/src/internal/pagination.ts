/**
 * Zoom-style pagination: opaque `next_page_token`s over pre-sorted storage.
 *
 * A token is the base64url of a small cursor (the sort key and id of the last
 * item returned, plus a fingerprint of the filters) followed by an HMAC with a
 * per-fake random key, so a client can neither guess nor forge one, and a
 * token reused with different filters is rejected (HTTP 400) like an invalid one.
 * Because the cursor names the last item rather than an offset, pages stay
 * consistent when items are inserted or removed between requests.
 *
 * @internal
 */
import { createHash, createHmac, randomBytes } from "node:crypto"

/** Where the previous page stopped. */
export interface Cursor {
  /** Sort key of the last item returned (start time, update time or sequence number). */
  readonly key: number
  /** Id of the last item returned (tie-breaker). */
  readonly id: string
}

/** Encodes and verifies opaque page tokens. */
export class PageTokens {
  private readonly secret: Buffer = randomBytes(32)

  private sign(payload: string): string {
    return createHmac("sha256", this.secret).update(payload).digest("base64url").slice(0, 22)
  }

  /** A token for the page after `cursor` of listing `scope` (resource, order and filters). */
  encode(scope: string, cursor: Cursor): string {
    const payload = Buffer.from(JSON.stringify([1, fingerprint(scope), cursor.key, cursor.id])).toString("base64url")
    return `${payload}.${this.sign(payload)}`
  }

  /** The cursor of a token issued for the same `scope`, or `undefined` if the token is invalid. */
  decode(scope: string, token: string): Cursor | undefined {
    const dot = token.indexOf(".")
    if (dot <= 0) return undefined
    const payload = token.slice(0, dot)
    if (this.sign(payload) !== token.slice(dot + 1)) return undefined
    try {
      const decoded: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"))
      if (
        !Array.isArray(decoded) || decoded.length !== 4 || decoded[0] !== 1 || decoded[1] !== fingerprint(scope) ||
        typeof decoded[2] !== "number" || typeof decoded[3] !== "string"
      ) return undefined
      return { key: decoded[2], id: decoded[3] }
    } catch {
      return undefined
    }
  }
}

const fingerprint = (scope: string): string => createHash("sha256").update(scope).digest("base64url").slice(0, 12)

/** One page of a scan. */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  /** `true` when at least one more matching item follows the page. */
  readonly hasMore: boolean
}

/**
 * Scans `items` from index `start`, keeping those that `matches`, until
 * `pageSize` are collected, then looks ahead for one more match to decide
 * whether a next page exists. `stop` ends the scan early (e.g. past the `to`
 * bound of a list sorted by start time).
 */
export const scan = <A>(
  items: ReadonlyArray<A>,
  start: number,
  pageSize: number,
  matches: (a: A) => boolean,
  stop: (a: A) => boolean = () => false
): Page<A> => {
  const out: Array<A> = []
  let i = start
  for (; i < items.length && out.length < pageSize; i++) {
    const item = items[i]
    if (stop(item)) return { items: out, hasMore: false }
    if (matches(item)) out.push(item)
  }
  for (; i < items.length; i++) {
    const item = items[i]
    if (stop(item)) break
    if (matches(item)) return { items: out, hasMore: true }
  }
  return { items: out, hasMore: false }
}
