/**
 * `pnpm --filter @effect-zoom/scheduler codegen`: writes the generated
 * response decoders (see `responseDecoders.ts`).
 */
import { writeFileSync } from "node:fs"
import { generate, generatedPath } from "./responseDecoders.js"

const target = new URL(`../${generatedPath}`, import.meta.url)
writeFileSync(target, generate())
console.log(`wrote ${generatedPath}`)
