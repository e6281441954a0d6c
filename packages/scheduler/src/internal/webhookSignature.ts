/**
 * Cryptographic helpers behind `Webhooks`: Zoom's `v0` HMAC-SHA256 scheme and
 * constant-time comparison. Secrets arrive as plain strings here: callers
 * unwrap their `Redacted` values at the last moment and never keep the result.
 *
 * @internal
 */
import { createHmac, timingSafeEqual } from "node:crypto"

/** @internal */
export const SIGNATURE_VERSION = "v0"

/** `v0=` followed by the 64 hex digits of a SHA-256 HMAC. */
const SIGNATURE_PATTERN = /^v0=([0-9a-fA-F]{64})$/

/** A header timestamp: whole seconds since the epoch, digits only. */
const TIMESTAMP_PATTERN = /^\d{1,15}$/

/**
 * The raw HMAC-SHA256 (32 bytes) of `v0:{timestamp}:{body}` keyed by `secret`.
 * The body is hashed as received: bytes as they are, a string as UTF-8.
 *
 * @internal
 */
export const computeSignature = (secret: string, timestamp: string, body: Uint8Array | string): Buffer =>
  createHmac("sha256", secret).update(`${SIGNATURE_VERSION}:${timestamp}:`).update(body).digest()

/**
 * The bytes of a well-formed `x-zm-signature` header, or `undefined` when the
 * header is not `v0=<64 hex digits>`.
 *
 * @internal
 */
export const parseSignatureHeader = (header: string): Buffer | undefined => {
  const match = SIGNATURE_PATTERN.exec(header.trim())
  return match === null ? undefined : Buffer.from(match[1], "hex")
}

/**
 * The epoch seconds of a well-formed `x-zm-request-timestamp` header, or
 * `undefined`.
 *
 * @internal
 */
export const parseTimestampHeader = (header: string): number | undefined => {
  const trimmed = header.trim()
  return TIMESTAMP_PATTERN.test(trimmed) ? Number(trimmed) : undefined
}

/**
 * Constant-time equality of two byte strings. Different lengths are unequal
 * (and `timingSafeEqual`, which throws on them, is not called).
 *
 * @internal
 */
export const constantTimeEqual = (a: Uint8Array, b: Uint8Array): boolean =>
  a.byteLength === b.byteLength && timingSafeEqual(a, b)

/**
 * Whether `signature` is the `v0` signature of `timestamp` and `body` under any
 * of `secrets`. Every secret is tried (no early exit), each comparison in
 * constant time.
 *
 * @internal
 */
export const matchesAnySecret = (
  secrets: ReadonlyArray<string>,
  signature: Uint8Array,
  timestamp: string,
  body: Uint8Array | string
): boolean => {
  let matched = false
  for (const secret of secrets) {
    if (constantTimeEqual(computeSignature(secret, timestamp, body), signature)) {
      matched = true
    }
  }
  return matched
}

/**
 * The hex HMAC-SHA256 of `plainToken` keyed by `secret`: the `encryptedToken`
 * of Zoom's endpoint URL validation.
 *
 * @internal
 */
export const encryptToken = (secret: string, plainToken: string): string =>
  createHmac("sha256", secret).update(plainToken).digest("hex")
