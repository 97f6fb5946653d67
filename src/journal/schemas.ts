import { Type } from '@sinclair/typebox'

export const JournalParams = Type.Object({ m: Type.String({ maxLength: 64 }) })
export const JournalQuery = Type.Object({
  subject: Type.Optional(Type.String({ maxLength: 64 })),
  subjectId: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  lang: Type.Optional(Type.String({ maxLength: 8 })),
})
