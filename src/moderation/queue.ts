/** What the moderation queue shows of each waiting item: the post, its findings, its reports, and for an appeal the decision appealed. */
import type { Executor } from '../db/index.ts'
import type { ModerationItemRow } from '../db/tables/moderation.ts'
import { findUserById } from '../identity/service.ts'
import type { Finding } from './checks.ts'
import { itemFindings } from './decisions.ts'
import * as store from './store.ts'

export const QUEUE_LIMIT = 100

export interface QueueItem {
  item: ModerationItemRow
  findings: Finding[]
  reports: { rule: string; note: string | null; at: string }[]
  /** For an appeal: the decision that hid the post (its reason is the moderator's words). */
  hidden?: { rule: string | null; reason: string | null; by: string | null } | undefined
}

export const countWaiting = store.countQueue

export async function moderationQueue(db: Executor, municipalityId: string): Promise<QueueItem[]> {
  const items = await store.listQueue(db, municipalityId, QUEUE_LIMIT)
  return Promise.all(
    items.map(async (item) => {
      const reports = item.reports_count > 0 ? await store.listItemReports(db, item.id) : []
      let hidden: QueueItem['hidden']
      if (item.appeal_state === 'open') {
        const decisions = await store.listItemDecisions(db, item.id)
        const last = decisions.filter((d) => d.action === 'hidden').at(-1)
        const by = last?.decided_by ? await findUserById(db, last.decided_by) : undefined
        hidden = { rule: last?.rule ?? item.rule, reason: last?.reason ?? null, by: by?.name ?? null }
      }
      return {
        item,
        findings: itemFindings(item),
        reports: reports.map((r) => ({ rule: r.rule, note: r.note, at: r.created_at })),
        hidden,
      }
    }),
  )
}
