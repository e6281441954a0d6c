import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { spawn } from "node:child_process"
import { createHmac } from "node:crypto"
import { existsSync } from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { FakeZoom } from "../src/index.js"

const call = (url: string, init: RequestInit = {}) =>
  Effect.promise(async () => {
    const response = await fetch(url, init)
    const text = await response.text()
    return { status: response.status, headers: response.headers, text, json: text === "" ? undefined : JSON.parse(text) }
  })

/** A fetch whose rejection is kept as is (undici's `TypeError: fetch failed` with a `cause`). */
const fetchError = (url: string) =>
  Effect.tryPromise({ try: () => fetch(url, { headers: bearer("t") }), catch: (error) => error })

const causeCode = (error: unknown): unknown =>
  typeof error === "object" && error !== null && "cause" in error &&
    typeof error.cause === "object" && error.cause !== null && "code" in error.cause ?
    error.cause.code :
    undefined

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const basic = (id: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`,
  "content-type": "application/x-www-form-urlencoded"
})

describe("FakeZoom.serve (loopback server)", () => {
  it.live("serves the API and the token endpoint over real sockets", () =>
    Effect.gen(function*() {
      const { fake, url } = yield* FakeZoom.serve({
        port: 0,
        seed: { events: 12 },
        oauth: { clients: [{ clientId: "id", clientSecret: Redacted.make("secret") }] }
      })
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const refreshToken = Redacted.value(yield* fake.issueRefreshToken())
      const issued = yield* call(`${url}/oauth/token`, {
        method: "POST",
        headers: basic("id", "secret"),
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString()
      })
      expect(issued.status).toBe(200)
      expect(issued.json.api_url).toBe(url)
      const access = issued.json.access_token

      const events = yield* call(`${url}/v2/scheduler/events?page_size=5`, { headers: bearer(access) })
      expect(events.status).toBe(200)
      expect(events.json.items).toHaveLength(5)
      expect(events.headers.get("content-type")).toContain("application/json")

      const created = yield* call(`${url}/v2/scheduler/availability`, {
        method: "POST",
        headers: { ...bearer(access), "content-type": "application/json" },
        body: JSON.stringify({ name: "Over the wire", time_zone: "UTC" })
      })
      expect(created.status).toBe(201)
      const id = created.json.availability_id
      const deleted = yield* call(`${url}/v2/scheduler/availability/${id}`, { method: "DELETE", headers: bearer(access) })
      expect([deleted.status, deleted.text]).toEqual([204, ""])
      expect((yield* call(`${url}/v2/scheduler/users/me`, { headers: bearer("made-up") })).status).toBe(401)
      const stats = yield* fake.stats
      expect(stats.byOperation).toMatchObject({ "oauth.token": 1, "events.list": 1, "availability.create": 1 })
    }).pipe(Effect.scoped))

  it.live("destroys the socket for a dropped connection", () =>
    Effect.gen(function*() {
      const { fake, url } = yield* FakeZoom.serve({ port: 0 })
      yield* fake.inject({ operation: "users.get", fault: FakeZoom.Fault.drop })
      const failure = yield* Effect.flip(fetchError(`${url}/v2/scheduler/users/me`))
      expect(String(failure)).toBe("TypeError: fetch failed")
      expect(causeCode(failure)).toBe("UND_ERR_SOCKET")
      expect((yield* call(`${url}/v2/scheduler/users/me`, { headers: bearer("t") })).status).toBe(200)
    }).pipe(Effect.scoped))

  it.live("stops listening and closes keep-alive connections when the scope closes", () =>
    Effect.gen(function*() {
      const url = yield* Effect.scoped(
        Effect.gen(function*() {
          const served = yield* FakeZoom.serve({ port: 0 })
          // A keep-alive connection stays open in fetch's pool after this request.
          const reply = yield* call(`${served.url}/v2/scheduler/users/me`, { headers: bearer("t") })
          expect(reply.status).toBe(200)
          return served.url
        })
      )
      const failure = yield* Effect.flip(fetchError(`${url}/v2/scheduler/users/me`))
      expect(causeCode(failure)).toBe("ECONNREFUSED")
    }))

  it.live("serves an existing fake, sharing its model with the in-process client", () =>
    Effect.gen(function*() {
      const handle = yield* FakeZoom.make({ seed: { schedulesPerUser: 1, events: 0 } })
      const { url } = yield* FakeZoom.serve({ fake: handle, port: 0 })
      const created = yield* call(`${url}/v2/scheduler/schedules`, {
        method: "POST",
        headers: { ...bearer("t"), "content-type": "application/json" },
        body: JSON.stringify({ availability_override: false, availability_rules: [], capacity: 1, summary: "Shared" })
      })
      expect(created.status).toBe(201)
      const inProcess = FakeZoom.httpClient(handle)
      const response = yield* inProcess.get(`https://api.zoom.us/v2/scheduler/schedules/${created.json.schedule_id}`, {
        headers: bearer("t")
      })
      expect(response.status).toBe(200)
      expect(((yield* response.json) as { summary: string }).summary).toBe("Shared")
    }).pipe(Effect.scoped))

  it.live("fails with FakeZoomServeError when the port is taken", () =>
    Effect.gen(function*() {
      const { url } = yield* FakeZoom.serve({ port: 0 })
      const port = Number(new URL(url).port)
      const error = yield* Effect.flip(FakeZoom.serve({ port }))
      expect(error._tag).toBe("FakeZoomServeError")
      expect(error.message).toBe(`The fake Zoom server could not listen on 127.0.0.1:${port}`)
    }).pipe(Effect.scoped))

  it.live("delivers signed webhooks to a real endpoint with fetch", () =>
    Effect.gen(function*() {
      const received: Array<{ headers: Http.IncomingHttpHeaders; body: string }> = []
      const receiver = yield* Effect.acquireRelease(
        Effect.async<Http.Server>((resume) => {
          const server = Http.createServer((req, res) => {
            const chunks: Array<Buffer> = []
            req.on("data", (c: Buffer) => chunks.push(c))
            req.on("end", () => {
              received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") })
              res.writeHead(200)
              res.end()
            })
          })
          server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
        }),
        (server) =>
          Effect.async<void>((resume) => {
            server.close(() => resume(Effect.void))
          })
      )
      const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
      const { fake } = yield* FakeZoom.serve({
        port: 0,
        seed: { schedulesPerUser: 1, events: 0 },
        webhooks: { url: hookUrl, secretToken: "s3cret" }
      })
      const snapshot = yield* fake.snapshot
      yield* fake.book({
        scheduleId: snapshot.schedules[0].schedule_id,
        startDateTime: "2030-01-07T15:00:00Z",
        attendee: { email: "live@example.org" }
      })
      yield* fake.awaitWebhooks
      expect(received).toHaveLength(1)
      const { body, headers } = received[0]
      const signature = "v0=" +
        createHmac("sha256", "s3cret").update(`v0:${headers["x-zm-request-timestamp"]}:${body}`).digest("hex")
      expect(headers["x-zm-signature"]).toBe(signature)
      expect(JSON.parse(body).event).toBe("scheduler.scheduled_event_created")
      expect((yield* fake.webhookDeliveries)[0].state).toBe("delivered")
    }).pipe(Effect.scoped))
})

