/**
 * The recommended `HttpClient` for the client on Node: built on undici's
 * `dispatch` API, it costs a fraction of `fetch` per request (see
 * BENCHMARKS.md), and it covers networks that need more than
 * `FetchHttpClient.layer`: HTTP/2, extra trusted CAs, a client certificate
 * (mTLS), an HTTP(S) proxy, connection timeouts and pool size.
 *
 * It is the counterpart of the `httpVersion`, `secureSocket` and `proxy`
 * settings of the connector users migrate from. The layer owns one undici
 * dispatcher (an `Agent`, or a `ProxyAgent` when a proxy is set), sends every
 * request through it, and closes the dispatcher (and its pooled connections)
 * when the layer's scope closes.
 *
 * Unlike `FetchHttpClient` it does not follow redirects (Zoom's API does not
 * redirect, and a redirect must never carry the bearer token elsewhere), and
 * it opens no `http.client` span of its own and sends no trace headers to
 * Zoom: each operation's span (`ZoomScheduler.<operation>`) carries the
 * method, path template, status and attempts.
 *
 * @example
 * ```ts
 * import * as fs from "node:fs"
 * import { Effect, Layer, Redacted } from "effect"
 * import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
 * import { NodeTransport } from "@effect-zoom/scheduler-node"
 *
 * const ZoomLive = ZoomScheduler.layer().pipe(
 *   Layer.provide([
 *     Credentials.bearer(Redacted.make("access-token")),
 *     NodeTransport.layer({ proxy: "http://proxy.corp:3128", ca: fs.readFileSync("corp-ca.pem") })
 *   ])
 * )
 *
 * const program = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me"))
 * Effect.runPromise(program.pipe(Effect.provide(ZoomLive)))
 * ```
 *
 * @since 0.2.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { X509Certificate } from "node:crypto"
import * as NodeFs from "node:fs/promises"
import * as Tls from "node:tls"
import type { Dispatcher, ProxyAgent } from "undici"
import * as UndiciHttpClient from "./internal/undiciHttpClient.js"

type Undici = typeof import("undici")

/**
 * undici is loaded when a transport layer is built, not when this package is
 * imported: loading undici installs its global dispatcher for every `fetch`
 * of the process, which an application that never uses `NodeTransport` must not see.
 */
const loadUndici: Effect.Effect<Undici> = Effect.promise(() => import("undici"))

/**
 * An HTTP(S) proxy with its settings.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import type * as NodeTransport from "@effect-zoom/scheduler-node/NodeTransport"
 *
 * const proxy: NodeTransport.ProxyOptions = {
 *   uri: "https://proxy.corp:3129",
 *   token: Redacted.make(`Basic ${Buffer.from("svc-zoom:s3cret").toString("base64")}`),
 *   noProxy: ["localhost", ".internal.corp"]
 * }
 * ```
 *
 * @since 0.2.0
 */
export interface ProxyOptions {
  /**
   * The proxy's URL, `http://` or `https://` (`host:port` alone means
   * `http://host:port`). Credentials written in it (`http://user:pass@host`)
   * become a `Basic` token and are removed from the URL.
   */
  readonly uri: string
  /**
   * The whole `Proxy-Authorization` header value sent with each `CONNECT`,
   * e.g. `Bearer …` or `Basic …`. Takes precedence over credentials in `uri`.
   */
  readonly token?: Redacted.Redacted<string> | undefined
  /**
   * Hosts reached directly, without the proxy, in `NO_PROXY` syntax: a host
   * name matches itself and its subdomains (`example.com` and `.example.com`
   * both match `api.example.com`), `host:port` restricts to a port, `*`
   * bypasses the proxy entirely. A string is split at commas and spaces.
   */
  readonly noProxy?: string | ReadonlyArray<string> | undefined
}

