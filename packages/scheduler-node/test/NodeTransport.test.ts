/**
 * `NodeTransport.layer` against real loopback servers: plain HTTP, HTTPS with a
 * throwaway CA, HTTP/2, mutual TLS, a CONNECT proxy, and the dispatcher's
 * lifetime. Certificates are generated with openssl into a temp directory.
 */
import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Cause, ConfigProvider, Effect, Exit, Layer, Redacted, Scope } from "effect"
import type { ConfigError } from "effect"
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import * as Http from "node:http"
import * as Http2 from "node:http2"
import * as Https from "node:https"
import * as Net from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { TLSSocket } from "node:tls"
import { inspect } from "node:util"
import { Credentials, RetryPolicy, ZoomScheduler } from "@effect-zoom/scheduler"
import * as NodeTransport from "@effect-zoom/scheduler-node/NodeTransport"

// ---------------------------------------------------------------------------
// Throwaway PKI
// ---------------------------------------------------------------------------

interface Pki {
  readonly dir: string
  readonly ca: string
  readonly serverCert: string
  readonly serverKey: string
  readonly clientCert: string
  readonly clientKey: string
  /** A self-signed client certificate the servers do not trust. */
  readonly rogueCert: string
  readonly rogueKey: string
}

let pki: Pki

const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "effect-zoom-transport-"))
  const openssl = (...args: Array<string>) => execFileSync("/usr/bin/openssl", args, { cwd: dir, stdio: "pipe" })
  openssl(
    "req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=effect-zoom test CA",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"
  )
  const leaf = (name: string, extensions: string) => {
    openssl("req", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`)
    writeFileSync(join(dir, `${name}.ext`), `basicConstraints=CA:FALSE\n${extensions}\n`)
    openssl(
      "x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
      "-out", `${name}.crt`, "-days", "2", "-extfile", `${name}.ext`
    )
  }
  leaf("server", "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost")
  leaf("client", "extendedKeyUsage=clientAuth")
  openssl(
    "req", "-x509", ...ec, "-keyout", "rogue.key", "-out", "rogue.crt", "-days", "2", "-subj", "/CN=rogue",
    "-addext", "extendedKeyUsage=clientAuth"
  )
  const read = (file: string) => readFileSync(join(dir, file), "utf8")
  pki = {
    dir,
    ca: read("ca.crt"),
    serverCert: read("server.crt"),
    serverKey: read("server.key"),
    clientCert: read("client.crt"),
    clientKey: read("client.key"),
    rogueCert: read("rogue.crt"),
    rogueKey: read("rogue.key")
  }
})

afterAll(() => {
  if (pki !== undefined) rmSync(pki.dir, { recursive: true, force: true })
})

// ---------------------------------------------------------------------------
// Loopback servers
// ---------------------------------------------------------------------------

interface Seen {
  readonly method: string
  readonly path: string
  readonly httpVersion: string
  readonly authorization: string | undefined
  readonly peer: string | undefined
}

interface Served {
  readonly port: number
  readonly seen: Array<Seen>
  /** Every TCP connection the server accepted. */
  readonly connections: Array<Net.Socket>
}

interface MinimalRequest extends AsyncIterable<unknown> {
  readonly method?: string | undefined
  readonly url?: string | undefined
  readonly httpVersion: string
  readonly headers: Record<string, string | Array<string> | undefined>
  readonly socket: Net.Socket | TLSSocket
}

interface MinimalResponse {
  writeHead(status: number, headers: Record<string, string>): unknown
  end(body: string): unknown
}

interface ServeOptions {
  /** Answer after this long (real time), to keep requests in flight together. */
  readonly delayMs?: number
}

/** Answers `GET /v2/scheduler/users/me` like Zoom, and echoes `POST /echo`. */
const handler = (seen: Array<Seen>, options: ServeOptions) => (req: MinimalRequest, res: MinimalResponse) => {
  const socket = req.socket as Partial<TLSSocket>
  const peer = typeof socket.getPeerCertificate === "function" ? socket.getPeerCertificate().subject?.CN : undefined
  const authorization = req.headers["authorization"]
  seen.push({
    method: req.method ?? "",
    path: req.url ?? "",
    httpVersion: req.httpVersion,
    authorization: Array.isArray(authorization) ? authorization.join(",") : authorization,
    peer: typeof peer === "string" ? peer : undefined
  })
  const reply = (status: number, body: unknown) =>
    setTimeout(() => {
      res.writeHead(status, { "content-type": "application/json" })
      res.end(JSON.stringify(body))
    }, options.delayMs ?? 0)
  if (req.method === "GET" && req.url === "/v2/scheduler/users/me") return reply(200, { display_name: "x" })
  if (req.method === "POST" && req.url === "/echo") {
    void (async () => {
      const chunks: Array<Buffer> = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      reply(200, { contentType: req.headers["content-type"], body: Buffer.concat(chunks).toString("utf8") })
    })()
    return
  }
  reply(404, { code: "notFound", message: "no such route" })
}

/** Listens on an ephemeral loopback port; closing the scope kills every connection and the server. */
const listen = (server: Net.Server): Effect.Effect<{ port: number; connections: Array<Net.Socket> }, never, Scope.Scope> => {
  const connections: Array<Net.Socket> = []
  server.on("connection", (socket: Net.Socket) => {
    connections.push(socket)
    socket.on("error", () => {})
  })
  return Effect.acquireRelease(
    Effect.async<{ port: number; connections: Array<Net.Socket> }>((resume) => {
      server.listen(0, "127.0.0.1", () =>
        resume(Effect.succeed({ port: (server.address() as Net.AddressInfo).port, connections })))
    }),
    () =>
      Effect.async<void>((resume) => {
        for (const socket of connections) socket.destroy()
        server.close(() => resume(Effect.void))
      })
  )
}

const serve = (server: Net.Server, options: ServeOptions, attach: (h: ReturnType<typeof handler>) => void) => {
  const seen: Array<Seen> = []
  attach(handler(seen, options))
  return Effect.map(listen(server), ({ connections, port }): Served => ({ port, seen, connections }))
}

const httpServer = (options: ServeOptions & { readonly keepAliveTimeout?: number } = {}) => {
  const server = Http.createServer()
  if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout
  return serve(server, options, (h) => server.on("request", h))
}

const httpsServer = (tls: Https.ServerOptions = {}, options: ServeOptions = {}) => {
  const server = Https.createServer({ cert: pki.serverCert, key: pki.serverKey, ...tls })
  server.on("tlsClientError", () => {})
  return serve(server, options, (h) => server.on("request", h))
}

const h2Server = () => {
  const server = Http2.createSecureServer({ allowHTTP1: true, cert: pki.serverCert, key: pki.serverKey })
  server.on("tlsClientError", () => {})
  return serve(server, {}, (h) => server.on("request", h))
}

const mtlsServer = () => httpsServer({ requestCert: true, rejectUnauthorized: true, ca: pki.ca })

interface Proxy {
  readonly url: string
  readonly port: number
  /** Every CONNECT: its target and its `proxy-authorization` header. */
  readonly connects: Array<{ readonly target: string; readonly authorization: string | undefined }>
}

/** A CONNECT-only HTTP proxy; with `requiredToken`, a CONNECT without that `proxy-authorization` gets a 407. */
const proxyServer = (requiredToken?: string) =>
  Effect.gen(function*() {
    const connects: Array<{ target: string; authorization: string | undefined }> = []
    const tunnels: Array<Net.Socket> = []
    const server = Http.createServer((_req, res) => {
      res.writeHead(405)
      res.end()
    })
    server.on("connect", (req: Http.IncomingMessage, client: Net.Socket, head: Buffer) => {
      const authorization = req.headers["proxy-authorization"]
      connects.push({ target: req.url ?? "", authorization })
      client.on("error", () => {})
      if (requiredToken !== undefined && authorization !== requiredToken) {
        client.end(
          "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n"
        )
        return
      }
      const [host, port] = (req.url ?? "").split(":")
      const upstream = Net.connect(Number(port), host ?? "127.0.0.1", () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n")
        if (head.length > 0) upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      tunnels.push(upstream)
      upstream.on("error", () => client.destroy())
      client.on("close", () => upstream.destroy())
    })
    yield* Effect.addFinalizer(() => Effect.sync(() => tunnels.forEach((socket) => socket.destroy())))
    const { port } = yield* listen(server)
    return { url: `http://127.0.0.1:${port}`, port, connects } satisfies Proxy
  })