/** Spawns the bin, reads its first lines, calls the server, stops it with a signal. */
const runBin = (args: ReadonlyArray<string>) =>
  Effect.async<{ lines: Array<string>; status: number; tokenStatus: number; exit: number | null }, Error>((resume) => {
    const packageDir = fileURLToPath(new URL("..", import.meta.url))
    const child = spawn(process.execPath, [...args, "--port", "0", "--seed-events", "3", "--client-id", "cid", "--client-secret", "csecret"], {
      cwd: packageDir,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    let settled = false
    const timer = setTimeout(() => finish(new Error(`bin did not start in time: ${stderr}`)), 45_000)
    const finish = (error: Error | undefined, value?: { lines: Array<string>; status: number; tokenStatus: number }) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (error !== undefined) {
        child.kill("SIGKILL")
        resume(Effect.fail(error))
        return
      }
      child.once("exit", (code) => resume(Effect.succeed({ ...value!, exit: code })))
      child.kill("SIGTERM")
    }
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
    child.stdout.on("data", async (d: Buffer) => {
      stdout += d.toString()
      const lines = stdout.split("\n")
      if (lines.length < 5 || settled) return
      try {
        const [url, baseUrl, tokenUrl, refreshLine] = lines
        const refreshToken = refreshLine.slice("refresh_token=".length)
        const issued = await fetch(tokenUrl.slice("token_url=".length), {
          method: "POST",
          headers: basic("cid", "csecret"),
          body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString()
        })
        const { access_token } = (await issued.json()) as { access_token: string }
        const events = await fetch(`${baseUrl.slice("base_url=".length)}/scheduler/events`, { headers: bearer(access_token) })
        await events.text()
        finish(undefined, { lines: [url, baseUrl, tokenUrl, refreshLine], status: events.status, tokenStatus: issued.status })
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)))
      }
    })
    child.once("exit", (code) => finish(new Error(`bin exited early (${code}): ${stderr}`)))
  })

describe("zoom-scheduler-fake (bin)", () => {
  const check = (result: { lines: Array<string>; status: number; tokenStatus: number; exit: number | null }) => {
    const [url, baseUrl, tokenUrl, refreshLine] = result.lines
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(baseUrl).toBe(`base_url=${url}/v2`)
    expect(tokenUrl).toBe(`token_url=${url}/oauth/token`)
    expect(refreshLine).toMatch(/^refresh_token=\S+$/)
    expect(result.tokenStatus).toBe(200)
    expect(result.status).toBe(200)
    expect(result.exit).toBe(0)
  }

  it.live("runs from source, prints its URLs and a refresh token, stops on SIGTERM", () =>
    Effect.map(runBin(["--conditions=source", "--import", "tsx", "src/bin.ts"]), check), 60_000)

  const built = fileURLToPath(new URL("../dist/bin.js", import.meta.url))
  it.live.skipIf(!existsSync(built))("runs from the built dist/bin.js", () => Effect.map(runBin([built]), check), 60_000)
})