/**
 * Settings of the undici dispatcher behind `layer`; every one has a default.
 *
 * @example
 * ```ts
 * import * as fs from "node:fs"
 * import { Redacted } from "effect"
 * import type * as NodeTransport from "@effect-zoom/scheduler-node/NodeTransport"
 *
 * const options: NodeTransport.TransportOptions = {
 *   http2: true,
 *   ca: fs.readFileSync("corp-ca.pem"),
 *   cert: fs.readFileSync("client.crt"),
 *   key: Redacted.make(fs.readFileSync("client.key", "utf8")),
 *   proxy: { uri: "http://proxy.corp:3128", token: Redacted.make("Bearer proxy-token") },
 *   connectTimeout: "5 seconds",
 *   keepAliveTimeout: "30 seconds",
 *   connections: 16
 * }
 * ```
 *
 * @since 0.2.0
 */
export interface TransportOptions {
  /**
   * Offer HTTP/2 (ALPN `h2`) on TLS connections; a server that does not speak
   * it is reached over HTTP/1.1. Plain `http://` is always HTTP/1.1.
   * Default `true` (undici's `allowH2`).
   */
  readonly http2?: boolean | undefined
  /**
   * Extra trusted CA certificates, PEM (one or several per string or
   * buffer). They are trusted in addition to Node's default roots (Mozilla's
   * bundle; on Node 22.15 and later, whatever Node trusts by default,
   * `NODE_EXTRA_CA_CERTS` included). They also apply to an `https://` proxy.
   */
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer> | undefined
  /** Client certificate (PEM, possibly followed by its chain) for mutual TLS; requires `key`. */
  readonly cert?: string | Buffer | undefined
  /**
   * The client certificate's private key (PEM, unencrypted); requires
   * `cert`. It is a secret: prefer `Redacted`. It is never printed, not even
   * in errors about an invalid key.
   */
  readonly key?: Redacted.Redacted<string> | string | Buffer | undefined
  /**
   * Verify the server's (and an `https://` proxy's) certificate. Default
   * `true`. **Setting it to `false` lets anyone on the path impersonate Zoom
   * and read your access tokens**: only ever do it against a local test
   * server; to trust a private CA, use `ca` instead.
   */
  readonly rejectUnauthorized?: boolean | undefined
  /**
   * Send every request through this HTTP(S) proxy (a `CONNECT` tunnel, TLS to
   * the target end to end). A string is the proxy's URL.
   */
  readonly proxy?: string | ProxyOptions | undefined
  /** Time limit to open a connection, TLS handshake included. Default 10 seconds. */
  readonly connectTimeout?: Duration.DurationInput | undefined
  /**
   * How long an idle connection is kept open for reuse; a shorter keep-alive
   * hint from the server wins. Default 4 seconds when the server gives no hint.
   */
  readonly keepAliveTimeout?: Duration.DurationInput | undefined
  /** Maximum connections per origin. Default unlimited. */
  readonly connections?: number | undefined
}

/** How long closing the layer waits for requests still in flight before destroying the connections. */
const closeGracePeriod = Duration.seconds(5)

const invalid = (path: ReadonlyArray<string>, message: string): ConfigError.ConfigError =>
  ConfigError.InvalidData([...path], message)

type Pem = string | Buffer

const pemCertificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

/** Splits PEM bundles into certificates, checking each one parses. */
const parseCa = (ca: Pem | ReadonlyArray<Pem>): Effect.Effect<ReadonlyArray<string>, ConfigError.ConfigError> =>
  Effect.suspend(() => {
    const inputs: ReadonlyArray<Pem> = Array.isArray(ca) ? ca : [ca as Pem]
    const certificates: Array<string> = []
    for (const input of inputs) {
      const found = (typeof input === "string" ? input : input.toString("utf8")).match(pemCertificate) ?? []
      if (found.length === 0) {
        return Effect.fail(invalid(["ca"], "no PEM certificate (-----BEGIN CERTIFICATE-----) found"))
      }
      for (const pem of found) {
        try {
          new X509Certificate(pem)
        } catch {
          return Effect.fail(invalid(["ca"], "a CA certificate could not be parsed"))
        }
        certificates.push(pem)
      }
    }
    return Effect.succeed(certificates)
  })

/** The CA certificates Node trusts by default, where Node can say so; else its bundled roots. */
const defaultCaCertificates = (): ReadonlyArray<string> => {
  const getCACertificates = (Tls as unknown as { getCACertificates?: (type: "default") => Array<string> })
    .getCACertificates
  return typeof getCACertificates === "function" ? getCACertificates("default") : Tls.rootCertificates
}

