/** SQL for dialogs: the dialog and its texts, documents, contributions, supports, ballots, pledges, followers, events. */
import { sql } from 'kysely'
import { isPostgres } from '../db/dialect.ts'
import type { Executor, Trx } from '../db/index.ts'
import type { Language } from '../db/schema.ts'
import type {
  ContributionKind,
  DialogAttachmentTable,
  DialogContributionRow,
  DialogContributionTable,
  DialogDocumentRow,
  DialogEventRow,
  DialogFollowerRow,
  DialogRow,
  DialogTable,
  DialogTextRow,
} from '../db/tables/dialogs.ts'

export async function insertDialog(trx: Trx, row: DialogTable): Promise<void> {
  await trx.insertInto('dialogs').values(row).execute()
}

export async function updateDialog(trx: Trx, id: string, changes: Partial<Omit<DialogTable, 'id'>>): Promise<void> {
  await trx.updateTable('dialogs').set(changes).where('id', '=', id).execute()
}

export const findDialog = (db: Executor, municipalityId: string, id: string): Promise<DialogRow | undefined> =>
  db
    .selectFrom('dialogs')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .executeTakeFirst()

export const findDialogById = (db: Executor, id: string): Promise<DialogRow | undefined> =>
  db.selectFrom('dialogs').selectAll().where('id', '=', id).executeTakeFirst()

/** Lock the dialog (PostgreSQL; SQLite's writer lock covers it): publishing, feedback and ballots check its state. */
export function lockDialog(trx: Trx, municipalityId: string, id: string): Promise<DialogRow | undefined> {
  const query = trx.selectFrom('dialogs').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', id)
  return (isPostgres(trx) ? query.forUpdate() : query).executeTakeFirst()
}

export const listDialogs = (db: Executor, municipalityId: string, publicOnly: boolean): Promise<DialogRow[]> => {
  let query = db.selectFrom('dialogs').selectAll().where('municipality_id', '=', municipalityId)
  if (publicOnly) query = query.where('state', '!=', 'draft')
  return query.orderBy('created_at', 'desc').execute()
}

export const listAllPublished = (db: Executor): Promise<DialogRow[]> =>
  db.selectFrom('dialogs').selectAll().where('state', '!=', 'draft').orderBy('created_at', 'desc').execute()

export const listTexts = (db: Executor, dialogIds: readonly string[]): Promise<DialogTextRow[]> =>
  dialogIds.length === 0
    ? Promise.resolve([])
    : db.selectFrom('dialog_texts').selectAll().where('dialog_id', 'in', dialogIds).execute()

export async function saveText(trx: Trx, row: DialogTextRow): Promise<void> {
  const { dialog_id: _d, language: _l, ...rest } = row
  await trx
    .insertInto('dialog_texts')
    .values(row)
    .onConflict((oc) => oc.columns(['dialog_id', 'language']).doUpdateSet(rest))
    .execute()
}

export async function setFeedbackText(trx: Trx, dialogId: string, language: Language, feedback: string) {
  await trx
    .updateTable('dialog_texts')
    .set({ feedback })
    .where('dialog_id', '=', dialogId)
    .where('language', '=', language)
    .execute()
}

export async function insertDocument(trx: Trx, row: DialogDocumentRow): Promise<void> {
  await trx.insertInto('dialog_documents').values(row).execute()
}

export const listDocuments = (db: Executor, dialogId: string) =>
  db
    .selectFrom('dialog_documents')
    .select(['id', 'dialog_id', 'file_name', 'content_type', 'size', 'created_at'])
    .where('dialog_id', '=', dialogId)
    .orderBy('created_at')
    .execute()

export const findDocument = (db: Executor, dialogId: string, id: string): Promise<DialogDocumentRow | undefined> =>
  db
    .selectFrom('dialog_documents')
    .selectAll()
    .where('dialog_id', '=', dialogId)
    .where('id', '=', id)
    .executeTakeFirst()

export async function deleteDocument(trx: Trx, dialogId: string, id: string): Promise<void> {
  await trx.deleteFrom('dialog_documents').where('dialog_id', '=', dialogId).where('id', '=', id).execute()
}

export async function insertContribution(trx: Trx, row: DialogContributionTable): Promise<void> {
  await trx.insertInto('dialog_contributions').values(row).execute()
}

