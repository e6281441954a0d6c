/**
 * One HTTP stack for every contender.
 *
 * Loading undici 7 (the version `@effect-zoom/scheduler-node` depends on, and
 * the bench's `undici` contender uses) registers its `Agent` as the global
 * dispatcher, which Node's own `fetch` then uses. The measuring process and
 * every stream child load it first, so that all contenders, raw `fetch`
 * included, run on the same HTTP stack. (The cold-start children do not:
 * there each contender loads exactly what an application would.)
 */
import { createRequire } from "node:module"

const fromBench = createRequire(import.meta.url)

/** Installs undici's global dispatcher (idempotent); returns undici's version. */
export const useSharedDispatcher = (): string => {
  fromBench("undici")
  return (fromBench("undici/package.json") as { readonly version: string }).version
}
