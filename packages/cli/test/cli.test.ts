/**
 * The `zoom-scheduler` executable as a person uses it, against the fake
 * Zoom on loopback: the login flow end to end (the test plays the browser),
 * every command, exit codes, exports read back with a CSV parser, webhooks
 * received from the fake, and the `fake` command itself.
 */
import { createHmac } from "node:crypto"
import { existsSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parse } from "csv-parse/sync"
import { Redacted } from "effect"
import type { Result } from "./support/cli.js"
import { bundle, envFor, run, start, startFake, STATIC_TOKEN } from "./support/cli.js"

let bin: string
let zoom: Awaited<ReturnType<typeof startFake>>

beforeAll(async () => {
  ;[bin, zoom] = await Promise.all([bundle(), startFake({ seed: { users: 2, events: 400, seed: 3 } })])
})
afterAll(() => zoom?.close())

const withToken = () => envFor(zoom.url, { ZOOM_ACCESS_TOKEN: STATIC_TOKEN })

const ok = (r: Result) => {
  expect(r.stderr).toBe("")
  expect(r.code).toBe(0)
  return r.stdout
}

/** Plays the browser: follows the authorization URL (adding `extra`), then the fake's redirect to the CLI. */
const browse = async (authorizationUrl: string, extra = "") => {
  const atZoom = await fetch(authorizationUrl + extra, { redirect: "manual" })
  expect(atZoom.status).toBe(302)
  const callback = atZoom.headers.get("location")!
  const atCli = await fetch(callback)
  return { callback, status: atCli.status, page: await atCli.text() }
}

describe("auth", () => {
  it("login: the URL is printed, the browser comes back, tokens are stored 0600 and used; status; logout", async () => {
    const env = envFor(zoom.url)
    const login = start(bin, ["auth", "login"], env)
    const [url] = await login.waitFor(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+$/m)
    const params = new URL(url).searchParams
    expect(params.get("code_challenge_method")).toBe("S256")
    expect(params.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    const browser = await browse(url)
    expect(browser.status).toBe(200)
    expect(browser.page).toContain("Logged in")
    const done = await login.done
    expect(done.code).toBe(0)
    const snapshot = await zoom.run(zoom.fake.snapshot)
    const me = snapshot.users.find((u) => u.user_id === snapshot.defaultUserId)!
    expect(done.stdout).toContain(`Logged in as ${me.display_name}`)

    const tokenFile = join(env.XDG_CONFIG_HOME, "zoom-scheduler", "tokens.json")
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600)
    const stored = JSON.parse(readFileSync(tokenFile, "utf8"))
    expect(stored.refresh_token).toEqual(expect.any(String))
    for (const output of [done.stdout, done.stderr]) {
      expect(output).not.toContain(stored.refresh_token)
      expect(output).not.toContain(stored.access_token)
      expect(output).not.toContain(env.ZOOM_CLIENT_SECRET)
    }

    const status = JSON.parse(ok(await run(bin, ["auth", "status", "--json"], env)))
    expect(status).toMatchObject({ loggedIn: true, accessTokenValid: true, hasRefreshToken: true, tokenFile })

    // the stored login is used, and refreshed (rotating the file) once Zoom expires the access token
    expect(JSON.parse(ok(await run(bin, ["users", "me", "--json"], env))).display_name).toBe(me.display_name)
    const refreshesBefore = (await zoom.run(zoom.fake.stats)).tokenRequests.refresh_token
    await zoom.run(zoom.fake.expireAccessTokens)
    expect(ok(await run(bin, ["users", "me"], env))).toContain(`name:           ${me.display_name}`)
    expect((await zoom.run(zoom.fake.stats)).tokenRequests.refresh_token).toBe(refreshesBefore + 1)
    expect(JSON.parse(readFileSync(tokenFile, "utf8")).refresh_token).not.toBe(stored.refresh_token)
    await zoom.run(zoom.fake.registerToken(STATIC_TOKEN)) // expired above with every other token

    expect(ok(await run(bin, ["auth", "logout"], env))).toContain(`Logged out: removed ${tokenFile}`)
    expect(existsSync(tokenFile)).toBe(false)
    expect(ok(await run(bin, ["auth", "status"], env))).toContain("Not logged in")
    const after = await run(bin, ["users", "me"], env)
    expect(after.code).toBe(1)
    expect(after.stderr.trim().split("\n")).toHaveLength(1)
    expect(after.stderr).toMatch(/^zoom-scheduler: NotLoggedIn: .*run `zoom-scheduler auth login`/)
  })

  it("login: declined consent exits 1 naming OAuthConsentDenied, and stores nothing", async () => {
    const env = envFor(zoom.url)
    const login = start(bin, ["auth", "login"], env)
    const [url] = await login.waitFor(/^http:\S+oauth\/authorize\S+$/m)
    const browser = await browse(url, "&consent=deny")
    expect(browser.status).toBe(400)
    expect(browser.page).toContain("Login failed")
    const done = await login.done
    expect(done.code).toBe(1)
    expect(done.stderr).toMatch(/zoom-scheduler: OAuthConsentDenied: the authorization was declined; .*auth login/)
    expect(existsSync(join(env.XDG_CONFIG_HOME, "zoom-scheduler", "tokens.json"))).toBe(false)
  })

  it("login: a redirect with another state is refused (OAuthStateMismatch) and the code is not spent", async () => {
    const env = envFor(zoom.url)
    const exchangesBefore = (await zoom.run(zoom.fake.stats)).tokenRequests.other // authorization_code grants
    const login = start(bin, ["auth", "login", "--json"], env)
    const [url] = await login.waitFor(/^http:\S+oauth\/authorize\S+$/m)
    const atZoom = await fetch(url, { redirect: "manual" })
    const forged = new URL(atZoom.headers.get("location")!)
    forged.searchParams.set("state", "forged")
    expect((await fetch(forged)).status).toBe(400)
    const done = await login.done
    expect(done.code).toBe(1)
    expect(done.stderr).toContain("OAuthStateMismatch")
    expect((await zoom.run(zoom.fake.stats)).tokenRequests.other).toBe(exchangesBefore)
    expect(existsSync(join(env.XDG_CONFIG_HOME, "zoom-scheduler", "tokens.json"))).toBe(false)
  })
})

