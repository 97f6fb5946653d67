/**
 * Validation of answers against a definition, the same for every step page, the check page, the final
 * submit and the API: unknown fields are refused, every visible field is checked by its type and rules
 * (an option that is not offered, a number or date out of range, a missing required answer), hidden
 * fields (a condition not met) are dropped. Attachments are counted here; their content is checked by
 * the contact centre's `checkFiles` before anything is kept.
 */
import { localDate } from '../../calendar/business-days.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { allFields, type Definition, type Field, type Step } from './definition.ts'

/** Field id → value: text as typed (trimmed), a checkbox as a boolean. */
export type Answers = Record<string, string | boolean>

const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/
const PHONE = /^\+?[\d ()./-]{6,20}$/
const POSTCODE = /^(\d{4}|\d{3} ?\d{2})$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DEFAULT_MAX: Partial<Record<Field['type'], number>> = { textarea: 5000 }

export function isVisible(field: Field, answers: Answers): boolean {
  if (!field.showIf) return true
  return answers[field.showIf.field] === field.showIf.equals
}

/** A real calendar date as `YYYY-MM-DD`, or undefined. */
export function parseDate(value: string): Date | undefined {
  const m = DATE.exec(value)
  if (!m) return undefined
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return date.toISOString().slice(0, 10) === value ? date : undefined
}

/**
 * Today in the municipality, as midnight UTC of its local date: date limits and ages are counted in
 * the citizen's calendar, so "at least tomorrow" does not shift by a day around midnight.
 */
export function municipalToday(timeZone: string, now: Date = new Date()): Date {
  return parseDate(localDate(now, timeZone)) as Date
}

const dayOffset = (today: Date, days: number) =>
  new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10)

/** One value from a form or JSON as its stored shape; undefined when the shape is impossible (an array, an object). */
function normalise(field: Field, raw: unknown): string | boolean | undefined {
  if (raw === undefined || raw === null) return field.type === 'checkbox' ? false : ''
  if (field.type === 'checkbox') {
    if (typeof raw === 'boolean') return raw
    if (raw === 'yes' || raw === 'true' || raw === 'on') return true
    if (raw === '' || raw === 'no' || raw === 'false') return false
    return undefined
  }
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw)
  if (typeof raw !== 'string') return undefined
  return raw.trim()
}

function checkValue(field: Field, value: string | boolean, today: Date): FieldErrors[string] | undefined {
  if (field.type === 'checkbox')
    return field.required && value !== true ? { key: 'selfservice.form.must_confirm' } : undefined
  const text = value as string
  if (text === '') return field.required ? { key: 'web.validation.required' } : undefined
  if (field.minLength !== undefined && text.length < field.minLength)
    return { key: 'web.validation.min_length', vars: { limit: field.minLength } }
  const max = field.maxLength ?? DEFAULT_MAX[field.type] ?? 200
  if (text.length > max) return { key: 'web.validation.max_length', vars: { limit: max } }
  switch (field.type) {
    case 'email':
      return EMAIL.test(text) ? undefined : { key: 'web.validation.email' }
    case 'tel':
      return PHONE.test(text) ? undefined : { key: 'selfservice.form.phone' }
    case 'postcode':
      return POSTCODE.test(text) ? undefined : { key: 'selfservice.form.postcode' }
    case 'number': {
      if (!/^-?\d+([.,]\d+)?$/.test(text)) return { key: 'selfservice.form.number' }
      const n = Number(text.replace(',', '.'))
      if (field.min !== undefined && n < field.min) return { key: 'web.validation.minimum', vars: { limit: field.min } }
      if (field.max !== undefined && n > field.max) return { key: 'web.validation.maximum', vars: { limit: field.max } }
      return undefined
    }
    case 'date': {
      if (!parseDate(text)) return { key: 'selfservice.form.date' }
      if (field.minDays !== undefined && text < dayOffset(today, field.minDays))
        return { key: 'selfservice.form.date_min', vars: { limit: dayOffset(today, field.minDays) } }
      if (field.maxDays !== undefined && text > dayOffset(today, field.maxDays))
        return { key: 'selfservice.form.date_max', vars: { limit: dayOffset(today, field.maxDays) } }
      return undefined
    }
    case 'select':
    case 'radio':
      return field.options?.some((o) => o.value === text) ? undefined : { key: 'web.validation.enum' }
    default:
      if (field.pattern && !new RegExp(`^(?:${field.pattern})$`).test(text)) return { key: 'web.validation.format' }
      return undefined
  }
}

export interface StepCheck {
  /** The step's answers, normalised; hidden fields left out. */
  values: Answers
  errors: FieldErrors
  /** Names sent that the step does not have: tampering or an old page. */
  unknown: string[]
}

/**
 * Check the fields of one step. `input` is what was sent for the step; `earlier` the answers of the
 * steps before it (for conditions); `files` the number of files per attachments field.
 */
export function checkStep(
  step: Step,
  input: Record<string, unknown>,
  earlier: Answers,
  files: Record<string, number>,
  options: { today: Date; partial?: boolean },
): StepCheck {
  const { today } = options
  const known = new Set(step.fields.map((f) => f.id))
  const unknown = Object.keys(input).filter((k) => !known.has(k))
  const values: Answers = {}
  const errors: FieldErrors = {}
  for (const field of step.fields) {
    if (!isVisible(field, earlier)) continue
    if (field.type === 'attachments') {
      const count = files[field.id] ?? 0
      if (input[field.id] !== undefined) unknown.push(field.id)
      if (!options.partial && field.required && count === 0)
        errors[field.id] = { key: 'selfservice.form.attachment_required' }
      else if (count > (field.maxFiles ?? 5))
        errors[field.id] = { key: 'selfservice.form.too_many_files', vars: { limit: field.maxFiles ?? 5 } }
      continue
    }
    const value = normalise(field, input[field.id])
    if (value === undefined) {
      errors[field.id] = { key: 'web.validation.type' }
      continue
    }
    values[field.id] = value
    const error = checkValue(field, value, today)
    // A draft saved half-way keeps what is there; only impossible values (not empty ones) are refused.
    if (error && !(options.partial && (value === '' || value === false))) errors[field.id] = error
  }
  return { values, errors, unknown }
}

/** Check every step of a whole set of answers (the check page, the final submit, the API). */
export function checkAll(
  definition: Definition,
  input: Record<string, unknown>,
  files: Record<string, number>,
  options: { today: Date },
): StepCheck {
  const known = new Set(allFields(definition).map((f) => f.id))
  const unknown = Object.keys(input).filter((k) => !known.has(k))
  const values: Answers = {}
  const errors: FieldErrors = {}
  for (const step of definition.steps) {
    const own = Object.fromEntries(step.fields.filter((f) => f.id in input).map((f) => [f.id, input[f.id]]))
    const result = checkStep(step, own, values, files, options)
    Object.assign(values, result.values)
    Object.assign(errors, result.errors)
    unknown.push(...result.unknown)
  }
  return { values, errors, unknown: [...new Set(unknown)] }
}

/** The first step (0-based) with an error, to send the citizen back to. */
export function firstStepWithError(definition: Definition, errors: FieldErrors): number {
  const index = definition.steps.findIndex((s) => s.fields.some((f) => errors[f.id]))
  return Math.max(index, 0)
}
