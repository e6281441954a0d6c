/**
 * The webhook secret token(s) from configuration.
 *
 * @internal
 */
import { Array, Config, ConfigError, Either, Redacted } from "effect"
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
