/**
 * Cryptography behind `Webhooks`, on Web Crypto (`globalThis.crypto.subtle`,
 * present in Node 20, Bun, Deno, workerd and browsers): Zoom's `v0`
 * HMAC-SHA256 scheme, checked with `subtle.verify` (a constant-time
 * comparison), and the HMAC of URL validation. Secrets arrive as plain strings
 * here: callers unwrap their `Redacted` values at the last moment and never
 * keep the result.
 *
 * @internal
 */

/** @internal */
export const SIGNATURE_VERSION = "v0"

/** `v0=` followed by the 64 hex digits of a SHA-256 HMAC. */
const SIGNATURE_PATTERN = /^v0=([0-9a-fA-F]{64})$/

/** A header timestamp: whole seconds since the epoch, digits only. */
const TIMESTAMP_PATTERN = /^\d{1,15}$/

const utf8 = new TextEncoder()

const HMAC_SHA256 = { name: "HMAC", hash: "SHA-256" } as const

const hmacKey = (secret: string, usage: "sign" | "verify"): Promise<CryptoKey> =>
  globalThis.crypto.subtle.importKey("raw", utf8.encode(secret), HMAC_SHA256, false, [usage])

type Bytes = Uint8Array<ArrayBuffer>

const hexToBytes = (hex: string): Bytes => {
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return bytes
}

const bytesToHex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("")

/**
 * The signed message `v0:{timestamp}:{body}`: the body as received, bytes as
 * they are, a string as UTF-8.
 *
 * @internal
 */
export const signedMessage = (timestamp: string, body: Uint8Array | string): Bytes => {
  if (typeof body === "string") return utf8.encode(`${SIGNATURE_VERSION}:${timestamp}:${body}`)
  const prefix = utf8.encode(`${SIGNATURE_VERSION}:${timestamp}:`)
  const message = new Uint8Array(prefix.byteLength + body.byteLength)
  message.set(prefix, 0)
  message.set(body, prefix.byteLength)
  return message
}

/**
 * The 32 bytes of a well-formed `x-zm-signature` header, or `undefined` when
 * the header is not `v0=<64 hex digits>`.
 *
 * @internal
 */
export const parseSignatureHeader = (header: string): Bytes | undefined => {
  const match = SIGNATURE_PATTERN.exec(header.trim())
  return match === null ? undefined : hexToBytes(match[1])
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
 * Whether `signature` is the HMAC-SHA256 of `message` under `secret`
 * (`subtle.verify` compares in constant time). A secret Web Crypto refuses
 * (e.g. an empty one) matches nothing.
 */
const verifyWith = (secret: string, signature: Bytes, message: Bytes): Promise<boolean> =>
  hmacKey(secret, "verify").then(
    (key) => globalThis.crypto.subtle.verify("HMAC", key, signature, message),
    () => false
  )

/**
 * Whether `signature` is the `v0` signature of `timestamp` and `body` under any
 * of `secrets`. Every secret is tried (no early exit), each comparison in
 * constant time.
 *
 * @internal
 */
export const matchesAnySecret = async (
  secrets: ReadonlyArray<string>,
  signature: Bytes,
  timestamp: string,
  body: Uint8Array | string
): Promise<boolean> => {
  const message = signedMessage(timestamp, body)
  const results = await Promise.all(secrets.map((secret) => verifyWith(secret, signature, message)))
  return results.includes(true)
}

/**
 * The hex HMAC-SHA256 of `plainToken` keyed by `secret`: the `encryptedToken`
 * of Zoom's endpoint URL validation. Rejects when Web Crypto refuses the
 * secret (an empty one).
 *
 * @internal
 */
export const encryptToken = async (secret: string, plainToken: string): Promise<string> => {
  const key = await hmacKey(secret, "sign")
  return bytesToHex(await globalThis.crypto.subtle.sign("HMAC", key, utf8.encode(plainToken)))
}
