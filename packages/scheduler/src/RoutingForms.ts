/**
 * Schemas of the Scheduler routing-form responses.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openEnum, optional, optionalFrom } from "./internal/schema.js"
import { DateTimeText } from "./internal/dates.js"

/**
 * A question of a routing form and the answers given.
 *
 * @since 0.1.0
 */
export const QuestionAndAnswers = Schema.Struct({
  questionId: optionalFrom(Schema.String, "question_id"),
  questionContent: optionalFrom(Schema.String, "question_content"),
  answers: optional(Schema.Array(Schema.String))
})

/** @since 0.1.0 */
export interface QuestionAndAnswers extends Schema.Schema.Type<typeof QuestionAndAnswers> {}

/**
 * One submitted routing form and where it routed the respondent
 * (`resultType`: an `event`, a `text` or a `url`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ZoomScheduler } from "@effect-zoom/scheduler"
 *
 * const booked = Effect.flatMap(ZoomScheduler.ZoomScheduler, (zoom) =>
 *   zoom.routingForms.getResponse("form-1", "response-1")
 * ).pipe(Effect.map((response) => response.booked === true))
 * ```
 *
 * @since 0.1.0
 */
export class RoutingFormResponse extends Schema.Class<RoutingFormResponse>("@effect-zoom/scheduler/RoutingFormResponse")({
  formId: optionalFrom(Schema.String, "form_id"),
  booked: optional(Schema.Boolean),
  bookingLink: optionalFrom(Schema.String, "booking_link"),
  createdTime: optionalFrom(DateTimeText, "created_time"),
  creatorEmail: optionalFrom(Schema.String, "creator_email"),
  questionsAndAnswers: optionalFrom(Schema.Array(QuestionAndAnswers), "questions_and_answers"),
  resultType: optionalFrom(openEnum("event", "text", "url"), "result_type"),
  resultValue: optionalFrom(Schema.String, "result_value")
}) {}
