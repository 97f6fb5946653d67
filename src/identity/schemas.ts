import { Type } from '@sinclair/typebox'

export const LoginBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  next: Type.Optional(Type.String({ maxLength: 2048 })),
})
export const LoginQuery = Type.Object({
  next: Type.Optional(Type.String({ maxLength: 2048 })),
  lang: Type.Optional(Type.String({ maxLength: 8 })),
})
