/**
 * A synchronous look at the access token a call would get, for credentials
 * that can tell without running anything: a fixed bearer token, or a cached
 * one that is still fresh. The executor asks it first and runs the
 * credentials' `accessToken` effect (under the operation's span, since it
 * may refresh) only when it answers nothing. Credentials written by users
 * have no peek and always go through their effect.
 *
 * @internal
 */
import type { AccessToken } from "../Credentials.js"

/** The token usable at `nowMillis` (the fiber's clock), or `undefined` when only the effect can tell. */
export type Peek = (nowMillis: number) => AccessToken | undefined

const peeks = new WeakMap<object, Peek>()

/** Attaches `peek` to a credentials object (the service value itself). */
export const withPeek = <C extends object>(credentials: C, peek: Peek): C => {
  peeks.set(credentials, peek)
  return credentials
}

/** The peek of a credentials object, if it has one. */
export const peekOf = (credentials: object): Peek | undefined => peeks.get(credentials)
