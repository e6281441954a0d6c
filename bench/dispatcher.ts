/**
 * One HTTP stack for every contender.
 *
 * Loading undici 7 (a dependency of `@effect-zoom/scheduler`, loaded by its
 * `NodeTransport` layer when built) registers its `Agent` as the global
 * dispatcher, which Node's own `fetch` then uses. The measuring process and
 * every stream child load it first, so that all contenders, raw `fetch`
 * included, run on the same HTTP stack.
 */
import { createRequire } from "node:module"

const fromScheduler = createRequire(new URL("../packages/scheduler/package.json", import.meta.url))

/** Installs undici's global dispatcher (idempotent); returns undici's version. */
export const useSharedDispatcher = (): string => {
  fromScheduler("undici")
  return (fromScheduler("undici/package.json") as { readonly version: string }).version
}
