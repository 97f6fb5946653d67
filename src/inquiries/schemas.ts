/** Request and response shapes of the intake: the contact form, the staff registration form and the API. */
import { type Static, Type } from '@sinclair/typebox'
import { LANGUAGES } from '../db/schema.ts'

export const MAX_MESSAGE_LENGTH = 10_000

const languageEnum = Type.Union(
  LANGUAGES.map((l) => Type.Literal(l)),
  { description: 'Preferred language for the answer: da, sv or en.' },
)

export const MunicipalityParams = Type.Object({ m: Type.String({ maxLength: 64 }) })
export const StatusParams = Type.Object({
  m: Type.String({ maxLength: 64 }),
  token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
})

/** The web form (multipart or urlencoded); the staff form adds the channel. All text, all optional here. */
export const ContactBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  topic: Type.Optional(Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9-]*$' })),
  message: Type.Optional(Type.String({ maxLength: MAX_MESSAGE_LENGTH })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  language: Type.Optional(languageEnum),
  channel: Type.Optional(Type.Union([Type.Literal('phone'), Type.Literal('desk')])),
  /** Ids of provisional uploads kept from an earlier attempt. */
  kept: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })),
})
export type ContactBody = Static<typeof ContactBody>

export const ApiInquiryBody = Type.Object(
  {
    municipality: Type.Optional(
      Type.String({
        maxLength: 64,
        pattern: '^[a-z0-9-]+$',
        description: "The municipality's slug, e.g. `demo-kommune`. May be left out with a staff token.",
      }),
    ),
    topic: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9-]+$',
      description: "A topic's id or slug, e.g. `bulky-waste`.",
    }),
    message: Type.String({ minLength: 1, maxLength: MAX_MESSAGE_LENGTH, description: 'The inquiry, as text.' }),
    name: Type.String({ minLength: 1, maxLength: 200, description: "The citizen's name." }),
    email: Type.Optional(
      Type.String({ maxLength: 254, description: 'Where the receipt and answer go. E-mail or phone is required.' }),
    ),
    phone: Type.Optional(Type.String({ maxLength: 40, description: 'A phone number. E-mail or phone is required.' })),
    language: Type.Optional(languageEnum),
  },
  { additionalProperties: false },
)
export type ApiInquiryBody = Static<typeof ApiInquiryBody>

export const ApiInquiryCreated = Type.Object({
  id: Type.String({ description: 'The inquiry id (UUID).' }),
  reference: Type.String({ description: 'The human reference, e.g. `DEMO-2026-000123`.' }),
  status: Type.String({ description: 'Always `new` for a new inquiry.' }),
  receivedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({
    format: 'date-time',
    description: "The end of the day an answer is due, in business days from receipt (the municipality's calendar).",
  }),
  statusUrl: Type.String({ description: "The citizen's private status page; give it to the citizen only." }),
})

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    instance: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), code: Type.String(), detail: Type.String() })),
    ),
  },
  { description: 'RFC 9457 problem details; `errors` names each refused field.' },
)