export async function updateContribution(
  trx: Trx,
  id: string,
  changes: Partial<Omit<DialogContributionTable, 'id' | 'dialog_id'>>,
): Promise<void> {
  await trx.updateTable('dialog_contributions').set(changes).where('id', '=', id).execute()
}

export const findContribution = (db: Executor, dialogId: string, id: string) =>
  db
    .selectFrom('dialog_contributions')
    .selectAll()
    .where('dialog_id', '=', dialogId)
    .where('id', '=', id)
    .executeTakeFirst()

export const findContributionById = (db: Executor, id: string): Promise<DialogContributionRow | undefined> =>
  db.selectFrom('dialog_contributions').selectAll().where('id', '=', id).executeTakeFirst()

export interface ContributionFilter {
  kinds?: readonly ContributionKind[]
  publishedOnly?: boolean
}

export function listContributions(
  db: Executor,
  dialogId: string,
  filter: ContributionFilter = {},
): Promise<DialogContributionRow[]> {
  let query = db.selectFrom('dialog_contributions').selectAll().where('dialog_id', '=', dialogId)
  if (filter.kinds) query = query.where('kind', 'in', filter.kinds)
  if (filter.publishedOnly) query = query.where('state', '=', 'published')
  return query.orderBy('created_at').orderBy('id').execute()
}

/**
 * One page of a dialog's published replies or ideas: ideas by supports (most first), replies in the order
 * received; with the total for the pager.
 */
export async function pagePublished(
  db: Executor,
  dialogId: string,
  kind: 'reply' | 'idea',
  page: number,
  pageSize: number,
): Promise<{ rows: DialogContributionRow[]; total: number }> {
  const base = db
    .selectFrom('dialog_contributions')
    .where('dialog_id', '=', dialogId)
    .where('kind', '=', kind)
    .where('state', '=', 'published')
  let query = base.selectAll()
  query = kind === 'idea' ? query.orderBy('supports_count', 'desc').orderBy('created_at') : query.orderBy('created_at')
  const [rows, count] = await Promise.all([
    query
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ])
  return { rows, total: Number(count?.n ?? 0) }
}

export async function insertAttachment(trx: Trx, row: DialogAttachmentTable): Promise<void> {
  await trx.insertInto('dialog_attachments').values(row).execute()
}

export const listAttachments = (db: Executor, contributionIds: readonly string[]) =>
  contributionIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('dialog_attachments')
        .select(['id', 'contribution_id', 'file_name', 'content_type', 'size'])
        .where('contribution_id', 'in', contributionIds)
        .execute()

export const findAttachment = (db: Executor, contributionId: string, id: string) =>
  db
    .selectFrom('dialog_attachments')
    .selectAll()
    .where('contribution_id', '=', contributionId)
    .where('id', '=', id)
    .executeTakeFirst()

/** Adds the support unless this citizen already gave it; true when it was new. */
export async function insertSupport(trx: Trx, contributionId: string, citizenId: string, at: string) {
  const result = await trx
    .insertInto('dialog_supports')
    .values({ contribution_id: contributionId, citizen_id: citizenId, created_at: at })
    .onConflict((oc) => oc.columns(['contribution_id', 'citizen_id']).doNothing())
    .executeTakeFirst()
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false
  await trx
    .updateTable('dialog_contributions')
    .set({ supports_count: sql`supports_count + 1` })
    .where('id', '=', contributionId)
    .execute()
  return true
}

export const supportedBy = async (db: Executor, contributionIds: readonly string[], citizenId: string) =>
  contributionIds.length === 0
    ? new Set<string>()
    : new Set(
        (
          await db
            .selectFrom('dialog_supports')
            .select('contribution_id')
            .where('citizen_id', '=', citizenId)
            .where('contribution_id', 'in', contributionIds)
            .execute()
        ).map((r) => r.contribution_id),
      )

