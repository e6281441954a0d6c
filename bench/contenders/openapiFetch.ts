/**
 * `openapi-fetch` 0.17 over the hand-written `paths` type: what a user would
 * pick instead of this library. Untyped at runtime (answers are `JSON.parse`d,
 * not validated).
 */
import { performance } from "node:perf_hooks"
import createClient from "openapi-fetch"
import { DISPLAY_NAME, EXPIRED_ACCESS_TOKEN, PAGE_SIZE, streamSearch } from "../constants.js"
import { check, type Contender, type ContenderConfig, workers } from "./contender.js"
import { handTokens } from "./handTokens.js"
import type { paths } from "./openapiPaths.js"

export const make = async (config: ContenderConfig): Promise<Contender> => {
  const client = createClient<paths>({
    baseUrl: config.baseUrl,
    headers: { accept: "application/json", authorization: `Bearer ${config.token}` }
  })

  const usersGetOnce = async () => {
    const { data, response } = await client.GET("/scheduler/users/{userId}", { params: { path: { userId: "me" } } })
    check(response.status === 200 && data?.display_name === DISPLAY_NAME, `users.get answered ${response.status}`)
  }

  return {
    name: "openapi-fetch",
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
        const { data, response } = await client.GET("/scheduler/events", { params: { query: { page_size: PAGE_SIZE } } })
        samples.push(performance.now() - t0)
        check(
          response.status === 200 && data?.items?.length === PAGE_SIZE && data.next_page_token !== undefined,
          "events.list page"
        )
      }
    },
    usersGetConcurrent: (concurrency, total) => workers(concurrency, total, usersGetOnce),
    streamEvents: async (total) => {
      let items = 0
      let confirmed = 0
      let token: string | undefined
      do {
        const { data, response } = await client.GET("/scheduler/events", {
          params: {
            query: {
              page_size: PAGE_SIZE,
              search: streamSearch(total),
              ...(token === undefined ? {} : { next_page_token: token })
            }
          }
        })
        check(response.status === 200 && data !== undefined, `events.list answered ${response.status}`)
        for (const item of data?.items ?? []) {
          items++
          if (item.status === "confirmed") confirmed++
        }
        token = data?.next_page_token === "" ? undefined : data?.next_page_token
      } while (token !== undefined)
      return { items, confirmed }
    },
    oauthBurst: async (calls) => {
      const tokens = handTokens(config, EXPIRED_ACCESS_TOKEN)
      const oauthClient = createClient<paths>({ baseUrl: config.baseUrl, headers: { accept: "application/json" } })
      oauthClient.use({
        onRequest: async ({ request }) => {
          request.headers.set("authorization", `Bearer ${await tokens.get()}`)
          return request
        }
      })
      const t0 = performance.now()
      await Promise.all(
        Array.from({ length: calls }, async () => {
          const { data, response } = await oauthClient.GET("/scheduler/users/{userId}", {
            params: { path: { userId: "me" } }
          })
          check(response.status === 200 && data?.display_name === DISPLAY_NAME, `users.get answered ${response.status}`)
        })
      )
      return performance.now() - t0
    },
    close: async () => {}
  }
}
