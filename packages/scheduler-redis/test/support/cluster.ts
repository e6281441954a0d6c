/**
 * Worker processes and the loopback fake for the multi-process tests.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { KeyedTokenStore, TokenStore } from "@effect-zoom/scheduler"
import { FakeZoom } from "@effect-zoom/scheduler-testing"
import { DateTime, Effect, Exit, Layer, Redacted, Scope } from "effect"
import { RedisConnection, RedisTokenStore } from "@effect-zoom/scheduler-redis"

const runner = fileURLToPath(new URL("../fixtures/runTs.mjs", import.meta.url))

export const clientId = "client-id-redis"
export const clientSecret = "client-secret-SENTINEL-r3d"

/** What a worker reports. */
export interface WorkerResult {
  readonly ok: number
  readonly errors: Readonly<Record<string, number>>
  readonly maxTokenInFlight: number
  readonly elapsedMs: number
}

/** A worker process (see fixtures/worker.ts). */
export const spawnWorker = (config: Record<string, unknown>) => {
  const child = spawn(process.execPath, ["--conditions=source", runner, "./worker.ts", JSON.stringify(config)], {
    stdio: ["pipe", "pipe", "pipe"]
  })
  let out = ""
  let err = ""
  child.stdout.on("data", (d) => (out += d))
  child.stderr.on("data", (d) => (err += d))
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (out.includes(text)) {
          clearInterval(timer)
          resolve()
        }
      }, 10)
      void exited.then((code) => {
        clearInterval(timer)
        if (!out.includes(text)) reject(new Error(`worker exited (${code}) before "${text}": ${err}\n${out}`))
      })
    })
  const result = async (): Promise<WorkerResult> => {
    await waitFor("result ")
    const line = out.split("\n").find((l) => l.startsWith("result "))!
    return JSON.parse(line.slice("result ".length)) as WorkerResult
  }
  return {
    child,
    ready: () => waitFor("ready"),
    go: () => void child.stdin.write("go\n"),
    waitFor,
    result,
    exited,
    output: () => out,
    errors: () => err,
    kill: (signal: NodeJS.Signals = "SIGKILL") => child.kill(signal)
  }
}

/** Serves a fake on loopback until `close`. */
export const serveFake = async (options: FakeZoom.ServeOptions) => {
  const scope = Effect.runSync(Scope.make())
  const served = await Effect.runPromise(Scope.extend(FakeZoom.serve(options), scope))
  return { ...served, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}

/** A token set whose access token is past its refresh margin, with the given refresh token. */
export const expiring = (refreshToken: Redacted.Redacted<string>, expiresInMs: number) =>
  new TokenStore.TokenSet({
    accessToken: Redacted.make("stale-access-token"),
    refreshToken,
    expiresAt: DateTime.unsafeMake(Date.now() + expiresInMs),
    scopes: ["scheduler:read"]
  })

/** Runs an effect with the keyed Redis store of `prefix`. */
export const withKeyedStore = <A, E>(
  url: string,
  keyPrefix: string,
  f: (store: KeyedTokenStore.KeyedTokenStore["Type"]) => Effect.Effect<A, E>
) =>
  Effect.runPromise(
    Effect.flatMap(KeyedTokenStore.KeyedTokenStore, f).pipe(
      Effect.provide(RedisTokenStore.layerKeyed().pipe(Layer.provide(RedisConnection.layer({ url, keyPrefix }))))
    )
  )

/** Runs an effect with the fake's handle. */
export const onFake = <A>(fake: FakeZoom.FakeZoomHandle, f: (fake: FakeZoom.FakeZoomHandle) => Effect.Effect<A, unknown>) =>
  Effect.runPromise(f(fake) as Effect.Effect<A>)
