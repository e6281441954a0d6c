import { defineConfig } from "vitest/config"
import base from "./vitest.config.js"

// The timing-bound multi-process scenarios (4 worker processes on one Redis,
// a sustained rate measured within 5%): one file at a time, after `vitest run`
// has finished, so no other test file competes for the CPU.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["packages/*/test/**/*.serial.test.ts", "test/**/*.serial.test.ts"],
    exclude: ["**/node_modules/**"],
    fileParallelism: false
  }
})
