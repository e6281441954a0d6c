/**
 * The webhook secret token(s) from configuration.
 *
 * @internal
 */
import * as Array from "effect/Array"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import type { NonEmptyReadonlyArray } from "effect/Array"

/** @internal */
export const secretsConfig = (
  name: string = "ZOOM_WEBHOOK_SECRET_TOKEN"
): Config.Config<NonEmptyReadonlyArray<Redacted.Redacted<string>>> =>
  Config.redacted(name).pipe(
    Config.mapOrFail((redacted) => {
      const secrets = Redacted.value(redacted)
        .split(",")
        .map((secret) => secret.trim())
        .filter((secret) => secret.length > 0)
      return Array.isNonEmptyReadonlyArray(secrets)
        ? Either.right(Array.map(secrets, (secret) => Redacted.make(secret)))
        : Either.left(
          ConfigError.InvalidData([name], "Expected at least one webhook secret token (comma-separated to rotate)")
        )
    })
  )
