/** SQL of moderation: settings, versioned house rules, items, decisions, reports and author blocks. */
import type { Kysely } from 'kysely'
import { isPostgres } from '../db/dialect.ts'
import type { Executor, Trx } from '../db/index.ts'
import type { Language } from '../db/schema.ts'
import type {
  ModerationDecisionTable,
  ModerationItemRow,
  ModerationRuleRow,
  ModerationSettingsTable,
  NewModerationItemRow,
} from '../db/tables/moderation.ts'

export const findSettings = (db: Executor, municipalityId: string) =>
  db.selectFrom('moderation_settings').selectAll().where('municipality_id', '=', municipalityId).executeTakeFirst()

export async function upsertSettings(trx: Trx, row: ModerationSettingsTable): Promise<void> {
  const { municipality_id: _, ...rest } = row
  await trx
    .insertInto('moderation_settings')
    .values(row)
    .onConflict((oc) => oc.column('municipality_id').doUpdateSet(rest))
    .execute()
}

// House rules ---------------------------------------------------------------------------------------

export const latestRuleVersion = (db: Executor, municipalityId: string) =>
  db
    .selectFrom('moderation_rule_versions')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()

export const findRuleVersion = (db: Executor, municipalityId: string, version: number) =>
  db
    .selectFrom('moderation_rule_versions')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('version', '=', version)
    .executeTakeFirst()

export const listRuleVersions = (db: Executor, municipalityId: string) =>
  db
    .selectFrom('moderation_rule_versions')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('version', 'desc')
    .execute()

export const listRules = (
  db: Executor,
  municipalityId: string,
  version: number,
  language: Language,
): Promise<ModerationRuleRow[]> =>
  db
    .selectFrom('moderation_rules')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('version', '=', version)
    .where('language', '=', language)
    .orderBy('position')
    .execute()

export async function insertRuleVersion(
  trx: Trx,
  municipalityId: string,
  version: number,
  publishedBy: string | null,
  at: string,
  rules: ModerationRuleRow[],
): Promise<void> {
  await trx
    .insertInto('moderation_rule_versions')
    .values({ municipality_id: municipalityId, version, published_at: at, published_by: publishedBy })
    .execute()
  if (rules.length > 0) await trx.insertInto('moderation_rules').values(rules).execute()
}

// Items ---------------------------------------------------------------------------------------------

export async function insertItem(trx: Trx, row: NewModerationItemRow): Promise<void> {
  await trx.insertInto('moderation_items').values(row).execute()
}

export const findItem = (db: Executor, municipalityId: string, id: string): Promise<ModerationItemRow | undefined> =>
  db
    .selectFrom('moderation_items')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .executeTakeFirst()

/** The item, locked for a decision on PostgreSQL (SQLite's transactions already hold the write lock). */
export async function lockItem(trx: Trx, municipalityId: string, id: string): Promise<ModerationItemRow | undefined> {
  let query = trx
    .selectFrom('moderation_items')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
  if (isPostgres(trx as unknown as Kysely<unknown>)) query = query.forUpdate()
  return query.executeTakeFirst()
}

