/** Request and response shapes of self-service pages and its API. */
import { type Static, Type } from '@sinclair/typebox'
import { LANGUAGES } from '../db/schema.ts'

const Slug = Type.String({ maxLength: 64, pattern: '^[a-z0-9-]+$' })
const Token = Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })

export const MunicipalityParams = Type.Object({ m: Type.String({ maxLength: 64 }) })
export const ServiceParams = Type.Object({ m: Type.String({ maxLength: 64 }), service: Slug })
export const ServiceIdParams = Type.Object({ m: Type.String({ maxLength: 64 }), id: Type.String({ format: 'uuid' }) })
export const TokenParams = Type.Object({ m: Type.String({ maxLength: 64 }), token: Token })
export const StepParams = Type.Object({
  m: Type.String({ maxLength: 64 }),
  token: Token,
  step: Type.Integer({ minimum: 1, maximum: 10 }),
})
export const CatalogueQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) })

export const EditorBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  _action: Type.Optional(Type.Union([Type.Literal('preview'), Type.Literal('save')])),
  based_on: Type.Optional(Type.String({ maxLength: 10 })),
  slug: Type.Optional(Type.String({ maxLength: 64 })),
  definition: Type.String({ maxLength: 200_000 }),
})
export type EditorBody = Static<typeof EditorBody>

const LanguageText = Type.Optional(Type.String({ maxLength: 300 }))
export const CampaignBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  service: Type.String({ maxLength: 64 }),
  title_da: LanguageText,
  title_sv: LanguageText,
  title_en: LanguageText,
  message_da: LanguageText,
  message_sv: LanguageText,
  message_en: LanguageText,
  starts_on: Type.String({ maxLength: 10 }),
  ends_on: Type.String({ maxLength: 10 }),
  together: Type.Optional(
    Type.Union([Type.String({ maxLength: 64 }), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })]),
  ),
})
export type CampaignBody = Static<typeof CampaignBody>

// API

const languageEnum = Type.Union(
  LANGUAGES.map((l) => Type.Literal(l)),
  { description: 'The language of the receipt: da, sv or en.' },
)

export const ApiServicesQuery = Type.Object({
  municipality: Type.Optional(
    Type.String({
      maxLength: 64,
      pattern: '^[a-z0-9-]+$',
      description: "The municipality's slug; may be left out with a staff token.",
    }),
  ),
})

export const ApiServiceParams = Type.Object({ id: Type.String({ format: 'uuid', description: "The service's id." }) })

const ApiServiceSummary = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  version: Type.Integer({ description: 'The current form version.' }),
  title: Type.String(),
  summary: Type.String(),
  lifeSituation: Type.String(),
  topic: Type.String(),
  handling: Type.String({ description: '`instant`: decided by rules at submission; `case`: a person decides.' }),
  processing: Type.Object({ digitalDays: Type.Integer(), otherDays: Type.Integer() }),
  legalBasis: Type.String(),
})

export const ApiServiceList = Type.Object({ services: Type.Array(ApiServiceSummary) })

export const ApiServiceDefinition = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  municipality: Type.String(),
  version: Type.Integer(),
  definition: Type.Unknown({
    description: 'The form definition: steps, fields (id, type, label, help, rules), decision rules.',
  }),
})

export const ApiSubmissionBody = Type.Object(
  {
    answers: Type.Record(
      Type.String({ maxLength: 40 }),
      Type.Union([Type.String({ maxLength: 10_000 }), Type.Boolean(), Type.Number()]),
      {
        description: "Field id → value, as in the definition's fields. Unknown fields are refused.",
      },
    ),
    attachments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            field: Type.String({ maxLength: 40, description: 'The attachments field this file belongs to.' }),
            fileName: Type.String({ minLength: 1, maxLength: 200 }),
            // No maxLength: counting 14 million characters costs more than the body limit, which caps it anyway.
            content: Type.String({ description: 'The file, base64-encoded (at most 10 MB decoded).' }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 5 },
      ),
    ),
    language: Type.Optional(languageEnum),
    version: Type.Optional(
      Type.Integer({
        description: 'The form version the answers were made for; refused when it is no longer current.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type ApiSubmissionBody = Static<typeof ApiSubmissionBody>

export const ApiSubmissionCreated = Type.Object({
  id: Type.String(),
  reference: Type.String({ description: 'e.g. `DEMO-S-2026-000123`.' }),
  version: Type.Integer(),
  channel: Type.String({ description: '`digital`, or `assisted` with a staff token.' }),
  outcome: Type.String({ description: '`approved` or `refused` (instant decision) or `case` (a person decides).' }),
  reasons: Type.Array(Type.String(), { description: 'Why it was refused, in the chosen language.' }),
  expectedBy: Type.String({ format: 'date-time' }),
  caseReference: Type.Union([Type.String(), Type.Null()], { description: 'The inquiry in the department’s queue.' }),
  statusUrl: Type.String({ description: "The citizen's private status page, where the PDF receipt appears." }),
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
