/** Request and response shapes of the board's pages and its open-data API. */
import { type Static, Type } from '@sinclair/typebox'

export const MunicipalityParams = Type.Object({ m: Type.String({ maxLength: 64 }) })
export const QuestionParams = Type.Object({
  m: Type.String({ maxLength: 64 }),
  id: Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }),
})

export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  topic: Type.Optional(Type.String({ maxLength: 64 })),
  sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('unanswered')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  notice: Type.Optional(Type.String({ maxLength: 20 })),
  lang: Type.Optional(Type.String({ maxLength: 5 })),
})
export type ListQuery = Static<typeof ListQuery>

/** Every form field, all optional and text here: the service says what is missing, in the user's language. */
export const PostBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  topic: Type.Optional(Type.String({ maxLength: 64 })),
  title: Type.Optional(Type.String({ maxLength: 1000 })),
  body: Type.Optional(Type.String({ maxLength: 20_000 })),
  official: Type.Optional(Type.String({ maxLength: 20_000 })),
  name: Type.Optional(Type.String({ maxLength: 500 })),
  email: Type.Optional(Type.String({ maxLength: 500 })),
  parent: Type.Optional(Type.String({ maxLength: 64 })),
  confirmed: Type.Optional(Type.String({ maxLength: 5 })),
  action: Type.Optional(Type.String({ maxLength: 20 })),
  mode: Type.Optional(Type.String({ maxLength: 20 })),
  max_length: Type.Optional(Type.String({ maxLength: 20 })),
})
export type PostBody = Static<typeof PostBody>

export const OpenDataQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1, description: 'Page, from 1.' })),
  perPage: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Questions per page (at most 200).' }),
  ),
  format: Type.Optional(
    Type.Union([Type.Literal('json'), Type.Literal('csv')], {
      description: 'json (default) or csv; `Accept: text/csv` also gives CSV.',
    }),
  ),
})
export type OpenDataQuery = Static<typeof OpenDataQuery>

const OpenAnswer = Type.Object({
  id: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()], { description: 'The answer a reply replies to.' }),
  body: Type.String(),
  author: Type.String({ description: "A citizen's display name, or a staff member's first name." }),
  official: Type.Boolean(),
  department: Type.Union([Type.String(), Type.Null()], { description: 'For an official answer: who gave it.' }),
  createdAt: Type.String({ format: 'date-time' }),
})

export const OpenDataPage = Type.Object({
  municipality: Type.String(),
  page: Type.Integer(),
  perPage: Type.Integer(),
  total: Type.Integer({ description: 'Published questions in all.' }),
  questions: Type.Array(
    Type.Object({
      id: Type.String(),
      url: Type.String(),
      title: Type.String(),
      body: Type.String(),
      topic: Type.Object({ slug: Type.String(), name: Type.String() }),
      author: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
      answered: Type.Boolean({ description: 'Whether an official answer has been given.' }),
      answers: Type.Array(OpenAnswer),
    }),
  ),
})
export type OpenDataPage = Static<typeof OpenDataPage>
