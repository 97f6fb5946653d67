/**
 * Official answers. A published question is an inquiry in the contact centre; whoever answers that
 * inquiry (in the inbox, or on the board, which answers the inquiry) gives the official answer: the
 * answer hook puts it on the board in the answer's transaction, marked official, with the inquiry's
 * department and the staff member's first name (citizens want a named person). Followers are e-mailed
 * by a job, so a slow mail server never slows the answer.
 */
import { unsubscribePath } from '../citizens/service.ts'
import type { Db, Executor, Trx } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { BoardAnswerRow } from '../db/tables/board.ts'
import { translator } from '../i18n/index.ts'
import { findUserById } from '../identity/service.ts'
import { answerInquiry, registerAnswerHook } from '../inquiries/case/service.ts'
import { enqueue, type JobHandler } from '../jobs/service.ts'
import { record } from '../journal/service.ts'
import { inTransaction, municipalitySender, queueMail } from '../mail/outbox/service.ts'
import { submitForModeration } from '../moderation/service.ts'
import { findMunicipalityById } from '../municipalities/service.ts'
import { AppError, Conflict, NotFound } from '../web/errors.ts'
import { maskIdentityNumbers } from '../web/identity-numbers.ts'
import { invalidateBoard } from './cache.ts'
import { ANSWER_KIND, BOARD_SUBSCRIPTION, boardRuntime, checkPostText, questionPath } from './service.ts'
import * as store from './store.ts'

export const NOTIFY_JOB = 'board.notify_followers'
export const MAX_OFFICIAL_LENGTH = 10_000

export interface StaffContext {
  municipality: import('../db/schema.ts').MunicipalityRow
  userId: string
  baseUrl: string
  mailDomain: string
}

/**
 * Answer a question officially from the board: answers its inquiry (the citizen who asked is e-mailed by
 * the contact centre, as for any inquiry), and the answer hook publishes it here.
 */
export async function giveOfficialAnswer(db: Db, context: StaffContext, questionId: string, text: string) {
  const errors = checkPostText('official', text, MAX_OFFICIAL_LENGTH)
  if (Object.keys(errors).length) throw new AppError(400, 'web.error.bad_request', errors)
  const question = await store.findQuestion(db, context.municipality.id, questionId)
  if (question?.state !== 'published') throw NotFound('board.question.not_found')
  if (!question.inquiry_id) throw Conflict('board.official.no_inquiry')
  await answerInquiry(db, context, question.inquiry_id, text)
}

/** The staff member's first name: what the board shows beside the department. */
const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name

registerAnswerHook(async (trx, { municipality, inquiry, body, userId }) => {
  if (inquiry.channel !== 'board') return
  const question = await store.findQuestionByInquiry(trx, inquiry.id)
  if (question?.state !== 'published') return
  const user = await findUserById(trx, userId)
  const now = nowIso()
  const row: BoardAnswerRow = {
    id: newId(),
    municipality_id: municipality.id,
    question_id: question.id,
    parent_id: null,
    citizen_id: null,
    staff_user_id: userId,
    author_name: firstName(user?.name ?? ''),
    official: 1,
    department_id: inquiry.department_id,
    body,
    state: 'pending',
    moderation_item_id: null,
    private_inquiry_id: null,
    created_at: now,
    updated_at: now,
  }
  await store.insertAnswer(trx, row)
  // Staff words go through the same checks (an identity number is never shown, even in an official
  // answer) in `post` mode; a refusal for rate or block, meant for citizens, must not stop an answer.
  let state: 'pending' | 'published' = 'published'
  let itemId: string | null = null
  try {
    const result = await submitForModeration(trx, {
      municipalityId: municipality.id,
      kind: ANSWER_KIND,
      subjectId: row.id,
      text: body,
      language: question.language,
      mode: 'post',
      author: { key: `user:${userId}`, name: row.author_name },
      path: `${questionPath(municipality.slug, question.id)}#answer-${row.id}`,
    })
    state = result.state
    itemId = result.itemId
  } catch (error) {
    if (!(error instanceof AppError)) throw error
  }
  await store.updateAnswer(trx, row.id, { state, moderation_item_id: itemId, updated_at: now })
  await record(trx, {
    municipalityId: municipality.id,
    actor: { type: 'user', id: userId },
    action: 'board.answer.official_given',
    subject: { type: 'board_answer', id: row.id },
    summary: `Official answer given to question ${question.id} (inquiry ${inquiry.reference}): ${state}`,
    documents: [{ body, mediaType: 'text/plain; charset=utf-8' }],
  })
  if (state === 'published') await officialPublished(trx, { ...row, state })
  invalidateBoard(municipality.id)
})

/** An official answer went public: recount, and e-mail the followers (once per answer). */
export async function officialPublished(trx: Trx, answer: BoardAnswerRow): Promise<void> {
  await store.recount(trx, answer.question_id, nowIso())
  await enqueue(trx, {
    kind: NOTIFY_JOB,
    payload: { answerId: answer.id },
    municipalityId: answer.municipality_id,
    dedupeKey: `${NOTIFY_JOB}:${answer.id}`,
  })
}

/** E-mail each follower (but the asker, whom the inquiry's answer already reached) the official answer. */
export const notifyFollowersJob: JobHandler<{ answerId: string }> = async ({ db, payload }) => {
  await notifyFollowers(db, payload.answerId)
}

export async function notifyFollowers(db: Executor, answerId: string): Promise<number> {
  const answer = await store.findAnswer(db, answerId)
  if (answer?.state !== 'published' || !answer.official) return 0
  const question = await store.findQuestionById(db, answer.question_id)
  const municipality = await findMunicipalityById(db, answer.municipality_id)
  if (question?.state !== 'published' || !municipality) return 0
  const followers = (await store.followers(db, question.id)).filter((f) => f.id !== question.citizen_id)
  const { baseUrl, mailDomain } = boardRuntime()
  await inTransaction(db, async (trx) => {
    for (const follower of followers) {
      const t = translator(follower.language)
      const subscription = { kind: BOARD_SUBSCRIPTION, subjectId: question.id, citizenId: follower.id }
      const unsubscribeUrl = `${baseUrl}${unsubscribePath(municipality.slug, subscription)}`
      await queueMail(trx, {
        municipalityId: municipality.id,
        to: { address: follower.email, name: follower.display_name },
        from: municipalitySender(municipality, mailDomain),
        subject: t('board.mail.official_subject', { title: question.title }),
        text: [
          t('citizens.mail.greeting', { name: follower.display_name }),
          '',
          t('board.mail.official_intro', { municipality: municipality.name, title: question.title }),
          '',
          maskIdentityNumbers(answer.body),
          '',
          `– ${answer.author_name}, ${municipality.name}`,
          '',
          t('board.mail.official_link'),
          `${baseUrl}${questionPath(municipality.slug, question.id)}`,
          '',
          t('board.mail.unfollow'),
          unsubscribeUrl,
        ].join('\n'),
        regarding: { type: 'board_question', id: question.id },
        purpose: 'board.official_answer',
        autoSubmitted: 'auto-generated',
        unsubscribeUrl,
      })
    }
  })
  return followers.length
}
