import { assert, describe, expect, it } from "@effect/vitest"
import { type ChildProcess, spawn } from "node:child_process"
import * as NodeFs from "node:fs/promises"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as NodeUtil from "node:util"
import { fileURLToPath } from "node:url"
import {
  Config,
  ConfigProvider,
  DateTime,
  Deferred,
  Duration,
  Effect,
  Exit,
  Fiber,
  Layer,
  Logger,
  Option,
  Redacted
} from "effect"
import * as TokenStore from "@effect-zoom/scheduler/TokenStore"
import * as NodeTokenStore from "../src/NodeTokenStore.js"

// -----------------------------------------------------------------------------
// helpers
// -----------------------------------------------------------------------------

const SECRET_ACCESS = "sk-access-5f1c9b7e"
const SECRET_REFRESH = "sk-refresh-0d2e4a61"

const tokens = (counter: number, extra: { readonly withOptional?: boolean } = {}) =>
  new TokenStore.TokenSet({
    accessToken: Redacted.make(`${SECRET_ACCESS}-${counter}`),
    expiresAt: DateTime.unsafeMake(Date.UTC(2031, 0, 1) + counter * 1000),
    scopes: [String(counter)],
    ...(extra.withOptional === false
      ? {}
      : { refreshToken: Redacted.make(`${SECRET_REFRESH}-${counter}`), apiUrl: "https://api.zoom.us" })
  })

const counterOf = (stored: Option.Option<TokenStore.TokenSet>): number =>
  Option.match(stored, { onNone: () => 0, onSome: (t) => Number(t.scopes[0]) })

/** Plain, comparable view of a token set (Redacted values revealed). */
const reveal = (t: TokenStore.TokenSet) => ({
  accessToken: Redacted.value(t.accessToken),
  expiresAt: DateTime.formatIso(t.expiresAt),
  refreshToken: t.refreshToken === undefined ? undefined : Redacted.value(t.refreshToken),
  scopes: [...t.scopes],
  apiUrl: t.apiUrl
})

/** Read-increment-write, with a yield in the middle so that unprotected callers interleave. */
const increment = (store: TokenStore.TokenStore["Type"]) =>
  Effect.gen(function*() {
    const current = yield* store.get
    yield* Effect.yieldNow()
    yield* store.set(tokens(counterOf(current) + 1))
  })

/** A fresh temporary folder, removed with the test's scope. */
const tempDir = Effect.acquireRelease(
  Effect.promise(() => NodeFs.mkdtemp(NodePath.join(NodeOs.tmpdir(), "effect-zoom-tokenstore-"))),
  (dir) => Effect.promise(() => NodeFs.rm(dir, { recursive: true, force: true }))
)

const tokenFileIn = (dir: string) => NodePath.join(dir, "tokens.json")

const fileMode = (path: string) => Effect.promise(() => NodeFs.stat(path)).pipe(Effect.map((s) => s.mode & 0o777))

const exists = (path: string) =>
  Effect.promise(() => NodeFs.access(path).then(() => true, () => false))

const writeRaw = (path: string, content: string, mode = 0o600) =>
  Effect.promise(() => NodeFs.writeFile(path, content, { mode }))

const lockRecord = (pid: number, hostname = NodeOs.hostname()) =>
  JSON.stringify({ version: 1, id: "someone-else", pid, hostname, acquired_at: new Date().toISOString() })

const ageFile = (path: string, ageMs: number) =>
  Effect.promise(() => {
    const past = new Date(Date.now() - ageMs)
    return NodeFs.utimes(path, past, past)
  })

const expectNoSecrets = (error: unknown, ...secrets: ReadonlyArray<string>) => {
  const renderings = [
    String(error),
    JSON.stringify(error),
    NodeUtil.inspect(error, { depth: 10 }),
    (error as Error).message
  ]
  for (const rendering of renderings) {
    for (const secret of secrets) expect(rendering).not.toContain(secret)
  }
}

const skipOnWindows = process.platform === "win32"

// Child processes -------------------------------------------------------------

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url))
const runTs = fileURLToPath(new URL("./fixtures/runTs.mjs", import.meta.url))

interface Child {
  readonly process: ChildProcess
  /** Waits until stdout has printed a line satisfying `predicate`. */
  readonly waitFor: (predicate: (line: string) => boolean) => Effect.Effect<string>
  readonly exitCode: Effect.Effect<number | null>
  readonly stderr: () => string
}

