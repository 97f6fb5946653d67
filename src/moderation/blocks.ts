/**
 * Author blocks: a moderator stops a post's author from posting in the municipality for a number of days,
 * sees who is blocked until when and why, and can lift a block early (an author who wrote to apologise,
 * a block given by mistake). Every block and every lift is journaled.
 */
import type { Db, Executor } from '../db/index.ts'
import { newId } from '../db/index.ts'
import { record } from '../journal/service.ts'
import { NotFound } from '../web/errors.ts'
import type { HouseRuleCode } from './checks.ts'
import type { ModeratorContext } from './decisions.ts'
import * as store from './store.ts'

export const BLOCK_DAYS = [1, 7, 30, 90] as const

/** Block the post's author from posting in the municipality for a number of days. */
export async function blockAuthor(
  db: Db,
  ctx: ModeratorContext,
  itemId: string,
  input: { days: number; rule: HouseRuleCode; reason?: string },
): Promise<{ until: string }> {
  const municipalityId = ctx.municipality.id
  return db.transaction().execute(async (trx) => {
    const item = await store.findItem(trx, municipalityId, itemId)
    if (!item) throw NotFound('moderation.item.not_found')
    const at = new Date()
    const until = new Date(at.getTime() + input.days * 86_400_000).toISOString()
    const id = newId()
    await store.insertBlock(trx, {
      id,
      municipality_id: municipalityId,
      author_key: item.author_key,
      until,
      rule: input.rule,
      reason: input.reason?.trim() || null,
      item_id: item.id,
      blocked_by: ctx.actor.id,
      created_at: at.toISOString(),
    })
    await record(trx, {
      municipalityId,
      actor: ctx.actor,
      action: 'moderation.author.blocked',
      subject: { type: 'moderation_item', id: item.id },
      summary: `Author of ${item.kind} ${item.subject_id} blocked for ${input.days} days under rule ${input.rule}`,
    })
    return { until }
  })
}

/** A block in force, with what a moderator needs to recognise it: the author's name and the post's kind. */
export type ActiveBlock = Awaited<ReturnType<typeof store.listActiveBlocks>>[number]

/** Blocks in force in the municipality, those ending soonest first. */
export const listActiveBlocks = (db: Executor, municipalityId: string, now: Date = new Date()) =>
  store.listActiveBlocks(db, municipalityId, now.toISOString())

/** End a block now; the author may post again at once. Throws NotFound when no such block is in force. */
export async function liftBlock(db: Db, ctx: ModeratorContext, blockId: string): Promise<void> {
  const municipalityId = ctx.municipality.id
  await db.transaction().execute(async (trx) => {
    const at = new Date().toISOString()
    const lifted = await store.endBlock(trx, municipalityId, blockId, at)
    if (!lifted) throw NotFound('moderation.blocks.not_found')
    await record(trx, {
      municipalityId,
      actor: ctx.actor,
      action: 'moderation.author.unblocked',
      subject: { type: 'moderation_item', id: lifted.item_id ?? lifted.id },
      summary: `Author block ${lifted.id} under rule ${lifted.rule} lifted`,
    })
  })
}
