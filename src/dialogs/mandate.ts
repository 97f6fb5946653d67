/**
 * The mandate of a dialog and the rules on it, without a database: which fields must be filled before a
 * dialog may be published, which phase a dialog is in on a given day, and whether a consultation's
 * period is shorter than the legal minimum for its type. Dates are local calendar dates (YYYY-MM-DD).
 */
import type { ConsultationType, DialogRow, DialogTextRow } from '../db/tables/dialogs.ts'
import type { FieldErrors } from '../web/errors.ts'

export const MANDATE_TEXT_FIELDS = [
  'title',
  'summary',
  'purpose',
  'decides',
  'open_for',
  'not_open_for',
  'input_use',
] as const
export type MandateTextField = (typeof MANDATE_TEXT_FIELDS)[number]

/** upcoming → open → closed (input being processed) → awaiting_feedback (feedback date passed) → concluded. */
export const PHASES = ['draft', 'upcoming', 'open', 'closed', 'awaiting_feedback', 'concluded'] as const
export type Phase = (typeof PHASES)[number]

/** Weeks a consultation must at least run, by type (planloven § 24); `other` has no legal minimum. */
export const LEGAL_MINIMUM_WEEKS: Record<ConsultationType, number> = {
  municipal_plan: 8,
  local_plan: 4,
  minor_local_plan: 2,
  other: 0,
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
export const isDate = (value: string | null | undefined): value is string =>
  typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))

/** Days from `from` to `to` (both local dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

type DatedDialog = Pick<DialogRow, 'state' | 'starts_on' | 'ends_on' | 'feedback_due_on'>

/** The phase on `today`: the input period includes both its first and last day. */
export function phaseOf(dialog: DatedDialog, today: string): Phase {
  if (dialog.state === 'draft') return 'draft'
  if (dialog.state === 'concluded') return 'concluded'
  if (dialog.starts_on && today < dialog.starts_on) return 'upcoming'
  if (!dialog.ends_on || today <= dialog.ends_on) return 'open'
  if (dialog.feedback_due_on && today > dialog.feedback_due_on) return 'awaiting_feedback'
  return 'closed'
}

/** Feedback is overdue when its date has passed and it is not published. */
export const isOverdue = (dialog: DatedDialog & Pick<DialogRow, 'feedback_published_at'>, today: string) =>
  dialog.state === 'published' &&
  !dialog.feedback_published_at &&
  Boolean(dialog.feedback_due_on) &&
  today > (dialog.feedback_due_on as string)

/** Listing order: open first, then upcoming, then those awaiting feedback, then concluded. */
export const PHASE_ORDER: Record<Phase, number> = {
  open: 0,
  upcoming: 1,
  awaiting_feedback: 2,
  closed: 3,
  concluded: 4,
  draft: 5,
}

/**
 * How many weeks short of the legal minimum the period is (0 when it is long enough or has no minimum).
 * @example legalMinimumShortfall({ consultation_type: 'local_plan', starts_on: '2026-01-01', ends_on: '2026-01-15' }) // 2
 */
export function legalMinimumWeeks(
  dialog: Pick<DialogRow, 'kind' | 'consultation_type' | 'starts_on' | 'ends_on'>,
): { minimum: number; actualDays: number } | undefined {
  if (dialog.kind !== 'consultation' || !dialog.consultation_type) return undefined
  const minimum = LEGAL_MINIMUM_WEEKS[dialog.consultation_type]
  if (!minimum || !isDate(dialog.starts_on) || !isDate(dialog.ends_on)) return undefined
  // The last day counts: a period from Monday to the Sunday eight weeks later is 56 days.
  const actualDays = daysBetween(dialog.starts_on, dialog.ends_on) + 1
  return actualDays < minimum * 7 ? { minimum, actualDays } : undefined
}

/**
 * Field errors that stop a dialog from being published: every mandate text in the municipality's
 * default language, the dates in order, the responsible department and a contact person.
 */
export function mandateErrors(
  dialog: DialogRow,
  texts: readonly DialogTextRow[],
  defaultLanguage: DialogTextRow['language'],
): FieldErrors {
  const errors: FieldErrors = {}
  const main = texts.find((t) => t.language === defaultLanguage)
  for (const field of MANDATE_TEXT_FIELDS) {
    if (!main?.[field]?.trim()) errors[`${field}_${defaultLanguage}`] = { key: 'dialogs.mandate.missing' }
  }
  if (!isDate(dialog.starts_on)) errors.starts_on = { key: 'dialogs.mandate.missing' }
  if (!isDate(dialog.ends_on)) errors.ends_on = { key: 'dialogs.mandate.missing' }
  else if (isDate(dialog.starts_on) && dialog.ends_on < dialog.starts_on)
    errors.ends_on = { key: 'dialogs.mandate.ends_before_start' }
  if (!isDate(dialog.feedback_due_on)) errors.feedback_due_on = { key: 'dialogs.mandate.missing' }
  else if (isDate(dialog.ends_on) && dialog.feedback_due_on <= dialog.ends_on)
    errors.feedback_due_on = { key: 'dialogs.mandate.feedback_before_end' }
  if (!dialog.department_id) errors.department_id = { key: 'dialogs.mandate.missing' }
  if (!dialog.contact_name.trim()) errors.contact_name = { key: 'dialogs.mandate.missing' }
  if (!dialog.contact_email.trim()) errors.contact_email = { key: 'dialogs.mandate.missing' }
  if (dialog.kind === 'consultation' && !dialog.consultation_type)
    errors.consultation_type = { key: 'dialogs.mandate.missing' }
  if (dialog.kind === 'budget' && dialog.budget_total <= 0) errors.budget_total = { key: 'dialogs.mandate.missing' }
  return errors
}
