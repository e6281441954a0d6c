/**
 * A page's next page token read from its first bytes, before the page is
 * parsed: a hint that lets a stream send the next request while the page is
 * still to be decoded. Zoom (and the fake) write `next_page_token` before
 * `items`; only the first `window` bytes are looked at, and a token written
 * later, escaped or not a plain string gives no hint. The caller checks the
 * hint against the decoded page, which stays the authority.
 *
 * @internal
 */

const key = '"next_page_token"'

/** Bytes looked at from the start of the body. */
const window = 2048

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d

/** The token the body's first bytes give, or `undefined` when they give none. */
export const tokenHint = (bytes: Uint8Array): string | undefined => {
  const end = Math.min(bytes.length, window)
  // the key, at any position in the window
  let at = -1
  outer: for (let i = 0; i + key.length <= end; i++) {
    for (let k = 0; k < key.length; k++) {
      if (bytes[i + k] !== key.charCodeAt(k)) continue outer
    }
    at = i + key.length
    break
  }
  if (at < 0) return undefined
  while (at < end && isSpace(bytes[at]!)) at++
  if (bytes[at] !== 0x3a) return undefined // ':'
  at++
  while (at < end && isSpace(bytes[at]!)) at++
  if (bytes[at] !== 0x22) return undefined // '"': null, a number, … give no hint
  at++
  let token = ""
  for (; at < end; at++) {
    const c = bytes[at]!
    if (c === 0x22) return token === "" ? undefined : token
    // escapes and anything beyond printable ASCII: no hint (decoding will tell)
    if (c === 0x5c || c < 0x20 || c > 0x7e) return undefined
    token += String.fromCharCode(c)
  }
  return undefined
}
