/** The inbox's query string: every filter is optional and kept in the URL, so a reload or a link shows the same list. */
import { type Static, Type } from '@sinclair/typebox'
import { INQUIRY_CHANNELS, INQUIRY_STATUSES } from '../../db/schema.ts'

const ID = '^[0-9a-fA-F-]{36}$'
const choice = <T extends string>(values: readonly T[]) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    {},
  )

export const STATUS_FILTERS = ['active', 'all', ...INQUIRY_STATUSES] as const
export type StatusFilter = (typeof STATUS_FILTERS)[number]
export const SORTS = ['due', 'newest'] as const
export type InboxSort = (typeof SORTS)[number]

export const InboxParams = Type.Object({ m: Type.String({ maxLength: 64 }) })
export type InboxParams = Static<typeof InboxParams>

export const InboxQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(Type.Union([Type.Literal(''), choice(STATUS_FILTERS)])),
  channel: Type.Optional(Type.Union([Type.Literal(''), choice(INQUIRY_CHANNELS)])),
  topic: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: ID })])),
  /** Empty: every queue; `centre`: the contact centre; else a department's id. */
  queue: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('centre'), Type.String({ pattern: ID })])),
  /** Empty: anyone; `me`, `none`, or a staff member's id. */
  assignee: Type.Optional(
    Type.Union([Type.Literal(''), Type.Literal('me'), Type.Literal('none'), Type.String({ pattern: ID })]),
  ),
  overdue: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('1')])),
  sort: Type.Optional(Type.Union([Type.Literal(''), choice(SORTS)])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  lang: Type.Optional(Type.String({ maxLength: 8 })),
})
export type InboxQuery = Static<typeof InboxQuery>