/**
 * The reason of a `createSecureContext` failure: OpenSSL's own message
 * (`error:…:PEM routines::no start line`) never quotes its input, anything
 * else might, so only the error code is kept then.
 */
const opensslReason = (error: unknown): string => {
  if (error instanceof Error && /^error:[0-9A-Fa-f]+:/.test(error.message)) return error.message
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined
  return code ?? "unreadable"
}

const secureContext = (
  path: ReadonlyArray<string>,
  what: string,
  options: Tls.SecureContextOptions
): Effect.Effect<Tls.SecureContext, ConfigError.ConfigError> =>
  Effect.try({
    try: () => Tls.createSecureContext(options),
    catch: (error) => invalid(path, `invalid ${what} (${opensslReason(error)})`)
  })

const optionalMillis = (
  name: string,
  input: Duration.DurationInput | undefined
): Effect.Effect<number | undefined, ConfigError.ConfigError> => {
  if (input === undefined) return Effect.succeed(undefined)
  return Option.match(Duration.decodeUnknown(input), {
    onNone: () => Effect.fail(invalid([name], "not a duration")),
    onSome: (duration) =>
      Duration.isFinite(duration) && Duration.greaterThan(duration, Duration.zero)
        ? Effect.succeed(Math.max(1, Math.ceil(Duration.toMillis(duration))))
        : Effect.fail(invalid([name], "must be a finite duration greater than zero"))
  })
}

interface ResolvedProxy {
  readonly uri: string
  readonly token: Redacted.Redacted<string> | undefined
  readonly noProxy: string
}

const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i

/** Normalises the proxy: scheme defaulted, credentials moved out of the URL into a `Basic` token. */
const resolveProxy = (proxy: string | ProxyOptions): Effect.Effect<ResolvedProxy, ConfigError.ConfigError> =>
  Effect.suspend(() => {
    const raw = (typeof proxy === "string" ? proxy : proxy.uri).trim()
    let url: URL
    try {
      url = new URL(hasScheme.test(raw) ? raw : `http://${raw}`)
    } catch {
      // never echo the input: it may carry credentials
      return Effect.fail(invalid(["proxy", "uri"], "not a valid URL"))
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return Effect.fail(invalid(["proxy", "uri"], `unsupported proxy protocol ${url.protocol} (use http: or https:)`))
    }
    let token = typeof proxy === "string" ? undefined : proxy.token
    if (url.username !== "" || url.password !== "") {
      if (token === undefined) {
        let userPass: string
        try {
          userPass = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
        } catch {
          return Effect.fail(invalid(["proxy", "uri"], "malformed percent-encoding in the proxy credentials"))
        }
        token = Redacted.make(`Basic ${Buffer.from(userPass, "utf8").toString("base64")}`)
      }
      url.username = ""
      url.password = ""
    }
    const noProxy = typeof proxy === "string" || proxy.noProxy === undefined
      ? ""
      : typeof proxy.noProxy === "string"
      ? proxy.noProxy
      : proxy.noProxy.join(",")
    return Effect.succeed({ uri: url.href, token, noProxy: noProxy.trim() })
  })

const keyText = (key: Redacted.Redacted<string> | string | Buffer): string | Buffer =>
  Redacted.isRedacted(key) ? Redacted.value(key) : key

