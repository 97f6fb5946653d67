import { Type } from '@sinclair/typebox'

export const MailListParams = Type.Object({ m: Type.String({ maxLength: 64 }) })
export const MailListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  lang: Type.Optional(Type.String({ maxLength: 8 })),
})
export const MailMessageParams = Type.Object({
  m: Type.String({ maxLength: 64 }),
  id: Type.String({ format: 'uuid' }),
})
export const MailMessageQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 8 })) })
