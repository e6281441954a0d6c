/**
 * The three views of a paginated list operation: one page (`list`), its
 * pages as a Stream (`pages`) and its items as a Stream (`stream`).
 *
 * @internal
 */
import type { Stream } from "effect"
import { Effect } from "effect"
import type { Page } from "../../Page.js"
import type { Call, Executor, Operation, OperationError } from "../executor.js"
import type { ValidationError } from "../../Errors.js"
import { items, pages, toPage } from "../pagination.js"

interface WirePage<A> {
  readonly items: ReadonlyArray<A>
  readonly nextPageToken?: string
}

export interface Listing<A, Q, E> {
  readonly list: (query?: Q) => Effect.Effect<Page<A>, E>
  readonly pages: (query?: Q) => Stream.Stream<Page<A>, E>
  readonly stream: (query?: Q) => Stream.Stream<A, E>
}

export const listing = <A, Q extends { readonly userId?: string; readonly nextPageToken?: string }>(
  exec: Executor,
  op: Operation<WirePage<A>>,
  path: string,
  encodeQuery: (query: Q, validate: boolean) => Effect.Effect<Readonly<Record<string, string | number | boolean>>, ValidationError>
): Listing<A, Q, OperationError> => {
  const call = (query: Q) =>
    Effect.map(encodeQuery(query, exec.options.validation), (urlParams): Call => ({
      path,
      urlParams,
      body: undefined,
      subject: query.userId ?? "me"
    }))
  const list = (query: Q = {} as Q) => Effect.map(exec.run(op, call(query)), toPage)
  // the answer's bytes now, the page when the stream's consumer reaches it
  const fetchAhead = (query: Q) => Effect.map(exec.runDeferred(op, call(query)), Effect.map(toPage))
  const pageStream = (query: Q = {} as Q) => pages(op.name, list, query)
  return {
    list,
    pages: pageStream,
    stream: (query: Q = {} as Q) => items(op.name, list, fetchAhead, query, exec.options.pagePrefetch)
  }
}
