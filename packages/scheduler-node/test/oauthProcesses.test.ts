/**
 * Two OS processes share one file TokenStore and both find the access token
 * expired: exactly one refresh request reaches the token endpoint, and both
 * use the rotated token.
 */
import { spawn } from "node:child_process"
import type { ChildProcessWithoutNullStreams } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Option, Redacted } from "effect"
import { TokenStore } from "@effect-zoom/scheduler"
import { NodeTokenStore } from "@effect-zoom/scheduler-node"
import { basic, checkAccess, handleToken, makeTokenEndpoint } from "../../scheduler/test/support/tokenEndpoint.js"

const runner = fileURLToPath(new URL("./fixtures/runTs.mjs", import.meta.url))

const startServer = () => {
  const state = makeTokenEndpoint("rt-0")
  const apiBearers: Array<string> = []
  const server = createServer((req, res) => {
    let body = ""
    req.on("data", (chunk) => (body += chunk))
    req.on("end", () => {
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" })
        res.end(JSON.stringify(value))
      }
      if (req.url === "/oauth/token") {
        const answer = handleToken(state, new URLSearchParams(body), req.headers.authorization, Date.now(), {
          lifetimeSeconds: 3600,
          clientAuth: basic("client-id-7", "client-secret-SENTINEL-9d2")
        })
        return send(answer.status, answer.body)
      }
      apiBearers.push(req.headers.authorization ?? "")
      const denied = checkAccess(state, req.headers.authorization, Date.now())
      if (denied) return send(denied.status, denied.body)
      send(200, { display_name: "Jane" })
    })
  })
  return new Promise<{ url: string; state: typeof state; apiBearers: Array<string>; close: () => void }>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({ url: `http://127.0.0.1:${port}`, state, apiBearers, close: () => server.close() })
    })
  )
}

const worker = (file: string, url: string) => {
  const child = spawn(process.execPath, ["--conditions=source", runner, "./oauthWorker.ts", file, url], { stdio: ["pipe", "pipe", "pipe"] })
  let out = ""
  let err = ""
  child.stdout.on("data", (d) => (out += d))
  child.stderr.on("data", (d) => (err += d))
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (out.includes(text)) {
          clearInterval(timer)
          resolve()
        }
      }, 10)
      child.once("exit", (code) => {
        clearInterval(timer)
        if (!out.includes(text)) reject(new Error(`worker exited ${code} before "${text}": ${err}`))
      })
    })
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve))
  return { child: child as ChildProcessWithoutNullStreams, waitFor, exited, output: () => out, errors: () => err }
}

describe("two processes, one file TokenStore", () => {
  it.live("both find the token expired: exactly one refresh, both use the rotated token", () =>
    Effect.promise(async () => {
      const dir = mkdtempSync(join(tmpdir(), "zoom-oauth-"))
      const file = join(dir, "tokens.json")
      const server = await startServer()
      try {
        await Effect.runPromise(
          Effect.flatMap(NodeTokenStore.makeFile(file), (store) =>
            store.set(
              new TokenStore.TokenSet({
                accessToken: Redacted.make("at-expired"),
                expiresAt: DateTime.unsafeMake(Date.now() - 1000),
                refreshToken: Redacted.make("rt-0"),
                scopes: []
              })
            ))
        )
        const a = worker(file, server.url)
        const b = worker(file, server.url)
        await Promise.all([a.waitFor("ready"), b.waitFor("ready")])
        a.child.stdin.write("go\n")
        b.child.stdin.write("go\n")
        const codes = await Promise.all([a.exited, b.exited])
        expect(codes, `${a.errors()} ${b.errors()}`).toEqual([0, 0])
        expect(a.output()).toContain("done Jane")
        expect(b.output()).toContain("done Jane")
        expect(server.state.tokenRequests.map((r) => r.refreshToken)).toEqual(["rt-0"])
        expect(server.apiBearers).toEqual(["Bearer at-1", "Bearer at-1"])
        const stored = await Effect.runPromise(Effect.flatMap(NodeTokenStore.makeFile(file), (store) => store.get))
        expect(Option.map(stored, (t) => Redacted.value(t.refreshToken!))).toEqual(Option.some("rt-1"))
      } finally {
        server.close()
        rmSync(dir, { recursive: true, force: true })
      }
    }), 60_000)
})
