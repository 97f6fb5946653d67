/** Request shapes of the inquiry page, its actions, attachment downloads and the canned answers. */
import { type Static, Type } from '@sinclair/typebox'

const Slug = Type.String({ maxLength: 64 })
const Id = Type.String({ format: 'uuid' })
const Csrf = Type.Optional(Type.String())
// Lengths are checked by the service with a translated message; the schema only stops absurd bodies.
const Text = Type.Optional(Type.String({ maxLength: 20_000 }))
const Short = Type.Optional(Type.String({ maxLength: 64 }))

export const CaseParams = Type.Object({ m: Slug, id: Id })
export type CaseParams = Static<typeof CaseParams>
export const AttachmentParams = Type.Object({ m: Slug, id: Id, aid: Id })
export type AttachmentParams = Static<typeof AttachmentParams>
export const CaseQuery = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 30 })),
  /** The canned answer picked without JavaScript: the page comes back with it filled in. */
  canned: Short,
  lang: Type.Optional(Type.String({ maxLength: 8 })),
})
export type CaseQuery = Static<typeof CaseQuery>

export const EmptyBody = Type.Object({ _csrf: Csrf })
export const AssignBody = Type.Object({ _csrf: Csrf, assignee: Short })
export const RouteBody = Type.Object({ _csrf: Csrf, department: Short, route_reason: Text })
export const AnswerBody = Type.Object({ _csrf: Csrf, answer: Text })
export const NoteBody = Type.Object({ _csrf: Csrf, note: Text })
export const CloseBody = Type.Object({ _csrf: Csrf, resolution: Short, close_reason: Text })
export type ActionBody = Partial<
  Static<typeof AssignBody> &
    Static<typeof RouteBody> &
    Static<typeof AnswerBody> &
    Static<typeof NoteBody> &
    Static<typeof CloseBody>
>

export const MunicipalityParams = Type.Object({ m: Slug })
export const CannedParams = Type.Object({ m: Slug, cannedId: Id })
export type CannedParams = Static<typeof CannedParams>
export const CannedBody = Type.Object({
  _csrf: Csrf,
  language: Type.Optional(Type.String({ maxLength: 8 })),
  title: Type.Optional(Type.String({ maxLength: 200 })),
  body: Text,
})
export type CannedBody = Static<typeof CannedBody>
export const FlashQuery = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 30 })),
  lang: Type.Optional(Type.String({ maxLength: 8 })),
})
export type FlashQuery = Static<typeof FlashQuery>
