/** Reports from readers: anyone may report a shown post; enough different reporters take it down pending review. */
import type { Db } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import { record } from '../journal/service.ts'
import { AppError, NotFound } from '../web/errors.ts'
import type { HouseRuleCode } from './checks.ts'
import { itemRef, sourceOf } from './decisions.ts'
import { currentHouseRules, moderationSettings } from './rules.ts'
import { announceModerationChange } from './sources.ts'
import * as store from './store.ts'

export const REPORTS_PER_HOUR = 10

export interface ReportInput {
  municipalityId: string
  itemId: string
  rule: HouseRuleCode
  note?: string
  /** A keyed hash of the reporter's address (never the address). */
  reporterHash: string
}

/**
 * Anyone may report a shown post. The same reporter counts once per post; past the municipality's
 * threshold the post goes back to `pending` (off the page, waiting for a moderator) with a `reported`
 * decision that cites the rule most reporters named.
 */
export async function reportItem(db: Db, input: ReportInput): Promise<{ takenDown: boolean }> {
  const { municipalityId } = input
  const result = await db.transaction().execute(async (trx) => {
    const item = await store.lockItem(trx, municipalityId, input.itemId)
    if (item?.state !== 'published') throw NotFound('moderation.report.not_found')
    const since = new Date(Date.now() - 3_600_000).toISOString()
    if ((await store.countReporterReports(trx, municipalityId, input.reporterHash, since)) >= REPORTS_PER_HOUR) {
      throw new AppError(429, 'moderation.report.rate_limited')
    }
    const earlier = await store.listItemReports(trx, item.id)
    const at = nowIso()
    await store.insertReport(trx, {
      id: newId(),
      municipality_id: municipalityId,
      item_id: item.id,
      rule: input.rule,
      note: input.note?.trim() || null,
      reporter_hash: input.reporterHash,
      created_at: at,
    })
    const already = await trx
      .selectFrom('moderation_reports')
      .select('id')
      .where('item_id', '=', item.id)
      .where('reporter_hash', '=', input.reporterHash)
      .execute()
    const counts = already.length === 1
    const reports = item.reports_count + (counts ? 1 : 0)
    const threshold = (await moderationSettings(trx, municipalityId)).reportThreshold
    const takenDown = reports >= threshold
    const rule = mostNamed([...earlier.map((r) => r.rule), input.rule])
    await store.updateItem(trx, item.id, item.revision, {
      reports_count: reports,
      updated_at: at,
      ...(takenDown ? { state: 'pending' as const, rule } : {}),
    })
    await record(trx, {
      municipalityId,
      actor: { type: 'citizen' },
      action: 'moderation.item.reported',
      subject: { type: 'moderation_item', id: item.id },
      summary: `${item.kind} ${item.subject_id} reported under rule ${input.rule} (${reports} of ${threshold})`,
      ...(input.note?.trim()
        ? { documents: [{ body: input.note.trim(), mediaType: 'text/plain; charset=utf-8' }] }
        : {}),
    })
    if (takenDown) {
      const rules = await currentHouseRules(trx, municipalityId, item.language)
      await store.insertDecision(trx, {
        id: newId(),
        municipality_id: municipalityId,
        item_id: item.id,
        kind: item.kind,
        action: 'reported',
        state: 'pending',
        rule,
        rule_version: rules.version,
        reason: null,
        decided_by: null,
        decided_at: at,
      })
      await sourceOf(item.kind).applyDecision(trx, itemRef(item), { state: 'pending' })
      await record(trx, {
        municipalityId,
        actor: { type: 'system' },
        action: 'moderation.item.taken_down',
        subject: { type: 'moderation_item', id: item.id },
        summary: `${item.kind} ${item.subject_id} taken off the page after ${reports} reports, pending review`,
      })
    }
    return { takenDown }
  })
  await announceModerationChange(db, municipalityId, input.itemId)
  return result
}

function mostNamed(rules: string[]): string {
  const counts = new Map<string, number>()
  for (const r of rules) counts.set(r, (counts.get(r) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'concise'
}
