import { defineConfig } from "vitest/config"

// "source" resolves workspace packages to their TypeScript sources, so tests
// never need a prior build.
export default defineConfig({
  resolve: {
    conditions: ["source", "module", "browser", "development|production"]
  },
  ssr: {
    resolve: {
      conditions: ["source", "node", "module", "development|production"],
      externalConditions: ["source"]
    }
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.ts"],
    // Timing-bound multi-process scenarios run alone, after the rest (vitest.serial.config.ts):
    // sharing 2 cores with the other files stalls their workers and breaks the rate they measure.
    exclude: ["**/node_modules/**", "**/*.serial.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"]
  }
})