export async function updateItem(
  trx: Trx,
  id: string,
  expectedRevision: number,
  changes: Partial<Omit<ModerationItemRow, 'id' | 'municipality_id' | 'revision'>>,
): Promise<boolean> {
  const result = await trx
    .updateTable('moderation_items')
    .set((eb) => ({ ...changes, revision: eb('revision', '+', 1) }))
    .where('id', '=', id)
    .where('revision', '=', expectedRevision)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function countAuthorPosts(
  db: Executor,
  municipalityId: string,
  authorKey: string,
  since: string,
  textHash?: string,
): Promise<number> {
  let query = db
    .selectFrom('moderation_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('municipality_id', '=', municipalityId)
    .where('author_key', '=', authorKey)
    .where('created_at', '>=', since)
  if (textHash) query = query.where('text_hash', '=', textHash)
  const row = await query.executeTakeFirstOrThrow()
  return Number(row.n)
}

/** What waits for a moderator: pending posts, reported posts still shown, shown posts not yet read (post mode), open appeals. */
function waiting(db: Executor, municipalityId: string) {
  return db
    .selectFrom('moderation_items')
    .where('municipality_id', '=', municipalityId)
    .where((eb) =>
      eb.or([
        eb('state', '=', 'pending'),
        eb.and([eb('state', '=', 'published'), eb('reports_count', '>', 0)]),
        // Post-moderation: shown at once, and read by a moderator afterwards.
        eb.and([eb('state', '=', 'published'), eb('mode', '=', 'post'), eb('decided_at', 'is', null)]),
        eb('appeal_state', '=', 'open'),
      ]),
    )
}

/** The waiting items, oldest first. */
export const listQueue = (db: Executor, municipalityId: string, limit: number): Promise<ModerationItemRow[]> =>
  waiting(db, municipalityId).selectAll().orderBy('created_at').orderBy('id').limit(limit).execute()

export async function countQueue(db: Executor, municipalityId: string): Promise<number> {
  const row = await waiting(db, municipalityId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export const listItemsForExport = (db: Executor, municipalityId: string) =>
  db
    .selectFrom('moderation_items')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()

export const findItemsBySubject = (db: Executor, municipalityId: string, kind: string, subjectId: string) =>
  db
    .selectFrom('moderation_items')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .orderBy('created_at', 'desc')
    .execute()

// Decisions -----------------------------------------------------------------------------------------

export async function insertDecision(trx: Trx, row: ModerationDecisionTable): Promise<void> {
  await trx.insertInto('moderation_decisions').values(row).execute()
}

/** The last decision that hid an item: the rule and the words the author was told. */
export const findHidingDecision = (db: Executor, itemId: string) =>
  db
    .selectFrom('moderation_decisions')
    .select(['reason', 'rule', 'rule_version'])
    .where('item_id', '=', itemId)
    .where('action', '=', 'hidden')
    .orderBy('decided_at', 'desc')
    .limit(1)
    .executeTakeFirst()

export const listItemDecisions = (db: Executor, itemId: string) =>
  db.selectFrom('moderation_decisions').selectAll().where('item_id', '=', itemId).orderBy('decided_at').execute()

/** What the public log lists: every decision that took a post down, changed it or gave it back. */
const LOGGED_ACTIONS = ['hidden', 'edited', 'handed_off', 'reported', 'appeal_upheld', 'appeal_granted'] as const

/** The public log's rows: no text, no names, only what was decided under which rule, when. */
export function listLogDecisions(
  db: Executor,
  municipalityId: string,
  options: { kindPrefix?: string; limit: number; offset: number },
) {
  let query = db
    .selectFrom('moderation_decisions')
    .select(['id', 'kind', 'action', 'state', 'rule', 'rule_version', 'decided_at'])
    .where('municipality_id', '=', municipalityId)
    .where('action', 'in', LOGGED_ACTIONS)
  if (options.kindPrefix) query = query.where('kind', 'like', `${options.kindPrefix}.%`)
  return query.orderBy('decided_at', 'desc').orderBy('id').limit(options.limit).offset(options.offset).execute()
}

export async function countLogDecisions(db: Executor, municipalityId: string, kindPrefix?: string): Promise<number> {
  let query = db
    .selectFrom('moderation_decisions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('municipality_id', '=', municipalityId)
    .where('action', 'in', LOGGED_ACTIONS)
  if (kindPrefix) query = query.where('kind', 'like', `${kindPrefix}.%`)
  return Number((await query.executeTakeFirstOrThrow()).n)
}

/** Hidden posts per rule and month (the month as `YYYY-MM`, from the ISO text). */
export function countHiddenByRuleAndMonth(db: Executor, municipalityId: string, kindPrefix?: string) {
  let query = db
    .selectFrom('moderation_decisions')
    .select((eb) => [
      'rule',
      eb.fn<string>('substr', ['decided_at', eb.val(1), eb.val(7)]).as('month'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('municipality_id', '=', municipalityId)
    .where('action', 'in', ['hidden', 'reported', 'appeal_upheld'])
  if (kindPrefix) query = query.where('kind', 'like', `${kindPrefix}.%`)
  return query.groupBy(['rule', 'month']).orderBy('month', 'desc').orderBy('rule').execute()
}

// Reports -------------------------------------------------------------------------------------------

export async function insertReport(
  trx: Trx,
  row: {
    id: string
    municipality_id: string
    item_id: string
    rule: string
    note: string | null
    reporter_hash: string
    created_at: string
  },
): Promise<void> {
  await trx.insertInto('moderation_reports').values(row).execute()
}

export async function countReporterReports(db: Executor, municipalityId: string, reporterHash: string, since: string) {
  const row = await db
    .selectFrom('moderation_reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('municipality_id', '=', municipalityId)
    .where('reporter_hash', '=', reporterHash)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export const listItemReports = (db: Executor, itemId: string) =>
  db
    .selectFrom('moderation_reports')
    .select(['rule', 'note', 'created_at'])
    .where('item_id', '=', itemId)
    .orderBy('created_at')
    .execute()

// Blocks --------------------------------------------------------------------------------------------

export const findActiveBlock = (db: Executor, municipalityId: string, authorKey: string, now: string) =>
  db
    .selectFrom('moderation_blocks')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('author_key', '=', authorKey)
    .where('until', '>', now)
    .orderBy('until', 'desc')
    .limit(1)
    .executeTakeFirst()

/** Blocks in force, with the blocked post's author name and kind and the moderator's name. */
export const listActiveBlocks = (db: Executor, municipalityId: string, now: string) =>
  db
    .selectFrom('moderation_blocks as b')
    .leftJoin('moderation_items as i', 'i.id', 'b.item_id')
    .leftJoin('users as u', 'u.id', 'b.blocked_by')
    .select([
      'b.id',
      'b.until',
      'b.rule',
      'b.reason',
      'b.created_at',
      'b.item_id',
      'i.author_name',
      'i.kind',
      'u.name as blocked_by_name',
    ])
    .where('b.municipality_id', '=', municipalityId)
    .where('b.until', '>', now)
    .orderBy('b.until')
    .orderBy('b.id')
    .execute()

/** End a block in force at `now`: the block as ended, or undefined when there is no such block in force. */
export const endBlock = (trx: Trx, municipalityId: string, blockId: string, now: string) =>
  trx
    .updateTable('moderation_blocks')
    .set({ until: now })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', blockId)
    .where('until', '>', now)
    .returningAll()
    .executeTakeFirst()

export async function insertBlock(
  trx: Trx,
  row: {
    id: string
    municipality_id: string
    author_key: string
    until: string
    rule: string
    reason: string | null
    item_id: string | null
    blocked_by: string | null
    created_at: string
  },
): Promise<void> {
  await trx.insertInto('moderation_blocks').values(row).execute()
}
