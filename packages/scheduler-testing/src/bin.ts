#!/usr/bin/env node
/**
 * `zoom-scheduler-fake`: runs the fake Zoom Scheduler on a loopback port.
 *
 * ```
 * zoom-scheduler-fake [--port N] [--host 127.0.0.1] [--seed-events N] [--seed N]
 *                     [--client-id ID --client-secret S] [--token-ttl SECONDS]
 *                     [--plan free|pro|business] [--webhook-url URL --webhook-secret S]
 *                     [--account-id ID] [--accounts N] [--installations N]
 *                     [--installations-file PATH]
 * ```
 *
 * Prints on stdout, first line the server URL, then `base_url=…`,
 * `token_url=…` and, when an OAuth client is configured, a freshly issued
 * `refresh_token=…` (bound to that client). Seeded installations
 * (`--accounts`, `--installations`, their plan from `--plan`) are written as
 * JSON to `--installations-file` before the first line is printed, or else
 * printed one a line: `installation=… account=… user=… refresh_token=…`.
 * The file: `{ url, baseUrl, tokenUrl, accounts: [{ accountId, plan?,
 * limits? }], installations: [{ installationId, accountId, userId,
 * refreshToken }] }`, written whole (renamed into place).
 * Stops cleanly on SIGINT/SIGTERM.
 *
 * @since 0.1.0
 */
import { Effect, Exit, Fiber, Redacted } from "effect"
import { renameSync, writeFileSync } from "node:fs"
import { parseArgs } from "node:util"
import * as FakeZoom from "./FakeZoom.js"

const USAGE = `Usage: zoom-scheduler-fake [options]

  --port N                 port to listen on (default 0: a free port)
  --host HOST              interface to listen on (default 127.0.0.1)
  --seed-events N          number of generated scheduled events (default 10)
  --seed N                 seed of the generated data (default 1)
  --client-id ID           OAuth client id (with --client-secret; enables strict auth)
  --client-secret SECRET   OAuth client secret
  --token-ttl SECONDS      access token lifetime (default 3600)
  --plan PLAN              rate limits of a Zoom plan: free, pro or business (default: none),
                           for the default account and the seeded ones
  --webhook-url URL        endpoint receiving signed webhook notifications
  --webhook-secret SECRET  webhook secret token (with --webhook-url)
  --account-id ID          account id (webhook payloads, account_credentials check)
  --accounts N             seeded Zoom accounts, one rate budget each (default 0)
  --installations N        seeded OAuth installations, each with its own refresh token,
                           round-robin over the seeded accounts (default: one per account)
  --installations-file P   write the seeded installations and their refresh tokens to P
                           (JSON) instead of stdout
  -h, --help               show this help
`

const fail = (message: string): never => {
  process.stderr.write(`zoom-scheduler-fake: ${message}\n\n${USAGE}`)
  process.exit(2)
}