/** Records that the citizen voted; false when they already had. */
export async function insertVoter(
  trx: Trx,
  row: { dialog_id: string; citizen_id: string; email: string; language: Language; voted_at: string },
): Promise<boolean> {
  const result = await trx
    .insertInto('dialog_voters')
    .values(row)
    .onConflict((oc) => oc.columns(['dialog_id', 'citizen_id']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

export const hasVoted = async (db: Executor, dialogId: string, citizenId: string) =>
  Boolean(
    await db
      .selectFrom('dialog_voters')
      .select('citizen_id')
      .where('dialog_id', '=', dialogId)
      .where('citizen_id', '=', citizenId)
      .executeTakeFirst(),
  )

export const listVoters = (db: Executor, dialogId: string) =>
  db.selectFrom('dialog_voters').select(['email', 'language']).where('dialog_id', '=', dialogId).execute()

export async function insertBallot(trx: Trx, row: { id: string; dialog_id: string; choices: string }) {
  await trx.insertInto('dialog_ballots').values(row).execute()
}

export const listBallots = (db: Executor, dialogId: string) =>
  db.selectFrom('dialog_ballots').select(['id', 'choices']).where('dialog_id', '=', dialogId).orderBy('id').execute()

/** Who supported which idea, and who pledged to which project, in a dialog (for the feedback e-mail). */
export const listBackers = (db: Executor, dialogId: string) =>
  Promise.all([
    db
      .selectFrom('dialog_supports')
      .innerJoin('dialog_contributions', 'dialog_contributions.id', 'dialog_supports.contribution_id')
      .select(['dialog_supports.citizen_id', 'dialog_supports.contribution_id'])
      .where('dialog_contributions.dialog_id', '=', dialogId)
      .execute(),
    db
      .selectFrom('dialog_pledges')
      .innerJoin('dialog_contributions', 'dialog_contributions.id', 'dialog_pledges.contribution_id')
      .select(['dialog_pledges.citizen_id', 'dialog_pledges.contribution_id'])
      .where('dialog_contributions.dialog_id', '=', dialogId)
      .execute(),
  ]).then(([supports, pledges]) => [...supports, ...pledges])

export async function insertPledge(
  trx: Trx,
  row: { id: string; contribution_id: string; citizen_id: string; amount: number; created_at: string },
) {
  await trx.insertInto('dialog_pledges').values(row).execute()
}

export const pledgeTotals = async (db: Executor, contributionIds: readonly string[]) =>
  new Map(
    contributionIds.length === 0
      ? []
      : (
          await db
            .selectFrom('dialog_pledges')
            .select(['contribution_id', (eb) => eb.fn.sum<number>('amount').as('total')])
            .where('contribution_id', 'in', contributionIds)
            .groupBy('contribution_id')
            .execute()
        ).map((r) => [r.contribution_id, Number(r.total)]),
  )

export async function saveFollower(trx: Trx, row: DialogFollowerRow): Promise<void> {
  await trx
    .insertInto('dialog_followers')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['dialog_id', 'citizen_id']).doUpdateSet({ frequency: row.frequency, language: row.language }),
    )
    .execute()
}

export async function deleteFollower(trx: Trx, dialogId: string, citizenId: string): Promise<void> {
  await trx
    .deleteFrom('dialog_followers')
    .where('dialog_id', '=', dialogId)
    .where('citizen_id', '=', citizenId)
    .execute()
}

export const findFollower = (db: Executor, dialogId: string, citizenId: string) =>
  db
    .selectFrom('dialog_followers')
    .selectAll()
    .where('dialog_id', '=', dialogId)
    .where('citizen_id', '=', citizenId)
    .executeTakeFirst()

export const listFollowers = (db: Executor): Promise<DialogFollowerRow[]> =>
  db.selectFrom('dialog_followers').selectAll().execute()

export async function markFollowerSent(trx: Trx, dialogId: string, citizenId: string, at: string): Promise<void> {
  await trx
    .updateTable('dialog_followers')
    .set({ last_sent_at: at })
    .where('dialog_id', '=', dialogId)
    .where('citizen_id', '=', citizenId)
    .execute()
}

export async function insertEvent(trx: Trx, row: DialogEventRow): Promise<void> {
  await trx.insertInto('dialog_events').values(row).execute()
}

export const listEventsSince = (db: Executor, dialogId: string, since: string, until: string) =>
  db
    .selectFrom('dialog_events')
    .selectAll()
    .where('dialog_id', '=', dialogId)
    .where('at', '>', since)
    .where('at', '<=', until)
    .orderBy('at')
    .execute()
