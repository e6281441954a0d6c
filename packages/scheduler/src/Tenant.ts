/**
 * The installation (tenant) a call is made for, chosen per call or per region
 * of a program, with one client serving them all.
 *
 * A Marketplace app is installed by many Zoom users on many accounts. Each
 * installation has its own rotating refresh token; each Zoom account has one
 * rate budget, shared by all its installations. Instead of building a client
 * layer per installation, the tenant travels with the call: the {@link Tenant}
 * reference is read by multi-tenant credentials
 * (`TenantCredentials.refreshToken`) and rate budgets (`RateBudget`), and set by
 * {@link provide} (around any effect) or {@link forTenant} (a whole service
 * bound to one tenant).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Tenant, ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const program = Effect.gen(function*() {
 *   const zoom = yield* ZoomScheduler.ZoomScheduler
 *   const forAnn = Tenant.forTenant(zoom, { id: "inst-1", accountId: "acct-A" })
 *   return yield* forAnn.users.get("me")
 * })
 * ```
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { Plan } from "./RateLimit.js"

/**
 * An installation: whose tokens a call uses and whose account's budget it
 * spends.
 *
 * @example
 * ```ts
 * import type { Tenant } from "@effect-zoom/scheduler"
 *
 * const ann: Tenant.TenantInfo = { id: "inst-1", accountId: "acct-A", plan: "pro" }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface TenantInfo {
  /** The installation's id: the key of its token set. */
  readonly id: string
  /** The Zoom account it belongs to: the key of its rate budget. Default: `id`. */
  readonly accountId?: string | undefined
  /** The account's plan, for rate budgets that take limits per plan. */
  readonly plan?: Plan | undefined
}

/**
 * The tenant of the current fiber, `None` outside any {@link provide}.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Tenant } from "@effect-zoom/scheduler"
 *
 * const who = Effect.map(Tenant.Tenant, Option.map((t) => t.id))
 * ```
 *
 * @since 0.2.0
 * @category tags
 */
export class Tenant extends Context.Reference<Tenant>()("@effect-zoom/scheduler/Tenant", {
  defaultValue: (): Option.Option<TenantInfo> => Option.none()
}) {}

/**
 * A tenant from its id or its full description.
 *
 * @since 0.2.0
 * @category models
 */
export type TenantInput = string | TenantInfo

const normalize = (tenant: TenantInput): TenantInfo => typeof tenant === "string" ? { id: tenant } : tenant

/**
 * The account of a tenant: its `accountId`, else its id.
 *
 * @example
 * ```ts
 * import { Tenant } from "@effect-zoom/scheduler"
 *
 * Tenant.accountOf({ id: "inst-1", accountId: "acct-A" }) // "acct-A"
 * ```
 *
 * @since 0.2.0
 * @category accessors
 */
export const accountOf = (tenant: TenantInfo): string => tenant.accountId ?? tenant.id

/**
 * Runs `effect` for `tenant`: every call inside uses its tokens and its
 * account's budget (forked fibers included).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Tenant, ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const me = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me")).pipe(
 *   Tenant.provide({ id: "inst-1", accountId: "acct-A" })
 * )
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const provide = (tenant: TenantInput) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.provideService(effect, Tenant, Option.some(normalize(tenant)))

/**
 * {@link provide} for a stream: pulling it runs for `tenant`.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Tenant, ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const events = Stream.unwrap(Effect.map(ZoomScheduler.ZoomScheduler, (zoom) => zoom.events.stream())).pipe(
 *   Tenant.provideStream("inst-1")
 * )
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const provideStream = (tenant: TenantInput) => <A, E, R>(stream: Stream.Stream<A, E, R>): Stream.Stream<A, E, R> =>
  Stream.provideService(stream, Tenant, Option.some(normalize(tenant)))

/**
 * The tenant of the current fiber, failing with `onMissing` outside any
 * {@link provide}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Tenant } from "@effect-zoom/scheduler"
 *
 * const id = Effect.map(Tenant.currentOrFail(() => new Error("no tenant")), (t) => t.id)
 * ```
 *
 * @since 0.2.0
 * @category accessors
 */
export const currentOrFail = <E>(onMissing: () => E): Effect.Effect<TenantInfo, E> =>
  Effect.flatMap(Tenant, Option.match({ onNone: () => Effect.fail(onMissing()), onSome: Effect.succeed }))

const isStream = (u: unknown): u is Stream.Stream<unknown, unknown, unknown> =>
  typeof u === "object" && u !== null && Stream.StreamTypeId in u

const isPlainObject = (u: unknown): u is Record<string, unknown> => {
  if (typeof u !== "object" || u === null) return false
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

const bind = (value: unknown, tenant: Option.Option<TenantInfo>, seen: WeakMap<object, unknown>): unknown => {
  if (Option.isOption(value) || Either.isEither(value)) return value
  if (Effect.isEffect(value)) return Effect.provideService(value, Tenant, tenant)
  if (isStream(value)) return Stream.provideService(value, Tenant, tenant)
  if (typeof value === "function") {
    const fn = value as (...args: Array<unknown>) => unknown
    return function(this: unknown, ...args: Array<unknown>) {
      return bind(fn.apply(this, args), tenant, seen)
    }
  }
  if (isPlainObject(value)) {
    const known = seen.get(value)
    if (known !== undefined) return known
    const out: Record<string, unknown> = {}
    seen.set(value, out)
    for (const [key, inner] of Object.entries(value)) out[key] = bind(inner, tenant, seen)
    return out
  }
  return value
}

/**
 * The same service, bound to `tenant`: every function of it (nested groups
 * included) whose result is an `Effect` or a `Stream` runs that result for
 * the tenant, and every `Effect` or `Stream` member too. Works on any
 * service shape, e.g. `ZoomScheduler`'s; values of other kinds are kept.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Tenant, ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const program = Effect.gen(function*() {
 *   const zoom = yield* ZoomScheduler.ZoomScheduler
 *   const [ann, bob] = [Tenant.forTenant(zoom, "inst-1"), Tenant.forTenant(zoom, "inst-2")]
 *   return yield* Effect.all([ann.users.get("me"), bob.users.get("me")], { concurrency: 2 })
 * })
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const forTenant = <S extends object>(service: S, tenant: TenantInput): S =>
  bind(service, Option.some(normalize(tenant)), new WeakMap()) as S