// ---------------------------------------------------------------------------
// Client helpers
// ---------------------------------------------------------------------------

type TransportLayer = Layer.Layer<HttpClient.HttpClient, ConfigError.ConfigError>

const zoomLayer = (baseUrl: string, transport: TransportLayer) =>
  ZoomScheduler.layer({ baseUrl, retry: RetryPolicy.never, timeout: "5 seconds" }).pipe(
    Layer.provide([Credentials.bearer(Redacted.make("t")), transport])
  )

const getMe = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me"))

/** `users.get("me")` against `origin` through `transport`; the layer (and its dispatcher) is built and closed around it. */
const me = (origin: string, transport: TransportLayer) =>
  getMe.pipe(Effect.provide(zoomLayer(`${origin}/v2`, transport)))

const http = (served: Served) => `http://127.0.0.1:${served.port}`
const https = (served: Served) => `https://127.0.0.1:${served.port}`

/** Everything a user could see of an error: message, `toString`, deep inspection, JSON, a pretty cause. */
const rendered = (error: unknown): string => {
  let json: string
  try {
    json = JSON.stringify(error)
  } catch (e) {
    json = String(e)
  }
  return [
    String(error),
    error instanceof Error ? error.message : "",
    inspect(error, { depth: 12, showHidden: true }),
    json,
    Cause.pretty(Cause.fail(error))
  ].join("\n")
}