/** Builds the dispatcher `options` describe, validating them first. */
const makeDispatcher = (options: TransportOptions): Effect.Effect<Dispatcher, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const allowH2 = options.http2 ?? true
    const connectTimeout = yield* optionalMillis("connectTimeout", options.connectTimeout)
    const keepAliveTimeout = yield* optionalMillis("keepAliveTimeout", options.keepAliveTimeout)
    const connections = options.connections
    if (connections !== undefined && !(Number.isInteger(connections) && connections > 0)) {
      return yield* Effect.fail(invalid(["connections"], "must be a positive integer"))
    }
    if ((options.cert === undefined) !== (options.key === undefined)) {
      return yield* Effect.fail(
        invalid([options.cert === undefined ? "cert" : "key"], "a client certificate needs both cert and key")
      )
    }
    const proxy = options.proxy === undefined ? undefined : yield* resolveProxy(options.proxy)

    const ca = options.ca === undefined ? undefined : [...defaultCaCertificates(), ...(yield* parseCa(options.ca))]
    // TLS towards an https proxy: the extra CAs, never the client certificate
    const proxyContext = ca === undefined ? undefined : yield* secureContext(["ca"], "CA certificate", { ca })
    // TLS towards the target: the extra CAs and the client certificate
    const targetContext = options.cert !== undefined && options.key !== undefined
      ? yield* secureContext(["key"], "client certificate or key", {
        ...(ca === undefined ? {} : { ca }),
        cert: options.cert,
        key: keyText(options.key)
      })
      : proxyContext

    const tls = (context: Tls.SecureContext | undefined) => ({
      ...(context === undefined ? {} : { secureContext: context }),
      ...(options.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
      ...(connectTimeout === undefined ? {} : { timeout: connectTimeout })
    })
    const pool = {
      allowH2,
      ...(connections === undefined ? {} : { connections }),
      ...(keepAliveTimeout === undefined ? {} : { keepAliveTimeout, keepAliveMaxTimeout: keepAliveTimeout })
    }
    const connect = tls(targetContext)

    const undici = yield* loadUndici
    return yield* Effect.try({
      try: (): Dispatcher => {
        if (proxy === undefined) return new undici.Agent({ ...pool, connect })
        const proxied: ProxyAgent.Options = {
          ...pool,
          uri: proxy.uri,
          ...(proxy.token === undefined ? {} : { token: Redacted.value(proxy.token) }),
          requestTls: { ...connect, allowH2 },
          proxyTls: tls(proxyContext)
        }
        if (proxy.noProxy === "") return new undici.ProxyAgent(proxied)
        const { uri, ...rest } = proxied
        // the direct agent of EnvHttpProxyAgent takes `connect`; explicit values keep process.env out of it
        return new undici.EnvHttpProxyAgent({ ...rest, connect, httpProxy: uri, httpsProxy: uri, noProxy: proxy.noProxy })
      },
      catch: (error) =>
        invalid(
          proxy === undefined ? [] : ["proxy"],
          `undici rejected the transport options${
            error instanceof Error && error.name === "InvalidArgumentError" ? ` (${error.message})` : ""
          }`
        )
    })
  })

/** Closes the dispatcher, letting requests in flight finish for a while, then destroys what is left. */
const closeDispatcher = (dispatcher: Dispatcher): Effect.Effect<void> =>
  Effect.tryPromise(() => dispatcher.close()).pipe(
    Effect.timeout(closeGracePeriod),
    Effect.catchAll(() => Effect.tryPromise(() => dispatcher.destroy())),
    Effect.ignore
  )

/** The undici dispatcher of `options`, closed with the scope. */
const dispatcher = (options: TransportOptions): Effect.Effect<Dispatcher, ConfigError.ConfigError, Scope.Scope> =>
  Effect.acquireRelease(makeDispatcher(options), closeDispatcher)

/**
 * An `HttpClient` that sends through an undici dispatcher built from `options`: HTTP/2 by default, extra CAs, client certificate,
 * proxy, timeouts, pool size. The dispatcher lives as long as the layer and
 * is closed with it (requests still in flight get a few seconds to finish).
 * Invalid options (a malformed proxy URL, a CA that is not PEM, a key that
 * does not match its certificate, …) fail the layer with a `ConfigError`,
 * whose message never contains a key or a proxy credential.
 *
 * @example
 * ```ts
 * import * as fs from "node:fs"
 * import { Layer, Redacted } from "effect"
 * import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
 * import { NodeTransport } from "@effect-zoom/scheduler-node"
 *
 * const ZoomLive = ZoomScheduler.layer().pipe(
 *   Layer.provide([
 *     Credentials.bearer(Redacted.make("access-token")),
 *     NodeTransport.layer({
 *       proxy: { uri: "http://proxy.corp:3128", token: Redacted.make("Bearer proxy-token") },
 *       ca: fs.readFileSync("corp-ca.pem"),
 *       connectTimeout: "5 seconds"
 *     })
 *   ])
 * )
 * ```
 *
 * @since 0.2.0
 */
