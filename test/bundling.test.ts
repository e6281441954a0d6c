/**
 * Bundling, as the README's "Bundling" section says to do it: a minimal
 * program (sign in with a token, `users.get("me")`) bundled and minified by
 * esbuild for the browser (`FetchHttpClient`) and for Node as ES modules
 * (`NodeTransport`), each run against the loopback fake. The browser bundle
 * runs in a `node:vm` realm whose only globals are the web platform's (no
 * `Buffer`, `process`, `require`); the full browser run is the chromium line
 * of `pnpm test:runtimes`.
 */
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as vm from "node:vm"
import { fileURLToPath, pathToFileURL } from "node:url"
import { gzipSync } from "node:zlib"
import { describe, expect, it } from "@effect/vitest"
import { FakeZoom } from "@effect-zoom/scheduler-testing"
import * as esbuild from "esbuild"
import { Effect } from "effect"

/** The globals a browser and a Worker share, as Node provides them. */
const webGlobals = [
  "fetch", "Request", "Response", "Headers", "FormData", "Blob", "URL", "URLSearchParams", "AbortController",
  "AbortSignal", "TextEncoder", "TextDecoder", "ReadableStream", "WritableStream", "TransformStream", "crypto",
  "console", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "queueMicrotask", "structuredClone",
  "performance", "Event", "EventTarget", "DOMException", "atob", "btoa"
]

const root = fileURLToPath(new URL("..", import.meta.url))
const token = "bundle-token"

/** The README's esbuild settings; `source` only makes the test independent of `pnpm build`. */
const bundle = (entry: string | esbuild.StdinOptions, options: esbuild.BuildOptions) =>
  Effect.promise(() =>
    esbuild.build({
      ...(typeof entry === "string" ? { entryPoints: [path.join(root, "test", "bundling", entry)] } : { stdin: entry }),
      bundle: true,
      minify: true,
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
      conditions: ["source", "module"],
      ...options
    })
  ).pipe(
    Effect.map((result) => {
      const code = result.outputFiles![0]!.contents
      const output = Object.values(result.metafile!.outputs)[0]!
      return {
        code,
        gzip: gzipSync(code).length,
        inputs: Object.keys(result.metafile!.inputs),
        imports: output.imports.map((i) => i.path)
      }
    })
  )

/** Runs `script` (ES module source) in a fresh Node process, in `dir`; its stdout. */
const node = (dir: string, script: string) =>
  Effect.async<string, Error>((resume) => {
    execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: dir, timeout: 30_000 }, (error, stdout, stderr) =>
      resume(error ? Effect.fail(new Error(`${error.message}\n${stderr}`)) : Effect.succeed(stdout.trim())))
  })

const tempDir = Effect.acquireRelease(
  Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "zoom-bundle-"))),
  (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
)

/** The fake, and the display name of the token's user as the fake answers it. */
const fake = Effect.gen(function*() {
  const served = yield* FakeZoom.serve({ port: 0, tokens: [token] })
  const me = yield* Effect.promise(() =>
    fetch(`${served.url}/v2/scheduler/users/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
      r.json() as Promise<{ display_name: string }>
    )
  )
  return { baseUrl: `${served.url}/v2`, displayName: me.display_name }
})

describe("bundling a minimal program with esbuild", () => {
  it.scopedLive("for the browser (FetchHttpClient): no node: module, no undici; runs with web globals only", () =>
    Effect.gen(function*() {
      const { baseUrl, displayName } = yield* fake
      const built = yield* bundle("fetch.ts", { platform: "browser" })
      expect(built.imports).toStrictEqual([])
      expect(built.inputs.filter((input) => /undici|node:|scheduler-node/.test(input))).toStrictEqual([])
      expect(built.gzip).toBeLessThan(300 * 1024)

      // a realm of its own whose globals are the web platform's, taken from Node: no Buffer, process, require
      const context = vm.createContext(Object.fromEntries(webGlobals.map((name) => [name, Reflect.get(globalThis, name)])))
      const iife = yield* bundle("fetch.ts", { platform: "browser", format: "iife", globalName: "Minimal" })
      new vm.Script(new TextDecoder().decode(iife.code)).runInContext(context)
      expect(vm.runInContext("[typeof Buffer, typeof process, typeof require, typeof global].join()", context)).toBe(
        "undefined,undefined,undefined,undefined"
      )
      const minimal = context["Minimal"] as { run: (baseUrl: string, token: string) => Promise<string | undefined> }
      expect(yield* Effect.promise(() => minimal.run(baseUrl, token))).toBe(displayName)
      console.log(`minimal program, FetchHttpClient, browser: ${built.code.length} B minified, ${built.gzip} B gzip`)
    }), 60_000)

  it.scopedLive("for Node as ES modules (NodeTransport, undici inlined): runs", () =>
    Effect.gen(function*() {
      const { baseUrl, displayName } = yield* fake
      const built = yield* bundle("node.ts", {
        platform: "node",
        // undici calls require() for Node's modules: give the ES module bundle one
        banner: { js: `import { createRequire } from "node:module"; const require = createRequire(import.meta.url);` }
      })
      expect(built.inputs.some((input) => input.includes("undici"))).toBe(true)
      expect(built.imports.every((i) => i.startsWith("node:") || !i.includes("/"))).toBe(true)

      const dir = yield* tempDir
      fs.writeFileSync(path.join(dir, "node.mjs"), built.code)
      const output = yield* node(
        dir,
        `const { run } = await import(${JSON.stringify(pathToFileURL(path.join(dir, "node.mjs")).href)})
         console.log(JSON.stringify(await run(${JSON.stringify(baseUrl)}, ${JSON.stringify(token)})))`
      )
      expect(JSON.parse(output)).toBe(displayName)
      console.log(`minimal program, NodeTransport, node esm: ${built.code.length} B minified, ${built.gzip} B gzip`)
    }), 60_000)

  it.live("the test kit's Stub, alone, for the browser: no node: module; runs with web globals only", () =>
    Effect.gen(function*() {
      const contents = `
        import { ZoomScheduler } from "@effect-zoom/scheduler"
        import * as Stub from "@effect-zoom/scheduler-testing/Stub"
        import { Effect } from "effect"
        export const run = () => Effect.runPromise(Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.list()).pipe(
          Effect.map((page) => page.items.length),
          Effect.provide(Stub.layer({ events: { list: () => Effect.succeed(Stub.page([{}, {}])) } }))
        ))`
      const built = yield* bundle({ contents, resolveDir: path.join(root, "test"), loader: "ts" }, {
        platform: "browser",
        format: "iife",
        globalName: "StubProgram"
      })
      expect(built.inputs.filter((input) => /undici|node:|FakeZoom|scheduler-testing\/src\/internal/.test(input))).toStrictEqual([])
      const context = vm.createContext(Object.fromEntries(webGlobals.map((name) => [name, Reflect.get(globalThis, name)])))
      new vm.Script(new TextDecoder().decode(built.code)).runInContext(context)
      const program = context["StubProgram"] as { run: () => Promise<number> }
      expect(yield* Effect.promise(() => program.run())).toBe(2)
    }), 60_000)
})
