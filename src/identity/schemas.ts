import { Type } from '@sinclair/typebox'
import { ROLES } from '../db/schema.ts'

const Csrf = Type.Optional(Type.String())
const Slug = Type.String({ minLength: 1, maxLength: 100 })
const Id = Type.String({ format: 'uuid' })

export const LoginBody = Type.Object({
  _csrf: Csrf,
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  next: Type.Optional(Type.String({ maxLength: 2048 })),
})
export const LoginQuery = Type.Object({
  next: Type.Optional(Type.String({ maxLength: 2048 })),
  lang: Type.Optional(Type.String({ maxLength: 8 })),
})

/** Checkboxes: absent when none is ticked, one string for one, an array for several (ajv coerces to an array). */
const RoleList = Type.Optional(Type.Array(Type.Union(ROLES.map((role) => Type.Literal(role))), { maxItems: 6 }))

export const MunicipalityParams = Type.Object({ m: Slug })
export const UserParams = Type.Object({ m: Slug, userId: Id })
export const TokenParams = Type.Object({ m: Slug, tokenId: Id })
export const InvitationParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) })
export const FlashQuery = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 20 })),
  lang: Type.Optional(Type.String({ maxLength: 8 })),
})

// Presence and format are checked by the service, so every missing field is reported at once.
export const InviteBody = Type.Object({
  _csrf: Csrf,
  name: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  roles: RoleList,
})
export const RolesBody = Type.Object({ _csrf: Csrf, roles: RoleList })
export const EmptyBody = Type.Object({ _csrf: Csrf })
export const TokenBody = Type.Object({ _csrf: Csrf, name: Type.Optional(Type.String({ maxLength: 100 })) })
export const AcceptInvitationBody = Type.Object({
  _csrf: Csrf,
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  confirm: Type.Optional(Type.String({ maxLength: 1024 })),
})

export const MeResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  municipality: Type.Object({ slug: Type.String(), name: Type.String() }),
  roles: Type.Array(Type.String()),
})
