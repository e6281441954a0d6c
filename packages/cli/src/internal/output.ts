/**
 * Writing to stdout, a file or stderr: text that respects backpressure (a
 * slow pipe or disk slows the export down instead of filling memory), and
 * the progress line of long exports.
 *
 * @internal
 */
import * as NodeFs from "node:fs"
import type { Writable } from "node:stream"
import { Clock, Effect, Schema } from "effect"

/** An output could not be written. */
export class OutputError extends Schema.TaggedError<OutputError>("@effect-zoom/cli/OutputError")("OutputError", {
  /** `Closed`: the reader went away (a pipe into `head`); `Failed`: anything else. */
  reason: Schema.Literal("Closed", "Failed"),
  message: Schema.String
}) {}

/** A sink for text. */
export interface Sink {
  /** Writes `text`, waiting while the destination's buffer is full. */
  readonly write: (text: string) => Effect.Effect<void, OutputError>
  /** Flushes and closes (files) or just flushes (stdout). */
  readonly end: Effect.Effect<void, OutputError>
}

const fromWritable = (stream: Writable, name: string, close: boolean): Sink => {
  let failure: Error | undefined
  stream.on("error", (e) => {
    failure = e
  })
  const failed = (e: Error) =>
    new OutputError({
      reason: (e as NodeJS.ErrnoException).code === "EPIPE" ? "Closed" : "Failed",
      message: `cannot write ${name}: ${e.message}`
    })
  return {
    write: (text) =>
      Effect.async<void, OutputError>((resume) => {
        if (failure !== undefined) return resume(Effect.fail(failed(failure)))
        if (stream.write(text)) return resume(Effect.void)
        const onDrain = () => {
          stream.off("error", onError)
          resume(Effect.void)
        }
        const onError = (e: Error) => {
          stream.off("drain", onDrain)
          resume(Effect.fail(failed(e)))
        }
        stream.once("drain", onDrain)
        stream.once("error", onError)
      }),
    end: Effect.async<void, OutputError>((resume) => {
      if (failure !== undefined) return resume(Effect.fail(failed(failure)))
      if (!close) {
        // stdout: wait until what was written is handed to the OS
        if (stream.writableLength === 0) return resume(Effect.void)
        stream.once("drain", () => resume(Effect.void))
        return
      }
      stream.once("error", (e) => resume(Effect.fail(failed(e))))
      stream.end(() => resume(Effect.void))
    })
  }
}

/** Standard output. */
export const stdout: Sink = fromWritable(process.stdout, "stdout", false)

/** A new file (replaced if it exists), as a sink. */
export const file = (path: string): Effect.Effect<Sink, OutputError> =>
  Effect.async<Sink, OutputError>((resume) => {
    const stream = NodeFs.createWriteStream(path, { flags: "w" })
    const onError = (e: Error) => resume(Effect.fail(new OutputError({ reason: "Failed", message: `cannot write ${path}: ${e.message}` })))
    stream.once("error", onError)
    stream.once("open", () => {
      stream.off("error", onError)
      resume(Effect.succeed(fromWritable(stream, path, true)))
    })
  })

/** Prints a line on stdout. */
export const line = (text: string): Effect.Effect<void, OutputError> => stdout.write(`${text}\n`)

/** Prints a value as pretty JSON on stdout. */
export const printJson = (value: unknown): Effect.Effect<void, OutputError> => line(JSON.stringify(value, null, 2))

/**
 * The progress of an export on stderr: redrawn in place at most 10 times a
 * second (`\r` and erase-line), finished with a newline. Silent when stderr
 * is not a terminal, so logs and pipes stay clean.
 */
export interface Progress {
  readonly update: (items: number, pages: number) => Effect.Effect<void>
  readonly done: (items: number, pages: number) => Effect.Effect<void>
}

const rate = (items: number, elapsedMs: number): string =>
  elapsedMs <= 0 ? "-" : `${Math.round((items * 1000) / elapsedMs).toLocaleString("en-US")}/s`

const render = (items: number, pages: number, elapsedMs: number) =>
  `${items.toLocaleString("en-US")} items, ${pages.toLocaleString("en-US")} pages, ${rate(items, elapsedMs)}`

/** A progress line on `stream` (stderr) when `enabled`; a no-op otherwise. */
export const progress = (enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Effect.Effect<Progress> =>
  Effect.map(Clock.currentTimeMillis, (startMs): Progress => {
    if (!enabled) return { update: () => Effect.void, done: () => Effect.void }
    let lastMs = 0
    return {
      update: (items, pages) =>
        Effect.map(Clock.currentTimeMillis, (nowMs) => {
          if (nowMs - lastMs < 100) return
          lastMs = nowMs
          stream.write(`\r\x1b[2K${render(items, pages, nowMs - startMs)}`)
        }),
      done: (items, pages) =>
        Effect.map(Clock.currentTimeMillis, (nowMs) => {
          stream.write(`\r\x1b[2K${render(items, pages, nowMs - startMs)}, done in ${((nowMs - startMs) / 1000).toFixed(1)}s\n`)
        })
    }
  })
