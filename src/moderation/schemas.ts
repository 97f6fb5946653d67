/** Request and response shapes of moderation's pages and API. */
import { type Static, Type } from '@sinclair/typebox'
import { LANGUAGES } from '../db/schema.ts'
import { Problem } from '../inquiries/schemas.ts'
import { CHECK_CODES, HOUSE_RULE_CODES } from './checks.ts'

export { Problem }

const csrf = { _csrf: Type.Optional(Type.String()) }
const uuid = Type.String({ format: 'uuid' })
const slug = Type.String({ maxLength: 64 })
const ruleCode = Type.Union(HOUSE_RULE_CODES.map((c) => Type.Literal(c)))
const digits = Type.String({ maxLength: 6, pattern: '^[0-9]*$' })

export const MunicipalityParams = Type.Object({ m: slug })
export const ItemParams = Type.Object({ m: slug, itemId: uuid })
export type ItemParams = Static<typeof ItemParams>
export const BlockParams = Type.Object({ m: slug, blockId: uuid })
export type BlockParams = Static<typeof BlockParams>
export const BlocksQuery = Type.Object({ done: Type.Optional(Type.Literal('lifted')) })
export type BlocksQuery = Static<typeof BlocksQuery>
export const AppealParams = Type.Object({ m: slug, token: Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) })
export type AppealParams = Static<typeof AppealParams>

export const RulesQuery = Type.Object({ version: Type.Optional(digits) })
export type RulesQuery = Static<typeof RulesQuery>

export const LogQuery = Type.Object({
  source: Type.Optional(Type.String({ maxLength: 32, pattern: '^[a-z][a-z0-9_]*$' })),
  page: Type.Optional(digits),
})
export type LogQuery = Static<typeof LogQuery>

export const QueueQuery = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 32, pattern: '^[a-z_]*$' })),
  count: Type.Optional(digits),
  refused: Type.Optional(digits),
})
export type QueueQuery = Static<typeof QueueQuery>

export const ReportBody = Type.Object({
  ...csrf,
  rule: Type.Optional(Type.String({ maxLength: 40 })),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
})
export type ReportBody = Static<typeof ReportBody>

export const AppealBody = Type.Object({ ...csrf, text: Type.Optional(Type.String({ maxLength: 2000 })) })
export type AppealBody = Static<typeof AppealBody>

export const DecideBody = Type.Object({
  ...csrf,
  action: Type.Union([Type.Literal('approve'), Type.Literal('hide'), Type.Literal('edit'), Type.Literal('hand_off')]),
  revision: digits,
  rule: Type.Optional(Type.Union([ruleCode, Type.Literal('')])),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  text: Type.Optional(Type.String({ maxLength: 20000 })),
})
export type DecideBody = Static<typeof DecideBody>

export const BlockBody = Type.Object({
  ...csrf,
  days: Type.Union([Type.Literal('1'), Type.Literal('7'), Type.Literal('30'), Type.Literal('90')]),
  rule: ruleCode,
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
})
export type BlockBody = Static<typeof BlockBody>

export const BulkBody = Type.Object({
  ...csrf,
  action: Type.Union([Type.Literal('approve'), Type.Literal('hide')]),
  /** `<item id>:<revision>` of each chosen item. */
  items: Type.Optional(
    Type.Union([
      Type.String({ maxLength: 50, pattern: '^[0-9a-f-]{36}:[0-9]{1,6}$' }),
      Type.Array(Type.String({ maxLength: 50, pattern: '^[0-9a-f-]{36}:[0-9]{1,6}$' }), { maxItems: 100 }),
    ]),
  ),
  rule: Type.Optional(Type.Union([ruleCode, Type.Literal('')])),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
})
export type BulkBody = Static<typeof BulkBody>

const settingNumber = Type.String({ maxLength: 6 })
export const SettingsBody = Type.Object({
  ...csrf,
  reportThreshold: Type.Optional(settingNumber),
  rateLimitPosts: Type.Optional(settingNumber),
  rateLimitMinutes: Type.Optional(settingNumber),
  repeatWindowMinutes: Type.Optional(settingNumber),
  defaultMaxLength: Type.Optional(settingNumber),
  blocklist_da: Type.Optional(Type.String({ maxLength: 20000 })),
  blocklist_sv: Type.Optional(Type.String({ maxLength: 20000 })),
  blocklist_en: Type.Optional(Type.String({ maxLength: 20000 })),
})
export type SettingsBody = Static<typeof SettingsBody>

/** `title-<language>-<code>` and `text-<language>-<code>` for every rule; checked in the handler. */
export const RulesBody = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 2000 }))

export const ApiChecksBody = Type.Object(
  {
    text: Type.String({ maxLength: 100_000, description: 'The post, as the author wrote it.' }),
    language: Type.Optional(
      Type.Union(
        LANGUAGES.map((l) => Type.Literal(l)),
        { description: "Whose blocklist and rule titles to use; the municipality's language when left out." },
      ),
    ),
    maxLength: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100_000,
        description: "Characters; the municipality's default when left out.",
      }),
    ),
  },
  { additionalProperties: false },
)
export type ApiChecksBody = Static<typeof ApiChecksBody>

export const ApiFinding = Type.Object({
  check: Type.Union(CHECK_CODES.map((c) => Type.Literal(c))),
  rule: Type.Union(HOUSE_RULE_CODES.map((c) => Type.Literal(c))),
  ruleTitle: Type.String({ description: 'The rule as the house rules in force name it, in the language asked.' }),
  reason: Type.String({ description: 'Why the check found it, in words, in the language asked.' }),
  index: Type.Optional(Type.Integer({ description: 'Where the finding starts (UTF-16 code units).' })),
  length: Type.Optional(Type.Integer()),
  neverPublic: Type.Boolean({ description: 'A post with this finding is never shown publicly, whatever the mode.' }),
  detail: Type.Optional(Type.String({ description: 'For identity numbers: cpr, personnummer or samordningsnummer.' })),
})

export const ApiChecksResult = Type.Object({
  language: Type.String(),
  rulesVersion: Type.Integer({ description: 'The version of the house rules the findings cite.' }),
  maxLength: Type.Integer(),
  findings: Type.Array(ApiFinding),
})
