/**
 * A cross-process advisory lock on a lock file, plus an in-process semaphore
 * per lock file so that fibers of one process queue in memory instead of all
 * polling the file.
 *
 * Protocol:
 * - acquire: `open(lockPath, "wx")` (exclusive create), then write the owner
 *   record `{ version, id, pid, hostname, acquired_at }`. The file handle stays
 *   open while the lock is held, and a heartbeat refreshes the file's mtime so
 *   that a live owner never looks stale by age.
 * - wait: if the file exists and is not stale, sleep a jittered
 *   `retryInterval` (Effect's `Clock`) and try again, until the deadline.
 * - stale: the owner is on this host and its pid is gone (`kill(pid, 0)` says
 *   `ESRCH`), or the owner is this very pid but the lock id is not one this
 *   process holds (a previous incarnation with a reused pid), or the file was
 *   not touched for `staleAfter`.
 * - steal: rename the stale file to a unique name, check that what was renamed
 *   is the very file judged stale (same inode, mtime and content; otherwise a
 *   fresh lock was grabbed by mistake and is linked back), unlink it, and retry
 *   the exclusive create. Two waiters judging the same stale lock cannot both
 *   win: only one rename moves it, and only one exclusive create succeeds.
 * - release: remove the file only if it still holds our id.
 *
 * @internal
 */
import * as NodeCrypto from "node:crypto"
import type { FileHandle } from "node:fs/promises"
import * as NodeFs from "node:fs/promises"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import { globalValue } from "effect/GlobalValue"
import {
  closeQuietly,
  errorCode,
  fsCall,
  fsCallUnless,
  type FileSystemError,
  removeQuietly,
  removeStaleFiles,
  uniqueSuffix
} from "./atomicFile.js"

/**
 * The lock could not be acquired (timeout or filesystem failure). The message
 * names the lock file and, when known, its current owner.
 *
 * @internal
 */
export class FileLockError extends Data.TaggedError("FileLockError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/** @internal */
export interface FileLockOptions {
  /** A lock file not touched for this long is considered abandoned. */
  readonly staleAfter: Duration.Duration
  /** Mean delay between two attempts while the lock is busy (jittered ±50%). */
  readonly retryInterval: Duration.Duration
}

/** @internal */
export interface FileLock {
  readonly lockPath: string
  /**
   * Acquires the in-process permit and then the lock file, giving up at
   * `deadlineMs` (Effect `Clock` time). Everything acquired is released when
   * the surrounding scope closes, including after a failure or an interruption
   * in the middle of the acquisition.
   */
  readonly acquire: (deadlineMs: number) => Effect.Effect<void, FileLockError, Scope.Scope>
}

const LockRecord = Schema.parseJson(
  Schema.Struct({
    version: Schema.Literal(1),
    id: Schema.String,
    pid: Schema.Int,
    hostname: Schema.String,
    acquired_at: Schema.String
  })
)
type LockRecord = typeof LockRecord.Type

/** Process-wide state shared by every store instance (and every copy of this module). */
interface ProcessState {
  /** Ids of the lock files this process currently holds. */
  readonly held: Set<string>
  /** One semaphore per absolute lock path. */
  readonly semaphores: Map<string, Effect.Semaphore>
}

const processState: ProcessState = globalValue(
  Symbol.for("@effect-zoom/scheduler/internal/fileLock/processState"),
  () => ({ held: new Set<string>(), semaphores: new Map<string, Effect.Semaphore>() })
)

const semaphoreFor = (lockPath: string): Effect.Semaphore => {
  let semaphore = processState.semaphores.get(lockPath)
  if (semaphore === undefined) {
    semaphore = Effect.unsafeMakeSemaphore(1)
    processState.semaphores.set(lockPath, semaphore)
  }
  return semaphore
}

const toLockError = (error: FileSystemError): FileLockError =>
  new FileLockError({ message: error.message, cause: error.cause })

/**
 * Prefix of the names stale lock files are renamed to before removal
 * (`<lock>.stale-<pid>-<random>`); leftovers of a crash in between are swept by
 * the token store.
 *
 * @internal
 */
export const isStaleLockFileOf = (lockPath: string) => {
  const prefix = `${NodePath.basename(lockPath)}.stale-`
  return (name: string): boolean => name.startsWith(prefix)
}

/** Whether `pid` names a process of this host (`EPERM` means it exists but is not ours to signal). */
const isProcessAlive = (pid: number): boolean => {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true // unknown: rely on age only
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errorCode(error) !== "ESRCH"
  }
}

