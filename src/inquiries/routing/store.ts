/** SQL for routing rules, department deadlines and the recent inquiries a rule is tried against. */
import { isPostgres } from '../../db/dialect.ts'
import type { Executor, Trx } from '../../db/index.ts'
import { referenceCache } from '../../db/reference-cache.ts'
import type { DepartmentDeadlineRow, InquiryRow, RoutingRuleRow } from '../../db/schema.ts'
import { firstMessages, forgetTopics } from '../store.ts'

// Every intake tries its municipality's rules; admins change them seldom (each write below forgets them).
const rules = referenceCache((db, municipalityId) =>
  db
    .selectFrom('routing_rules')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('position')
    .orderBy('created_at')
    .execute(),
)

/** The municipality's rules in their order (a copy: the cached list is shared). */
export const listRules = async (db: Executor, municipalityId: string): Promise<RoutingRuleRow[]> => [
  ...((await rules.get(db, municipalityId)) ?? []),
]

export const findRule = (db: Executor, municipalityId: string, id: string) =>
  db
    .selectFrom('routing_rules')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .executeTakeFirst()

export async function insertRule(trx: Trx, row: RoutingRuleRow): Promise<void> {
  rules.forget(trx, row.municipality_id)
  await trx.insertInto('routing_rules').values(row).execute()
}

export async function updateRule(
  trx: Trx,
  id: string,
  changes: Partial<Pick<RoutingRuleRow, 'topic_id' | 'keywords' | 'department_id' | 'position' | 'updated_at'>>,
): Promise<void> {
  rules.forget(trx)
  await trx.updateTable('routing_rules').set(changes).where('id', '=', id).execute()
}

export async function deleteRule(trx: Trx, id: string): Promise<void> {
  rules.forget(trx)
  await trx.deleteFrom('routing_rules').where('id', '=', id).execute()
}

/**
 * Lock the municipality's rules for a change of order: every writer of the order takes this lock first,
 * so two admins moving rules at once cannot both read the same positions.
 */
export async function lockRules(trx: Trx, municipalityId: string): Promise<RoutingRuleRow[]> {
  let query = trx
    .selectFrom('routing_rules')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('position')
    .orderBy('created_at')
  if (isPostgres(trx)) query = query.forUpdate()
  return query.execute()
}

export interface RecentInquiry {
  id: string
  topic_id: string | null
  department_id: string | null
  text: string
}

/** The municipality's latest inquiries with the text of their first message from the citizen. */
export async function recentInquiries(db: Executor, municipalityId: string, limit: number): Promise<RecentInquiry[]> {
  const inquiries: Pick<InquiryRow, 'id' | 'topic_id' | 'department_id'>[] = await db
    .selectFrom('inquiries')
    .select(['id', 'topic_id', 'department_id'])
    .where('municipality_id', '=', municipalityId)
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute()
  if (inquiries.length === 0) return []
  const first = await firstMessages(
    db,
    inquiries.map((i) => i.id),
  )
  return inquiries.map((i) => ({ ...i, text: first.get(i.id) ?? '' }))
}

export const listDepartmentDeadlines = (db: Executor, municipalityId: string): Promise<DepartmentDeadlineRow[]> =>
  db.selectFrom('department_deadlines').selectAll().where('municipality_id', '=', municipalityId).execute()

// Read by every intake routed to a department; "no deadline of its own" is kept too, as null.
const departmentDays = referenceCache(async (db, departmentId) => ({
  days:
    (
      await db
        .selectFrom('department_deadlines')
        .select('answer_days')
        .where('department_id', '=', departmentId)
        .executeTakeFirst()
    )?.answer_days ?? null,
}))

/** The department's own answer deadline in business days; null when it has none. */
export const departmentAnswerDays = async (db: Executor, departmentId: string): Promise<number | null> =>
  (await departmentDays.get(db, departmentId))?.days ?? null

export async function setDepartmentDeadline(
  trx: Trx,
  municipalityId: string,
  departmentId: string,
  days: number | null,
  at: string,
): Promise<void> {
  departmentDays.forget(trx, departmentId)
  if (days === null) {
    await trx.deleteFrom('department_deadlines').where('department_id', '=', departmentId).execute()
    return
  }
  await trx
    .insertInto('department_deadlines')
    .values({ department_id: departmentId, municipality_id: municipalityId, answer_days: days, updated_at: at })
    .onConflict((oc) => oc.column('department_id').doUpdateSet({ answer_days: days, updated_at: at }))
    .execute()
}

export async function setTopicDeadline(trx: Trx, topicId: string, days: number | null): Promise<void> {
  forgetTopics(trx)
  await trx.updateTable('inquiry_topics').set({ answer_days: days }).where('id', '=', topicId).execute()
}
