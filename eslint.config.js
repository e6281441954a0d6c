import js from "@eslint/js"
import tseslint from "typescript-eslint"

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "bench/results/**", "**/*.d.ts", "test/.docs-blocks/**", "packages/*/docs/**", "**/.tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly" }
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-namespace": "off",
      "@typescript-eslint/no-empty-object-type": "off",
      "require-yield": "off"
    }
  },
  {
    // Inside the library, modules are imported one by one ("effect/Effect", "@effect/platform/HttpClient"):
    // the barrels load every module of the package, which costs cold start and memory in users' processes.
    files: ["packages/scheduler/src/**/*.ts", "packages/scheduler-node/src/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        paths: [
          { name: "effect", message: "Import the module itself, e.g. `import * as Effect from \"effect/Effect\"`.", allowTypeImports: true },
          { name: "@effect/platform", message: "Import the module itself, e.g. `import * as HttpClient from \"@effect/platform/HttpClient\"`.", allowTypeImports: true }
        ]
      }]
    }
  },
  {
    // CommonJS consumer programs (scripts/check-packages.mjs runs them against the packed packages)
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable" } },
    rules: { "@typescript-eslint/no-require-imports": "off" }
  }
)