/** A snapshot of an existing lock file, read through one handle so stat and content match. */
interface Observed {
  readonly dev: number
  readonly ino: number
  readonly mtimeMs: number
  readonly raw: string
  readonly record: Option.Option<LockRecord>
}

const sameFile = (a: Observed, b: Observed): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.raw === b.raw

/** Reads a lock file, or `none` if it does not exist (any more). */
const observe = (path: string): Effect.Effect<Option.Option<Observed>, FileSystemError> =>
  Effect.acquireUseRelease(
    fsCallUnless(`cannot open lock file ${path}`, ["ENOENT"], () => NodeFs.open(path, "r")),
    Option.match({
      onNone: () => Effect.succeedNone,
      onSome: (handle) =>
        Effect.all([
          fsCall(`cannot stat lock file ${path}`, () => handle.stat()),
          fsCall(`cannot read lock file ${path}`, () => handle.readFile({ encoding: "utf8" }))
        ]).pipe(
          Effect.map(([stat, raw]) =>
            Option.some<Observed>({
              dev: stat.dev,
              ino: stat.ino,
              mtimeMs: stat.mtimeMs,
              raw,
              record: Schema.decodeUnknownOption(LockRecord)(raw)
            })
          )
        )
    }),
    Option.match({ onNone: () => Effect.void, onSome: closeQuietly })
  )

const describeOwner = (observed: Option.Option<Observed>): string =>
  Option.flatMap(observed, (o) => o.record).pipe(
    Option.match({
      onNone: () => "",
      onSome: (r) => ` (held by pid ${r.pid} on ${r.hostname} since ${r.acquired_at})`
    })
  )

/** Why an existing lock is stale, or `none` if its owner may still be working. */
const staleReason = (observed: Observed, nowMs: number, staleAfterMs: number): Option.Option<string> => {
  const age = nowMs - observed.mtimeMs
  if (age > staleAfterMs) return Option.some(`not refreshed for ${Math.round(age)} ms`)
  if (Option.isNone(observed.record)) return Option.none() // being written right now, or garbage: age decides
  const record = observed.record.value
  if (record.hostname !== NodeOs.hostname()) return Option.none()
  if (record.pid === process.pid) {
    return processState.held.has(record.id)
      ? Option.none()
      : Option.some(`left by an earlier process with pid ${record.pid}`)
  }
  return isProcessAlive(record.pid) ? Option.none() : Option.some(`owner pid ${record.pid} is not running`)
}

type StealOutcome = "stolen" | "gone" | "busy"

/**
 * Removes the stale lock `judged` from `lockPath` without ever removing a
 * different (fresh) lock for good.
 */
const steal = (lockPath: string, judged: Observed): Effect.Effect<StealOutcome, FileSystemError> =>
  Effect.gen(function*() {
    const grave = `${lockPath}.stale-${uniqueSuffix()}`
    const renamed = yield* fsCall(`cannot rename stale lock ${lockPath}`, () => NodeFs.rename(lockPath, grave)).pipe(
      Effect.as(true),
      Effect.catchIf((e) => errorCode(e.cause) === "ENOENT", () => Effect.succeed(false))
    )
    if (!renamed) return "gone" // another waiter took it away first
    const moved = yield* observe(grave).pipe(Effect.orElseSucceed(Option.none<Observed>))
    if (Option.isSome(moved) && sameFile(moved.value, judged)) {
      yield* removeQuietly(grave)
      return "stolen"
    }
    // We moved a lock that was created after our judgement: put it back. `link`
    // fails rather than overwrite if yet another lock appeared in between; on
    // filesystems without hard links, fall back to a rename.
    yield* Effect.promise(() =>
      NodeFs.link(grave, lockPath).then(
        () => NodeFs.unlink(grave),
        (error: unknown) => (errorCode(error) === "EEXIST" ? NodeFs.unlink(grave) : NodeFs.rename(grave, lockPath))
      ).catch(() => undefined)
    )
    return "busy"
  })