/** The base64 body of a PEM key: any line of it leaking would be a leak. */
const keyLines = (pem: string): Array<string> =>
  pem.split("\n").filter((line) => line.length > 0 && !line.startsWith("-----"))

const expectNoKey = (text: string, pem: string) => {
  expect(text).not.toContain("PRIVATE KEY")
  for (const line of keyLines(pem)) expect(text).not.toContain(line)
}

const waitForClose = (socket: Net.Socket) =>
  Effect.async<void>((resume) => {
    if (socket.destroyed) return resume(Effect.void)
    socket.once("close", () => resume(Effect.void))
  })

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe("NodeTransport.layer", () => {
  describe("plain HTTP", () => {
    it.scopedLive("sends the client's request to a loopback server and reads the answer", () =>
      Effect.gen(function*() {
        const server = yield* httpServer()
        const user = yield* me(http(server), NodeTransport.layer())
        expect(user.displayName).toBe("x")
        expect(server.seen).toEqual([
          { method: "GET", path: "/v2/scheduler/users/me", httpVersion: "1.1", authorization: "Bearer t", peer: undefined }
        ])
      }))

    it.scopedLive("sends a global FormData body as multipart (undici's own FormData is another class)", () =>
      Effect.gen(function*() {
        const server = yield* httpServer()
        const form = new FormData()
        form.append("field", "value")
        form.append("file", new Blob(["hello"], { type: "text/plain" }), "hello.txt")
        const echoed = yield* Effect.flatMap(HttpClient.HttpClient, (client) =>
          client.execute(HttpClientRequest.post(`${http(server)}/echo`).pipe(HttpClientRequest.bodyFormData(form))).pipe(
            Effect.flatMap((response) => response.json)
          )).pipe(Effect.provide(NodeTransport.layer()))
        const { body, contentType } = echoed as { body: string; contentType: string }
        expect(contentType).toMatch(/^multipart\/form-data; boundary=/)
        expect(body).toContain("name=\"field\"\r\n\r\nvalue")
        expect(body).toContain("filename=\"hello.txt\"")
        expect(body).toContain("hello")
      }))
  })

  describe("HTTPS with a private CA", () => {
    it.scopedLive("trusts the server when given the CA", () =>
      Effect.gen(function*() {
        const server = yield* httpsServer()
        const user = yield* me(https(server), NodeTransport.layer({ ca: pki.ca }))
        expect(user.displayName).toBe("x")
        expect(server.seen).toHaveLength(1)
      }))

    it.scopedLive("accepts the CA as a Buffer or in an array", () =>
      Effect.gen(function*() {
        const server = yield* httpsServer()
        yield* me(https(server), NodeTransport.layer({ ca: Buffer.from(pki.ca) }))
        yield* me(https(server), NodeTransport.layer({ ca: [pki.serverCert, Buffer.from(pki.ca)] }))
        expect(server.seen).toHaveLength(2)
      }))

    it.scopedLive("fails with a TransportError without the CA", () =>
      Effect.gen(function*() {
        const server = yield* httpsServer()
        const error = yield* Effect.flip(me(https(server), NodeTransport.layer()))
        expect(error._tag).toBe("TransportError")
        expect(error._tag === "TransportError" && error.reason).toBe("Connection")
        expect(server.seen).toHaveLength(0)
      }))

    it.scopedLive("rejectUnauthorized: false skips verification", () =>
      Effect.gen(function*() {
        const server = yield* httpsServer()
        const user = yield* me(https(server), NodeTransport.layer({ rejectUnauthorized: false }))
        expect(user.displayName).toBe("x")
      }))

    it.effect("refuses a CA that is not PEM", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Layer.build(NodeTransport.layer({ ca: "not a certificate" })).pipe(Effect.scoped))
        expect(error._op).toBe("InvalidData")
        expect(String(error)).toContain("ca")
      }))
  })

  describe("HTTP/2", () => {
    it.scopedLive("negotiates h2 by default and with http2: true, HTTP/1.1 with http2: false", () =>
      Effect.gen(function*() {
        const server = yield* h2Server()
        yield* me(https(server), NodeTransport.layer({ ca: pki.ca }))
        yield* me(https(server), NodeTransport.layer({ ca: pki.ca, http2: true }))
        yield* me(https(server), NodeTransport.layer({ ca: pki.ca, http2: false }))
        expect(server.seen.map((s) => s.httpVersion)).toEqual(["2.0", "2.0", "1.1"])
        expect(server.seen.every((s) => s.path === "/v2/scheduler/users/me" && s.authorization === "Bearer t")).toBe(
          true
        )
      }))
  })

  describe("mutual TLS", () => {
    it.scopedLive("presents the client certificate when given cert and key", () =>
      Effect.gen(function*() {
        const server = yield* mtlsServer()
        const user = yield* me(
          https(server),
          NodeTransport.layer({ ca: pki.ca, cert: pki.clientCert, key: Redacted.make(pki.clientKey) })
        )
        expect(user.displayName).toBe("x")
        expect(server.seen.map((s) => s.peer)).toEqual(["client"])
      }))

    it.scopedLive("also takes the key as a plain string or Buffer", () =>
      Effect.gen(function*() {
        const server = yield* mtlsServer()
        yield* me(https(server), NodeTransport.layer({ ca: pki.ca, cert: pki.clientCert, key: pki.clientKey }))
        yield* me(
          https(server),
          NodeTransport.layer({ ca: pki.ca, cert: Buffer.from(pki.clientCert), key: Buffer.from(pki.clientKey) })
        )
        expect(server.seen.map((s) => s.peer)).toEqual(["client", "client"])
      }))

    it.scopedLive("is rejected by the server without a client certificate", () =>
      Effect.gen(function*() {
        const server = yield* mtlsServer()
        const error = yield* Effect.flip(me(https(server), NodeTransport.layer({ ca: pki.ca })))
        expect(error._tag).toBe("TransportError")
        expect(server.seen).toHaveLength(0)
      }))

    it.effect("needs both cert and key", () =>
      Effect.gen(function*() {
        const withoutKey = yield* Effect.flip(Layer.build(NodeTransport.layer({ cert: "x" })).pipe(Effect.scoped))
        expect(String(withoutKey)).toContain("key")
        const withoutCert = yield* Effect.flip(
          Layer.build(NodeTransport.layer({ key: Redacted.make("x") })).pipe(Effect.scoped)
        )
        expect(String(withoutCert)).toContain("cert")
      }))
  })

  describe("proxy", () => {
    it.scopedLive("tunnels requests through the proxy with CONNECT", () =>
      Effect.gen(function*() {
        const server = yield* httpServer()
        const proxy = yield* proxyServer()
        const user = yield* me(http(server), NodeTransport.layer({ proxy: proxy.url }))
        expect(user.displayName).toBe("x")
        expect(proxy.connects).toEqual([{ target: `127.0.0.1:${server.port}`, authorization: undefined }])
        expect(server.seen).toHaveLength(1)
      }))

    it.scopedLive("accepts host:port without a scheme", () =>
      Effect.gen(function*() {
        const server = yield* httpServer()
        const proxy = yield* proxyServer()
        yield* me(http(server), NodeTransport.layer({ proxy: `127.0.0.1:${proxy.port}` }))
        expect(proxy.connects).toHaveLength(1)
      }))

    it.scopedLive("sends the Redacted token as proxy-authorization, only to the proxy", () =>
      Effect.gen(function*() {
        const server = yield* httpServer()
        const proxy = yield* proxyServer("Bearer proxy-token")
        yield* me(http(server), NodeTransport.layer({ proxy: { uri: proxy.url, token: Redacted.make("Bearer proxy-token") } }))
        expect(proxy.connects.map((c) => c.authorization)).toEqual(["Bearer proxy-token"])
        expect(server.seen.map((s) => s.authorization)).toEqual(["Bearer t"])
      }))

    it.scopedLive("turns credentials in the proxy URL into Basic authorisation", () =>
      Effect.gen(function*() {
        const server = yield* httpServer()
        const basic = `Basic ${Buffer.from("svc:p@ss word").toString("base64")}`
        const proxy = yield* proxyServer(basic)
        yield* me(http(server), NodeTransport.layer({ proxy: `http://svc:p%40ss%20word@127.0.0.1:${proxy.port}` }))
        expect(proxy.connects.map((c) => c.authorization)).toEqual([basic])
      }))

    it.scopedLive("keeps TLS end to end through the tunnel: CA and HTTP/2 apply to the target", () =>
      Effect.gen(function*() {
        const server = yield* h2Server()
        const proxy = yield* proxyServer()
        yield* me(https(server), NodeTransport.layer({ proxy: proxy.url, ca: pki.ca }))
        yield* me(https(server), NodeTransport.layer({ proxy: proxy.url, ca: pki.ca, http2: false }))
        expect(proxy.connects).toHaveLength(2)
        expect(server.seen.map((s) => s.httpVersion)).toEqual(["2.0", "1.1"])
        const untrusted = yield* Effect.flip(me(https(server), NodeTransport.layer({ proxy: proxy.url })))
        expect(untrusted._tag).toBe("TransportError")
      }))

    it.scopedLive("presents the client certificate through the tunnel", () =>
      Effect.gen(function*() {
        const server = yield* mtlsServer()
        const proxy = yield* proxyServer()
        yield* me(
          https(server),
          NodeTransport.layer({ proxy: proxy.url, ca: pki.ca, cert: pki.clientCert, key: Redacted.make(pki.clientKey) })
        )
        expect(proxy.connects).toHaveLength(1)
        expect(server.seen.map((s) => s.peer)).toEqual(["client"])
      }))

    it.scopedLive("reaches noProxy hosts directly", () =>
      Effect.gen(function*() {
        const server = yield* httpServer()
        const proxy = yield* proxyServer()
        yield* me(http(server), NodeTransport.layer({ proxy: { uri: proxy.url, noProxy: ["localhost", "127.0.0.1"] } }))
        expect(proxy.connects).toHaveLength(0)
        yield* me(http(server), NodeTransport.layer({ proxy: { uri: proxy.url, noProxy: "example.com other.test" } }))
        expect(proxy.connects).toHaveLength(1)
        expect(server.seen).toHaveLength(2)
      }))

    it.effect("refuses unsupported or malformed proxy URLs without echoing credentials", () =>
      Effect.gen(function*() {
        const socks = yield* Effect.flip(Layer.build(NodeTransport.layer({ proxy: "socks5://127.0.0.1:1080" })).pipe(
          Effect.scoped
        ))
        expect(String(socks)).toContain("socks5:")
        const malformed = yield* Effect.flip(
          Layer.build(NodeTransport.layer({ proxy: "http://svc:hunter2@[::1" })).pipe(Effect.scoped)
        )
        expect(malformed._op).toBe("InvalidData")
        expect(rendered(malformed)).not.toContain("hunter2")
      }))
  })

  describe("lifetime", () => {
    it.scopedLive("keeps connections alive inside the scope and closes them with it", () =>
      Effect.gen(function*() {
        const server = yield* httpServer({ keepAliveTimeout: 60_000 })
        const scope = yield* Scope.make()
        const context = yield* Layer.buildWithScope(
          zoomLayer(`${http(server)}/v2`, NodeTransport.layer({ keepAliveTimeout: "30 seconds" })),
          scope
        )
        yield* Effect.provide(getMe, context)
        // the answer is read, the connection is kept alive for the next request
        expect(server.seen).toHaveLength(1)
        expect(server.connections).toHaveLength(1)
        const socket = server.connections[0]!
        yield* Effect.yieldNow()
        expect(socket.destroyed).toBe(false)
        yield* Scope.close(scope, Exit.void)
        yield* waitForClose(socket).pipe(
          Effect.timeoutFail({ duration: "3 seconds", onTimeout: () => new Error("connection still open") })
        )
      }))

    it.scopedLive("connections limits connections per origin", () =>
      Effect.gen(function*() {
        const server = yield* httpServer({ delayMs: 100 })
        const twice = (transport: TransportLayer) =>
          Effect.all([getMe, getMe], { concurrency: 2 }).pipe(
            Effect.provide(zoomLayer(`${http(server)}/v2`, transport))
          )
        yield* twice(NodeTransport.layer())
        expect(server.connections).toHaveLength(2)
        yield* twice(NodeTransport.layer({ connections: 1 }))
        expect(server.connections).toHaveLength(3)
        expect(server.seen).toHaveLength(4)
      }))

    it.scopedLive("connectTimeout bounds the connection and TLS handshake", () =>
      Effect.gen(function*() {
        // accepts TCP, never answers the TLS ClientHello
        const { port } = yield* listen(Net.createServer(() => {}))
        const started = Date.now()
        const error = yield* Effect.flip(
          me(`https://127.0.0.1:${port}`, NodeTransport.layer({ ca: pki.ca, connectTimeout: "200 millis" }))
        )
        expect(error._tag).toBe("TransportError")
        // the client's own 5-second timeout would report "Timeout"
        expect(error._tag === "TransportError" && error.reason).toBe("Connection")
        expect(Date.now() - started).toBeLessThan(3_000)
      }))

    it.effect("refuses invalid timeouts and pool sizes", () =>
      Effect.gen(function*() {
        const build = (options: NodeTransport.TransportOptions) =>
          Effect.flip(Layer.build(NodeTransport.layer(options)).pipe(Effect.scoped))
        expect(String(yield* build({ connections: 0 }))).toContain("connections")
        expect(String(yield* build({ connections: 1.5 }))).toContain("connections")
        expect(String(yield* build({ connectTimeout: "0 millis" }))).toContain("connectTimeout")
        expect(String(yield* build({ keepAliveTimeout: "forever" as never }))).toContain("keepAliveTimeout")
      }))
  })

  describe("secrets", () => {
    it.scopedLive("a proxy refusing the token: the error does not contain it", () =>
      Effect.gen(function*() {
        const server = yield* httpServer()
        const proxy = yield* proxyServer("Bearer the-right-one")
        const error = yield* Effect.flip(
          me(http(server), NodeTransport.layer({ proxy: { uri: proxy.url, token: Redacted.make("Bearer pr0xy-s3cret") } }))
        )
        expect(error._tag).toBe("TransportError")
        expect(proxy.connects.map((c) => c.authorization)).toEqual(["Bearer pr0xy-s3cret"])
        expect(server.seen).toHaveLength(0)
        expect(rendered(error)).not.toContain("pr0xy-s3cret")

        const fromUrl = yield* Effect.flip(
          me(http(server), NodeTransport.layer({ proxy: `http://svc:hunter2@127.0.0.1:${proxy.port}` }))
        )
        expect(fromUrl._tag).toBe("TransportError")
        const text = rendered(fromUrl)
        expect(text).not.toContain("hunter2")
        expect(text).not.toContain(Buffer.from("svc:hunter2").toString("base64"))
      }))

    it.scopedLive("a failed TLS handshake: the error does not contain the client key", () =>
      Effect.gen(function*() {
        const server = yield* mtlsServer()
        const error = yield* Effect.flip(
          me(https(server), NodeTransport.layer({ ca: pki.ca, cert: pki.rogueCert, key: Redacted.make(pki.rogueKey) }))
        )
        expect(error._tag).toBe("TransportError")
        expect(server.seen).toHaveLength(0)
        expectNoKey(rendered(error), pki.rogueKey)
      }))

    it.effect("a key that does not match its certificate: the ConfigError does not contain it", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          Layer.build(NodeTransport.layer({ cert: pki.clientCert, key: Redacted.make(pki.rogueKey) })).pipe(Effect.scoped)
        )
        expect(error._op).toBe("InvalidData")
        expect(String(error)).toContain("client certificate or key")
        expectNoKey(rendered(error), pki.rogueKey)
        const garbage = yield* Effect.flip(
          Layer.build(NodeTransport.layer({ cert: pki.clientCert, key: "not-a-key-but-s3cret" })).pipe(Effect.scoped)
        )
        expect(rendered(garbage)).not.toContain("not-a-key-but-s3cret")
      }))
  })
})

