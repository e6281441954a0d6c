/**
 * The README's observability recipe, run: the client's spans and metrics
 * exported with `@effect/opentelemetry`'s `Otlp.layerJson` to a collector of
 * our own on loopback (node:http, OTLP/HTTP JSON). The token never travels to
 * the collector.
 */
import { Otlp } from "@effect/opentelemetry"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
import { FakeZoom } from "@effect-zoom/scheduler-testing"
import { Effect, Layer, Redacted } from "effect"
import * as http from "node:http"
import type { AddressInfo } from "node:net"

const token = "otlp-test-access-token-7f3a9c"

/** An OTLP/HTTP collector on loopback: every POST body, by path. */
const collector = Effect.acquireRelease(
  Effect.async<{ readonly url: string; readonly received: Map<string, Array<string>>; readonly server: http.Server }>(
    (resume) => {
      const received = new Map<string, Array<string>>()
      const server = http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const path = req.url ?? "/"
          received.set(path, [...(received.get(path) ?? []), Buffer.concat(chunks).toString("utf8")])
          res.writeHead(200, { "content-type": "application/json" }).end("{}")
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, received, server }))
      })
    }
  ),
  ({ server }) =>
    Effect.async<void>((resume) => {
      server.close(() => resume(Effect.void))
    })
)

describe("observability over OTLP (the README's recipe)", () => {
  it.live("spans and metrics reach an OTLP collector; no token among them", () =>
    Effect.gen(function*() {
      const { received, url } = yield* collector
      const Observability = Otlp.layerJson({
        baseUrl: url,
        resource: { serviceName: "otlp-test" },
        metricsExportInterval: "1 hour", // the last batch is flushed when the layer's scope closes
        tracerExportInterval: "1 hour"
      }).pipe(Layer.provide(FetchHttpClient.layer))
      const ZoomTest = ZoomScheduler.layer().pipe(
        Layer.provide(FakeZoom.layer({ seed: { users: 1, events: 40 } })),
        Layer.provide(Credentials.bearer(Redacted.make(token)))
      )
      yield* Effect.gen(function*() {
        const zoom = yield* ZoomScheduler.ZoomScheduler
        yield* zoom.users.get("me")
        yield* zoom.events.list()
        yield* Effect.flip(zoom.events.get("no-such-event"))
      }).pipe(Effect.provide(Layer.merge(ZoomTest, Observability)), Effect.scoped)

      const traces = (received.get("/v1/traces") ?? []).join("\n")
      const metrics = (received.get("/v1/metrics") ?? []).join("\n")
      expect(traces).toContain("ZoomScheduler.users.get")
      expect(traces).toContain("ZoomScheduler.events.list")
      expect(traces).toContain("otlp-test")
      expect(metrics).toContain("zoom_scheduler_requests")
      expect(metrics).toContain("zoom_scheduler_request_duration_ms")
      expect(metrics).toContain("events.get")
      for (const body of [traces, metrics]) expect(body).not.toContain(token)
    }).pipe(Effect.scoped))
})
