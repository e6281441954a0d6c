/**
 * Webhook signatures on Web Crypto: the same answers as `node:crypto`'s HMAC
 * for any secret, timestamp and body, secrets Web Crypto refuses match
 * nothing (no defect), and no module of the webhook graph imports `node:`.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Redacted, TestClock } from "effect"
import { createHmac } from "node:crypto"
import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import * as Signature from "../src/internal/webhookSignature.js"
import * as Webhooks from "../src/Webhooks.js"

const nodeHmac = (secret: string, message: string | Uint8Array): string =>
  createHmac("sha256", secret).update(message).digest("hex")

const flipFirstBit = (bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> => {
  const copy = new Uint8Array(bytes)
  copy[0] ^= 1
  return copy
}

describe("webhookSignature (Web Crypto)", () => {
  it.effect.prop(
    "agrees with node:crypto's HMAC-SHA256 for any secret, timestamp and body (bytes or string)",
    [
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 2_000_000_000 }),
      fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }))
    ],
    ([secret, timestamp, body]) =>
      Effect.promise(async () => {
        const prefix = `v0:${timestamp}:`
        const expected = typeof body === "string"
          ? nodeHmac(secret, prefix + body)
          : createHmac("sha256", secret).update(prefix).update(body).digest("hex")
        const signature = Signature.parseSignatureHeader(`v0=${expected}`)!
        expect(await Signature.matchesAnySecret([secret], signature, String(timestamp), body)).toBe(true)
        expect(await Signature.matchesAnySecret([secret], flipFirstBit(signature), String(timestamp), body)).toBe(false)
        expect(await Signature.matchesAnySecret([`${secret}x`], signature, String(timestamp), body)).toBe(false)
      }),
    { fastCheck: { numRuns: 60 } }
  )

  it.effect.prop(
    "encryptToken is node:crypto's hex HMAC of the plain token",
    [fc.string({ minLength: 1, maxLength: 40 }), fc.string({ maxLength: 100 })],
    ([secret, plainToken]) =>
      Effect.promise(async () => {
        expect(await Signature.encryptToken(secret, plainToken)).toBe(nodeHmac(secret, plainToken))
      }),
    { fastCheck: { numRuns: 60 } }
  )

  it.effect("a secret Web Crypto refuses (empty) matches nothing, and the others are still tried", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_700_000_000_000)
      const body = `{"event":"x.y","event_ts":1,"payload":{}}`
      const signature = `v0=${nodeHmac("good", `v0:1700000000:${body}`)}`
      const headers = { "x-zm-signature": signature, "x-zm-request-timestamp": "1700000000" }
      const rejected = yield* Effect.flip(Webhooks.verify({ headers, body }, { secrets: [Redacted.make("")] }))
      expect(rejected.reason).toBe("BadSignature")
      const verified = yield* Webhooks.verify({ headers, body }, { secrets: [Redacted.make(""), Redacted.make("good")] })
      expect(verified.timestamp).toBe(1_700_000_000)
    }))

  it("no module of the webhook graph imports node: (statically or dynamically)", () => {
    const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src")
    const seen = new Set<string>()
    const offenders: Array<string> = []
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      // code only: the TSDoc examples may show a Node server
      const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "")
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1])
      for (const specifier of specifiers) {
        if (specifier.startsWith("node:")) offenders.push(`${file}: ${specifier}`)
        if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")))
      }
    }
    visit(resolve(src, "Webhooks.ts"))
    visit(resolve(src, "WebhookEvents.ts"))
    expect(seen.size).toBeGreaterThan(8)
    expect(offenders).toEqual([])
  })
})
