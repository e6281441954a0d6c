/**
 * A throwaway `redis-server` for the tests: a free loopback port, a temporary
 * directory, append-only persistence (so a restart keeps the tokens), stopped
 * (and its directory removed) by `stop`.
 *
 * Outside CI a missing `redis-server` skips the Redis tests with one line
 * saying how to install it; in CI (`CI` set) the tests never skip.
 */
import { spawn, spawnSync } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** Whether `redis-server` can be run here. */
export const redisAvailable: boolean = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0

const inCI = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"

/** True when the Redis tests must be skipped (never in CI, where a missing server fails them). */
export const skipRedis: boolean = !redisAvailable && !inCI
if (skipRedis) {
  console.log("redis-server not found: Redis tests skipped (install it: apt-get install -y redis-server, or brew install redis)")
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })

/** A running test server. */
export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Stops the server (SIGTERM, waits for exit: append-only data is on disk). */
  readonly stop: () => Promise<void>
  /** Stops then starts the server on the same port and data directory. */
  readonly restart: (downFor?: number) => Promise<void>
  /** Stops it for good and removes its directory. */
  readonly dispose: () => Promise<void>
}

const launch = (port: number, dir: string) =>
  new Promise<ChildProcess>((resolve, reject) => {
    const child = spawn(
      "redis-server",
      [
        "--port", String(port),
        "--bind", "127.0.0.1",
        "--dir", dir,
        "--appendonly", "yes",
        "--appendfsync", "always",
        "--save", "",
        "--protected-mode", "yes",
        "--daemonize", "no"
      ],
      { stdio: ["ignore", "pipe", "pipe"] }
    )
    let out = ""
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes("Ready to accept connections")) {
        child.stdout?.off("data", onData)
        resolve(child)
      }
    }
    child.stdout?.on("data", onData)
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready: ${out}`)))
  })

const terminate = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once("exit", () => resolve())
    child.kill("SIGTERM")
  })

/** Starts a server; call `dispose` when done. */
export const startRedis = async (): Promise<RedisServer> => {
  const dir = mkdtempSync(join(tmpdir(), "zoom-redis-"))
  const port = await freePort()
  let child = await launch(port, dir)
  const stop = () => terminate(child)
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    restart: async (downFor = 0) => {
      await stop()
      if (downFor > 0) await new Promise((r) => setTimeout(r, downFor))
      child = await launch(port, dir)
    },
    dispose: async () => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
