/**
 * Canned answers: a municipality's prepared texts, one language each, kept by its administrators and
 * journaled. Placeholders (`{name}`, `{reference}`, `{received}`, `{due}`, `{staff}`) are filled in for
 * the inquiry at hand, in the citizen's language, when a caseworker picks one for an answer.
 */
import type { Db } from '../../db/index.ts'
import { newId, nowIso } from '../../db/index.ts'
import type { CannedAnswerRow, InquiryRow, Language } from '../../db/schema.ts'
import { LANGUAGES } from '../../db/schema.ts'
import { type Actor, record } from '../../journal/service.ts'
import { BadRequest, type FieldErrors, NotFound } from '../../web/errors.ts'
import { formatDateTime, formatDueDate } from '../format.ts'
import * as store from './store.ts'

export const PLACEHOLDERS = ['name', 'reference', 'received', 'due', 'staff'] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]
export const PLACEHOLDER_LIST = PLACEHOLDERS.map((p) => `{${p}}`).join(', ')

const TOKEN = /\{(\w+)\}/g

export interface CannedInput {
  language: string
  title: string
  body: string
}

export const listCannedAnswers = store.listCannedAnswers

export async function findCannedAnswer(db: Db, municipalityId: string, id: string): Promise<CannedAnswerRow> {
  const row = await store.findCannedAnswer(db, municipalityId, id)
  if (!row) throw NotFound('inquiries.canned.not_found')
  return row
}

/** Field errors of a canned answer: language, title and text present, and no placeholder we cannot fill. */
export function checkCanned(input: CannedInput): FieldErrors {
  const errors: FieldErrors = {}
  if (!(LANGUAGES as readonly string[]).includes(input.language)) errors.language = { key: 'web.validation.enum' }
  if (!input.title.trim()) errors.title = { key: 'web.validation.required' }
  if (!input.body.trim()) errors.body = { key: 'web.validation.required' }
  else {
    const unknown = [...input.body.matchAll(TOKEN)].find(
      (m) => !(PLACEHOLDERS as readonly string[]).includes(m[1] ?? ''),
    )
    if (unknown)
      errors.body = {
        key: 'inquiries.canned.unknown_placeholder',
        vars: { placeholder: unknown[0], list: PLACEHOLDER_LIST },
      }
  }
  return errors
}

function validated(input: CannedInput) {
  const errors = checkCanned(input)
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  return { language: input.language as Language, title: input.title.trim(), body: input.body.replace(/\r\n/g, '\n') }
}

export async function createCannedAnswer(db: Db, actor: Actor, municipalityId: string, input: CannedInput) {
  const fields = validated(input)
  return db.transaction().execute(async (trx) => {
    const now = nowIso()
    const row: CannedAnswerRow = {
      id: newId(),
      municipality_id: municipalityId,
      ...fields,
      created_at: now,
      updated_at: now,
    }
    await store.insertCannedAnswer(trx, row)
    await record(trx, {
      municipalityId,
      actor,
      action: 'inquiry.canned.created',
      subject: { type: 'canned_answer', id: row.id },
      summary: `Canned answer created (${row.language})`,
      documents: [{ body: `${row.title}\n\n${row.body}`, mediaType: 'text/plain; charset=utf-8' }],
    })
    return row
  })
}

export async function updateCannedAnswer(db: Db, actor: Actor, municipalityId: string, id: string, input: CannedInput) {
  const fields = validated(input)
  return db.transaction().execute(async (trx) => {
    const row = await store.findCannedAnswer(trx, municipalityId, id)
    if (!row) throw NotFound('inquiries.canned.not_found')
    await store.updateCannedAnswer(trx, id, { ...fields, updated_at: nowIso() })
    await record(trx, {
      municipalityId,
      actor,
      action: 'inquiry.canned.updated',
      subject: { type: 'canned_answer', id },
      summary: `Canned answer updated (${fields.language})`,
      documents: [{ body: `${fields.title}\n\n${fields.body}`, mediaType: 'text/plain; charset=utf-8' }],
    })
  })
}

export async function deleteCannedAnswer(db: Db, actor: Actor, municipalityId: string, id: string) {
  await db.transaction().execute(async (trx) => {
    const row = await store.findCannedAnswer(trx, municipalityId, id)
    if (!row) throw NotFound('inquiries.canned.not_found')
    await store.deleteCannedAnswer(trx, id)
    await record(trx, {
      municipalityId,
      actor,
      action: 'inquiry.canned.deleted',
      subject: { type: 'canned_answer', id },
      summary: `Canned answer deleted (${row.language})`,
    })
  })
}

/** The values of the placeholders for one inquiry, in the citizen's language and the municipality's time zone. */
export function placeholderValues(
  inquiry: InquiryRow,
  staffName: string,
  timeZone: string,
): Record<Placeholder, string> {
  return {
    name: inquiry.citizen_name,
    reference: inquiry.reference,
    received: formatDateTime(inquiry.received_at, inquiry.language, timeZone),
    due: formatDueDate(inquiry.due_at, inquiry.language, timeZone),
    staff: staffName,
  }
}

/**
 * Fill the placeholders; anything in braces that is not one is left as written.
 * @example fillPlaceholders('Kære {name}, [{reference}]', { name: 'Jens', ... }) // 'Kære Jens, [DEMO-2026-000001]'
 */
export function fillPlaceholders(body: string, values: Record<Placeholder, string>): string {
  return body.replace(TOKEN, (whole, key: string) =>
    (PLACEHOLDERS as readonly string[]).includes(key) ? values[key as Placeholder] : whole,
  )
}
