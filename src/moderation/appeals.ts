/** The author's appeal against a hidden post: once per post, through the link in the notice, to a different moderator. */
import { createHash } from 'node:crypto'
import type { Db, Executor } from '../db/index.ts'
import { nowIso } from '../db/index.ts'
import type { ModerationItemRow } from '../db/tables/moderation.ts'
import { record } from '../journal/service.ts'
import { BadRequest, Conflict, NotFound } from '../web/errors.ts'
import { announceModerationChange } from './sources.ts'
import * as store from './store.ts'

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')
/**
 * An author has four weeks from the moderator's decision to appeal, the usual complaint period in Danish and
 * Swedish administration; after it the link explains that the time has run out instead of taking an appeal.
 */
export const APPEAL_DAYS = 28

/** The last moment an appeal is taken, counted from the decision that hid the post. */
export const appealDeadline = (decidedAt: string): Date => new Date(Date.parse(decidedAt) + APPEAL_DAYS * 86_400_000)

/** An item hidden (by its latest decision) longer ago than the appeal period. */
export const appealExpired = (item: Pick<ModerationItemRow, 'decided_at'>, now: Date = new Date()): boolean =>
  item.decided_at !== null && appealDeadline(item.decided_at) < now

/** The author's appeal page; the token is only in the e-mail. */
export const appealPath = (slug: string, token: string) => `/${slug}/appeal/${token}`

/** The hidden item an appeal link points to, or undefined. */
export const findItemByAppealToken = async (db: Executor, municipalityId: string, token: string) => {
  const item = await db
    .selectFrom('moderation_items')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('appeal_token_hash', '=', tokenHash(token))
    .executeTakeFirst()
  return item
}

/** The author appeals a hidden post, once; the appeal waits in the queue for another moderator. */
export async function appealItem(db: Db, municipalityId: string, token: string, text: string): Promise<void> {
  const trimmed = text.trim()
  if (!trimmed)
    throw BadRequest('moderation.appeal.text_required', { text: { key: 'moderation.appeal.text_required' } })
  await db.transaction().execute(async (trx) => {
    const found = await findItemByAppealToken(trx, municipalityId, token)
    const item = found && (await store.lockItem(trx, municipalityId, found.id))
    if (!item) throw NotFound('moderation.appeal.not_found')
    if (item.appeal_state !== null) throw Conflict('moderation.appeal.already')
    if (item.state !== 'hidden') throw Conflict('moderation.appeal.not_hidden')
    if (appealExpired(item)) throw Conflict('moderation.appeal.expired')
    const at = nowIso()
    const ok = await store.updateItem(trx, item.id, item.revision, {
      appeal_state: 'open',
      appeal_text: trimmed,
      appealed_at: at,
      updated_at: at,
    })
    if (!ok) throw Conflict('moderation.appeal.already')
    await record(trx, {
      municipalityId,
      actor: { type: 'citizen', id: item.author_key },
      action: 'moderation.appeal.received',
      subject: { type: 'moderation_item', id: item.id },
      summary: `Appeal against hiding ${item.kind} ${item.subject_id} under rule ${item.rule}`,
      documents: [{ body: trimmed, mediaType: 'text/plain; charset=utf-8' }],
    })
  })
  await announceModerationChange(db, municipalityId)
}
