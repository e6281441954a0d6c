/**
 * Issued tokens. Every access token identifies its account and, when issued
 * through OAuth, its installation; every refresh token belongs to one
 * installation and is spent by its first use (rotation). Spent refresh
 * tokens are remembered so that a reuse is attributed to its installation.
 *
 * @internal
 */
import { AuthorizationCodes } from "./authorize.js"
import type { Redacted } from "effect"
import type { Installation, Tenants } from "./tenants.js"

/** Resolved OAuth configuration. */
export interface OAuthConfig {
  readonly clients: ReadonlyArray<{ readonly clientId: string; readonly clientSecret: Redacted.Redacted<string> }>
  /** When set, `account_credentials` requests naming an unknown account are rejected. */
  readonly accountId: string | undefined
  readonly accessTokenTtlMs: number
  readonly refreshTokenTtlMs: number
  apiUrl: string | undefined
  /** `any`: any non-empty bearer token is accepted (unknown tokens act as the default account's owner). */
  readonly mode: "any" | "strict"
}

interface AccessToken {
  readonly userId: string
  readonly accountId: string
  readonly installationId: string | undefined
  expiresAtMs: number
}

/** A live refresh token. */
export interface RefreshToken {
  readonly installationId: string
  readonly clientId: string | undefined
  readonly expiresAtMs: number
}

/** Who an API call acts as. */
export interface Caller {
  readonly userId: string
  readonly accountId: string
  readonly installationId: string | undefined
}

/** The outcome of checking an API call's `Authorization` header. */
export type AuthResult =
  | ({ readonly _tag: "Ok" } & Caller)
  | { readonly _tag: "Invalid" }
  | { readonly _tag: "Expired" }

/** Tokens issued for a new or re-authorized installation. */
export interface InstallationTokens {
  readonly installation: Installation
  readonly accessToken: string
  readonly refreshToken: string
}

const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

/** 43 URL-safe characters from Web Crypto (256 random bits). */
const newToken = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(43))
  let out = ""
  for (const byte of bytes) out += TOKEN_ALPHABET[byte & 63]
  return out
}

const bearer = (authorization: string | undefined): string | undefined =>
  authorization === undefined ? undefined : /^bearer\s+(\S+)\s*$/i.exec(authorization.trim())?.[1]

/** Issued tokens, keyed to the tenants they belong to. */
export class TokenStore {
  private readonly access = new Map<string, AccessToken>()
  private readonly refresh = new Map<string, RefreshToken>()
  private readonly spent = new Map<string, string>()

  /** Outstanding authorization codes (`GET /oauth/authorize`, `grant_type=authorization_code`). */
  readonly codes = new AuthorizationCodes()

  constructor(readonly config: OAuthConfig, readonly tenants: Tenants) {}

  /** Whether `clientId` is a registered client (any id when none are configured). */
  isClient(clientId: string): boolean {
    return this.config.clients.length === 0 || this.config.clients.some((c) => c.clientId === clientId)
  }

  /** Issues an access token for an installation, valid for `ttlMs` (default: the configured lifetime). */
  issueAccessToken(installation: Installation, nowMs: number, ttlMs = this.config.accessTokenTtlMs): string {
    const token = newToken()
    this.access.set(token, {
      userId: installation.userId,
      accountId: installation.accountId,
      installationId: installation.id,
      expiresAtMs: nowMs + ttlMs
    })
    return token
  }

  /** Issues an access token for an account without an installation (`account_credentials`). */
  issueAccountToken(accountId: string, userId: string, nowMs: number): string {
    const token = newToken()
    this.access.set(token, { userId, accountId, installationId: undefined, expiresAtMs: nowMs + this.config.accessTokenTtlMs })
    return token
  }

  /** Adds a refresh token (`token`, or a new one) to an installation; it becomes the installation's current one. */
  issueRefreshToken(installation: Installation, nowMs: number, clientId?: string, token = newToken()): string {
    this.refresh.set(token, { installationId: installation.id, clientId, expiresAtMs: nowMs + this.config.refreshTokenTtlMs })
    installation.refreshToken = token
    return token
  }

  /**
   * Creates the installation of `userId` on `accountId` (or re-authorizes an
   * existing one) and issues its tokens: the entry point of a grant that
   * creates installations (e.g. `authorization_code`).
   */
  createInstallation(accountId: string, userId: string, nowMs: number, clientId?: string): InstallationTokens {
    const installation = this.tenants.installationFor(accountId, userId)
    return {
      installation,
      accessToken: this.issueAccessToken(installation, nowMs),
      refreshToken: this.issueRefreshToken(installation, nowMs, clientId)
    }
  }

  /** Registers a static access token for a user of the default account (never expires unless `expiresAtMs` is given). */
  registerAccessToken(token: string, userId: string, expiresAtMs = Number.POSITIVE_INFINITY): void {
    this.access.set(token, { userId, accountId: this.tenants.defaultAccount.id, installationId: undefined, expiresAtMs })
  }

  /** Expires every known access token now. */
  expireAccessTokens(nowMs: number): void {
    for (const token of this.access.values()) token.expiresAtMs = Math.min(token.expiresAtMs, nowMs)
  }

  /** The live refresh token `token`, if any. */
  refreshToken(token: string): RefreshToken | undefined {
    return this.refresh.get(token)
  }

  /** The installation whose refresh token `token` was spent, if it was. */
  spentBy(token: string): Installation | undefined {
    const id = this.spent.get(token)
    return id === undefined ? undefined : this.tenants.installations.get(id)
  }

  /** Spends a live refresh token: it can never be used again. */
  spend(token: string, refreshToken: RefreshToken): void {
    this.refresh.delete(token)
    this.spent.set(token, refreshToken.installationId)
  }

  /** The account (and installation) an API call claims, without checking expiry (for fault rules). */
  identify(authorization: string | undefined): { readonly accountId?: string; readonly installationId?: string } {
    const token = bearer(authorization)
    if (token === undefined) return {}
    const known = this.access.get(token)
    if (known !== undefined) {
      return known.installationId === undefined ?
        { accountId: known.accountId } :
        { accountId: known.accountId, installationId: known.installationId }
    }
    return this.config.mode === "any" ? { accountId: this.tenants.defaultAccount.id } : {}
  }

  /** Checks an API call's `Authorization: Bearer …` header. */
  authenticate(authorization: string | undefined, nowMs: number): AuthResult {
    const token = bearer(authorization)
    if (token === undefined) return { _tag: "Invalid" }
    const known = this.access.get(token)
    if (known !== undefined) {
      if (nowMs >= known.expiresAtMs) return { _tag: "Expired" }
      return { _tag: "Ok", userId: known.userId, accountId: known.accountId, installationId: known.installationId }
    }
    if (this.config.mode === "strict") return { _tag: "Invalid" }
    const account = this.tenants.defaultAccount
    return { _tag: "Ok", userId: this.tenants.ownerOf(account), accountId: account.id, installationId: undefined }
  }
}
