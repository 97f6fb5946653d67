/**
 * The board as a moderation source: a moderator's decision changes the board's public copy (state, and
 * the text when personal data was edited out), and a hand-off moves a post off the board into a private
 * inquiry. Both run in the moderator's transaction.
 */
import { findCitizen } from '../citizens/service.ts'
import type { Db, Trx } from '../db/index.ts'
import { nowIso } from '../db/index.ts'
import type { BoardPostState, BoardQuestionRow } from '../db/tables/board.ts'
import { LANGUAGES, translator } from '../i18n/index.ts'
import { closeInquiry } from '../inquiries/case/service.ts'
import { findInquiry, receiveInquiry } from '../inquiries/service.ts'
import { enqueue, type JobHandler } from '../jobs/service.ts'
import { type Actor, record } from '../journal/service.ts'
import { type ModeratedItemRef, type ModerationSource, registerModerationSource } from '../moderation/service.ts'
import { findMunicipalityById } from '../municipalities/service.ts'
import { NotFound } from '../web/errors.ts'
import { invalidateBoard } from './cache.ts'
import { officialPublished } from './official.ts'
import { ANSWER_KIND, fileAsInquiry, QUESTION_KIND } from './service.ts'
import * as store from './store.ts'

export const CLOSE_PUBLIC_JOB = 'board.close_public_inquiry'

/** An edited text comes back as "title\n\nbody" for a question, as it was submitted. */
function splitQuestion(text: string): { title: string; body: string } {
  const at = text.indexOf('\n\n')
  return at < 0
    ? { title: text.trim(), body: '' }
    : { title: text.slice(0, at).trim(), body: text.slice(at + 2).trim() }
}

async function municipalityOf(trx: Trx, id: string) {
  const municipality = await findMunicipalityById(trx, id)
  if (!municipality) throw NotFound()
  return municipality
}

/** What the queue and the public log call a post of a kind, in every language. */
const labelsOf = (key: 'board.kind.question' | 'board.kind.answer') =>
  Object.fromEntries(LANGUAGES.map((language) => [language, translator(language)(key)]))

const questionSource: ModerationSource = {
  labels: labelsOf('board.kind.question'),
  async applyDecision(trx, item, decision) {
    const question = await store.lockQuestion(trx, item.subjectId)
    if (!question) return
    const now = nowIso()
    const changes: Partial<BoardQuestionRow> = { state: decision.state as BoardPostState, updated_at: now }
    if (decision.text !== undefined) Object.assign(changes, splitQuestion(decision.text))
    await store.updateQuestion(trx, question.id, changes)
    if (decision.state === 'published') {
      await fileAsInquiry(trx, await municipalityOf(trx, question.municipality_id), { ...question, ...changes })
    }
    invalidateBoard(question.municipality_id)
  },
  handOff: (trx, item, context) => handOff(trx, item, context),
}

const answerSource: ModerationSource = {
  labels: labelsOf('board.kind.answer'),
  async applyDecision(trx, item, decision) {
    const answer = await store.findAnswer(trx, item.subjectId)
    if (!answer) return
    await store.lockQuestion(trx, answer.question_id)
    const now = nowIso()
    await store.updateAnswer(trx, answer.id, {
      state: decision.state as BoardPostState,
      ...(decision.text !== undefined ? { body: decision.text } : {}),
      updated_at: now,
    })
    if (answer.official && decision.state === 'published')
      await officialPublished(trx, { ...answer, state: 'published' })
    else await store.recount(trx, answer.question_id, now)
    invalidateBoard(answer.municipality_id)
  },
  handOff: (trx, item, context) => handOff(trx, item, context),
}

/**
 * Move a question or an answer off the board into a private inquiry (channel `board`, the author's
 * address): the contact centre's receipt e-mail gives the author the private status link. The board
 * keeps a neutral note in the question's place. A public inquiry the question already had is closed by a
 * job after this transaction, as referred to the private one.
 */
async function handOff(
  trx: Trx,
  item: ModeratedItemRef,
  context: { actor: Actor; baseUrl: string; mailDomain: string },
): Promise<{ inquiryId: string }> {
  const municipality = await municipalityOf(trx, item.municipalityId)
  const answer = item.kind === ANSWER_KIND ? await store.findAnswer(trx, item.subjectId) : undefined
  const question = await store.lockQuestion(trx, answer ? answer.question_id : item.subjectId)
  if (!question || (item.kind === ANSWER_KIND && !answer)) throw NotFound('board.question.not_found')
  const citizenId = answer ? answer.citizen_id : question.citizen_id
  const citizen = citizenId ? await findCitizen(trx, citizenId) : undefined
  if (!citizen) throw NotFound('board.question.not_found')
  const t = translator(question.language)
  const text = answer ? answer.body : `${question.title}\n\n${question.body}`
  const { inquiry } = await receiveInquiry(
    trx as unknown as Db,
    { municipality, actor: context.actor, baseUrl: context.baseUrl, mailDomain: context.mailDomain },
    {
      topic: question.topic_id,
      message: `${text}\n\n(${t('board.inquiry.handed_off')})`,
      name: answer ? answer.author_name : question.author_name,
      email: citizen.email,
      language: question.language,
      channel: 'board',
    },
  )
  const now = nowIso()
  if (answer) {
    await store.updateAnswer(trx, answer.id, { state: 'handed_off', private_inquiry_id: inquiry.id, updated_at: now })
    await store.recount(trx, question.id, now)
  } else {
    await store.updateQuestion(trx, question.id, {
      state: 'handed_off',
      private_inquiry_id: inquiry.id,
      updated_at: now,
    })
    if (question.inquiry_id && context.actor.type === 'user') {
      await enqueue(trx, {
        kind: CLOSE_PUBLIC_JOB,
        payload: { inquiryId: question.inquiry_id, userId: context.actor.id, reference: inquiry.reference },
        municipalityId: municipality.id,
      })
    }
  }
  await record(trx, {
    municipalityId: municipality.id,
    actor: context.actor,
    action: answer ? 'board.answer.handed_off' : 'board.question.handed_off',
    subject: answer ? { type: 'board_answer', id: answer.id } : { type: 'board_question', id: question.id },
    summary: `Moved off the board into private inquiry ${inquiry.reference}`,
  })
  invalidateBoard(municipality.id)
  return { inquiryId: inquiry.id }
}

/** Close the question's public inquiry once it has moved to a private one (the same matter, not twice in the queue). */
export const closePublicInquiryJob: JobHandler<{ inquiryId: string; userId: string; reference: string }> = async ({
  db,
  job,
  payload,
}) => {
  const municipality = job.municipality_id ? await findMunicipalityById(db, job.municipality_id) : undefined
  const inquiry = municipality ? await findInquiry(db, municipality.id, payload.inquiryId) : undefined
  if (!municipality || !inquiry || inquiry.status === 'closed') return
  // The job runner hands over the application's database.
  await closeInquiry(db as Db, { municipality, userId: payload.userId, baseUrl: '', mailDomain: '' }, inquiry.id, {
    resolution: 'referred',
    reason: `Handed off to private inquiry ${payload.reference}`,
  })
}

registerModerationSource(QUESTION_KIND, questionSource)
registerModerationSource(ANSWER_KIND, answerSource)