/** Creates the lock file exclusively; `none` if it already exists. */
const create = (
  lockPath: string,
  nowMs: number
): Effect.Effect<Option.Option<{ readonly handle: FileHandle; readonly id: string }>, FileSystemError> =>
  Effect.gen(function*() {
    const opened = yield* fsCall(`cannot create lock file ${lockPath}`, () => NodeFs.open(lockPath, "wx", 0o600)).pipe(
      Effect.map(Option.some),
      Effect.catchIf((e) => errorCode(e.cause) === "EEXIST", () => Effect.succeedNone)
    )
    if (Option.isNone(opened)) return Option.none()
    const handle = opened.value
    const id = NodeCrypto.randomUUID()
    processState.held.add(id)
    const record: LockRecord = {
      version: 1,
      id,
      pid: process.pid,
      hostname: NodeOs.hostname(),
      acquired_at: DateTime.formatIso(DateTime.unsafeMake(nowMs))
    }
    yield* fsCall(`cannot write lock file ${lockPath}`, () =>
      handle.writeFile(Schema.encodeSync(LockRecord)(record), { encoding: "utf8" })).pipe(
        Effect.tapError(() =>
          closeQuietly(handle).pipe(
            Effect.zipRight(removeQuietly(lockPath)),
            Effect.zipRight(Effect.sync(() => processState.held.delete(id)))
          )
        )
      )
    return Option.some({ handle, id })
  })

/** Removes our lock file if it is still ours, then forgets it. Never fails. */
const release = (lockPath: string, handle: FileHandle, id: string): Effect.Effect<void> =>
  Effect.gen(function*() {
    yield* closeQuietly(handle)
    const current = yield* observe(lockPath)
    const stillOurs = Option.exists(current, (o) => Option.exists(o.record, (r) => r.id === id))
    if (stillOurs) {
      yield* fsCall(`cannot remove lock file ${lockPath}`, () => NodeFs.unlink(lockPath)).pipe(
        Effect.catchIf((e) => errorCode(e.cause) === "ENOENT", () => Effect.void)
      )
    } else {
      yield* Effect.logWarning(`lock file ${lockPath} was taken over by another owner before release`)
    }
  }).pipe(
    Effect.catchAll((error) => Effect.logWarning(`failed to release lock file ${lockPath}: ${error.message}`)),
    Effect.ensuring(Effect.sync(() => processState.held.delete(id)))
  )

/** Keeps a held lock fresh by touching its mtime a few times per `staleAfter`. */
const heartbeat = (handle: FileHandle, staleAfterMs: number): Effect.Effect<never> => {
  const every = Duration.millis(Math.max(10, Math.floor(staleAfterMs / 4)))
  const touch = Clock.currentTimeMillis.pipe(
    Effect.flatMap((now) => Effect.promise(() => handle.utimes(new Date(now), new Date(now)).catch(() => undefined)))
  )
  return Effect.sleep(every).pipe(Effect.zipRight(touch), Effect.forever)
}

type Attempt =
  | { readonly _tag: "Acquired" }
  | { readonly _tag: "Busy"; readonly observed: Option.Option<Observed> }

/**
 * Creates a file lock on `lockPath`. Cheap: nothing is touched until `acquire`.
 *
 * @internal
 */
