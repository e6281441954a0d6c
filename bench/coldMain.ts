/**
 * Child-process entry of one cold start: from a fresh Node process to the
 * first `users.get` answer, loading exactly what an application using that
 * contender loads (no shared dispatcher, no other contender's code). Reports
 * over IPC the time since the process's time origin (its start) at the end of
 * the imports and at the answer, the CPU time (user + system) the process used
 * until the answer, and the RSS then.
 *
 * Arguments: `<contender> <baseUrl> [<scheduler esm dir> <scheduler-node esm dir>]`; the two
 * folders replace the installed packages (the deep-imports experiment, `deepImports.ts`).
 *
 * Contenders:
 * - `undici`: `undici.request` + `JSON.parse`.
 * - `fetch`: Node's `fetch` + `JSON.parse`.
 * - `effect-zoom`: the README's imports (`effect`, `@effect-zoom/scheduler` and
 *   `@effect-zoom/scheduler-node` barrels), `ZoomScheduler.layer` over
 *   `NodeTransport.layer()` with a bearer token, one `users.get("me")`.
 * - `effect-zoom/modules`: the same program importing modules
 *   (`effect/Effect`, `@effect-zoom/scheduler/ZoomScheduler`, …) instead of
 *   the barrels.
 */
import { performance } from "node:perf_hooks"
import { pathToFileURL } from "node:url"
import { BEARER_TOKEN, coldContenders, DISPLAY_NAME } from "./constants.js"

const headers = { accept: "application/json", authorization: `Bearer ${BEARER_TOKEN}` }

const checkUser = (user: { readonly display_name?: string; readonly displayName?: string }) => {
  if ((user.display_name ?? user.displayName) !== DISPLAY_NAME) throw new Error("users.get answered an unexpected user")
}

interface Loaded {
  readonly usersGet: () => Promise<{ readonly display_name?: string; readonly displayName?: string }>
  readonly close: () => Promise<void>
}

const load = async (contender: string, baseUrl: string, libraries: ReadonlyArray<string>): Promise<Loaded> => {
  const userUrl = `${baseUrl}/scheduler/users/me`
  switch (contender) {
    case "undici": {
      const { request } = await import("undici")
      return {
        usersGet: async () => {
          const { statusCode, body } = await request(userUrl, { headers })
          const text = await body.text()
          if (statusCode !== 200) throw new Error(`users.get answered ${statusCode}`)
          return JSON.parse(text)
        },
        close: async () => {}
      }
    }
    case "fetch":
      return {
        usersGet: async () => {
          const response = await fetch(userUrl, { headers })
          const text = await response.text()
          if (response.status !== 200) throw new Error(`users.get answered ${response.status}`)
          return JSON.parse(text)
        },
        close: async () => {}
      }
    case "effect-zoom": {
      const [{ Effect, Layer, ManagedRuntime, Redacted }, { Credentials, ZoomScheduler }, { NodeTransport }] = await Promise.all([
        import("effect"),
        import("@effect-zoom/scheduler"),
        import("@effect-zoom/scheduler-node")
      ])
      const runtime = ManagedRuntime.make(
        ZoomScheduler.layer({ baseUrl }).pipe(
          Layer.provide([Credentials.bearer(Redacted.make(BEARER_TOKEN)), NodeTransport.layer()])
        )
      )
      return {
        usersGet: () => runtime.runPromise(Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me"))),
        close: () => runtime.dispose()
      }
    }
    case "effect-zoom/modules": {
      const [scheduler, schedulerNode] = libraries.length === 2
        ? libraries.map((dir) => pathToFileURL(dir).href)
        : ["@effect-zoom/scheduler", "@effect-zoom/scheduler-node"]
      const [Effect, Layer, ManagedRuntime, Redacted, Credentials, ZoomScheduler, NodeTransport] = await Promise.all([
        import("effect/Effect"),
        import("effect/Layer"),
        import("effect/ManagedRuntime"),
        import("effect/Redacted"),
        import(libraries.length === 2 ? `${scheduler}/Credentials.js` : `${scheduler}/Credentials`) as Promise<
          typeof import("@effect-zoom/scheduler/Credentials")
        >,
        import(libraries.length === 2 ? `${scheduler}/ZoomScheduler.js` : `${scheduler}/ZoomScheduler`) as Promise<
          typeof import("@effect-zoom/scheduler/ZoomScheduler")
        >,
        import(libraries.length === 2 ? `${schedulerNode}/NodeTransport.js` : `${schedulerNode}/NodeTransport`) as Promise<
          typeof import("@effect-zoom/scheduler-node/NodeTransport")
        >
      ])
      const runtime = ManagedRuntime.make(
        ZoomScheduler.layer({ baseUrl }).pipe(
          Layer.provide([Credentials.bearer(Redacted.make(BEARER_TOKEN)), NodeTransport.layer()])
        )
      )
      return {
        usersGet: () => runtime.runPromise(Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) => zoom.users.get("me"))),
        close: () => runtime.dispose()
      }
    }
    default:
      throw new Error(`usage: coldMain <${coldContenders.join("|")}> <baseUrl> [<scheduler dir> <scheduler-node dir>]`)
  }
}

const main = async () => {
  const [contender, baseUrl, ...libraries] = process.argv.slice(2)
  if (contender === undefined || baseUrl === undefined) throw new Error("usage: coldMain <contender> <baseUrl>")
  const loaded = await load(contender, baseUrl, libraries)
  const importedMs = performance.now()
  checkUser(await loaded.usersGet())
  const firstAnswerMs = performance.now()
  const cpu = process.cpuUsage()
  const rssMb = process.memoryUsage().rss / (1024 * 1024)
  await loaded.close()
  return { contender, firstAnswerMs, importedMs, rssMb, cpuMs: (cpu.user + cpu.system) / 1000 }
}

const answer = (message: unknown, code: number) => {
  if (process.send !== undefined) process.send(message, () => process.exit(code))
  else {
    process.stdout.write(`${JSON.stringify(message)}\n`)
    process.exit(code)
  }
}

main().then(
  (run) => answer(run, 0),
  (error: unknown) => answer({ error: error instanceof Error ? error.stack ?? error.message : String(error) }, 1)
)
