// Builds the package in the current folder the way Effect 3's own packages ship:
//
//   dist/esm/    ES modules (tsc), with source maps
//   dist/dts/    type declarations for `import` (the package is "type": "module")
//   dist/cjs/    CommonJS (esbuild, one file per module), with a package.json
//                {"type": "commonjs"} and a copy of the declarations, so that
//                `require` gets CommonJS-flavoured types
//   dist/guard/  the entry point for `import` under the "node" condition (Node,
//                Deno, Bun; see effectGuard.mjs): checks that effect 3 is
//                installed, then loads dist/esm
//
// Usage: `node ../../scripts/build-package.mjs` from a package folder.
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import * as esbuild from "esbuild"
import { cjsGuard, esmGuard, guardedEntry } from "./effectGuard.mjs"

const root = process.cwd()
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
const dist = path.join(root, "dist")

const walk = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    return entry.isDirectory() ? walk(file) : [file]
  })

/** The public modules: the keys of the exports map, "." being index. */
const publicModules = Object.keys(pkg.publishConfig.exports)
  .filter((key) => key !== "./package.json")
  .map((key) => (key === "." ? "index" : key.slice(2)))

fs.rmSync(dist, { recursive: true, force: true })

// 1. ESM and declarations
const tsc = path.join(path.dirname(fileURLPath(import.meta.resolve("typescript/package.json"))), "bin", "tsc")
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" })

// 2. CommonJS, module by module, from the ESM output (same code, other module format)
const esmFiles = walk(path.join(dist, "esm")).filter((file) => file.endsWith(".js"))
await esbuild.build({
  // bin.js is a command, run by the bin shim as ESM: it has no CommonJS form
  entryPoints: esmFiles.filter((file) => path.relative(path.join(dist, "esm"), file) !== "bin.js"),
  outdir: path.join(dist, "cjs"),
  outbase: path.join(dist, "esm"),
  format: "cjs",
  platform: "neutral",
  target: "es2022",
  bundle: false,
  logLevel: "warning"
})
fs.writeFileSync(path.join(dist, "cjs", "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`)
for (const file of walk(path.join(dist, "dts"))) {
  // dist/cjs sits as deep as dist/dts: the declaration maps' relative paths to src/ hold
  if (!file.endsWith(".d.ts") && !file.endsWith(".d.ts.map")) continue
  const target = path.join(dist, "cjs", path.relative(path.join(dist, "dts"), file))
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.copyFileSync(file, target)
}

// 3. The effect 3 check: first thing each public CommonJS module requires, and
//    the guarded ESM entry points.
fs.mkdirSync(path.join(dist, "guard"), { recursive: true })
fs.writeFileSync(path.join(dist, "cjs", "effectGuard.js"), cjsGuard(pkg.name))
fs.writeFileSync(path.join(dist, "guard", "effectGuard.js"), esmGuard(pkg.name))
for (const name of publicModules) {
  const cjs = path.join(dist, "cjs", `${name}.js`)
  const code = fs.readFileSync(cjs, "utf8")
  const relative = path.relative(path.dirname(cjs), path.join(dist, "cjs", "effectGuard.js")).replaceAll(path.sep, "/")
  const guardLine = `require(${JSON.stringify(relative.startsWith(".") ? relative : `./${relative}`)});\n`
  fs.writeFileSync(cjs, code.startsWith("\"use strict\";\n") ? `"use strict";\n${guardLine}${code.slice(14)}` : guardLine + code)

  // The names each module exports, read from the module itself (effect 3 is installed here).
  const names = Object.keys(await import(pathToFileURL(path.join(dist, "esm", `${name}.js`)).href))
  const entry = path.join(dist, "guard", `${name}.js`)
  fs.mkdirSync(path.dirname(entry), { recursive: true })
  fs.writeFileSync(entry, guardedEntry(path.relative(path.dirname(entry), path.join(dist, "esm", `${name}.js`)), names, path.relative(path.dirname(entry), path.join(dist, "guard", "effectGuard.js"))))
}

function fileURLPath(url) {
  return new URL(url).pathname
}
