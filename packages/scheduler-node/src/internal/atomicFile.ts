/**
 * Crash-safe file reads and writes over `node:fs/promises`, lifted into Effect.
 *
 * Writes go to a uniquely named temporary file in the target's folder, which is
 * fsync-ed and then renamed over the target, so a reader only ever sees the old
 * or the new complete content. Temporary files left behind by a killed process
 * are ignored by readers and can be swept with {@link removeStaleFiles}.
 *
 * @internal
 */
import * as NodeCrypto from "node:crypto"
import type { FileHandle } from "node:fs/promises"
import * as NodeFs from "node:fs/promises"
import * as NodePath from "node:path"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/**
 * A failed filesystem call. The message names the operation and the path, never
 * file content.
 *
 * @internal
 */
export class FileSystemError extends Data.TaggedError("FileSystemError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/** @internal */
export const errorCode = (u: unknown): string | undefined =>
  typeof u === "object" && u !== null && "code" in u && typeof u.code === "string" ? u.code : undefined

const describe = (u: unknown): string => (u instanceof Error ? u.message : String(u))

/**
 * Runs one promise-returning fs call as an Effect; a rejection becomes a
 * `FileSystemError` whose message starts with `what`.
 *
 * @internal
 */
export const fsCall = <A>(what: string, f: () => Promise<A>): Effect.Effect<A, FileSystemError> =>
  Effect.tryPromise({
    try: f,
    catch: (cause) => new FileSystemError({ message: `${what}: ${describe(cause)}`, cause })
  })

/**
 * Like `fsCall`, but succeeds with `Option.none()` when the call fails with one
 * of the error `codes` (e.g. `ENOENT`).
 *
 * @internal
 */
export const fsCallUnless = <A>(
  what: string,
  codes: ReadonlyArray<string>,
  f: () => Promise<A>
): Effect.Effect<Option.Option<A>, FileSystemError> =>
  fsCall(what, f).pipe(
    Effect.map(Option.some),
    Effect.catchIf(
      (error) => codes.includes(errorCode(error.cause) ?? ""),
      () => Effect.succeedNone
    )
  )

/**
 * Closes a file handle, ignoring errors (it may already be closed).
 *
 * @internal
 */
export const closeQuietly = (handle: FileHandle): Effect.Effect<void> =>
  Effect.promise(() => handle.close().catch(() => undefined))

/**
 * Removes a file, ignoring every error (it may already be gone).
 *
 * @internal
 */
export const removeQuietly = (path: string): Effect.Effect<void> =>
  Effect.promise(() => NodeFs.unlink(path).catch(() => undefined))

/**
 * A suffix that makes sibling file names unique: `<pid>-<12 random hex>`.
 *
 * @internal
 */
export const uniqueSuffix = (): string => `${process.pid}-${NodeCrypto.randomBytes(6).toString("hex")}`

/**
 * A predicate recognising the names of the temporary files `writeFileAtomic`
 * creates next to `path`: `.<name>.<pid>-<random>.tmp`.
 *
 * @internal
 */
export const isTempFileOf = (path: string) => {
  const prefix = `.${NodePath.basename(path)}.`
  return (name: string): boolean => name.startsWith(prefix) && name.endsWith(".tmp")
}

const tempPathFor = (path: string): string =>
  NodePath.join(NodePath.dirname(path), `.${NodePath.basename(path)}.${uniqueSuffix()}.tmp`)

/**
 * Reads a whole file as UTF-8, or `Option.none()` if it does not exist. If the
 * file grants more permissions than `mode` (e.g. it was created `0o644` by an
 * older tool), it is narrowed to `mode` first, best effort (a file owned by
 * another user cannot be changed and is read anyway).
 *
 * @internal
 */
export const readFileIfExists = (
  path: string,
  options: { readonly mode: number }
): Effect.Effect<Option.Option<string>, FileSystemError> =>
  Effect.acquireUseRelease(
    fsCallUnless(`cannot open ${path}`, ["ENOENT"], () => NodeFs.open(path, "r")),
    Option.match({
      onNone: () => Effect.succeedNone,
      onSome: (handle) =>
        Effect.gen(function*() {
          const stat = yield* fsCall(`cannot stat ${path}`, () => handle.stat())
          if ((stat.mode & 0o777 & ~options.mode) !== 0) {
            yield* fsCall(`cannot chmod ${path}`, () => handle.chmod(options.mode)).pipe(Effect.ignore)
          }
          const content = yield* fsCall(`cannot read ${path}`, () => handle.readFile({ encoding: "utf8" }))
          return Option.some(content)
        })
    }),
    Option.match({ onNone: () => Effect.void, onSome: closeQuietly })
  )

/**
 * Fsyncs a directory so that a rename inside it is durable. Best effort: some
 * platforms (Windows) and filesystems do not support it.
 *
 * @internal
 */
export const syncDirectory = (dir: string): Effect.Effect<void> =>
  Effect.promise(async () => {
    let handle: FileHandle | undefined
    try {
      handle = await NodeFs.open(dir, "r")
      await handle.sync()
    } catch {
      // best effort
    } finally {
      await handle?.close().catch(() => undefined)
    }
  })

/**
 * Replaces `path` with `content` atomically: the content is written to a fresh
 * temporary file in the same folder (created exclusively with `mode`, then
 * chmod-ed to exactly `mode` whatever the umask), fsync-ed, renamed over `path`,
 * and the folder is fsync-ed (best effort). Missing parent folders are created
 * with mode `0o700`. On any failure or interruption the temporary file is
 * removed and `path` keeps its previous content. The whole operation is
 * uninterruptible: it is short, and a half-done write is worth nothing.
 *
 * @internal
 */
export const writeFileAtomic = (
  path: string,
  content: string,
  options: { readonly mode: number }
): Effect.Effect<void, FileSystemError> => {
  const dir = NodePath.dirname(path)
  const temp = tempPathFor(path)
  const writeTemp = Effect.acquireUseRelease(
    fsCall(`cannot create temporary file ${temp}`, () => NodeFs.open(temp, "wx", options.mode)),
    (handle) =>
      fsCall(`cannot write ${temp}`, () => handle.writeFile(content, { encoding: "utf8" })).pipe(
        Effect.zipRight(fsCall(`cannot chmod ${temp}`, () => handle.chmod(options.mode))),
        Effect.zipRight(fsCall(`cannot fsync ${temp}`, () => handle.sync())),
        Effect.onError(() => removeQuietly(temp))
      ),
    closeQuietly
  )
  return fsCall(`cannot create directory ${dir}`, () => NodeFs.mkdir(dir, { recursive: true, mode: 0o700 })).pipe(
    Effect.zipRight(writeTemp),
    Effect.zipRight(
      fsCall(`cannot rename ${temp} to ${path}`, () => NodeFs.rename(temp, path)).pipe(
        Effect.onError(() => removeQuietly(temp))
      )
    ),
    Effect.zipRight(syncDirectory(dir)),
    Effect.uninterruptible
  )
}

/**
 * Removes the files of `dir` whose name satisfies `matches` and whose last
 * modification is older than `olderThanMs` before `nowMs`. Best effort: every
 * error is ignored. Used to sweep temporary files and stale lock files left by
 * crashed processes.
 *
 * @internal
 */
export const removeStaleFiles = (
  dir: string,
  matches: (name: string) => boolean,
  olderThanMs: number,
  nowMs: number
): Effect.Effect<void> =>
  Effect.promise(async () => {
    const names = await NodeFs.readdir(dir).catch((): Array<string> => [])
    for (const name of names) {
      if (!matches(name)) continue
      const full = NodePath.join(dir, name)
      try {
        const stat = await NodeFs.lstat(full)
        if (stat.isFile() && nowMs - stat.mtimeMs > olderThanMs) await NodeFs.unlink(full)
      } catch {
        // already gone, or not ours to remove
      }
    }
  })
