/**
 * `scrub` replaces every registered secret, in every form a server might
 * echo it (raw, URL-encoded, JSON-escaped, inside HTTP Basic credentials),
 * never throws, and keeps a bounded registry. `checkSecureUrl` is the one
 * https rule for URLs that receive a secret.
 */
import { afterEach, describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc, Redacted } from "effect"
import * as Scrub from "../src/internal/scrub.js"
import { checkApiUrl, checkSecureUrl, isLoopbackHost } from "../src/internal/secureUrl.js"

afterEach(() => Scrub.clear())

describe("scrub", () => {
  it("replaces a registered token wherever it appears, in raw, URL-encoded and JSON-escaped forms", () => {
    const token = "eyJ0eXAi.SENTINEL/+=\"x"
    Scrub.register(Redacted.make(token))
    const echoed = [
      `Bearer ${token}`,
      `refresh_token=${encodeURIComponent(token)}`,
      `form ${new URLSearchParams({ t: token }).toString()}`,
      JSON.stringify({ got: token })
    ].join(" | ")
    const scrubbed = Scrub.scrub(echoed)
    expect(scrubbed).not.toContain("SENTINEL")
    expect(scrubbed).toContain("Bearer <redacted>")
  })

  it("replaces HTTP Basic credentials built from a client id and secret", () => {
    Scrub.registerClient("my-client", Redacted.make("client-secret-xyz"))
    const header = `Basic ${btoa("my-client:client-secret-xyz")}`
    expect(Scrub.scrub(`you sent ${header}`)).toBe("you sent Basic <redacted>")
    expect(Scrub.scrub("client-secret-xyz")).toBe("<redacted>")
  })

  it("scrubs extra secrets passed in, without registering them", () => {
    const extra = Redacted.make("one-off-secret-123")
    expect(Scrub.scrub("x one-off-secret-123 y", [extra])).toBe("x <redacted> y")
    expect(Scrub.scrub("x one-off-secret-123 y")).toBe("x one-off-secret-123 y")
  })

  it("ignores values too short to be secrets, so messages stay readable", () => {
    Scrub.register("abc", Redacted.make("t"))
    expect(Scrub.scrub("abc t")).toBe("abc t")
  })

  it("a secret containing another is replaced whole", () => {
    Scrub.register("secret-part-1", "prefix-secret-part-1-suffix")
    expect(Scrub.scrub("[prefix-secret-part-1-suffix]")).toBe("[<redacted>]")
  })

  it("keeps the most recent secrets only: rotation never grows the registry", () => {
    for (let i = 0; i < Scrub.capacity + 10; i++) Scrub.register(`rotating-token-${String(i).padStart(4, "0")}`)
    expect(Scrub.scrub("rotating-token-0000")).toBe("rotating-token-0000")
    expect(Scrub.scrub(`rotating-token-${String(Scrub.capacity + 9).padStart(4, "0")}`)).toBe("<redacted>")
  })

  it("never throws and never lets a registered secret through, whatever the text", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9._~-]{8,40}$/),
        fc.array(fc.oneof(fc.string(), fc.fullUnicodeString(), fc.constant("\uD800")), { maxLength: 5 }),
        (secret, parts) => {
          Scrub.clear()
          Scrub.register(secret)
          const text = parts.join(secret)
          const scrubbed = Scrub.scrub(`${text}${secret}${encodeURIComponent(secret)}`)
          expect(scrubbed).not.toContain(secret)
        }
      )
    )
  })
})

describe("checkSecureUrl", () => {
  const ok = (url: string, allowInsecureHttp = false) =>
    Either.isRight(checkSecureUrl(url, { what: "baseUrl", allowInsecureHttp }))

  it("https anywhere; http only to loopback or with allowInsecureHttp; nothing else", () => {
    expect(ok("https://api.zoom.us/v2")).toBe(true)
    for (const url of ["http://localhost:1/x", "http://127.0.0.1:80", "http://127.8.9.10", "http://[::1]:9", "http://app.localhost"]) {
      expect(ok(url)).toBe(true)
    }
    for (const url of ["http://api.zoom.us/v2", "http://10.0.0.1", "http://localhost.attacker.example", "http://127.0.0.1.nip.io"]) {
      expect(ok(url)).toBe(false)
      expect(ok(url, true)).toBe(true)
    }
    expect(ok("ftp://zoom.us", true)).toBe(false)
    expect(ok("not a url", true)).toBe(false)
  })

  it("names the URL without its user info or query, and says how to override", () => {
    const refused = checkSecureUrl("http://user:pw@evil.example/path?token=abc", { what: "the token endpoint" })
    expect(Either.isLeft(refused)).toBe(true)
    if (Either.isLeft(refused)) {
      expect(refused.left.kind).toBe("plainHttp")
      expect(refused.left.message).toContain("http://evil.example/path")
      expect(refused.left.message).toContain("allowInsecureHttp")
      expect(refused.left.message).not.toContain("pw")
      expect(refused.left.message).not.toContain("abc")
    }
  })

  it("api_url: a bare host is https, plain http off the machine is refused", () => {
    expect(Either.isRight(checkApiUrl("api-eu.zoom.us", false))).toBe(true)
    expect(Either.isLeft(checkApiUrl("http://api-eu.zoom.us", false))).toBe(true)
    expect(Either.isRight(checkApiUrl("http://api-eu.zoom.us", true))).toBe(true)
    expect(isLoopbackHost("LOCALHOST")).toBe(true)
  })
})
