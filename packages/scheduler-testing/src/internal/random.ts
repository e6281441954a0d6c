/**
 * A small deterministic pseudo-random generator (mulberry32) and the id
 * formats Zoom uses. Deterministic so that the same seed produces the same
 * data and the same ids for the same sequence of operations.
 *
 * @internal
 */

/** A seeded pseudo-random source. */
export class Random {
  private state: number

  constructor(seed: number) {
    this.state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** One element of a non-empty array. */
  pick<A>(items: ReadonlyArray<A>): A {
    return items[Math.floor(this.next() * items.length)]
  }

  /** `true` with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p
  }

  private chars(alphabet: string, length: number): string {
    const codes: Array<number> = new Array(length)
    for (let i = 0; i < length; i++) codes[i] = alphabet.charCodeAt(Math.floor(this.next() * alphabet.length))
    return String.fromCharCode(...codes)
  }

  /** A Scheduler resource id: 26 lower-case base-36 characters, like `woft7torlatbw8ek24bmit5k60`. */
  resourceId(): string {
    return this.chars("abcdefghijklmnopqrstuvwxyz0123456789", 25) + "0"
  }

  /** A Zoom user id: 22 URL-safe characters, like `pE96RQ1nSbaboXClJS2Gfw`. */
  userId(): string {
    return this.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 22)
  }

  /** An opaque token: 43 URL-safe characters (the length of 32 random bytes in base64url). */
  token(): string {
    return this.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 43)
  }

  /** A numeric string of `length` digits not starting with 0 (meeting ids, passcodes). */
  digits(length: number): string {
    return String(this.int(1, 9)) + this.chars("0123456789", length - 1)
  }
}