describe("NodeTransport.layerConfig", () => {
  const withEnv = (env: Record<string, string>) => Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  const configured = (env: Record<string, string>, options?: NodeTransport.TransportOptions) =>
    NodeTransport.layerConfig(options).pipe(Layer.provide(withEnv(env)))

  it.scopedLive("reads the CA file, the client certificate files and ZOOM_HTTP2", () =>
    Effect.gen(function*() {
      const h2 = yield* h2Server()
      yield* me(https(h2), configured({ ZOOM_CA_FILE: join(pki.dir, "ca.crt") }))
      yield* me(https(h2), configured({ ZOOM_CA_FILE: join(pki.dir, "ca.crt"), ZOOM_HTTP2: "false" }))
      expect(h2.seen.map((s) => s.httpVersion)).toEqual(["2.0", "1.1"])

      const mtls = yield* mtlsServer()
      yield* me(
        https(mtls),
        configured({
          ZOOM_CA_FILE: join(pki.dir, "ca.crt"),
          ZOOM_CLIENT_CERT_FILE: join(pki.dir, "client.crt"),
          ZOOM_CLIENT_KEY_FILE: join(pki.dir, "client.key")
        })
      )
      expect(mtls.seen.map((s) => s.peer)).toEqual(["client"])
    }))

  it.scopedLive("reads HTTPS_PROXY (credentials included) and NO_PROXY", () =>
    Effect.gen(function*() {
      const server = yield* httpServer()
      const basic = `Basic ${Buffer.from("svc:pw").toString("base64")}`
      const proxy = yield* proxyServer(basic)
      const proxyUrl = `http://svc:pw@127.0.0.1:${proxy.port}`
      yield* me(http(server), configured({ HTTPS_PROXY: proxyUrl }))
      yield* me(http(server), configured({ https_proxy: proxyUrl }))
      expect(proxy.connects.map((c) => c.authorization)).toEqual([basic, basic])
      yield* me(http(server), configured({ HTTPS_PROXY: proxyUrl, NO_PROXY: "127.0.0.1" }))
      expect(proxy.connects).toHaveLength(2)
      // an empty HTTPS_PROXY switches off a proxy given in code
      yield* me(http(server), configured({ HTTPS_PROXY: "" }, { proxy: proxy.url }))
      expect(proxy.connects).toHaveLength(2)
      expect(server.seen).toHaveLength(4)
    }))

  it.scopedLive("without variables, uses the options given in code", () =>
    Effect.gen(function*() {
      const server = yield* httpsServer()
      const user = yield* me(https(server), configured({}, { ca: pki.ca }))
      expect(user.displayName).toBe("x")
    }))

  it.effect("an unreadable file fails with a ConfigError naming the variable", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(configured({ ZOOM_CA_FILE: join(tmpdir(), "no-such-dir-effect-zoom", "ca.pem") })).pipe(
          Effect.scoped
        )
      )
      expect(error._op).toBe("InvalidData")
      expect(String(error)).toContain("ZOOM_CA_FILE")
      expect(String(error)).toContain("ENOENT")
    }))
})
