/** Request shapes of live chats: the public question form, the schedule form, the consoles' actions. */
import { type Static, Type } from '@sinclair/typebox'

const id = Type.String({ maxLength: 64, pattern: '^[0-9a-fA-F-]{1,64}$' })

export const MunicipalityParams = Type.Object({ m: Type.String({ maxLength: 64 }) })
export const ChatParams = Type.Object({ m: Type.String({ maxLength: 64 }), id })
export type ChatParams = Static<typeof ChatParams>
export const QuestionParams = Type.Object({ m: Type.String({ maxLength: 64 }), id, qid: id })
export type QuestionParams = Static<typeof QuestionParams>

export const ChatQuery = Type.Object({
  asked: Type.Optional(Type.String({ maxLength: 8 })),
})
export type ChatQuery = Static<typeof ChatQuery>

export const EventsQuery = Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })) })

/** Everything optional and text: the handler re-renders the form with what was typed when it is wrong. */
export const AskBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  question: Type.Optional(Type.String({ maxLength: 20_000 })),
})
export type AskBody = Static<typeof AskBody>

const many = Type.Union([
  Type.String({ maxLength: 200 }),
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
])

export const ScheduleBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  title: Type.Optional(Type.String({ maxLength: 200 })),
  topic: Type.Optional(Type.String({ maxLength: 2000 })),
  language: Type.Optional(Type.String({ maxLength: 2 })),
  startsAt: Type.Optional(Type.String({ maxLength: 20 })),
  endsAt: Type.Optional(Type.String({ maxLength: 20 })),
  questionMaxLength: Type.Optional(Type.String({ maxLength: 6 })),
  answerMaxLength: Type.Optional(Type.String({ maxLength: 6 })),
  moderators: Type.Optional(many),
  /** The politicians ticked for the panel; each has `party-<id>` and `committee-<id>` fields. */
  panel: Type.Optional(many),
})
export type ScheduleBody = Static<typeof ScheduleBody> & Record<string, unknown>

export const AssignBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  politician: Type.String({ maxLength: 64 }),
  version: Type.Integer({ minimum: 1 }),
})
export type AssignBody = Static<typeof AssignBody>

export const RejectBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  rule: Type.String({ maxLength: 64 }),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  version: Type.Integer({ minimum: 1 }),
})
export type RejectBody = Static<typeof RejectBody>

export const MergeBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  into: Type.Integer({ minimum: 1 }),
  version: Type.Integer({ minimum: 1 }),
})
export type MergeBody = Static<typeof MergeBody>

export const MoveBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  direction: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('top')]),
})
export type MoveBody = Static<typeof MoveBody>

export const AnswerBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  answer: Type.Optional(Type.String({ maxLength: 20_000 })),
})
export type AnswerBody = Static<typeof AnswerBody>
