/**
 * The public moderation log (what was taken down, under which rule, when: counts per rule and month, and
 * the decisions themselves, never text or names) and the staff export of every moderated post (CSV).
 * Nothing is deleted by moderation, so both are read straight from the items and decisions.
 */
import type { Executor } from '../db/index.ts'
import type { Translate } from '../i18n/index.ts'
import { toCsv } from '../web/csv.ts'
import { maskIdentityNumbers } from '../web/identity-numbers.ts'
import { itemFindings } from './decisions.ts'
import * as store from './store.ts'

export const LOG_PAGE_SIZE = 50

/** `source` narrows to one source's kinds: `board` → `board.question`, `board.answer`. */
const SOURCE = /^[a-z][a-z0-9_]{0,31}$/
export const isLogSource = (source: unknown): source is string => typeof source === 'string' && SOURCE.test(source)

export interface ModerationLog {
  counts: { month: string; rule: string; count: number }[]
  decisions: { id: string; kind: string; action: string; rule: string | null; ruleVersion: number | null; at: string }[]
  hasMore: boolean
}

export async function moderationLog(
  db: Executor,
  municipalityId: string,
  options: { source?: string | undefined; page: number },
): Promise<ModerationLog> {
  const counts = await store.countHiddenByRuleAndMonth(db, municipalityId, options.source)
  const rows = await store.listLogDecisions(db, municipalityId, {
    ...(options.source ? { kindPrefix: options.source } : {}),
    limit: LOG_PAGE_SIZE + 1,
    offset: (options.page - 1) * LOG_PAGE_SIZE,
  })
  return {
    counts: counts.map((c) => ({ month: String(c.month), rule: c.rule ?? '', count: Number(c.n) })),
    decisions: rows.slice(0, LOG_PAGE_SIZE).map((r) => ({
      id: r.id,
      kind: r.kind,
      action: r.action,
      rule: r.rule,
      ruleVersion: r.rule_version,
      at: r.decided_at,
    })),
    hasMore: rows.length > LOG_PAGE_SIZE,
  }
}

const EXPORT_COLUMNS = [
  'id',
  'created_at',
  'kind',
  'subject_id',
  'author_name',
  'state',
  'mode',
  'findings',
  'reports_count',
  'rule',
  'rule_version',
  'decided_at',
  'appeal_state',
  'text',
  'edited_text',
] as const

/**
 * Every moderated post of the municipality, published or not, as CSV for staff (public records can be
 * handed out). Identity numbers are masked: the journal keeps the original.
 */
export async function exportCsv(db: Executor, municipalityId: string, t: Translate): Promise<string> {
  const items = await store.listItemsForExport(db, municipalityId)
  const header = EXPORT_COLUMNS.map((c) => t(`moderation.export.${c}`))
  const rows = items.map((item) =>
    EXPORT_COLUMNS.map((c) => {
      if (c === 'findings') return [...new Set(itemFindings(item).map((f) => f.check))].join(' ')
      if (c === 'text' || c === 'edited_text') return item[c] === null ? null : maskIdentityNumbers(item[c])
      return item[c]
    }),
  )
  return toCsv([header, ...rows], { bom: true })
}
