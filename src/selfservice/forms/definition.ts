/**
 * A service's form definition is data, not code: the catalogue facts (title, what you need, processing
 * times, legal basis, search keywords), the steps and their fields with help texts in three languages,
 * validation rules, conditions, and decision rules. Admins edit it as JSON; `checkDefinition` validates
 * it against this schema and the cross-references (unique field ids, conditions pointing to earlier
 * fields, rules pointing to existing fields) before a new version is saved.
 */
import { type Static, Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

const Text = Type.Object(
  { da: Type.String({ minLength: 1 }), sv: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
)
export type Text = Static<typeof Text>

const Id = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })

export const FIELD_TYPES = [
  'text',
  'textarea',
  'email',
  'tel',
  'number',
  'date',
  'postcode',
  'select',
  'radio',
  'checkbox',
  'attachments',
] as const
export type FieldType = (typeof FIELD_TYPES)[number]

export const LIFE_SITUATIONS = ['health', 'family', 'home', 'moving', 'transport', 'environment', 'rights'] as const
export type LifeSituation = (typeof LIFE_SITUATIONS)[number]

const Field = Type.Object(
  {
    id: Id,
    type: Type.Union(FIELD_TYPES.map((t) => Type.Literal(t))),
    label: Text,
    help: Type.Optional(Text),
    required: Type.Optional(Type.Boolean()),
    minLength: Type.Optional(Type.Integer({ minimum: 0 })),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    /** For a date: the earliest and latest allowed, as days relative to today (negative: the past). */
    minDays: Type.Optional(Type.Integer()),
    maxDays: Type.Optional(Type.Integer()),
    pattern: Type.Optional(Type.String({ maxLength: 200 })),
    options: Type.Optional(
      Type.Array(Type.Object({ value: Id, label: Text }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: 50,
      }),
    ),
    /** For attachments: how many files at most (and the kernel's limits on size and type apply). */
    maxFiles: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    /** Shown and checked only when an earlier field has this value. */
    showIf: Type.Optional(
      Type.Object({ field: Id, equals: Type.Union([Type.String(), Type.Boolean()]) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
)
export type Field = Static<typeof Field>

const Step = Type.Object(
  { id: Id, title: Text, fields: Type.Array(Field, { minItems: 1, maxItems: 30 }) },
  { additionalProperties: false },
)
export type Step = Static<typeof Step>

/** A decision rule: passes or fails on the answers; a failure gives its reason in the refusal. */
const Rule = Type.Union([
  Type.Object(
    {
      id: Id,
      kind: Type.Literal('postcode_in'),
      field: Id,
      postcodes: Type.Array(Type.String({ pattern: '^[0-9 ]{3,6}$' }), { minItems: 1 }),
      reason: Text,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      id: Id,
      kind: Type.Union([Type.Literal('min_age'), Type.Literal('max_age')]),
      field: Id,
      years: Type.Integer({ minimum: 0, maximum: 130 }),
      reason: Text,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      id: Id,
      kind: Type.Literal('one_of'),
      field: Id,
      values: Type.Array(Type.Union([Type.String(), Type.Boolean()]), { minItems: 1 }),
      reason: Text,
    },
    { additionalProperties: false },
  ),
])
export type Rule = Static<typeof Rule>

export const Definition = Type.Object(
  {
    title: Text,
    summary: Text,
    lifeSituation: Type.Union(LIFE_SITUATIONS.map((l) => Type.Literal(l))),
    /** The topic within the life situation, e.g. "Sygesikring". */
    topic: Text,
    /** Words citizens search with, misspellings and other names included, per language. */
    keywords: Type.Object(
      {
        da: Type.Array(Type.String({ maxLength: 80 })),
        sv: Type.Array(Type.String({ maxLength: 80 })),
        en: Type.Array(Type.String({ maxLength: 80 })),
      },
      { additionalProperties: false },
    ),
    needs: Type.Array(Text, { maxItems: 20 }),
    legalBasis: Text,
    /** Processing time in business days: digital first, so a digital submission is handled sooner. */
    processing: Type.Object(
      {
        digitalDays: Type.Integer({ minimum: 0, maximum: 365 }),
        otherDays: Type.Integer({ minimum: 0, maximum: 365 }),
      },
      { additionalProperties: false },
    ),
    /** instant: the rules decide at submission; case: a person handles it in the department's queue. */
    handling: Type.Union([Type.Literal('instant'), Type.Literal('case')]),
    /** The contact centre topic (slug) whose queue and deadline a case gets. */
    caseTopic: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }),
    /** What happens next, on the receipt. */
    next: Text,
    steps: Type.Array(Step, { minItems: 1, maxItems: 10 }),
    rules: Type.Array(Rule, { maxItems: 20 }),
  },
  { additionalProperties: false },
)
export type Definition = Static<typeof Definition>

export interface DefinitionProblem {
  path: string
  message: string
}

/** Field ids the receipt and the case read: the citizen's name and e-mail. */
export const NAME_FIELD = 'name'
export const EMAIL_FIELD = 'email'

export const allFields = (definition: Definition): Field[] => definition.steps.flatMap((s) => s.fields)

/**
 * Check a definition as an admin typed it; the problems name the JSON path.
 * @example checkDefinition(JSON.parse(text)) // [] when it can be saved
 */
export function checkDefinition(value: unknown): DefinitionProblem[] {
  if (!Value.Check(Definition, value)) {
    return [...Value.Errors(Definition, value)].slice(0, 20).map((e) => ({ path: e.path || '/', message: e.message }))
  }
  const problems: DefinitionProblem[] = []
  const seen = new Map<string, Field>()
  value.steps.forEach((step, s) => {
    step.fields.forEach((field, f) => {
      const path = `/steps/${s}/fields/${f}`
      if (seen.has(field.id)) problems.push({ path: `${path}/id`, message: `duplicate field id ${field.id}` })
      if (field.showIf && !seen.has(field.showIf.field))
        problems.push({
          path: `${path}/showIf`,
          message: `showIf must name a field on an earlier step: ${field.showIf.field}`,
        })
      if (field.type === 'attachments' && step.fields.filter((x) => x.type === 'attachments').length > 1)
        problems.push({ path: `${path}/type`, message: 'a step can have one attachments field' })
      if (['select', 'radio'].includes(field.type) && !field.options?.length)
        problems.push({ path: `${path}/options`, message: `a ${field.type} field needs options` })
      if (field.pattern) {
        try {
          new RegExp(field.pattern)
        } catch {
          problems.push({ path: `${path}/pattern`, message: 'not a valid regular expression' })
        }
      }
    })
    // Conditions refer to earlier steps only: a page without script cannot show a field as you type.
    for (const field of step.fields) seen.set(field.id, field)
  })
  if (seen.get(NAME_FIELD)?.required !== true)
    problems.push({
      path: '/steps',
      message: `a required field with id "${NAME_FIELD}" is needed (the citizen's name)`,
    })
  const email = seen.get(EMAIL_FIELD)
  if (email?.type !== 'email' || email.required !== true)
    problems.push({
      path: '/steps',
      message: `a required e-mail field with id "${EMAIL_FIELD}" is needed (for the receipt)`,
    })
  value.rules.forEach((rule, r) => {
    const field = seen.get(rule.field)
    if (!field) problems.push({ path: `/rules/${r}/field`, message: `no field ${rule.field}` })
    else if ((rule.kind === 'min_age' || rule.kind === 'max_age') && field.type !== 'date')
      problems.push({ path: `/rules/${r}/field`, message: 'an age rule needs a date field' })
  })
  if (value.handling === 'instant' && value.rules.length === 0)
    problems.push({ path: '/rules', message: 'an instant decision needs at least one rule' })
  return problems
}
