import { Type } from '@sinclair/typebox'
import { PAGE_KINDS } from '../db/schema.ts'

export const SlugParams = Type.Object({ m: Type.String({ maxLength: 64 }) })
export const PageParams = Type.Object({
  m: Type.String({ maxLength: 64 }),
  kind: Type.Union(PAGE_KINDS.map((k) => Type.Literal(k))),
})
export const PageBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  da: Type.String({ maxLength: 50000 }),
  sv: Type.String({ maxLength: 50000 }),
  en: Type.String({ maxLength: 50000 }),
})
