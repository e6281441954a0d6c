import { HttpRouter, HttpServer, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import {
  Cause,
  ConfigProvider,
  Deferred,
  Effect,
  Either,
  Exit,
  Layer,
  Logger,
  Option,
  Queue,
  Redacted,
  Scope,
  TestClock
} from "effect"
import { createHmac } from "node:crypto"
import { createServer } from "node:http"
import { inspect } from "node:util"
import * as Webhooks from "../src/Webhooks.js"

// -----------------------------------------------------------------------------
// fixtures
// -----------------------------------------------------------------------------

const SECRET = "zoom-webhook-secret-current"
const OLD_SECRET = "zoom-webhook-secret-previous"
const WRONG_SECRET = "not-the-zoom-webhook-secret"

/** The request timestamp of the fixtures, in seconds; the TestClock is set to it. */
const T0 = 1_700_000_000

const secrets = [Redacted.make(SECRET)] as const

const eventBody =
  `{"event":"scheduler.scheduled_event_created","event_ts":1700000000123,"payload":{"account_id":"AAAAAABBBB","object":{"invitee_email":"john.doe@example.com"}}}`

/**
 * Known vector, computed once with
 * `createHmac("sha256", SECRET).update("v0:1700000000:" + eventBody).digest("hex")`.
 */
const EVENT_SIGNATURE = "v0=9d472436ce728f369ded5ed7882755db8b363c990e923ceb93c1053810a41b84"

/** Known vector: `createHmac("sha256", SECRET).update("qgg8vlvZRS6UYooatFL8Aw").digest("hex")`. */
const PLAIN_TOKEN = "qgg8vlvZRS6UYooatFL8Aw"
const ENCRYPTED_TOKEN = "474a6c8c7955af8f5056b0832c5b10229156d056c6be27951db40c5f76e04070"

const validationBody = JSON.stringify({
  payload: { plainToken: PLAIN_TOKEN },
  event_ts: 1700000000456,
  event: "endpoint.url_validation"
})

/** Zoom's signature, computed here independently of the library. */
const sign = (secret: string, timestamp: string | number, body: string | Uint8Array): string =>
  `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:`).update(body).digest("hex")}`

const signedRequest = (
  body: string | Uint8Array,
  options: { readonly secret?: string; readonly timestamp?: number; readonly headers?: Record<string, string> } = {}
): Webhooks.WebhookRequest => {
  const timestamp = options.timestamp ?? T0
  return {
    headers: {
      "content-type": "application/json",
      "x-zm-signature": sign(options.secret ?? SECRET, timestamp, body),
      "x-zm-request-timestamp": String(timestamp),
      "x-zm-request-id": "req-1",
      "x-zm-trackingid": "track-1",
      ...options.headers
    },
    body
  }
}

const atT0 = TestClock.setTime(T0 * 1000)

const verifyError = (request: Webhooks.WebhookRequest, options: Webhooks.WebhookOptions = { secrets }) =>
  Effect.flip(Webhooks.verify(request, options))

const bodyJson = (response: Webhooks.WebhookResponse): unknown => JSON.parse(response.body)

/** A logger that records every log line, to assert on failures being logged. */
const captureLogs = Effect.gen(function*() {
  const logs = yield* Queue.unbounded<{ readonly level: string; readonly message: string; readonly cause: string }>()
  const logger = Logger.make(({ cause, logLevel, message }) => {
    Queue.unsafeOffer(logs, {
      level: logLevel.label,
      message: globalThis.Array.isArray(message) ? message.map(String).join(" ") : String(message),
      cause: Cause.pretty(cause)
    })
  })
  return { logs, layer: Logger.replace(Logger.defaultLogger, logger) }
})

const takeLog = (logs: Queue.Queue<{ readonly level: string; readonly message: string; readonly cause: string }>, level: string) =>
  Queue.take(logs).pipe(Effect.repeat({ until: (log) => log.level === level }))

// -----------------------------------------------------------------------------
// verify
// -----------------------------------------------------------------------------

describe("Webhooks.verify", () => {
  it.effect("accepts the known vector, over raw bytes or a string", () =>
    Effect.gen(function*() {
      yield* atT0
      expect(sign(SECRET, T0, eventBody)).toBe(EVENT_SIGNATURE)
      const headers = { "x-zm-signature": EVENT_SIGNATURE, "x-zm-request-timestamp": String(T0) }
      const fromString = yield* Webhooks.verify({ headers, body: eventBody }, { secrets })
      expect(fromString).toStrictEqual({
        body: eventBody,
        timestamp: T0,
        requestId: Option.none(),
        trackingId: Option.none()
      })
      const bytes = new TextEncoder().encode(eventBody)
      const fromBytes = yield* Webhooks.verify({ headers, body: bytes }, { secrets })
      expect(fromBytes.body).toBe(bytes)
    }))

  it.effect("exposes x-zm-request-id and x-zm-trackingid", () =>
    Effect.gen(function*() {
      yield* atT0
      const verified = yield* Webhooks.verify(signedRequest(eventBody), { secrets })
      expect(verified.requestId).toStrictEqual(Option.some("req-1"))
      expect(verified.trackingId).toStrictEqual(Option.some("track-1"))
      expect(verified.timestamp).toBe(T0)
    }))

  it.effect("verifies the raw bytes, not the JSON they encode", () =>
    Effect.gen(function*() {
      yield* atT0
      // Non-ASCII content and insignificant whitespace: only the bytes as sent verify.
      const raw = ` { "event": "x.y", "event_ts": 1, "payload": { "name": "Zoë 👋" } }\r\n`
      const bytes = new TextEncoder().encode(raw)
      const request = signedRequest(bytes)
      yield* Webhooks.verify(request, { secrets })
      const reserialised = yield* verifyError({ ...request, body: JSON.stringify(JSON.parse(raw)) })
      expect(reserialised.reason).toBe("BadSignature")
    }))

  it.effect("rejects a tampered body", () =>
    Effect.gen(function*() {
      yield* atT0
      const request = signedRequest(eventBody)
      const tampered = yield* verifyError({ ...request, body: eventBody.replace("john.doe", "jane.doe") })
      expect(tampered.reason).toBe("BadSignature")
      const bytes = new TextEncoder().encode(eventBody)
      const flipped = Uint8Array.from(bytes)
      flipped[flipped.length - 2] ^= 1
      const byteError = yield* verifyError({ ...signedRequest(bytes), body: flipped })
      expect(byteError.reason).toBe("BadSignature")
    }))

  it.effect("rejects a signature made with another secret", () =>
    Effect.gen(function*() {
      yield* atT0
      const error = yield* verifyError(signedRequest(eventBody, { secret: WRONG_SECRET }))
      expect(error.reason).toBe("BadSignature")
    }))

  it.effect("rejects a signature over another timestamp", () =>
    Effect.gen(function*() {
      yield* atT0
      const request = signedRequest(eventBody, { timestamp: T0 - 1 })
      const error = yield* verifyError({
        ...request,
        headers: { ...request.headers, "x-zm-request-timestamp": String(T0) }
      })
      expect(error.reason).toBe("BadSignature")
    }))

  it.effect("reports each missing (or empty) header", () =>
    Effect.gen(function*() {
      yield* atT0
      const { headers } = signedRequest(eventBody)
      const withoutSignature = yield* verifyError({
        headers: { ...headers, "x-zm-signature": undefined },
        body: eventBody
      })
      expect(withoutSignature).toMatchObject({ reason: "MissingHeader", header: "x-zm-signature" })
      const withoutTimestamp = yield* verifyError({
        headers: { ...headers, "x-zm-request-timestamp": undefined },
        body: eventBody
      })
      expect(withoutTimestamp).toMatchObject({ reason: "MissingHeader", header: "x-zm-request-timestamp" })
      const emptySignature = yield* verifyError({ headers: { ...headers, "x-zm-signature": "" }, body: eventBody })
      expect(emptySignature).toMatchObject({ reason: "MissingHeader", header: "x-zm-signature" })
      const none = yield* verifyError({ headers: {}, body: eventBody })
      expect(none).toMatchObject({ reason: "MissingHeader", header: "x-zm-signature" })
    }))

  it.effect("rejects malformed signatures", () =>
    Effect.gen(function*() {
      yield* atT0
      const { headers } = signedRequest(eventBody)
      const hex = EVENT_SIGNATURE.slice(3)
      const malformed = [
        hex, // no "v0="
        `v1=${hex}`, // another scheme
        `v0=${hex.slice(0, 62)}`, // too short
        `v0=${hex}00`, // too long
        `v0=${hex.slice(0, 63)}g`, // not hex
        `v0=${hex}, v0=${hex}` // the header sent twice
      ]
      for (const signature of malformed) {
        const error = yield* verifyError({ headers: { ...headers, "x-zm-signature": signature }, body: eventBody })
        expect(error).toMatchObject({ reason: "MalformedSignature", header: "x-zm-signature" })
      }
    }))

  it.effect("rejects a malformed timestamp", () =>
    Effect.gen(function*() {
      yield* atT0
      for (const timestamp of ["soon", "1700000000.5", "-1700000000", "1.7e9"]) {
        const error = yield* verifyError({
          headers: { "x-zm-signature": sign(SECRET, timestamp, eventBody), "x-zm-request-timestamp": timestamp },
          body: eventBody
        })
        expect(error).toMatchObject({ reason: "MalformedTimestamp", header: "x-zm-request-timestamp" })
      }
    }))

  it.effect("accepts timestamps just inside the window, past and future, and rejects those just outside", () =>
    Effect.gen(function*() {
      const request = signedRequest(eventBody)
      const fiveMinutes = 5 * 60 * 1000
      for (const offset of [fiveMinutes, -fiveMinutes, 0]) {
        yield* TestClock.setTime(T0 * 1000 + offset)
        yield* Webhooks.verify(request, { secrets })
      }
      for (const offset of [fiveMinutes + 1, -(fiveMinutes + 1)]) {
        yield* TestClock.setTime(T0 * 1000 + offset)
        const error = yield* verifyError(request)
        expect(error).toMatchObject({ reason: "StaleTimestamp", timestamp: T0, toleranceMillis: fiveMinutes })
      }
    }))

  it.effect("honours a configured tolerance", () =>
    Effect.gen(function*() {
      const request = signedRequest(eventBody)
      const options = { secrets, tolerance: "30 seconds" } as const
      yield* TestClock.setTime(T0 * 1000 + 30_000)
      yield* Webhooks.verify(request, options)
      yield* TestClock.setTime(T0 * 1000 + 30_001)
      expect(yield* verifyError(request, options)).toMatchObject({ reason: "StaleTimestamp", toleranceMillis: 30_000 })
      yield* TestClock.setTime(T0 * 1000 - 30_001)
      expect(yield* verifyError(request, options)).toMatchObject({ reason: "StaleTimestamp" })
    }))

  it.effect("reads headers case-insensitively, from a record or a Fetch Headers", () =>
    Effect.gen(function*() {
      yield* atT0
      const signature = sign(SECRET, T0, eventBody)
      const mixedCase = yield* Webhooks.verify(
        {
          headers: { "X-Zm-Signature": signature, "X-ZM-REQUEST-TIMESTAMP": String(T0), "X-Zm-Request-Id": "r" },
          body: eventBody
        },
        { secrets }
      )
      expect(mixedCase.requestId).toStrictEqual(Option.some("r"))
      const fetchHeaders = new globalThis.Headers({ "X-ZM-Signature": signature, "X-ZM-Request-Timestamp": String(T0) })
      yield* Webhooks.verify({ headers: fetchHeaders, body: eventBody }, { secrets })
      const nodeArray = yield* Webhooks.verify(
        { headers: { "x-zm-signature": [signature], "x-zm-request-timestamp": [String(T0)] }, body: eventBody },
        { secrets }
      )
      expect(nodeArray.timestamp).toBe(T0)
    }))

  it.effect("accepts any listed secret while rotating, and rejects a removed one", () =>
    Effect.gen(function*() {
      yield* atT0
      const rotating = { secrets: [Redacted.make(SECRET), Redacted.make(OLD_SECRET)] } as const
      yield* Webhooks.verify(signedRequest(eventBody, { secret: OLD_SECRET }), rotating)
      yield* Webhooks.verify(signedRequest(eventBody, { secret: SECRET }), rotating)
      const removed = yield* verifyError(signedRequest(eventBody, { secret: OLD_SECRET }), { secrets })
      expect(removed.reason).toBe("BadSignature")
    }))

  it.effect("never puts a secret in an error's message, JSON, string or cause", () =>
    Effect.gen(function*() {
      yield* atT0
      const options = { secrets: [Redacted.make(SECRET), Redacted.make(OLD_SECRET)] } as const
      const { headers } = signedRequest(eventBody)
      const errors = [
        yield* verifyError({ headers: {}, body: eventBody }, options),
        yield* verifyError({ headers: { ...headers, "x-zm-signature": "v0=zz" }, body: eventBody }, options),
        yield* verifyError({ headers: { ...headers, "x-zm-request-timestamp": "later" }, body: eventBody }, options),
        yield* verifyError(signedRequest(eventBody, { secret: WRONG_SECRET }), options),
        yield* verifyError(signedRequest(eventBody, { timestamp: T0 - 3600 }), options)
      ]
      expect(errors.map((error) => error.reason)).toStrictEqual([
        "MissingHeader",
        "MalformedSignature",
        "MalformedTimestamp",
        "BadSignature",
        "StaleTimestamp"
      ])
      for (const error of errors) {
        expect(error._tag).toBe("WebhookSignatureError")
        expect(error.message.length).toBeGreaterThan(0)
        const renderings = [
          error.message,
          JSON.stringify(error),
          String(error),
          inspect(error, { depth: 10 }),
          Cause.pretty(Cause.fail(error))
        ]
        for (const rendering of renderings) {
          for (const secret of [SECRET, OLD_SECRET, WRONG_SECRET]) {
            expect(rendering).not.toContain(secret)
          }
        }
      }
      expect(String(options.secrets[0])).not.toContain(SECRET)
    }))
})

// -----------------------------------------------------------------------------
// decode
// -----------------------------------------------------------------------------

describe("Webhooks.decode", () => {
  it.effect("decodes bytes or a string into a notification", () =>
    Effect.gen(function*() {
      const fromBytes = yield* Webhooks.decode(new TextEncoder().encode(eventBody))
      expect(fromBytes).toStrictEqual({
        _tag: "ScheduledEventCreated",
        event: "scheduler.scheduled_event_created",
        eventTs: 1700000000123,
        payload: { accountId: "AAAAAABBBB", object: { inviteeEmail: "john.doe@example.com" } }
      })
      expect(yield* Webhooks.decode(eventBody)).toStrictEqual(fromBytes)
      const validation = yield* Webhooks.decode(validationBody)
      expect(validation._tag).toBe("EndpointUrlValidation")
      const unknown = yield* Webhooks.decode(`{"event":"scheduler.new_thing","event_ts":1,"payload":{"x":[1]}}`)
      expect(unknown).toStrictEqual({
        _tag: "UnknownWebhookEvent",
        event: "scheduler.new_thing",
        eventTs: 1,
        payload: { x: [1] }
      })
    }))

  it.effect("fails on bodies that are not JSON objects", () =>
    Effect.gen(function*() {
      expect((yield* Effect.flip(Webhooks.decode("not json"))).reason).toBe("InvalidJson")
      expect((yield* Effect.flip(Webhooks.decode(""))).reason).toBe("InvalidJson")
      expect((yield* Effect.flip(Webhooks.decode(Uint8Array.of(0x7b, 0xff, 0x7d)))).reason).toBe("InvalidJson")
      for (const body of ["[]", "null", "42", `"event"`]) {
        expect((yield* Effect.flip(Webhooks.decode(body))).reason).toBe("NotAnObject")
      }
    }))

  it.effect("fails on a known notification that does not match its schema", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Webhooks.decode(`{"event":"scheduler.scheduled_event_canceled","event_ts":"yesterday","payload":{}}`)
      )
      expect(error).toMatchObject({
        _tag: "WebhookDecodeError",
        reason: "InvalidEvent",
        event: "scheduler.scheduled_event_canceled"
      })
      expect(error.issue).toContain("event_ts")
      const noPlainToken = yield* Effect.flip(Webhooks.decode(`{"event":"endpoint.url_validation","payload":{}}`))
      expect(noPlainToken).toMatchObject({ reason: "InvalidEvent", event: "endpoint.url_validation" })
      const noEvent = yield* Effect.flip(Webhooks.decode(`{"payload":{}}`))
      expect(noEvent.reason).toBe("InvalidEvent")
      expect(noEvent.event).toBeUndefined()
    }))
})

// -----------------------------------------------------------------------------
// URL validation and configuration
// -----------------------------------------------------------------------------

describe("Webhooks.answerUrlValidation", () => {
  it.effect("hashes the plain token with the secret (known vector)", () =>
    Effect.gen(function*() {
      expect(yield* Webhooks.answerUrlValidation(PLAIN_TOKEN, { secrets })).toStrictEqual({
        plainToken: PLAIN_TOKEN,
        encryptedToken: ENCRYPTED_TOKEN
      })
      expect(createHmac("sha256", SECRET).update(PLAIN_TOKEN).digest("hex")).toBe(ENCRYPTED_TOKEN)
    }))

  it.effect("answers with the first (current) secret while rotating", () =>
    Effect.gen(function*() {
      const answer = yield* Webhooks.answerUrlValidation(PLAIN_TOKEN, {
        secrets: [Redacted.make(SECRET), Redacted.make(OLD_SECRET)]
      })
      expect(answer.encryptedToken).toBe(ENCRYPTED_TOKEN)
      const reversed = yield* Webhooks.answerUrlValidation(PLAIN_TOKEN, {
        secrets: [Redacted.make(OLD_SECRET), Redacted.make(SECRET)]
      })
      expect(reversed.encryptedToken).toBe(createHmac("sha256", OLD_SECRET).update(PLAIN_TOKEN).digest("hex"))
    }))
})

describe("Webhooks.secretsConfig", () => {
  const load = (env: Record<string, string>, name?: string) =>
    Effect.withConfigProvider(
      Effect.either(Webhooks.secretsConfig(name)),
      ConfigProvider.fromMap(new Map(Object.entries(env)))
    )

  it.effect("reads ZOOM_WEBHOOK_SECRET_TOKEN, comma-separated for rotation, as Redacted values", () =>
    Effect.gen(function*() {
      const single = yield* load({ ZOOM_WEBHOOK_SECRET_TOKEN: SECRET })
      expect(Either.map(single, (list) => list.map(Redacted.value))).toStrictEqual(Either.right([SECRET]))
      const rotating = yield* load({ ZOOM_WEBHOOK_SECRET_TOKEN: ` ${SECRET} , ${OLD_SECRET},` })
      const list = Either.getOrThrow(rotating)
      expect(list.map(Redacted.value)).toStrictEqual([SECRET, OLD_SECRET])
      expect(list.every(Redacted.isRedacted)).toBe(true)
      expect(String(list)).not.toContain(SECRET)
      const custom = yield* load({ MY_SECRET: OLD_SECRET }, "MY_SECRET")
      expect(Either.map(custom, (secrets) => secrets.map(Redacted.value))).toStrictEqual(Either.right([OLD_SECRET]))
    }))

  it.effect("fails when missing or empty, naming the variable", () =>
    Effect.gen(function*() {
      expect(Either.isLeft(yield* load({}))).toBe(true)
      const empty = yield* load({ ZOOM_WEBHOOK_SECRET_TOKEN: " , " })
      expect(Either.isLeft(empty)).toBe(true)
      if (Either.isLeft(empty)) {
        expect(String(empty.left)).toContain("ZOOM_WEBHOOK_SECRET_TOKEN")
      }
    }))
})

// -----------------------------------------------------------------------------
// handleRequest (framework-agnostic)
// -----------------------------------------------------------------------------

describe("Webhooks.handleRequest", () => {
  it.effect("answers URL validation with the exact JSON, after verifying it", () =>
    Effect.gen(function*() {
      yield* atT0
      let called = false
      const options = { secrets, handler: () => Effect.sync(() => void (called = true)) }
      const response = yield* Webhooks.handleRequest(signedRequest(validationBody), options)
      expect(response).toStrictEqual({
        status: 200,
        headers: { "content-type": "application/json" },
        body: `{"plainToken":"${PLAIN_TOKEN}","encryptedToken":"${ENCRYPTED_TOKEN}"}`
      })
      const unsigned = yield* Webhooks.handleRequest({ headers: {}, body: validationBody }, options)
      expect(unsigned.status).toBe(401)
      const forged = yield* Webhooks.handleRequest(signedRequest(validationBody, { secret: WRONG_SECRET }), options)
      expect(forged.status).toBe(401)
      expect(called).toBe(false)
    }))

  it.effect("hands a verified, decoded event and its delivery headers to the handler, then answers 200", () =>
    Effect.gen(function*() {
      yield* atT0
      const deliveries: Array<Webhooks.WebhookDelivery> = []
      const response = yield* Webhooks.handleRequest(signedRequest(eventBody), {
        secrets,
        handler: (delivery) => Effect.sync(() => void deliveries.push(delivery))
      })
      expect(response).toStrictEqual({
        status: 200,
        headers: { "content-type": "application/json" },
        body: `{"received":true}`
      })
      expect(deliveries).toHaveLength(1)
      expect(deliveries[0]).toStrictEqual({
        event: {
          _tag: "ScheduledEventCreated",
          event: "scheduler.scheduled_event_created",
          eventTs: 1700000000123,
          payload: { accountId: "AAAAAABBBB", object: { inviteeEmail: "john.doe@example.com" } }
        },
        requestId: Option.some("req-1"),
        trackingId: Option.some("track-1"),
        requestTimestamp: T0
      })
    }))

  it.effect("answers 401 with the reason, and never runs the handler, on a signature error", () =>
    Effect.gen(function*() {
      yield* atT0
      let called = false
      const options = { secrets, handler: () => Effect.sync(() => void (called = true)) }
      const request = signedRequest(eventBody)
      const tampered = yield* Webhooks.handleRequest({ ...request, body: `${eventBody} ` }, options)
      expect(tampered.status).toBe(401)
      expect(bodyJson(tampered)).toMatchObject({ error: "WebhookSignatureError", reason: "BadSignature" })
      expect(tampered.body).not.toContain(SECRET)
      const missing = yield* Webhooks.handleRequest({ headers: {}, body: eventBody }, options)
      expect(bodyJson(missing)).toMatchObject({ reason: "MissingHeader" })
      expect(missing.body).toContain("x-zm-signature")
      yield* TestClock.adjust("6 minutes")
      const stale = yield* Webhooks.handleRequest(request, options)
      expect(stale.status).toBe(401)
      expect(bodyJson(stale)).toMatchObject({ reason: "StaleTimestamp" })
      expect(called).toBe(false)
    }))

  it.effect("answers 400 to a signed body that is not a JSON object", () =>
    Effect.gen(function*() {
      yield* atT0
      const options = { secrets, handler: () => Effect.void }
      const notJson = yield* Webhooks.handleRequest(signedRequest("event=created"), options)
      expect(notJson.status).toBe(400)
      expect(bodyJson(notJson)).toMatchObject({ error: "WebhookDecodeError", reason: "InvalidJson" })
      const array = yield* Webhooks.handleRequest(signedRequest("[1,2]"), options)
      expect(array.status).toBe(400)
      expect(bodyJson(array)).toMatchObject({ reason: "NotAnObject" })
    }))

  it.effect("answers 500 and logs the cause when the handler fails or dies", () =>
    Effect.gen(function*() {
      yield* atT0
      const { layer, logs } = yield* captureLogs
      const failing = yield* Webhooks.handleRequest(signedRequest(eventBody), {
        secrets,
        handler: () => Effect.fail("database unavailable")
      }).pipe(Effect.provide(layer))
      expect(failing).toStrictEqual({
        status: 500,
        headers: { "content-type": "application/json" },
        body: `{"error":"HandlerFailed"}`
      })
      const failure = yield* takeLog(logs, "ERROR")
      expect(failure.message).toContain("Zoom webhook handler failed")
      expect(failure.cause).toContain("database unavailable")
      const dying = yield* Webhooks.handleRequest(signedRequest(eventBody), {
        secrets,
        handler: () => Effect.die(new Error("boom"))
      }).pipe(Effect.provide(layer))
      expect(dying.status).toBe(500)
      expect((yield* takeLog(logs, "ERROR")).cause).toContain("boom")
    }))
})

// -----------------------------------------------------------------------------
// httpApp, called in-process
// -----------------------------------------------------------------------------

/** The request's headers and body in the shapes `fetch` and `Request` take. */
const fetchHeaders = (request: Webhooks.WebhookRequest): Array<[string, string]> =>
  Object.entries(request.headers).flatMap(([name, value]): Array<[string, string]> =>
    typeof value === "string" ? [[name, value]] : []
  )

const fetchBody = (body: string | Uint8Array): string | Uint8Array<ArrayBuffer> =>
  typeof body === "string" ? body : new Uint8Array(body)

const toWebRequest = (request: Webhooks.WebhookRequest): Request =>
  new Request("http://localhost/zoom/webhooks", {
    method: "POST",
    headers: fetchHeaders(request),
    body: fetchBody(request.body)
  })

const callApp = <R>(app: Effect.Effect<HttpServerResponse.HttpServerResponse, never, R>, request: Webhooks.WebhookRequest) =>
  app.pipe(
    Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(toWebRequest(request))),
    Effect.flatMap((response) => {
      const web = HttpServerResponse.toWeb(response)
      return Effect.promise(async () => ({
        status: web.status,
        contentType: web.headers.get("content-type"),
        body: await web.text()
      }))
    })
  )

describe("Webhooks.httpApp", () => {
  it.effect("answers 200 before a slow handler finishes (background mode)", () =>
    Effect.gen(function*() {
      yield* atT0
      const gate = yield* Deferred.make<void>()
      const done = yield* Deferred.make<Webhooks.WebhookDelivery>()
      const app = Webhooks.httpApp({
        secrets,
        handler: (delivery) => Deferred.await(gate).pipe(Effect.zipRight(Deferred.succeed(done, delivery)))
      })
      const response = yield* callApp(app, signedRequest(eventBody))
      expect(response).toStrictEqual({ status: 200, contentType: "application/json", body: `{"received":true}` })
      expect(yield* Deferred.isDone(done)).toBe(false)
      yield* Deferred.succeed(gate, void 0)
      const delivery = yield* Deferred.await(done)
      expect(delivery.event._tag).toBe("ScheduledEventCreated")
      expect(delivery.requestId).toStrictEqual(Option.some("req-1"))
    }))

  it.effect("logs a failing background handler", () =>
    Effect.gen(function*() {
      yield* atT0
      const { layer, logs } = yield* captureLogs
      const app = Webhooks.httpApp({ secrets, handler: () => Effect.fail("handler exploded") })
      const response = yield* callApp(app, signedRequest(eventBody)).pipe(Effect.provide(layer))
      expect(response.status).toBe(200)
      const failure = yield* takeLog(logs, "ERROR")
      expect(failure.message).toContain("Zoom webhook handler failed")
      expect(failure.cause).toContain("handler exploded")
    }))

  it.effect("inline mode waits for the handler and answers 500 when it fails", () =>
    Effect.gen(function*() {
      yield* atT0
      const ok = yield* callApp(Webhooks.httpApp({ secrets, mode: "inline", handler: () => Effect.void }), signedRequest(eventBody))
      expect(ok.status).toBe(200)
      const failing = Webhooks.httpApp({ secrets, mode: "inline", handler: () => Effect.fail("no") })
      const response = yield* callApp(failing, signedRequest(eventBody)).pipe(Effect.provide(Logger.remove(Logger.defaultLogger)))
      expect(response).toStrictEqual({ status: 500, contentType: "application/json", body: `{"error":"HandlerFailed"}` })
    }))

  it.effect("runs background handlers in the given scope, interrupted when it closes", () =>
    Effect.gen(function*() {
      yield* atT0
      const scope = yield* Scope.make()
      const started = yield* Deferred.make<void>()
      const interrupted = yield* Deferred.make<void>()
      const app = Webhooks.httpApp({
        secrets,
        scope,
        handler: () =>
          Deferred.succeed(started, void 0).pipe(
            Effect.zipRight(Effect.never),
            Effect.onInterrupt(() => Deferred.succeed(interrupted, void 0))
          )
      })
      expect((yield* callApp(app, signedRequest(eventBody))).status).toBe(200)
      yield* Deferred.await(started)
      expect(yield* Deferred.isDone(interrupted)).toBe(false)
      yield* Scope.close(scope, Exit.void)
      yield* Deferred.await(interrupted)
    }))

  it.effect("answers 400 when the body cannot be read", () =>
    Effect.gen(function*() {
      yield* atT0
      const broken = new Request("http://localhost/zoom/webhooks", {
        method: "POST",
        headers: fetchHeaders(signedRequest(eventBody)),
        body: new ReadableStream({
          pull: (controller) => controller.error(new Error("connection reset"))
        }),
        duplex: "half"
      } as RequestInit)
      const response = yield* Webhooks.httpApp({ secrets, handler: () => Effect.void }).pipe(
        Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(broken)),
        Effect.provide(Logger.remove(Logger.defaultLogger))
      )
      expect(response.status).toBe(400)
    }))

  it.effect("answers URL validation, 401 and 400 like handleRequest", () =>
    Effect.gen(function*() {
      yield* atT0
      const app = Webhooks.httpApp({ secrets, handler: () => Effect.void })
      const validation = yield* callApp(app, signedRequest(validationBody))
      expect(validation.status).toBe(200)
      expect(JSON.parse(validation.body)).toStrictEqual({ plainToken: PLAIN_TOKEN, encryptedToken: ENCRYPTED_TOKEN })
      const forged = yield* callApp(app, signedRequest(eventBody, { secret: WRONG_SECRET }))
      expect(forged.status).toBe(401)
      expect(JSON.parse(forged.body)).toMatchObject({ reason: "BadSignature" })
      const notJson = yield* callApp(app, signedRequest("<xml/>"))
      expect(notJson.status).toBe(400)
    }))
})

// -----------------------------------------------------------------------------
// httpApp over a real loopback server
// -----------------------------------------------------------------------------

describe("Webhooks.httpApp over HTTP", () => {
  it.live("serves Zoom's requests on a real loopback server", () =>
    Effect.gen(function*() {
      const received = yield* Queue.unbounded<Webhooks.WebhookDelivery>()
      const router = HttpRouter.empty.pipe(
        HttpRouter.post(
          "/zoom/webhooks",
          Webhooks.httpApp({ secrets, handler: (delivery) => Queue.offer(received, delivery) })
        )
      )
      const server = HttpServer.serve(router).pipe(
        Layer.provideMerge(NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" }))
      )

      yield* Effect.gen(function*() {
        const { address } = yield* HttpServer.HttpServer
        if (address._tag !== "TcpAddress") throw new Error("expected a TCP address")
        const url = `http://127.0.0.1:${address.port}/zoom/webhooks`
        const post = (request: Webhooks.WebhookRequest) =>
          Effect.promise(async () => {
            const response = await fetch(url, {
              method: "POST",
              headers: fetchHeaders(request),
              body: fetchBody(request.body),
              signal: AbortSignal.timeout(5_000)
            })
            return { status: response.status, body: await response.text() }
          })
        const now = Math.floor(Date.now() / 1000)

        const validation = yield* post(signedRequest(validationBody, { timestamp: now }))
        expect(validation.status).toBe(200)
        expect(JSON.parse(validation.body)).toStrictEqual({ plainToken: PLAIN_TOKEN, encryptedToken: ENCRYPTED_TOKEN })

        const forged = yield* post(signedRequest(eventBody, { timestamp: now, secret: WRONG_SECRET }))
        expect(forged.status).toBe(401)
        expect(JSON.parse(forged.body)).toMatchObject({ error: "WebhookSignatureError", reason: "BadSignature" })

        const unsigned = yield* post({ headers: { "content-type": "application/json" }, body: eventBody })
        expect(unsigned.status).toBe(401)

        const stale = yield* post(signedRequest(eventBody, { timestamp: now - 3600 }))
        expect(stale.status).toBe(401)
        expect(JSON.parse(stale.body)).toMatchObject({ reason: "StaleTimestamp" })

        const notJson = yield* post(signedRequest("definitely not json", { timestamp: now }))
        expect(notJson.status).toBe(400)

        const accepted = yield* post(
          signedRequest(eventBody, { timestamp: now, headers: { "x-zm-request-id": "loopback-1" } })
        )
        expect(accepted).toStrictEqual({ status: 200, body: `{"received":true}` })

        const delivery = yield* Queue.take(received).pipe(Effect.timeoutFail({
          duration: "5 seconds",
          onTimeout: () => new Error("the handler did not receive the event")
        }))
        expect(delivery.event).toMatchObject({
          _tag: "ScheduledEventCreated",
          payload: { object: { inviteeEmail: "john.doe@example.com" } }
        })
        expect(delivery.requestId).toStrictEqual(Option.some("loopback-1"))
        expect(delivery.requestTimestamp).toBe(now)
        // Only the accepted request reached the handler.
        expect(yield* Queue.size(received)).toBe(0)
      }).pipe(Effect.provide(server))
    }))

  it.live("the plain function fits a framework's raw request (node:http)", () =>
    Effect.gen(function*() {
      const received = yield* Queue.unbounded<string>()
      // A bare node:http server standing in for Express/Fastify: raw body in, response description out.
      const nodeServer = createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          Effect.runPromise(Webhooks.handleRequest(
            { headers: req.headers, body: Buffer.concat(chunks) },
            { secrets, handler: ({ event }) => Queue.offer(received, event.event) }
          )).then((response) => {
            res.writeHead(response.status, response.headers).end(response.body)
          })
        })
      })
      yield* Effect.acquireRelease(
        Effect.async<number>((resume) => {
          nodeServer.listen(0, "127.0.0.1", () => {
            const address = nodeServer.address()
            resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 0))
          })
        }),
        () => Effect.async<void>((resume) => void nodeServer.close(() => resume(Effect.void)))
      ).pipe(
        Effect.flatMap((port) =>
          Effect.promise(async () => {
            const now = Math.floor(Date.now() / 1000)
            const request = signedRequest(eventBody, { timestamp: now })
            const response = await fetch(`http://127.0.0.1:${port}/`, {
              method: "POST",
              headers: fetchHeaders(request),
              body: eventBody,
              signal: AbortSignal.timeout(5_000)
            })
            return { status: response.status, type: response.headers.get("content-type"), body: await response.text() }
          })
        ),
        Effect.scoped,
        Effect.tap((response) =>
          Effect.sync(() =>
            expect(response).toStrictEqual({ status: 200, type: "application/json", body: `{"received":true}` })
          )
        )
      )
      expect(yield* Queue.take(received)).toBe("scheduler.scheduled_event_created")
    }))
})
