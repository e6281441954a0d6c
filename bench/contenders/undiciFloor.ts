/**
 * The floor: undici's core `request` (the API `NodeTransport.layer()` is built
 * on) + `JSON.parse`, the same headers as the client sends (`accept`,
 * `authorization`), status checked, nothing else. No client on Node can do the
 * same work with less: this is what the targets are measured against.
 */
import { performance } from "node:perf_hooks"
import { request } from "undici"
import { DISPLAY_NAME, EXPIRED_ACCESS_TOKEN, PAGE_SIZE, streamSearch } from "../constants.js"
import { check, type Contender, type ContenderConfig, workers } from "./contender.js"
import { handTokens } from "./handTokens.js"

interface WireUser {
  readonly display_name?: string
}
interface WirePage {
  readonly next_page_token?: string
  readonly items?: ReadonlyArray<{ readonly status?: string }>
}

const getJson = async <A>(url: string, headers: Record<string, string>): Promise<A> => {
  const { statusCode, body } = await request(url, { headers })
  const text = await body.text()
  check(statusCode === 200, `GET ${url} answered ${statusCode}`)
  return JSON.parse(text) as A
}

export const make = async (config: ContenderConfig): Promise<Contender> => {
  const headers = { accept: "application/json", authorization: `Bearer ${config.token}` }
  const userUrl = `${config.baseUrl}/scheduler/users/me`
  const eventsUrl = `${config.baseUrl}/scheduler/events?page_size=${PAGE_SIZE}`

  const usersGetOnce = async () => {
    const user = await getJson<WireUser>(userUrl, headers)
    check(user.display_name === DISPLAY_NAME, "users.get display_name")
  }

  return {
    name: "undici",
    usersGet: async (n, samples) => {
      for (let i = 0; i < n; i++) {
        const t0 = performance.now()
        await usersGetOnce()
        samples.push(performance.now() - t0)
      }
    },
    eventsList: async (n, samples) => {
      for (let i = 0; i < n; i++) {
        const t0 = performance.now()
        const page = await getJson<WirePage>(eventsUrl, headers)
        samples.push(performance.now() - t0)
        check(page.items?.length === PAGE_SIZE && page.next_page_token !== undefined, "events.list page")
      }
    },
    usersGetConcurrent: (concurrency, total) => workers(concurrency, total, usersGetOnce),
    streamEvents: async (total) => {
      let items = 0
      let confirmed = 0
      let token: string | undefined
      do {
        const url = `${config.baseUrl}/scheduler/events?page_size=${PAGE_SIZE}&search=${
          encodeURIComponent(streamSearch(total))
        }${token === undefined ? "" : `&next_page_token=${encodeURIComponent(token)}`}`
        const page = await getJson<WirePage>(url, headers)
        for (const item of page.items ?? []) {
          items++
          if (item.status === "confirmed") confirmed++
        }
        token = page.next_page_token === "" ? undefined : page.next_page_token
      } while (token !== undefined)
      return { items, confirmed }
    },
    oauthBurst: async (calls) => {
      const tokens = handTokens(config, EXPIRED_ACCESS_TOKEN)
      const t0 = performance.now()
      await Promise.all(
        Array.from({ length: calls }, async () => {
          const token = await tokens.get()
          const user = await getJson<WireUser>(userUrl, { accept: "application/json", authorization: `Bearer ${token}` })
          check(user.display_name === DISPLAY_NAME, "users.get display_name")
        })
      )
      return performance.now() - t0
    },
    close: async () => {}
  }
}
