/** Request shapes of the one-answer-for-many page and the public answers pages. */
import { type Static, Type } from '@sinclair/typebox'

const uuid = Type.String({ format: 'uuid' })
const topic = Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9-]*$' })

export const MunicipalityParams = Type.Object({ m: Type.String({ maxLength: 64 }) })
export const AnswerParams = Type.Object({ m: Type.String({ maxLength: 64 }), id: uuid })
export type AnswerParams = Static<typeof AnswerParams>

export const BulkQuery = Type.Object({
  topic: Type.Optional(topic),
  ids: Type.Optional(Type.Array(uuid, { maxItems: 100 })),
  sent: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  published: Type.Optional(uuid),
})
export type BulkQuery = Static<typeof BulkQuery>

export const BulkBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  topic: Type.Optional(topic),
  ids: Type.Optional(Type.Array(uuid, { maxItems: 100 })),
  answer_da: Type.Optional(Type.String({ maxLength: 10_000 })),
  answer_sv: Type.Optional(Type.String({ maxLength: 10_000 })),
  answer_en: Type.Optional(Type.String({ maxLength: 10_000 })),
  publish: Type.Optional(Type.Literal('1')),
  question: Type.Optional(Type.String({ maxLength: 500 })),
})
export type BulkBody = Static<typeof BulkBody>

export const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) })
export type PageQuery = Static<typeof PageQuery>