describe("reading Zoom", () => {
  it("users me, schedules list/get, events list: text and --json match the fake", async () => {
    const env = withToken()
    const snapshot = await zoom.run(zoom.fake.snapshot)
    const me = snapshot.users.find((u) => u.user_id === snapshot.defaultUserId)!
    const [user, schedules, events, eventsText] = await Promise.all([
      run(bin, ["users", "me", "--json"], env),
      run(bin, ["schedules", "list", "--json"], env),
      run(bin, ["events", "list", "--json", "--page-size", "5"], env),
      run(bin, ["events", "list", "--page-size", "5"], env)
    ])
    expect(JSON.parse(ok(user))).toMatchObject({ display_name: me.display_name, time_zone: me.time_zone })
    const mine = snapshot.schedules.filter((s) => s.owner_id === me.user_id)
    const listed = JSON.parse(ok(schedules))
    expect(listed.items.map((s: { schedule_id: string }) => s.schedule_id).sort()).toEqual(mine.map((s) => s.schedule_id).sort())
    const page = JSON.parse(ok(events))
    expect(page.items).toHaveLength(5)
    expect(page.next_page_token).toEqual(expect.any(String))
    const lines = ok(eventsText).trim().split("\n")
    expect(lines).toHaveLength(6)
    expect(lines[0]).toBe(
      `${page.items[0].start_date_time}\t${page.items[0].status}\t${page.items[0].event_id}\t${page.items[0].summary}`
    )
    expect(lines[5]).toBe(`next page: --page-token ${page.next_page_token}`)

    const second = JSON.parse(ok(await run(bin, ["events", "list", "--json", "--page-size", "5", "--page-token", page.next_page_token], env)))
    expect(second.items[0].event_id).not.toBe(page.items[0].event_id)

    const id = mine[0]!.schedule_id
    const [got, gotText] = await Promise.all([
      run(bin, ["schedules", "get", id, "--json"], env),
      run(bin, ["schedules", "get", id], env)
    ])
    expect(JSON.parse(ok(got))).toMatchObject({ schedule_id: id, summary: mine[0]!.summary })
    expect(ok(gotText)).toContain(`id:             ${id}`)
  })

  it("exit 1 with one line naming the typed error and what to do; --base-url wins over the environment", async () => {
    const env = withToken()
    const [missing, badToken, unreachable, unreachableBefore, afterWins] = await Promise.all([
      run(bin, ["schedules", "get", "no-such-schedule"], env),
      run(bin, ["users", "me"], { ...env, ZOOM_ACCESS_TOKEN: "not-a-token" }),
      run(bin, ["users", "me", "--base-url", "http://127.0.0.1:9/v2"], env),
      // global options before the subcommand, and one after it winning over one before it
      run(bin, ["--base-url", "http://127.0.0.1:9/v2", "users", "me"], env),
      run(bin, ["--base-url", "http://127.0.0.1:9/v2", "--json", "users", "me", "--base-url", `${zoom.url}/v2`], env)
    ])
    expect(unreachableBefore.code).toBe(1)
    expect(unreachableBefore.stderr).toMatch(/^zoom-scheduler: TransportError\(Connection\): /)
    expect(afterWins.code).toBe(0)
    expect(JSON.parse(afterWins.stdout)).toMatchObject({ display_name: expect.any(String) })
    expect(missing.code).toBe(1)
    expect(missing.stdout).toBe("")
    expect(missing.stderr).toMatch(/^zoom-scheduler: NotFound: .*no-such-schedule.*; check the id.*\n$/)
    expect(badToken.code).toBe(1)
    expect(badToken.stderr).toMatch(/^zoom-scheduler: AuthError\(InvalidToken\): .*; Zoom refused the access token: run `zoom-scheduler auth login` again \(or check ZOOM_ACCESS_TOKEN\)\n$/)
    expect(unreachable.code).toBe(1)
    expect(unreachable.stderr).toMatch(/^zoom-scheduler: TransportError\(Connection\): .*--base-url.*\n$/)
    // no login: the export fails before creating its output file
    const notLoggedIn = envFor(zoom.url)
    const output = join(notLoggedIn.XDG_CONFIG_HOME, "out.csv")
    const exported = await run(bin, ["events", "export", "--output", output], notLoggedIn)
    expect(exported.code).toBe(1)
    expect(exported.stderr).toContain("NotLoggedIn")
    expect(existsSync(output)).toBe(false)
    const noClient = await run(bin, ["auth", "login"], { ...env, ZOOM_CLIENT_ID: "" })
    expect(noClient.code).toBe(2)
    expect(noClient.stderr).toContain("ZOOM_CLIENT_ID")
  })
})

