/**
 * Dialogs with a mandate: editors write the mandate (in up to three languages), publish it once it is
 * complete, attach documents; the public reads the mandate and phase. Contributions live in
 * `contributions.ts`, budgets in `budget.ts`, the feedback loop in `feedback.ts`, digests in `digest.ts`.
 */
import { localDate } from '../calendar/business-days.ts'
import type { Db, Executor, Trx } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { Language, MunicipalityRow } from '../db/schema.ts'
import {
  BALLOT_METHODS,
  type BallotMethod,
  CONSULTATION_TYPES,
  type ConsultationType,
  DIALOG_KINDS,
  type DialogKind,
  type DialogRow,
  type DialogTable,
  type DialogTextRow,
} from '../db/tables/dialogs.ts'
import { LANGUAGES } from '../i18n/index.ts'
import { enqueue } from '../jobs/service.ts'
import { type Actor, record } from '../journal/service.ts'
import { MODERATION_MODES, type ModerationMode } from '../moderation/service.ts'
import { AppError, BadRequest, Conflict, type FieldErrors, NotFound } from '../web/errors.ts'
import { isDate, legalMinimumWeeks, MANDATE_TEXT_FIELDS, type MandateTextField, mandateErrors } from './mandate.ts'
import * as store from './store.ts'

export const SWEEP_JOB = 'dialogs.sweep'
export const MAX_TEXT = 20_000

export interface DialogContext {
  municipality: MunicipalityRow
  actor: Actor
  baseUrl: string
  mailDomain: string
}

export type MandateTexts = Record<MandateTextField, string>

export interface DialogInput {
  kind: DialogKind
  moderationMode: ModerationMode
  departmentId: string
  contactName: string
  contactEmail: string
  startsOn: string
  endsOn: string
  feedbackDueOn: string
  consultationType: string
  location: string
  supportThreshold: number
  budgetTotal: number
  ballotMethod: BallotMethod
  maxChoices: number
  pledgesEnabled: boolean
  texts: Partial<Record<Language, Partial<MandateTexts>>>
}

export const dialogPath = (slug: string, id: string) => `/${slug}/dialogs/${id}`
export const contributionPath = (slug: string, dialogId: string, id: string) =>
  `/${slug}/dialogs/${dialogId}/contributions/${id}`
export const staffDialogPath = (slug: string, id: string) => `/${slug}/staff/dialogs/${id}`

export const today = (municipality: Pick<MunicipalityRow, 'time_zone'>, now = new Date()) =>
  localDate(now, municipality.time_zone)

const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/
export const isEmail = (value: string) => value.length <= 254 && EMAIL.test(value)