const integer = (name: string, value: string | undefined, min: number): number | undefined => {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer >= ${min}, got "${value}"`)
  return n
}

const parsed = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "seed-events": { type: "string" },
        seed: { type: "string" },
        "client-id": { type: "string" },
        "client-secret": { type: "string" },
        "token-ttl": { type: "string" },
        plan: { type: "string" },
        "webhook-url": { type: "string" },
        "webhook-secret": { type: "string" },
        "account-id": { type: "string" },
        accounts: { type: "string" },
        installations: { type: "string" },
        "installations-file": { type: "string" },
        help: { type: "boolean", short: "h" }
      },
      strict: true,
      allowPositionals: false
    }).values
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
})()

if (parsed.help === true) {
  process.stdout.write(USAGE)
  process.exit(0)
}

const port = integer("port", parsed.port, 0) ?? 0
const host = parsed.host ?? "127.0.0.1"
const events = integer("seed-events", parsed["seed-events"], 0) ?? 10
const seed = integer("seed", parsed.seed, 0) ?? 1
const tokenTtl = integer("token-ttl", parsed["token-ttl"], 1) ?? 3600
const clientId = parsed["client-id"]
const clientSecret = parsed["client-secret"]
if ((clientId === undefined) !== (clientSecret === undefined)) fail("--client-id and --client-secret go together")
const plan = parsed.plan
if (plan !== undefined && plan !== "free" && plan !== "pro" && plan !== "business") {
  fail(`--plan must be free, pro or business, got "${plan}"`)
}
const webhookUrl = parsed["webhook-url"]
const webhookSecret = parsed["webhook-secret"]
if ((webhookUrl === undefined) !== (webhookSecret === undefined)) fail("--webhook-url and --webhook-secret go together")

const accounts = integer("accounts", parsed.accounts, 0)
const installations = integer("installations", parsed.installations, 0)
const installationsFile = parsed["installations-file"]

const options: FakeZoom.ServeOptions = {
  port,
  host,
  seed: {
    events,
    seed,
    ...(accounts !== undefined ? { accounts } : {}),
    ...(installations !== undefined ? { installations } : {}),
    ...(plan === "free" || plan === "pro" || plan === "business" ? { plan } : {})
  },
  oauth: {
    accessTokenTtl: `${tokenTtl} seconds`,
    ...(clientId !== undefined && clientSecret !== undefined ?
      { clients: [{ clientId, clientSecret: Redacted.make(clientSecret) }] } :
      {})
  },
  ...(plan === "free" || plan === "pro" || plan === "business" ? { rateLimits: { plan } } : {}),
  ...(webhookUrl !== undefined && webhookSecret !== undefined ?
    { webhooks: { url: webhookUrl, secretToken: Redacted.make(webhookSecret) } } :
    {}),
  ...(parsed["account-id"] !== undefined ? { accountId: parsed["account-id"] } : {})
}

/** Writes `content` to `path` whole: readers never see a partial file. */
const writeAtomically = (path: string, content: string): void => {
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, content)
  renameSync(temporary, path)
}

const program = Effect.gen(function*() {
  const { fake, url } = yield* FakeZoom.serve(options)
  // The seeded installations only: read before the client's own refresh token is issued.
  const seeded = (yield* fake.installations).map((i) => ({
    installationId: i.installationId,
    accountId: i.accountId,
    userId: i.userId,
    refreshToken: i.refreshToken === undefined ? undefined : Redacted.value(i.refreshToken)
  }))
  const lines = [url, `base_url=${url}/v2`, `token_url=${url}/oauth/token`]
  if (clientId !== undefined) {
    const refreshToken = yield* fake.issueRefreshToken({ clientId })
    lines.push(`refresh_token=${Redacted.value(refreshToken)}`)
  }
  if (installationsFile !== undefined) {
    const accountList = (yield* fake.accounts).map((a) => ({ accountId: a.accountId, plan: a.plan, limits: a.limits }))
    writeAtomically(
      installationsFile,
      JSON.stringify({ url, baseUrl: `${url}/v2`, tokenUrl: `${url}/oauth/token`, accounts: accountList, installations: seeded }, null, 2)
    )
  } else {
    for (const i of seeded) {
      lines.push(`installation=${i.installationId} account=${i.accountId} user=${i.userId} refresh_token=${i.refreshToken}`)
    }
  }
  process.stdout.write(lines.join("\n") + "\n")
  return yield* Effect.never
}).pipe(Effect.scoped)

const fiber = Effect.runFork(program)
fiber.addObserver((exit) => {
  if (Exit.isFailure(exit) && !Exit.isInterrupted(exit)) {
    process.stderr.write(`zoom-scheduler-fake: ${exit.cause.toString()}\n`)
    process.exitCode = 1
  }
})
const shutdown = () => {
  Effect.runFork(Fiber.interrupt(fiber))
}
process.once("SIGINT", shutdown)
process.once("SIGTERM", shutdown)
