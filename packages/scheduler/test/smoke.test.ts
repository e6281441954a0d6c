import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"

describe("toolchain", () => {
  it.effect("runs effects", () => Effect.sync(() => expect(1 + 1).toBe(2)))
})
