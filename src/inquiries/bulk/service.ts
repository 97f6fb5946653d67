/**
 * One answer for many: staff pick several open inquiries (or accept a suggested group of similar ones) and
 * send one answer, written in up to three languages. Each inquiry is answered through the case service, so
 * each citizen gets it in their own thread (their inquiry's Reply-To and threading headers), in their own
 * language or else the municipality's, and each inquiry gets its outgoing message, its status, its journal
 * entry and its live update. Optionally the answer is published on the municipality's answers page, with a
 * question summary staff wrote and no citizen data.
 */
import type { Db, Executor } from '../../db/index.ts'
import { newId, nowIso } from '../../db/index.ts'
import { LANGUAGES, type Language, type PublicAnswerRow } from '../../db/schema.ts'
import { type Actor, record } from '../../journal/service.ts'
import { AppError, BadRequest, type FieldErrors } from '../../web/errors.ts'
import { answerInquiry, type CaseContext, MAX_TEXT_LENGTH } from '../case/service.ts'
import { type SuggestedGroup, suggestGroups } from './similarity.ts'
import * as store from './store.ts'

/** How many open inquiries the page lists to pick from (soonest due first). */
export const LIST_LIMIT = 300
/**
 * How many waiting inquiries the suggested groups compare, soonest due first: far more than the list shows,
 * so similar inquiries due later are grouped too, yet bounded so the page stays quick (each topic's
 * inquiries are compared pairwise).
 */
export const SUGGEST_LIMIT = 1000
/** How many inquiries one answer may go to. */
export const MAX_SELECTED = 100
export const MAX_QUESTION_LENGTH = 500

export type OpenInquiry = store.OpenInquiry & { topicId: string | null }

const withTopicId = (rows: store.OpenInquiry[]): OpenInquiry[] => rows.map((r) => ({ ...r, topicId: r.topic_id }))

/**
 * The inquiries to pick from: the soonest due, and every selected one still waiting even when it is due
 * later (an accepted suggestion may reach beyond the list), so its box is there, ticked.
 */
export async function listOpen(
  db: Executor,
  municipalityId: string,
  topicId?: string,
  selected: readonly string[] = [],
): Promise<OpenInquiry[]> {
  const rows = await store.listOpen(db, municipalityId, { topicId }, LIST_LIMIT)
  const listed = new Set(rows.map((r) => r.id))
  const beyond = [...new Set(selected)].filter((id) => !listed.has(id)).slice(0, MAX_SELECTED)
  const extra = beyond.length ? await store.listOpen(db, municipalityId, { ids: beyond }, MAX_SELECTED) : []
  return withTopicId([...rows, ...extra])
}

/** Suggested groups of similar waiting inquiries (of one topic when given), over up to SUGGEST_LIMIT of them. */
export async function suggestedGroups(
  db: Executor,
  municipalityId: string,
  topicId?: string,
): Promise<SuggestedGroup<OpenInquiry>[]> {
  return suggestGroups(withTopicId(await store.listOpen(db, municipalityId, { topicId }, SUGGEST_LIMIT)))
}

export type Answers = Partial<Record<Language, string>>

export interface ManyInput {
  ids: readonly string[]
  answers: Answers
  /** A question summary to publish the answer with; none: not published. */
  publish?: { question: string } | undefined
}

export interface ManyResult {
  answered: { id: string; reference: string; language: Language; emailed: boolean }[]
  publicAnswerId?: string
}

const blank = (value: string | undefined) => !value || value.trim() === ''

/** The text a citizen gets: in their language when written, else in the municipality's. */
export function answerFor(
  answers: Answers,
  language: Language,
  fallback: Language,
): { language: Language; text: string } {
  const own = answers[language]
  return !blank(own) ? { language, text: own as string } : { language: fallback, text: answers[fallback] as string }
}