export const make = (lockPath: string, options: FileLockOptions): FileLock => {
  const semaphore = semaphoreFor(lockPath)
  const staleAfterMs = Duration.toMillis(options.staleAfter)
  const retryMs = Math.max(1, Duration.toMillis(options.retryInterval))
  const dir = NodePath.dirname(lockPath)

  /** In-process permit, released by `scope`; waiting gives up at the deadline. */
  const takePermit = (scope: Scope.Scope, deadlineMs: number): Effect.Effect<void, FileLockError> =>
    Effect.gen(function*() {
      // The take runs in its own fiber whose exit is authoritative: if it got
      // the permit, the scope gives it back, whatever happened to us meanwhile.
      const taker = yield* Effect.uninterruptible(
        Effect.forkDaemon(Effect.interruptible(semaphore.take(1))).pipe(
          Effect.tap((fiber) =>
            Scope.addFinalizer(
              scope,
              Fiber.interrupt(fiber).pipe(
                Effect.flatMap((exit) => (Exit.isSuccess(exit) ? semaphore.release(1) : Effect.void))
              )
            )
          )
        )
      )
      const now = yield* Clock.currentTimeMillis
      const got = yield* Fiber.join(taker).pipe(Effect.timeoutOption(Duration.millis(Math.max(0, deadlineMs - now))))
      if (Option.isNone(got)) {
        return yield* new FileLockError({
          message: `timed out waiting for lock ${lockPath}: another fiber of this process holds it`
        })
      }
    })

  /** One uninterruptible round: create, or judge the current lock and steal it if stale. */
  const attempt = (scope: Scope.Scope): Effect.Effect<Attempt, FileSystemError> =>
    Effect.gen(function*() {
      let observed = Option.none<Observed>()
      for (let round = 0; round < 4; round++) {
        const now = yield* Clock.currentTimeMillis
        const created = yield* create(lockPath, now)
        if (Option.isSome(created)) {
          const { handle, id } = created.value
          yield* Scope.addFinalizer(scope, release(lockPath, handle, id))
          yield* Effect.forkIn(Effect.interruptible(heartbeat(handle, staleAfterMs)), scope)
          return { _tag: "Acquired" } as const
        }
        observed = yield* observe(lockPath)
        if (Option.isNone(observed)) continue // released meanwhile: try again at once
        const reason = staleReason(observed.value, now, staleAfterMs)
        if (Option.isNone(reason)) return { _tag: "Busy", observed } as const
        yield* Effect.logDebug(`recovering stale lock ${lockPath}: ${reason.value}`)
        const outcome = yield* steal(lockPath, observed.value)
        if (outcome === "busy") return { _tag: "Busy", observed } as const
      }
      return { _tag: "Busy", observed } as const
    }).pipe(Effect.uninterruptible)

  const acquire = (deadlineMs: number): Effect.Effect<void, FileLockError, Scope.Scope> =>
    Effect.gen(function*() {
      const scope = yield* Effect.scope
      yield* takePermit(scope, deadlineMs)
      yield* fsCall(`cannot create directory ${dir}`, () => NodeFs.mkdir(dir, { recursive: true, mode: 0o700 })).pipe(
        Effect.mapError(toLockError)
      )
      for (;;) {
        const result = yield* attempt(scope).pipe(Effect.mapError(toLockError))
        if (result._tag === "Acquired") break
        const now = yield* Clock.currentTimeMillis
        if (now >= deadlineMs) {
          return yield* new FileLockError({
            message: `timed out waiting for lock ${lockPath}${describeOwner(result.observed)}`
          })
        }
        const delay = Math.round(retryMs * (yield* Random.nextRange(0.5, 1.5)))
        yield* Effect.sleep(Duration.millis(Math.max(1, Math.min(delay, deadlineMs - now))))
      }
      // Leftovers of crashes in the middle of a steal; swept under the lock.
      const now = yield* Clock.currentTimeMillis
      yield* removeStaleFiles(dir, isStaleLockFileOf(lockPath), staleAfterMs, now)
    })

  return { lockPath, acquire }
}
