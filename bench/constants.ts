/**
 * Values the loopback server and the contenders agree on.
 */

/** The bearer token the server accepts in the bearer scenarios. */
export const BEARER_TOKEN = "bench-access-token"

/** The access token that is already expired when the OAuth scenario starts; the server answers it 401/124. */
export const EXPIRED_ACCESS_TOKEN = "bench-expired-access-token"

/** The page size of every events scenario. */
export const PAGE_SIZE = 300

/** The `display_name` of the served user, checked by every contender. */
export const DISPLAY_NAME = "Bench User"

/** The `search` value that selects the finite list of `total` events. */
export const streamSearch = (total: number): string => `stream:${total}`

/** The `search` value that selects the finite list of `total` events whose pages the server delays (`--page-delay`). */
export const pacedSearch = (total: number): string => `paced:${total}`

/** The contenders of the cold-start scenario (see `coldMain.ts`). */
export const coldContenders = ["undici", "fetch", "effect-zoom", "effect-zoom/modules"] as const
