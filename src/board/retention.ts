/**
 * Posts never confirmed. A post by someone not signed in waits for the link mailed to their address; when nobody
 * ever opens it, the post, the name and the address would otherwise stay for good, for no purpose (data
 * minimisation). After UNCONFIRMED_POST_DAYS a daily job discards such a post: its row goes, its text is purged from
 * the journal's documents (the entries and hashes stay, so the chain still verifies, see journal/purge.ts), and an
 * author who never confirmed and has no other post is forgotten (citizens' `forgetUnverifiedCitizen`).
 * Confirming within the period still publishes the post as before (service.ts, `onCitizenVerified`).
 */
import { forgetUnverifiedCitizen } from '../citizens/service.ts'
import type { Db, Executor } from '../db/index.ts'
import { enqueue, type JobHandler } from '../jobs/service.ts'
import { purgeSubjectDocuments } from '../journal/purge.ts'
import { record, SYSTEM } from '../journal/service.ts'
import * as store from './store.ts'

/** Long after the 24-hour link has expired: a new sign-in link within this time still publishes the post. */
export const UNCONFIRMED_POST_DAYS = 30
export const DISCARD_JOB = 'board.discard_unconfirmed'
const DAY_MS = 86_400_000

const POSTS = [
  { table: 'board_questions', subjectType: 'board_question', action: 'board.question.discarded' },
  { table: 'board_answers', subjectType: 'board_answer', action: 'board.answer.discarded' },
] as const

/** Discard every post unconfirmed for UNCONFIRMED_POST_DAYS, and forget their authors; returns how many posts. */
export async function discardUnconfirmedPosts(db: Db, now = new Date()): Promise<number> {
  const reason = `not confirmed by its author within ${UNCONFIRMED_POST_DAYS} days`
  const before = new Date(now.getTime() - UNCONFIRMED_POST_DAYS * DAY_MS).toISOString()
  const authors = new Map<string, string>()
  let discarded = 0
  for (const post of POSTS) {
    for (const row of await store.unconfirmedBefore(db, post.table, before)) {
      const subject = { type: post.subjectType, id: row.id }
      // The row, its entry and its text go together: a crash leaves either all or none of them.
      const deleted = await db.transaction().execute(async (trx) => {
        // Confirmed meanwhile (the author opened a link just now): then it is no longer this job's.
        if (!(await store.deleteUnconfirmed(trx, post.table, row.id))) return false
        await record(trx, {
          municipalityId: row.municipality_id,
          actor: SYSTEM,
          action: post.action,
          subject,
          summary: `Post removed: ${reason}`,
        })
        await purgeSubjectDocuments(trx, SYSTEM, row.municipality_id, subject, reason)
        return true
      })
      if (!deleted) continue
      if (row.citizen_id) authors.set(row.citizen_id, row.municipality_id)
      discarded++
    }
  }
  for (const [citizenId, municipalityId] of authors) {
    if (!(await store.hasPosts(db, citizenId))) await forgetUnverifiedCitizen(db, municipalityId, citizenId, reason)
  }
  return discarded
}

// One run per UTC day: the job covers every municipality, whatever its time zone.
const dayKey = (at: Date) => `${DISCARD_JOB}:${at.toISOString().slice(0, 10)}`

/**
 * Start the daily chain (from the server's start; dedupe keys make a restart a no-op): today's run, now or when
 * it is due, each run queueing the next a day later.
 */
export async function scheduleDiscards(db: Executor, at = new Date()): Promise<void> {
  await enqueue(db, { kind: DISCARD_JOB, payload: {}, runAt: at, dedupeKey: dayKey(at) })
}

export const discardJob: JobHandler<Record<string, never>> = async ({ db }) => {
  await discardUnconfirmedPosts(db as Db)
  await scheduleDiscards(db, new Date(Date.now() + DAY_MS))
}
