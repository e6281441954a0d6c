/**
 * The per-attempt deadline: an `HttpClient` that honours the public
 * `AttemptDeadline` contract enforces it itself (no extra fiber); any other
 * client, or any `Clock` but the live one (`TestClock`), gets the generic
 * fallback: the attempt runs in a child fiber under a timer of the clock.
 *
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import type * as Tracer from "effect/Tracer"
import * as AttemptDeadline from "../../AttemptDeadline.js"

/** The `Clock` Effect runs with by default (the one `TestClock` replaces in tests). */
const liveClock: Clock.Clock = Effect.runSync(Effect.clock)

/** Timers longer than this never fire in the live `Clock` either (`setTimeout`'s limit). */
const maxTimerMillis = 2 ** 31 - 1

/**
 * A timer on `clock`: `start(task)` runs `task` once `duration` has passed and
 * returns a function that cancels it. With the live clock it is a
 * `setTimeout`, exactly what that clock's `sleep` does; any other clock
 * sleeps in a daemon fiber, so the clock drives it.
 */
const timer = (clock: Clock.Clock, duration: Duration.Duration): Effect.Effect<(task: () => void) => () => void> => {
  if (clock === liveClock) {
    const millis = Duration.toMillis(duration)
    return Effect.succeed((task) => {
      if (millis > maxTimerMillis) return () => {}
      const handle = setTimeout(task, millis)
      return () => clearTimeout(handle)
    })
  }
  return Effect.map(Effect.forkDaemon(Effect.interruptible(clock.sleep(duration))), (sleeping) => (task) => {
    sleeping.addObserver((exit) => {
      if (Exit.isSuccess(exit)) task()
    })
    return () => sleeping.unsafeInterruptAsFork(sleeping.id())
  })
}

/**
 * `Effect.timeoutFail` without racing two fibers: `self` runs in a child
 * fiber and the limit is a plain timer. When `self` ends first the timer is
 * cancelled and its FiberRef changes are inherited; when the time is up
 * `self` is interrupted (its request aborted) and awaited, then the call
 * fails with `onTimeout()`. Interrupting the caller interrupts `self`.
 */
export const withTimeout = <A, E, E2>(
  self: Effect.Effect<A, E>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2> =>
  Effect.clockWith((clock) =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(timer(clock, duration), (start) =>
        Effect.flatMap(Effect.fork(restore(self)), (child) =>
          Effect.flatMap(
            restore(
              Effect.async<Exit.Exit<A, E> | undefined>((resume) => {
                let done = false
                const cancel = start(() => {
                  if (done) return
                  done = true
                  resume(Effect.succeed(undefined))
                })
                child.addObserver((exit) => {
                  if (done) return
                  done = true
                  cancel()
                  resume(Effect.succeed(exit))
                })
                return Effect.suspend(() => {
                  done = true
                  cancel()
                  return Fiber.interrupt(child)
                })
              })
            ),
            (exit): Effect.Effect<A, E | E2> =>
              exit === undefined
                ? Effect.zipRight(Fiber.interrupt(child), Effect.fail(onTimeout()))
                : Effect.zipRight(child.inheritAll, exit)
          )))
    )
  )

/**
 * Sends a request; `exchange` reads the answer (and its body) from what was
 * sent. A client without the capability runs with `parent` as its parent
 * span (the platform's clients start `http.client` spans).
 */
export type Deadline = <A, E>(
  request: HttpClientRequest.HttpClientRequest,
  exchange: (
    sent: Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>
  ) => Effect.Effect<A, E>,
  onTimeout: () => E,
  parent: Tracer.AnySpan
) => Effect.Effect<A, E>

/**
 * The deadline of each attempt over `client`, `timeout` long, covering the
 * answer and the reading of its body.
 */
export const deadline = (client: HttpClient.HttpClient, timeout: Duration.Duration): Deadline => {
  const executeWithin = AttemptDeadline.executeWithin(client)
  const millis = Duration.toMillis(timeout)
  return (request, exchange, onTimeout, parent) =>
    Effect.clockWith((clock) =>
      // a transport that enforces the limit itself, on live timers, needs no extra fiber (and starts no span)
      executeWithin !== undefined && clock === liveClock
        ? exchange(executeWithin(request, millis))
        : Effect.withParentSpan(withTimeout(exchange(client.execute(request)), timeout, onTimeout), parent)
    )
}
