/**
 * Secrets scrubbed from server-provided text.
 *
 * A hostile or careless server may echo what it received (the
 * `Authorization` header, a form body) into its error `message`. Every
 * secret the client holds (access and refresh tokens, client secrets, the
 * HTTP Basic credentials built from them, webhook secret tokens) is
 * registered here as it is obtained, and {@link scrub} replaces each of
 * them in any text before that text enters an error, a log line or a span.
 *
 * The registry is process-wide on purpose: credentials and the client that
 * reports errors are separate layers, possibly several of each, and a
 * secret of another client scrubbed from a message costs nothing. It is
 * bounded: it holds the {@link capacity} most recently registered secrets,
 * so rotating tokens never grows it. Values shorter than {@link minLength}
 * are not registered (a test token `"t"` would otherwise scrub every `t`).
 *
 * @internal
 */
import * as Redacted from "effect/Redacted"

/** What a secret is replaced with (the same text `Redacted` shows). */
export const replacement = "<redacted>"

/** Shorter values are not treated as secrets. */
export const minLength = 8

/** How many secrets (each with its encoded forms) the registry keeps. */
export const capacity = 64

// insertion order is recency: a re-registered secret moves to the end
const registry = new Map<string, ReadonlyArray<string>>()
let sorted: ReadonlyArray<string> | undefined

const base64 = (text: string): string => {
  const bytes = new TextEncoder().encode(text)
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** The forms a secret may be echoed in: raw, URL-encoded (form bodies, query strings), JSON-escaped. */
const formsOf = (value: string): ReadonlyArray<string> => {
  const forms = new Set([value])
  try {
    forms.add(encodeURIComponent(value))
    forms.add(new URLSearchParams({ v: value }).toString().slice(2))
  } catch {
    // a lone surrogate cannot be URL-encoded: it cannot have been sent that way either
  }
  forms.add(JSON.stringify(value).slice(1, -1))
  return [...forms].filter((form) => form.length >= minLength)
}

const add = (value: string, forms: ReadonlyArray<string>): void => {
  registry.delete(value)
  registry.set(value, forms)
  while (registry.size > capacity) {
    const oldest = registry.keys().next()
    if (oldest.done === true) break
    registry.delete(oldest.value)
  }
  sorted = undefined
}

/**
 * Registers secrets to scrub from then on (plain strings or `Redacted`).
 * Values shorter than {@link minLength} are ignored.
 */
export const register = (...secrets: ReadonlyArray<Redacted.Redacted<string> | string | undefined>): void => {
  for (const secret of secrets) {
    if (secret === undefined) continue
    const value = Redacted.isRedacted(secret) ? Redacted.value(secret) : secret
    if (value.length < minLength) continue
    add(value, formsOf(value))
  }
}

/**
 * Registers a client secret together with the HTTP Basic credentials built
 * from it (`base64(clientId:clientSecret)`), which a server echoing the
 * `Authorization` header would reveal.
 */
export const registerClient = (clientId: string, clientSecret: Redacted.Redacted<string>): void => {
  register(clientSecret)
  const basic = base64(`${clientId}:${Redacted.value(clientSecret)}`)
  add(basic, formsOf(basic))
}

/** Every registered form, longest first (so a secret containing another is replaced whole). */
const patterns = (): ReadonlyArray<string> => {
  if (sorted === undefined) {
    const all = new Set<string>()
    for (const forms of registry.values()) for (const form of forms) all.add(form)
    sorted = [...all].sort((a, b) => b.length - a.length)
  }
  return sorted
}

/**
 * `text` with every registered secret (and every one of `extra`) replaced
 * by {@link replacement}. Never throws.
 */
export const scrub = (text: string, extra: Iterable<Redacted.Redacted<string>> = []): string => {
  let result = text
  const extraForms: Array<string> = []
  for (const secret of extra) {
    const value = Redacted.value(secret)
    if (value.length >= minLength) extraForms.push(...formsOf(value))
  }
  for (const form of [...extraForms.sort((a, b) => b.length - a.length), ...patterns()]) {
    if (result.includes(form)) result = result.split(form).join(replacement)
  }
  return result
}

/** Forgets every registered secret (tests). */
export const clear = (): void => {
  registry.clear()
  sorted = undefined
}