describe("events export", () => {
  it("csv reads back with a CSV parser, json is one array, ndjson one event a line; --status filters; no progress off a TTY", async () => {
    const env = withToken()
    const snapshot = await zoom.run(zoom.fake.snapshot)
    const mine = snapshot.events.filter((e) => e.host_user_id === snapshot.defaultUserId)
    expect(mine.some((e) => e.event_type === "pending")).toBe(true) // listed by Zoom only when asked: a second pass
    const [csv, json, ndjson] = await Promise.all([
      run(bin, ["events", "export", "--format", "csv"], env),
      run(bin, ["events", "export", "--format", "json", "--status", "cancelled"], env),
      run(bin, ["events", "export", "--status", "confirmed"], env)
    ])
    const rows: Array<Record<string, string>> = parse(ok(csv), { columns: true })
    expect(rows).toHaveLength(mine.length)
    const byId = new Map(mine.map((e) => [e.event_id, e]))
    for (const row of rows) {
      const event = byId.get(row.event_id)!
      expect(row).toMatchObject({
        schedule_id: event.schedule_id,
        status: event.status,
        start_date_time: event.start_date_time,
        end_date_time: event.end_date_time,
        summary: event.summary,
        attendee_emails: event.attendees.map((a) => a.email).join("; "),
        guests: event.guests.join("; ")
      })
    }
    const cancelled = JSON.parse(ok(json))
    expect(cancelled.length).toBe(mine.filter((e) => e.status === "cancelled").length)
    expect(cancelled.length).toBeGreaterThan(0)
    expect(cancelled.every((e: { status: string }) => e.status === "cancelled")).toBe(true)
    const lines = ok(ndjson).trimEnd().split("\n").map((l) => JSON.parse(l))
    expect(lines.length).toBe(mine.filter((e) => e.status === "confirmed").length)

    const empty = await run(bin, ["events", "export", "--format", "json", "--from", "2001-01-01T00:00:00Z", "--to", "2001-01-02T00:00:00Z"], env)
    expect(JSON.parse(ok(empty))).toEqual([])
  })
})