export const layer = (options: TransportOptions = {}): Layer.Layer<HttpClient.HttpClient, ConfigError.ConfigError> =>
  Layer.scoped(HttpClient.HttpClient, Effect.map(dispatcher(options), UndiciHttpClient.make))

const readPem = (variable: string, path: string): Effect.Effect<Buffer, ConfigError.ConfigError> =>
  Effect.tryPromise({
    try: () => NodeFs.readFile(path),
    catch: (error) =>
      invalid(
        [variable],
        `cannot read ${path}${
          typeof error === "object" && error !== null && "code" in error ? ` (${String(error.code)})` : ""
        }`
      )
  })

/**
 * `layer` configured from `Config` (environment variables by default). Each
 * variable that is set overrides the matching option given in code:
 *
 * - `ZOOM_HTTP2`: `true`/`false`, see `http2`.
 * - `ZOOM_CA_FILE`: path to a PEM file of extra trusted CAs, see `ca`.
 * - `ZOOM_CLIENT_CERT_FILE`, `ZOOM_CLIENT_KEY_FILE`: paths to the client
 *   certificate and its key (PEM), see `cert`/`key`.
 * - `https_proxy` / `HTTPS_PROXY`: the proxy URL (read as a secret: it may
 *   carry credentials); empty means no proxy. `no_proxy` / `NO_PROXY`: hosts
 *   that bypass it.
 *
 * A file that cannot be read fails the layer with a `ConfigError` naming the
 * variable and the path.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
 * import { NodeTransport } from "@effect-zoom/scheduler-node"
 *
 * // HTTPS_PROXY=http://proxy.corp:3128 ZOOM_CA_FILE=/etc/ssl/corp-ca.pem node app.js
 * const ZoomLive = ZoomScheduler.layerConfig().pipe(
 *   Layer.provide([Credentials.bearerConfig(), NodeTransport.layerConfig({ connectTimeout: "5 seconds" })])
 * )
 * ```
 *
 * @since 0.2.0
 */
export const layerConfig = (
  options: TransportOptions = {}
): Layer.Layer<HttpClient.HttpClient, ConfigError.ConfigError> =>
  Layer.unwrapEffect(
    Effect.gen(function*() {
      const config = yield* Config.all({
        http2: Config.option(Config.boolean("ZOOM_HTTP2")),
        caFile: Config.option(Config.string("ZOOM_CA_FILE")),
        certFile: Config.option(Config.string("ZOOM_CLIENT_CERT_FILE")),
        keyFile: Config.option(Config.string("ZOOM_CLIENT_KEY_FILE")),
        proxy: Config.option(Config.redacted("https_proxy").pipe(Config.orElse(() => Config.redacted("HTTPS_PROXY")))),
        noProxy: Config.option(Config.string("no_proxy").pipe(Config.orElse(() => Config.string("NO_PROXY"))))
      })
      const overrides: { -readonly [K in keyof TransportOptions]: TransportOptions[K] } = {}
      if (Option.isSome(config.http2)) overrides.http2 = config.http2.value
      if (Option.isSome(config.caFile)) overrides.ca = yield* readPem("ZOOM_CA_FILE", config.caFile.value)
      if (Option.isSome(config.certFile)) {
        overrides.cert = yield* readPem("ZOOM_CLIENT_CERT_FILE", config.certFile.value)
      }
      if (Option.isSome(config.keyFile)) {
        const key = yield* readPem("ZOOM_CLIENT_KEY_FILE", config.keyFile.value)
        overrides.key = Redacted.make(key.toString("utf8"))
        key.fill(0)
      }
      if (Option.isSome(config.proxy)) {
        const uri = Redacted.value(config.proxy.value).trim()
        overrides.proxy = uri === ""
          ? undefined
          : Option.match(config.noProxy, { onNone: () => ({ uri }), onSome: (noProxy) => ({ uri, noProxy }) })
      }
      return layer({ ...options, ...overrides })
    })
  )