function checkInput(input: ManyInput, fallback: Language): FieldErrors {
  const errors: FieldErrors = {}
  if (input.ids.length === 0) errors.ids = { key: 'bulk.form.none_selected' }
  else if (input.ids.length > MAX_SELECTED) errors.ids = { key: 'bulk.form.too_many', vars: { max: MAX_SELECTED } }
  for (const language of LANGUAGES) {
    const text = input.answers[language] ?? ''
    if (text.length > MAX_TEXT_LENGTH || text.includes('\u0000'))
      errors[`answer_${language}`] = { key: 'web.validation.max_length', vars: { limit: MAX_TEXT_LENGTH } }
  }
  if (blank(input.answers[fallback]) && !errors[`answer_${fallback}`])
    errors[`answer_${fallback}`] = { key: `bulk.form.default_required_${fallback}` }
  if (input.publish) {
    const question = input.publish.question
    if (blank(question)) errors.question = { key: 'bulk.form.question_required' }
    else if (question.length > MAX_QUESTION_LENGTH || question.includes('\u0000'))
      errors.question = { key: 'web.validation.max_length', vars: { limit: MAX_QUESTION_LENGTH } }
  }
  return errors
}

/**
 * Answer every selected inquiry with one text. Everything is checked first (a closed or unknown inquiry
 * refuses the whole request, naming it), then each inquiry is answered in its own transaction.
 * @example await answerMany(db, context, { ids, answers: { da: 'Vi henter storskrald mandag.' } })
 */
export async function answerMany(db: Db, context: CaseContext, input: ManyInput): Promise<ManyResult> {
  const { municipality } = context
  const fallback = municipality.default_language
  const ids = [...new Set(input.ids)]
  const errors = checkInput({ ...input, ids }, fallback)
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  const found = await store.findInquiries(db, municipality.id, ids)
  if (found.length !== ids.length) throw BadRequest('web.error.bad_request', { ids: { key: 'bulk.form.unknown' } })
  const closed = found.filter((f) => f.status === 'closed').map((f) => f.reference)
  if (closed.length)
    throw new AppError(409, 'web.error.bad_request', {
      ids: { key: 'bulk.form.closed', vars: { references: closed.join(', ') } },
    })

  const answered: ManyResult['answered'] = []
  for (const inquiry of found.sort((a, b) => a.reference.localeCompare(b.reference))) {
    const { language, text } = answerFor(input.answers, inquiry.language, fallback)
    const { emailed } = await answerInquiry(db, context, inquiry.id, text)
    answered.push({ id: inquiry.id, reference: inquiry.reference, language, emailed })
  }
  if (!input.publish) return { answered }
  const topics = new Set(found.map((f) => f.topic_id))
  const publicAnswer = await publishAnswer(db, { type: 'user', id: context.userId }, municipality.id, {
    topicId: topics.size === 1 ? ([...topics][0] ?? null) : null,
    question: input.publish.question.trim(),
    answers: input.answers,
  })
  return { answered, publicAnswerId: publicAnswer.id }
}

/** Put an answer on the municipality's public answers page, journaled as `inquiry.answer.published`. */
export async function publishAnswer(
  db: Db,
  actor: Actor,
  municipalityId: string,
  input: { topicId: string | null; question: string; answers: Answers },
): Promise<PublicAnswerRow> {
  const text = (language: Language) =>
    blank(input.answers[language]) ? null : (input.answers[language] as string).trim()
  const row: PublicAnswerRow = {
    id: newId(),
    municipality_id: municipalityId,
    topic_id: input.topicId,
    question: input.question,
    answer_da: text('da'),
    answer_sv: text('sv'),
    answer_en: text('en'),
    published_by: actor.type === 'user' ? actor.id : null,
    published_at: nowIso(),
  }
  await db.transaction().execute(async (trx) => {
    await store.insertPublicAnswer(trx, row)
    await record(trx, {
      municipalityId,
      actor,
      action: 'inquiry.answer.published',
      subject: { type: 'public_answer', id: row.id },
      summary: `Public answer published: ${row.question.slice(0, 120)}`,
      documents: LANGUAGES.flatMap((l) => {
        const body = row[`answer_${l}`]
        return body ? [{ body, mediaType: 'text/plain; charset=utf-8' }] : []
      }),
    })
  })
  return row
}

export const listPublicAnswers = store.listPublicAnswers
export const findPublicAnswer = store.findPublicAnswer

/** A public answer's text for a reader: their language, else the municipality's, else any. */
export function publicAnswerText(row: PublicAnswerRow, language: Language, fallback: Language): string {
  return row[`answer_${language}`] ?? row[`answer_${fallback}`] ?? row.answer_da ?? row.answer_sv ?? row.answer_en ?? ''
}