/**
 * Spawns `fixtures/tokenStoreWorker.ts` in a separate Node process; it is
 * SIGKILLed when the scope closes if still running.
 */
const spawnWorker = (...args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.sync((): Child => {
      const child = spawn(process.execPath, ["--conditions=source", runTs, "./tokenStoreWorker.ts", ...args], {
        cwd: repoRoot,
        stdio: ["pipe", "pipe", "pipe"]
      })
      const lines: Array<string> = []
      const listeners = new Set<() => void>()
      let stdout = ""
      let stderr = ""
      child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk
        const parts = stdout.split("\n")
        stdout = parts.pop() ?? ""
        lines.push(...parts)
        for (const listener of listeners) listener()
      })
      child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk
      })
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
      return {
        process: child,
        stderr: () => stderr,
        exitCode: Effect.promise(() => exited),
        waitFor: (predicate) =>
          Effect.async<string>((resume) => {
            const check = () => {
              const line = lines.find(predicate)
              if (line !== undefined) {
                listeners.delete(check)
                resume(Effect.succeed(line))
              }
            }
            listeners.add(check)
            check()
            return Effect.sync(() => listeners.delete(check))
          })
      }
    }),
    (child) =>
      Effect.sync(() => {
        if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill("SIGKILL")
      })
  )

/** Waits for a worker line, failing the test (with the worker's stderr) after `seconds`. */
const expectLine = (child: Child, line: string, seconds = 20) =>
  child.waitFor((l) => l === line).pipe(
    Effect.timeoutFail({
      duration: Duration.seconds(seconds),
      onTimeout: () => new Error(`worker never printed "${line}"; stderr: ${child.stderr()}`)
    })
  )


// -----------------------------------------------------------------------------
// file
// -----------------------------------------------------------------------------

