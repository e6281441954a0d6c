/**
 * The core is platform-neutral: bundled for the browser, its module graph
 * reaches no `node:` module (nor a bare Node builtin) and no undici. The Node
 * transport and the file token store live in @effect-zoom/scheduler-node.
 */
import { describe, expect, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import { fileURLToPath } from "node:url"

const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url))

const nodeOnly = /^(node:|undici(\/|$))/

const bundle = async (entryPoint: string) => {
  const reached: Array<string> = []
  const result = await esbuild.build({
    entryPoints: [entryPoint],
    bundle: true,
    platform: "browser",
    // workspace packages from their sources, as the tests see them (no build needed)
    conditions: ["source", "module"],
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [{
      name: "record-node-imports",
      setup(build) {
        build.onResolve({ filter: nodeOnly }, (args) => {
          reached.push(`${args.importer.replace(/^.*\/packages\/scheduler\//, "")} ${args.path}`)
          return { path: args.path, external: true }
        })
      }
    }]
  })
  return { reached, inputs: Object.keys(result.metafile.inputs) }
}

describe("the core bundled for the browser", () => {
  it("reaches no node: module and no undici", async () => {
    const { inputs, reached } = await bundle(entry)
    expect(inputs.some((input) => input.endsWith("src/ZoomScheduler.ts"))).toBe(true)
    expect(reached).toEqual([])
    expect(inputs.filter((input) => /undici/.test(input))).toEqual([])
  }, 60_000)

  it("the check itself fails on a node: import", async () => {
    // A module of the Node package: the same bundle of it must report its node: imports.
    const nodeEntry = fileURLToPath(new URL("../../scheduler-node/src/NodeTokenStore.ts", import.meta.url))
    const { reached } = await bundle(nodeEntry)
    expect(reached.some((edge) => edge.endsWith(" node:path"))).toBe(true)
  }, 60_000)
})