/** Format errors a draft may not have (completeness is checked on publishing). */
export function inputErrors(input: DialogInput, defaultLanguage: Language): FieldErrors {
  const errors: FieldErrors = {}
  if (!input.texts[defaultLanguage]?.title?.trim())
    errors[`title_${defaultLanguage}`] = { key: 'web.validation.required' }
  for (const language of LANGUAGES) {
    for (const field of MANDATE_TEXT_FIELDS) {
      if ((input.texts[language]?.[field] ?? '').length > MAX_TEXT)
        errors[`${field}_${language}`] = { key: 'web.validation.max_length', vars: { limit: MAX_TEXT } }
    }
  }
  for (const field of ['startsOn', 'endsOn', 'feedbackDueOn'] as const) {
    if (input[field] && !isDate(input[field])) errors[snake(field)] = { key: 'dialogs.form.date_invalid' }
  }
  if (input.contactEmail && !isEmail(input.contactEmail.trim())) errors.contact_email = { key: 'web.validation.email' }
  if (input.consultationType && !(CONSULTATION_TYPES as readonly string[]).includes(input.consultationType))
    errors.consultation_type = { key: 'web.validation.required' }
  for (const field of ['supportThreshold', 'budgetTotal', 'maxChoices'] as const) {
    const value = input[field]
    if (!Number.isInteger(value) || value < 0 || value > 1_000_000_000)
      errors[snake(field)] = { key: 'dialogs.form.number_invalid' }
  }
  return errors
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

function rowFrom(
  input: DialogInput,
): Omit<
  DialogTable,
  | 'id'
  | 'municipality_id'
  | 'state'
  | 'created_by'
  | 'created_at'
  | 'updated_at'
  | 'published_at'
  | 'feedback_published_at'
  | 'feedback_mailed_at'
  | 'results_published_at'
  | 'overdue_flagged_at'
> {
  return {
    kind: (DIALOG_KINDS as readonly string[]).includes(input.kind) ? input.kind : 'consultation',
    moderation_mode: (MODERATION_MODES as readonly string[]).includes(input.moderationMode)
      ? input.moderationMode
      : 'pre',
    department_id: input.departmentId || null,
    contact_name: input.contactName.trim(),
    contact_email: input.contactEmail.trim(),
    starts_on: input.startsOn || null,
    ends_on: input.endsOn || null,
    feedback_due_on: input.feedbackDueOn || null,
    consultation_type: (input.consultationType as ConsultationType) || null,
    location: input.location.trim(),
    support_threshold: input.supportThreshold,
    budget_total: input.budgetTotal,
    ballot_method: (BALLOT_METHODS as readonly string[]).includes(input.ballotMethod) ? input.ballotMethod : 'knapsack',
    max_choices: input.maxChoices,
    pledges_enabled: input.pledgesEnabled ? 1 : 0,
  }
}

async function saveTexts(trx: Trx, dialogId: string, input: DialogInput): Promise<void> {
  const existing = await store.listTexts(trx, [dialogId])
  for (const language of LANGUAGES) {
    const given = input.texts[language]
    if (!given) continue
    const before = existing.find((t) => t.language === language)
    await store.saveText(trx, {
      dialog_id: dialogId,
      language,
      title: given.title?.trim() ?? '',
      summary: given.summary?.trim() ?? '',
      purpose: given.purpose?.trim() ?? '',
      decides: given.decides?.trim() ?? '',
      open_for: given.open_for?.trim() ?? '',
      not_open_for: given.not_open_for?.trim() ?? '',
      input_use: given.input_use?.trim() ?? '',
      feedback: before?.feedback ?? '',
    })
  }
}

/** Creates a draft dialog; returns it. Throws 400 with field errors on malformed input. */
export async function createDialog(db: Db, ctx: DialogContext, input: DialogInput): Promise<DialogRow> {
  const errors = inputErrors(input, ctx.municipality.default_language)
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  return db.transaction().execute(async (trx) => {
    const now = nowIso()
    const row: DialogRow = {
      id: newId(),
      municipality_id: ctx.municipality.id,
      state: 'draft',
      ...rowFrom(input),
      created_by: ctx.actor.type === 'user' ? ctx.actor.id : null,
      created_at: now,
      updated_at: now,
      published_at: null,
      feedback_published_at: null,
      feedback_mailed_at: null,
      results_published_at: null,
      overdue_flagged_at: null,
    }
    await store.insertDialog(trx, row)
    await saveTexts(trx, row.id, input)
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: ctx.actor,
      action: 'dialogs.dialog.created',
      subject: { type: 'dialog', id: row.id },
      summary: `Draft ${row.kind} created`,
    })
    return row
  })
}

/** Saves the mandate; a published dialog must stay complete. The kind cannot change once there is input. */
export async function updateDialog(db: Db, ctx: DialogContext, id: string, input: DialogInput): Promise<DialogRow> {
  const errors = inputErrors(input, ctx.municipality.default_language)
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  return db.transaction().execute(async (trx) => {
    const dialog = await store.lockDialog(trx, ctx.municipality.id, id)
    if (!dialog) throw NotFound('dialogs.not_found')
    if (dialog.state === 'concluded') throw Conflict('dialogs.concluded')
    const changes = { ...rowFrom(input), kind: dialog.kind, updated_at: nowIso() }
    const updated = { ...dialog, ...changes }
    await store.updateDialog(trx, id, changes)
    await saveTexts(trx, id, input)
    if (dialog.state === 'published') {
      const missing = mandateErrors(updated, await store.listTexts(trx, [id]), ctx.municipality.default_language)
      if (Object.keys(missing).length) throw BadRequest('dialogs.mandate.incomplete', missing)
    }
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: ctx.actor,
      action: 'dialogs.dialog.updated',
      subject: { type: 'dialog', id },
      summary: 'Mandate edited',
    })
    return updated
  })
}

/** Publishes a complete draft; the field errors name every part of the mandate that is missing. */
export async function publishDialog(db: Db, ctx: DialogContext, id: string): Promise<DialogRow> {
  return db.transaction().execute(async (trx) => {
    const dialog = await store.lockDialog(trx, ctx.municipality.id, id)
    if (!dialog) throw NotFound('dialogs.not_found')
    if (dialog.state !== 'draft') throw Conflict('dialogs.already_published')
    const errors = mandateErrors(dialog, await store.listTexts(trx, [id]), ctx.municipality.default_language)
    if (Object.keys(errors).length) throw BadRequest('dialogs.mandate.incomplete', errors)
    const now = nowIso()
    await store.updateDialog(trx, id, { state: 'published', published_at: now, updated_at: now })
    const short = legalMinimumWeeks(dialog)
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: ctx.actor,
      action: 'dialogs.dialog.published',
      subject: { type: 'dialog', id },
      summary:
        `Published, open ${dialog.starts_on} to ${dialog.ends_on}, feedback by ${dialog.feedback_due_on}` +
        (short ? `; period ${short.actualDays} days, shorter than the legal minimum of ${short.minimum} weeks` : ''),
    })
    await scheduleSweep(trx, { baseUrl: ctx.baseUrl, mailDomain: ctx.mailDomain })
    return { ...dialog, state: 'published', published_at: now }
  })
}