describe("layerFile", () => {
  it.scopedLive("a missing file reads as none; set/get round-trips, with and without optional fields", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      // A folder that does not exist yet is created.
      const file = NodePath.join(dir, "nested", "tokens.json")
      const store = yield* NodeTokenStore.makeFile(file)
      assert.isTrue(Option.isNone(yield* store.get))
      // The first refresh locks before anything was ever written.
      assert.isTrue(Option.isNone(yield* store.withLock(store.get)))

      yield* store.set(tokens(1))
      expect(reveal(Option.getOrThrow(yield* store.get))).toEqual(reveal(tokens(1)))

      yield* store.set(tokens(2, { withOptional: false }))
      const minimal = Option.getOrThrow(yield* store.get)
      expect(reveal(minimal)).toEqual(reveal(tokens(2, { withOptional: false })))
      expect("refreshToken" in minimal && minimal.refreshToken !== undefined).toBe(false)

      // A structurally typed plain object is a TokenSet too, as far as TypeScript is concerned.
      yield* store.set({ ...tokens(3), accessToken: Redacted.make("plain"), scopes: ["3"] })
      const fromPlain = Option.getOrThrow(yield* store.get)
      assert.instanceOf(fromPlain, TokenStore.TokenSet)
      expect(Redacted.value(fromPlain.accessToken)).toBe("plain")

      yield* store.set(tokens(2, { withOptional: false }))
      // A second store on the same file (another process, say) sees the same data.
      const other = yield* NodeTokenStore.makeFile(file)
      expect(counterOf(yield* other.get)).toBe(2)
      if (!skipOnWindows) expect(yield* fileMode(NodePath.dirname(file))).toBe(0o700)
    }))

  it.scopedLive("writes a versioned snake_case JSON document", () =>
    Effect.gen(function*() {
      const file = tokenFileIn(yield* tempDir)
      const store = yield* NodeTokenStore.makeFile(file)
      yield* store.set(tokens(5))
      const json = JSON.parse(yield* Effect.promise(() => NodeFs.readFile(file, "utf8")))
      expect(json).toEqual({
        version: 1,
        access_token: `${SECRET_ACCESS}-5`,
        expires_at: "2031-01-01T00:00:05.000Z",
        refresh_token: `${SECRET_REFRESH}-5`,
        scopes: ["5"],
        api_url: "https://api.zoom.us"
      })
      // Unknown keys (e.g. written by a newer minor version) are ignored.
      yield* writeRaw(file, JSON.stringify({ ...json, token_type: "bearer" }))
      expect(counterOf(yield* store.get)).toBe(5)
    }))

  it.scopedLive.skipIf(skipOnWindows)("the token file has mode 0o600, and a wider existing file is narrowed", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = tokenFileIn(dir)
      const store = yield* NodeTokenStore.makeFile(file)
      yield* store.set(tokens(1))
      expect(yield* fileMode(file)).toBe(0o600)

      // Written by an older tool with a lax umask:
      const content = yield* Effect.promise(() => NodeFs.readFile(file, "utf8"))
      yield* Effect.promise(() => NodeFs.chmod(file, 0o644))
      expect(counterOf(yield* store.get)).toBe(1)
      expect(yield* fileMode(file)).toBe(0o600)

      yield* Effect.promise(() => NodeFs.rm(file))
      yield* writeRaw(file, content, 0o666)
      yield* Effect.promise(() => NodeFs.chmod(file, 0o666))
      yield* store.set(tokens(2))
      expect(yield* fileMode(file)).toBe(0o600)
    }))

  describe("a file that does not decode is an error that leaks nothing", () => {
    const secret = "sk-leaky-9c8b7a"
    const cases: ReadonlyArray<readonly [string, string, RegExp]> = [
      ["empty", "", /empty/],
      ["whitespace", "  \n", /empty/],
      ["garbage", `not json ${secret}`, /not valid JSON/],
      ["truncated", `{"version":1,"access_token":"${secret}","expires_at":"2031-01`, /not valid JSON/],
      ["not an object", `["${secret}"]`, /not a JSON object/],
      ["wrong version", JSON.stringify({ version: 2, access_token: secret }), /unsupported format version 2/],
      [
        "invalid fields",
        JSON.stringify({ version: 1, access_token: secret, expires_at: secret, refresh_token: 42, scopes: secret }),
        /"expires_at" has an invalid value.*"refresh_token" has an invalid value.*"scopes" has an invalid value/
      ],
      ["missing fields", JSON.stringify({ version: 1, refresh_token: secret }), /"access_token" is missing/]
    ]
    for (const [name, content, expected] of cases) {
      it.scopedLive(name, () =>
        Effect.gen(function*() {
          const file = tokenFileIn(yield* tempDir)
          yield* writeRaw(file, content)
          const store = yield* NodeTokenStore.makeFile(file)
          const error = yield* Effect.flip(store.get)
          assert.instanceOf(error, TokenStore.TokenStoreError)
          expect(error._tag).toBe("TokenStoreError")
          expect(error.operation).toBe("get")
          expect(error.message).toMatch(expected)
          expect(error.message).toContain(file)
          expect(error.cause).toBeUndefined()
          expectNoSecrets(error, secret)
          // Never silently treated as empty: the file is left as it was.
          expect(yield* Effect.promise(() => NodeFs.readFile(file, "utf8"))).toBe(content)
        }))
    }
  })

  it.scopedLive("an unreadable path is a get error with the cause kept", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const store = yield* NodeTokenStore.makeFile(dir) // a folder, not a file
      const error = yield* Effect.flip(store.get)
      expect(error.operation).toBe("get")
      expect(error.message).toContain(dir)
      expect(error.cause).toBeDefined()
      const blocked = yield* NodeTokenStore.makeFile(NodePath.join(dir, "tokens.json", "inner.json"))
      yield* writeRaw(tokenFileIn(dir), "{}")
      const setError = yield* Effect.flip(blocked.set(tokens(1)))
      expect(setError.operation).toBe("set")
      expectNoSecrets(setError, SECRET_ACCESS, SECRET_REFRESH)
    }))

  it.scopedLive("concurrent writers and readers: every read is complete, the result is one of the writes", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = tokenFileIn(dir)
      const store = yield* NodeTokenStore.makeFile(file)
      yield* store.set(tokens(0))
      const writes = Array.from({ length: 30 }, (_, i) => store.set(tokens(i + 1)))
      const reads = Array.from({ length: 30 }, () => store.get.pipe(Effect.map(counterOf)))
      const results = yield* Effect.all([...writes, ...reads], { concurrency: "unbounded" })
      for (const seen of results.slice(30)) {
        expect(seen).toBeGreaterThanOrEqual(0)
        expect(seen).toBeLessThanOrEqual(30)
      }
      const final = Option.getOrThrow(yield* store.get)
      const written = Array.from({ length: 30 }, (_, i) => reveal(tokens(i + 1)))
      expect(written).toContainEqual(reveal(final))
      // No temporary file is left behind.
      expect(yield* Effect.promise(() => NodeFs.readdir(dir))).toEqual(["tokens.json"])
    }))

  it.scopedLive("a crash mid-write leaves the previous file intact; stray temporary files are ignored, then swept", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = tokenFileIn(dir)
      const store = yield* NodeTokenStore.makeFile(file)
      yield* store.set(tokens(1))
      const complete = yield* Effect.promise(() => NodeFs.readFile(file, "utf8"))
      // What killed writers leave: a half-written and an empty temporary file.
      const halfWritten = NodePath.join(dir, ".tokens.json.4242-0123456789ab.tmp")
      const empty = NodePath.join(dir, ".tokens.json.4243-ba9876543210.tmp")
      yield* writeRaw(halfWritten, complete.slice(0, complete.length / 2))
      yield* writeRaw(empty, "")
      expect(reveal(Option.getOrThrow(yield* store.get))).toEqual(reveal(tokens(1)))

      yield* store.set(tokens(2))
      expect(counterOf(yield* store.get)).toBe(2)

      // Young temporary files may belong to a live writer: not swept.
      yield* store.withLock(Effect.void)
      assert.isTrue(yield* exists(halfWritten))
      // Old ones are abandoned: swept under the lock.
      yield* ageFile(halfWritten, 3_600_000)
      yield* ageFile(empty, 3_600_000)
      yield* store.withLock(Effect.void)
      expect(yield* Effect.promise(() => NodeFs.readdir(dir))).toEqual(["tokens.json"])
    }))

  it.scopedLive("withLock: the lock file names its owner while held and is removed on release", () =>
    Effect.gen(function*() {
      const file = tokenFileIn(yield* tempDir)
      const lockPath = `${file}.lock`
      const store = yield* NodeTokenStore.makeFile(file)
      const record = yield* store.withLock(Effect.promise(() => NodeFs.readFile(lockPath, "utf8")))
      const parsed = JSON.parse(record)
      expect(parsed).toMatchObject({ version: 1, pid: process.pid, hostname: NodeOs.hostname() })
      expect(typeof parsed.id).toBe("string")
      expect(Number.isNaN(Date.parse(parsed.acquired_at))).toBe(false)
      assert.isFalse(yield* exists(lockPath))

      // Also released after a failure or a defect.
      const failed = yield* store.withLock(Effect.fail("nope")).pipe(Effect.flip)
      expect(failed).toBe("nope")
      assert.isTrue(Exit.isFailure(yield* store.withLock(Effect.die("defect")).pipe(Effect.exit)))
      assert.isFalse(yield* exists(lockPath))
    }))

  it.scopedLive("withLock is released when interrupted, holding or waiting", () =>
    Effect.gen(function*() {
      const file = tokenFileIn(yield* tempDir)
      const lockPath = `${file}.lock`
      const store = yield* NodeTokenStore.makeFile(file, { lockTimeout: "2 seconds" })
      const entered = yield* Deferred.make<void>()
      const holder = yield* store.withLock(Deferred.succeed(entered, undefined).pipe(Effect.zipRight(Effect.never)))
        .pipe(Effect.fork)
      yield* Deferred.await(entered)
      assert.isTrue(yield* exists(lockPath))
      const waiter = yield* store.withLock(Effect.void).pipe(Effect.fork)
      yield* Effect.sleep("20 millis")
      yield* Fiber.interrupt(waiter)
      yield* Fiber.interrupt(holder)
      assert.isFalse(yield* exists(lockPath))
      expect(yield* store.withLock(Effect.succeed("free"))).toBe("free")
    }))

  it.scopedLive("withLock serialises fibers, also across two store instances on one file", () =>
    Effect.gen(function*() {
      const file = tokenFileIn(yield* tempDir)
      const a = yield* NodeTokenStore.makeFile(file)
      const b = yield* NodeTokenStore.makeFile(file)
      yield* Effect.all(
        Array.from({ length: 30 }, (_, i) => {
          const store = i % 2 === 0 ? a : b
          return store.withLock(increment(store))
        }),
        { concurrency: "unbounded" }
      )
      expect(counterOf(yield* a.get)).toBe(30)
    }))

  it.scopedLive("a lock held by a live process is waited for, and times out with a typed error", () =>
    Effect.gen(function*() {
      const file = tokenFileIn(yield* tempDir)
      const lockPath = `${file}.lock`
      // Our parent (the test runner) is alive on this host.
      yield* writeRaw(lockPath, lockRecord(process.ppid))
      const store = yield* NodeTokenStore.makeFile(file, { lockTimeout: "300 millis", lockRetryInterval: "10 millis" })
      const error = yield* Effect.flip(store.withLock(Effect.void))
      assert.instanceOf(error, TokenStore.TokenStoreError)
      expect(error.operation).toBe("lock")
      expect(error.message).toContain("timed out")
      expect(error.message).toContain(`pid ${process.ppid}`)
      // The foreign lock is untouched.
      expect(yield* Effect.promise(() => NodeFs.readFile(lockPath, "utf8"))).toContain("someone-else")

      // Waited for: once the owner releases it, the waiter gets in.
      const patient = yield* NodeTokenStore.makeFile(file, { lockTimeout: "5 seconds", lockRetryInterval: "10 millis" })
      const waiter = yield* patient.withLock(Effect.succeed("got it")).pipe(Effect.fork)
      yield* Effect.sleep("150 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(waiter)))
      yield* Effect.promise(() => NodeFs.rm(lockPath))
      expect(yield* Fiber.join(waiter)).toBe("got it")
    }))

  it.scopedLive("a lock left by a dead process, or not refreshed for staleLockAfter, is recovered", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = tokenFileIn(dir)
      const lockPath = `${file}.lock`
      const store = yield* NodeTokenStore.makeFile(file, { lockTimeout: "3 seconds", lockRetryInterval: "10 millis" })

      // A pid that existed and is now gone.
      const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" })
      yield* Effect.promise(() => new Promise((resolve) => child.once("exit", resolve)))
      yield* writeRaw(lockPath, lockRecord(child.pid!))
      expect(yield* store.withLock(Effect.succeed("recovered dead pid"))).toBe("recovered dead pid")
      assert.isFalse(yield* exists(lockPath))

      // Our own pid but not a lock we hold: an earlier process that had our pid.
      yield* writeRaw(lockPath, lockRecord(process.pid))
      expect(yield* store.withLock(Effect.succeed("recovered reused pid"))).toBe("recovered reused pid")

      // A live pid elsewhere, or unreadable content: only age tells. Fresh → waited for; old → recovered.
      const quick = yield* NodeTokenStore.makeFile(file, {
        lockTimeout: "200 millis",
        lockRetryInterval: "10 millis",
        staleLockAfter: "5 seconds"
      })
      for (const content of [lockRecord(process.ppid, "another-host.example"), "{\"garbage"]) {
        yield* writeRaw(lockPath, content)
        expect((yield* Effect.flip(quick.withLock(Effect.void))).operation).toBe("lock")
        yield* ageFile(lockPath, 10_000)
        expect(yield* quick.withLock(Effect.succeed("recovered old lock"))).toBe("recovered old lock")
      }
      // No lock file and no renamed stale lock is left behind.
      expect(yield* Effect.promise(() => NodeFs.readdir(dir))).toEqual([])
    }))

  it.scopedLive("a held lock is refreshed, so a slow live owner does not look stale", () =>
    Effect.gen(function*() {
      const file = tokenFileIn(yield* tempDir)
      const options: NodeTokenStore.FileOptions = { staleLockAfter: "300 millis", lockTimeout: "200 millis" }
      const owner = yield* NodeTokenStore.makeFile(file, options)
      const entered = yield* Deferred.make<void>()
      const holder = yield* owner.withLock(Deferred.succeed(entered, undefined).pipe(Effect.zipRight(Effect.never)))
        .pipe(Effect.fork)
      yield* Deferred.await(entered)
      const lockPath = `${file}.lock`
      const before = (yield* Effect.promise(() => NodeFs.stat(lockPath))).mtimeMs
      yield* Effect.sleep("500 millis") // longer than staleLockAfter
      const after = (yield* Effect.promise(() => NodeFs.stat(lockPath))).mtimeMs
      expect(after).toBeGreaterThan(before)
      yield* Fiber.interrupt(holder)
      assert.isFalse(yield* exists(lockPath))
    }))

  it.scopedLive("release leaves a lock that is no longer ours, and warns", () =>
    Effect.gen(function*() {
      const file = tokenFileIn(yield* tempDir)
      const lockPath = `${file}.lock`
      const store = yield* NodeTokenStore.makeFile(file)
      const warnings: Array<string> = []
      const logger = Logger.make(({ logLevel, message }) => {
        if (logLevel._tag === "Warning") warnings.push(String(message))
      })
      // While we hold it, someone (wrongly) takes it over.
      yield* store.withLock(writeRaw(lockPath, lockRecord(process.ppid))).pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, logger))
      )
      expect(yield* Effect.promise(() => NodeFs.readFile(lockPath, "utf8"))).toContain("someone-else")
      expect(warnings).toEqual([`lock file ${lockPath} was taken over by another owner before release`])
    }))

  it.scopedLive("layerFileConfig reads the path from Config", () =>
    Effect.gen(function*() {
      const file = tokenFileIn(yield* tempDir)
      const layer = NodeTokenStore.layerFileConfig(Config.string("ZOOM_TOKEN_FILE")).pipe(
        Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["ZOOM_TOKEN_FILE", file]]))))
      )
      yield* Effect.flatMap(TokenStore.TokenStore, (store) => store.set(tokens(9))).pipe(Effect.provide(layer))
      const direct = yield* NodeTokenStore.makeFile(file)
      expect(counterOf(yield* direct.get)).toBe(9)

      const missing = NodeTokenStore.layerFileConfig(Config.string("ZOOM_TOKEN_FILE")).pipe(
        Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map())))
      )
      const error = yield* Effect.flip(Layer.build(missing).pipe(Effect.scoped))
      expect(error._op).toBe("MissingData")
    }))

  it.effect("layerFile provides the store", () =>
    Effect.gen(function*() {
      const store = yield* TokenStore.TokenStore
      expect(typeof store.withLock).toBe("function")
    }).pipe(Effect.provide(NodeTokenStore.layerFile(NodePath.join(NodeOs.tmpdir(), "unused-tokens.json")))))
})