describe("long-running commands", () => {
  it("webhooks listen: answers URL validation, prints verified notifications, refuses forged ones", async () => {
    const secret = "whsec-cli-test"
    const listen = start(bin, ["webhooks", "listen", "--port", "0", "--json", "--secret", secret], withToken())
    const [, endpoint] = await listen.waitFor(/listening on (http:\/\/\S+)/, "stderr")
    const sign = (body: string, key = secret) => {
      const ts = String(Math.floor(Date.now() / 1000))
      return {
        "content-type": "application/json",
        "x-zm-request-timestamp": ts,
        "x-zm-signature": `v0=${createHmac("sha256", key).update(`v0:${ts}:${body}`).digest("hex")}`
      }
    }
    const validation = JSON.stringify({ event: "endpoint.url_validation", payload: { plainToken: "plain-123" }, event_ts: Date.now() })
    const answer = await fetch(endpoint!, { method: "POST", body: validation, headers: sign(validation) })
    expect(await answer.json()).toEqual({
      plainToken: "plain-123",
      encryptedToken: createHmac("sha256", secret).update("plain-123").digest("hex")
    })
    const forged = JSON.stringify({ event: "scheduler.scheduled_event_canceled", payload: {}, event_ts: Date.now() })
    expect((await fetch(endpoint!, { method: "POST", body: forged, headers: sign(forged, "wrong") })).status).toBe(401)

    // the fake books and signs the notification, as Zoom would
    const snapshot = await zoom.run(zoom.fake.snapshot)
    await zoom.run(zoom.fake.registerWebhook({ url: endpoint!, secretToken: Redacted.make(secret) }))
    const booking = await zoom.run(zoom.fake.book({
      scheduleId: snapshot.schedules[0]!.schedule_id,
      startDateTime: "2032-05-03T09:00:00Z",
      attendee: { email: "hook@example.com", firstName: "Hook" }
    }))
    const [line] = await listen.waitFor(/^.*scheduler\.scheduled_event_created.*$/m)
    const printed = JSON.parse(line)
    expect(printed.event).toBe("scheduler.scheduled_event_created")
    expect(JSON.stringify(printed)).toContain(booking.eventId)
    expect(listen.stdout().trim().split("\n"), listen.stdout()).toHaveLength(1) // neither the validation nor the forgery is printed
    expect(listen.stderr()).toContain("Rejected a Zoom webhook request") // the forgery is logged on stderr
    listen.child.kill("SIGINT")
    const done = await listen.done
    expect(done.code).toBe(130)
  })

  it("fake: serves a seeded fake Zoom with an OAuth app and prints how to point the CLI at it", async () => {
    const fakeCmd = start(bin, ["fake", "--port", "0", "--events", "7", "--client-id", "app-1"], withToken())
    const [, url] = await fakeCmd.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
    await fakeCmd.waitFor(/ZOOM_CLIENT_SECRET=fake-secret/)
    expect(fakeCmd.stdout()).toContain(`export ZOOM_BASE_URL=${url}/v2\nexport ZOOM_OAUTH_URL=${url}\nexport ZOOM_CLIENT_ID=app-1`)
    const token = await fetch(`${url}/oauth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from("app-1:fake-secret").toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=refresh_token&refresh_token=unknown"
    })
    expect(token.status).toBe(400) // the client is known (401 otherwise); the refresh token is not
    const authorize = await fetch(`${url}/oauth/authorize?client_id=someone-else`, { redirect: "manual" })
    expect(authorize.status).toBe(400)
    fakeCmd.child.kill("SIGTERM")
    expect((await fakeCmd.done).code).toBe(130)
  })
})