/** The hourly sweep (results, overdue feedback, digests) runs while there are dialogs; one per hour at most. */
export async function scheduleSweep(
  db: Executor,
  payload: SweepPayload,
  at = new Date(Date.now() + 60_000),
): Promise<void> {
  await enqueue(db, { kind: SWEEP_JOB, payload, runAt: at, dedupeKey: `${SWEEP_JOB}:${at.toISOString().slice(0, 13)}` })
}

export interface SweepPayload {
  baseUrl: string
  mailDomain: string
}

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

/** Adds a PDF the public can read; the type was checked by content before. */
export async function addDocument(
  db: Db,
  ctx: DialogContext,
  dialogId: string,
  file: { fileName: string; bytes: Uint8Array },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const dialog = await store.lockDialog(trx, ctx.municipality.id, dialogId)
    if (!dialog) throw NotFound('dialogs.not_found')
    const id = newId()
    await store.insertDocument(trx, {
      id,
      dialog_id: dialogId,
      file_name: file.fileName,
      content_type: 'application/pdf',
      size: file.bytes.byteLength,
      body: file.bytes,
      created_at: nowIso(),
    })
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: ctx.actor,
      action: 'dialogs.document.added',
      subject: { type: 'dialog', id: dialogId },
      summary: `Document added: ${file.fileName}`,
      documents: [{ body: file.bytes, mediaType: 'application/pdf' }],
    })
  })
}

export async function removeDocument(db: Db, ctx: DialogContext, dialogId: string, documentId: string) {
  await db.transaction().execute(async (trx) => {
    const dialog = await store.lockDialog(trx, ctx.municipality.id, dialogId)
    if (!dialog) throw NotFound('dialogs.not_found')
    if (dialog.state !== 'draft') throw Conflict('dialogs.document.published')
    await store.deleteDocument(trx, dialogId, documentId)
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: ctx.actor,
      action: 'dialogs.document.removed',
      subject: { type: 'dialog', id: dialogId },
      summary: 'Document removed from the draft',
    })
  })
}

/** The texts in the language asked, each field falling back to the municipality's default language. */
export function textsIn(texts: readonly DialogTextRow[], language: Language, fallback: Language): DialogTextRow {
  const asked = texts.find((t) => t.language === language)
  const main = texts.find((t) => t.language === fallback)
  const empty = {
    dialog_id: '',
    language,
    title: '',
    summary: '',
    purpose: '',
    decides: '',
    open_for: '',
    not_open_for: '',
    input_use: '',
    feedback: '',
  }
  const pick = (field: keyof Omit<DialogTextRow, 'dialog_id' | 'language'>) =>
    asked?.[field]?.trim() ? asked[field] : (main?.[field] ?? '')
  return {
    ...empty,
    dialog_id: asked?.dialog_id ?? main?.dialog_id ?? '',
    title: pick('title'),
    summary: pick('summary'),
    purpose: pick('purpose'),
    decides: pick('decides'),
    open_for: pick('open_for'),
    not_open_for: pick('not_open_for'),
    input_use: pick('input_use'),
    feedback: pick('feedback'),
  }
}

export async function findDialog(db: Executor, municipalityId: string, id: string, publicOnly: boolean) {
  const dialog = await store.findDialog(db, municipalityId, id)
  if (!dialog || (publicOnly && dialog.state === 'draft')) throw NotFound('dialogs.not_found')
  return dialog
}

export async function listDialogsWithTexts(db: Executor, municipalityId: string, publicOnly: boolean) {
  const dialogs = await store.listDialogs(db, municipalityId, publicOnly)
  const texts = await store.listTexts(
    db,
    dialogs.map((d) => d.id),
  )
  return { dialogs, texts }
}

export const listTexts = store.listTexts
export const listDocuments = store.listDocuments
export const findDocument = store.findDocument

/** A 409 for input outside the period, naming the period. */
export function notOpen(dialog: DialogRow): AppError {
  return new AppError(409, 'dialogs.input.closed', undefined, {
    start: dialog.starts_on ?? '',
    end: dialog.ends_on ?? '',
  })
}
