/** Request shapes of the routing and deadline pages. */
import { type Static, Type } from '@sinclair/typebox'

const id = Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9-]*$' })

export const MunicipalityParams = Type.Object({ m: Type.String({ maxLength: 64 }) })
export const RuleParams = Type.Object({ m: Type.String({ maxLength: 64 }), id: Type.String({ format: 'uuid' }) })
export type RuleParams = Static<typeof RuleParams>

export const ListQuery = Type.Object({
  saved: Type.Optional(Type.String({ format: 'uuid' })),
  deleted: Type.Optional(Type.String({ maxLength: 1 })),
})
export type ListQuery = Static<typeof ListQuery>

export const RuleBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  topic: Type.Optional(id),
  keywords: Type.Optional(Type.String({ maxLength: 2000 })),
  department: Type.Optional(id),
})
export type RuleBody = Static<typeof RuleBody>

export const MoveBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  direction: Type.Union([Type.Literal('up'), Type.Literal('down')]),
})
export type MoveBody = Static<typeof MoveBody>

export const EmptyBody = Type.Object({ _csrf: Type.Optional(Type.String()) })

/** `topic-<id>` and `department-<id>` fields, each a number of days or empty. */
export const DeadlinesBody = Type.Object(
  { _csrf: Type.Optional(Type.String()) },
  { additionalProperties: Type.String({ maxLength: 10 }), maxProperties: 500 },
)
export type DeadlinesBody = Static<typeof DeadlinesBody>

export const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 1 })) })
export type SavedQuery = Static<typeof SavedQuery>
