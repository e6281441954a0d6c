/**
 * The production client the connector examples share, configured from
 * environment variables the way the connector reads its `Config.toml`:
 *
 * | variable | connector field | default |
 * | --- | --- | --- |
 * | `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET` | `auth.clientId`, `auth.clientSecret` | required |
 * | `ZOOM_REFRESH_TOKEN` | `auth.refreshToken` | needed until the token file holds a token |
 * | `ZOOM_REFRESH_URL` | `auth.refreshUrl` | `https://zoom.us/oauth/token` |
 * | `ZOOM_BASE_URL` | `serviceUrl` **without** `/scheduler` | `https://api.zoom.us/v2` |
 * | `ZOOM_TOKEN_FILE` | (none: Zoom rotates refresh tokens, so we keep them) | `.zoom-tokens.json` |
 * | `ZOOM_USER_ID` | `userId` | `me` |
 */
import { Config, Layer } from "effect"
import { Credentials, ZoomScheduler } from "@effect-zoom/scheduler"
import { NodeTokenStore, NodeTransport } from "@effect-zoom/scheduler-node"

/** The user the examples act for. */
export const userId = Config.string("ZOOM_USER_ID").pipe(Config.withDefault("me"))

/** `ZoomScheduler` over undici, OAuth refresh-token credentials, the rotated tokens in a file. */
export const ZoomFromEnv = ZoomScheduler.layerConfig().pipe(
  Layer.provide(Credentials.refreshTokenConfig()),
  Layer.provide([
    NodeTokenStore.layerFileConfig(Config.string("ZOOM_TOKEN_FILE").pipe(Config.withDefault(".zoom-tokens.json"))),
    NodeTransport.layer()
  ])
)