// -----------------------------------------------------------------------------
// two OS processes
// -----------------------------------------------------------------------------

describe("layerFile across processes", () => {
  it.scopedLive("two processes incrementing under withLock lose no update (starting from a stale lock)", () =>
    Effect.gen(function*() {
      const file = tokenFileIn(yield* tempDir)
      const n = 20
      const a = yield* spawnWorker("counter", file, String(n))
      const b = yield* spawnWorker("counter", file, String(n))
      yield* Effect.all([expectLine(a, "ready"), expectLine(b, "ready")], { concurrency: 2 })
      // Both start at once, so that they really contend, and they find a lock
      // left by a dead process: both judge it stale, only one may take it over.
      const gone = spawn(process.execPath, ["-e", ""], { stdio: "ignore" })
      yield* Effect.promise(() => new Promise((resolve) => gone.once("exit", resolve)))
      yield* writeRaw(`${file}.lock`, lockRecord(gone.pid!))
      a.process.stdin!.write("go\n")
      b.process.stdin!.write("go\n")
      const codes = yield* Effect.all([a.exitCode, b.exitCode], { concurrency: 2 }).pipe(Effect.timeout("30 seconds"))
      expect(codes, `stderr: ${a.stderr()} ${b.stderr()}`).toEqual([0, 0])

      const store = yield* NodeTokenStore.makeFile(file)
      expect(counterOf(yield* store.get)).toBe(2 * n)
      assert.isFalse(yield* exists(`${file}.lock`))
    }), 60_000)

  it.scopedLive("a lock held by a live process times out; once the process is killed it is recovered", () =>
    Effect.gen(function*() {
      const file = tokenFileIn(yield* tempDir)
      const holder = yield* spawnWorker("hold", file)
      yield* expectLine(holder, "locked")
      const store = yield* NodeTokenStore.makeFile(file, { lockTimeout: "300 millis", lockRetryInterval: "10 millis" })
      const error = yield* Effect.flip(store.withLock(Effect.void))
      expect(error.operation).toBe("lock")
      expect(error.message).toContain(`pid ${holder.process.pid}`)

      holder.process.kill("SIGKILL")
      yield* holder.exitCode
      assert.isTrue(yield* exists(`${file}.lock`)) // left behind by the crash
      const patient = yield* NodeTokenStore.makeFile(file, { lockTimeout: "5 seconds", lockRetryInterval: "10 millis" })
      expect(yield* patient.withLock(Effect.succeed("recovered"))).toBe("recovered")
      assert.isFalse(yield* exists(`${file}.lock`))
    }), 60_000)

  it.scopedLive("a writer killed at a random moment leaves a complete token file", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = tokenFileIn(dir)
      const writer = yield* spawnWorker("writer", file)
      yield* writer.waitFor((line) => line === "wrote 20").pipe(Effect.timeout("20 seconds"))
      yield* Effect.sleep(Duration.millis(Math.floor(Math.random() * 30)))
      writer.process.kill("SIGKILL")
      yield* writer.exitCode
      const store = yield* NodeTokenStore.makeFile(file)
      const stored = yield* store.get
      expect(counterOf(stored)).toBeGreaterThanOrEqual(20)
    }), 60_000)
})
