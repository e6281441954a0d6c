/**
 * The Lua scripts of the token store and the rate budget, and how they are
 * run: each one atomic on the server, sent by SHA once loaded.
 *
 * @internal
 */
import type { Redis } from "ioredis"
import { Duration, Effect } from "effect"

/**
 * Takes the lease: `SET lock owner NX PX ttl`; on success, draws the next
 * fencing token and marks this holder as the current one, in the
 * installation's hash (fields `tokens`, `fence`: the fence of the stored
 * token set, `next`: the last fence drawn, `holder`: the unreleased holder).
 * KEYS: lock, data. ARGV: owner, ttl ms.
 * Returns `false` when the lock is held, else
 * `{ fence, previous unreleased holder's fence or "", stored token set's fence or "" }`.
 */
const acquire = `
if not redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then return false end
local fence = redis.call("HINCRBY", KEYS[2], "next", 1)
local previous = redis.call("HGET", KEYS[2], "holder")
redis.call("HSET", KEYS[2], "holder", fence)
local stored = redis.call("HGET", KEYS[2], "fence")
return { fence, previous or "", stored or "" }
`

/** Extends the lease if `owner` still holds it. KEYS: lock. ARGV: owner, ttl ms. */
const extend = `
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return 0
`

/**
 * Releases the lease if `owner` holds it, and clears the holder mark if it
 * is this holder's. KEYS: lock, data. ARGV: owner, fence.
 */
const release = `
if redis.call("GET", KEYS[1]) == ARGV[1] then redis.call("DEL", KEYS[1]) end
if redis.call("HGET", KEYS[2], "holder") == ARGV[2] then redis.call("HDEL", KEYS[2], "holder") end
return 1
`

/**
 * Writes a token set fenced: refused (0) when the stored one was written by
 * a later holder (a higher fence). A write outside any lock draws a new
 * fence, so it is the newest. KEYS: data. ARGV: payload, fence or "".
 */
const write = `
local fence = tonumber(ARGV[2])
if not fence then fence = redis.call("HINCRBY", KEYS[1], "next", 1) end
local stored = tonumber(redis.call("HGET", KEYS[1], "fence") or "0")
if fence < stored then return 0 end
redis.call("HSET", KEYS[1], "tokens", ARGV[1], "fence", fence)
return 1
`

/**
 * The budget's gate, right before a request is sent: refuses while the
 * account is paused (returns `{1, pausedUntil}`), else counts the request
 * in the account's UTC-day window, refusing beyond the daily limit
 * (`{2, count}`), else `{0, count}`.
 * KEYS: pause, daily. ARGV: now ms, daily limit (-1: none), daily key ttl ms.
 */
const gate = `
local paused = tonumber(redis.call("GET", KEYS[1]) or "0")
if paused > tonumber(ARGV[1]) then return { 1, paused } end
local limit = tonumber(ARGV[2])
if limit < 0 then return { 0, 0 } end
local count = redis.call("INCR", KEYS[2])
if count == 1 then redis.call("PEXPIRE", KEYS[2], ARGV[3]) end
if count > limit then
  redis.call("DECR", KEYS[2])
  return { 2, count - 1 }
end
return { 0, count }
`

/** Pauses an account until ARGV[1] (epoch ms), unless already paused longer. KEYS: pause. ARGV: until, ttl ms. */
const pause = `
local current = tonumber(redis.call("GET", KEYS[1]) or "0")
if current >= tonumber(ARGV[1]) then return 0 end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
return 1
`

const scripts = {
  zoomLockAcquire: { keys: 2, lua: acquire },
  zoomLockExtend: { keys: 1, lua: extend },
  zoomLockRelease: { keys: 2, lua: release },
  zoomTokensWrite: { keys: 1, lua: write },
  zoomBudgetGate: { keys: 2, lua: gate },
  zoomBudgetPause: { keys: 1, lua: pause }
} as const

/** A script's name. */
export type ScriptName = keyof typeof scripts

type Runner = (...args: ReadonlyArray<string | number>) => Promise<unknown>

/** Defines the scripts on a client (idempotent; ioredis sends EVALSHA and falls back to EVAL). */
export const define = (client: Redis): ((name: ScriptName, keys: ReadonlyArray<string>, args: ReadonlyArray<string | number>) => Promise<unknown>) => {
  for (const [name, script] of Object.entries(scripts)) {
    if (typeof (client as unknown as Record<string, unknown>)[name] !== "function") {
      client.defineCommand(name, { numberOfKeys: script.keys, lua: script.lua })
    }
  }
  return (name, keys, args) => ((client as unknown as Record<ScriptName, Runner>)[name])(...keys, ...args)
}

/**
 * A Redis failure described without its command (ioredis errors carry the
 * command's arguments, which may hold tokens).
 */
export const describe = (cause: unknown): string =>
  cause instanceof Error ? `${cause.name === "Error" ? "" : `${cause.name}: `}${cause.message}` : String(cause)

/** Runs a Redis call under a time limit, failing with `onError(message)` (never the raw error). */
export const run = <A, E>(
  call: () => Promise<A>,
  timeout: Duration.Duration,
  onError: (message: string) => E
): Effect.Effect<A, E> =>
  Effect.tryPromise({ try: call, catch: (cause) => onError(`Redis: ${describe(cause)}`) }).pipe(
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () => onError(`Redis: no answer within ${Duration.format(timeout)}`)
    })
  )
