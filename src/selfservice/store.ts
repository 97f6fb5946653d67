/** SQL of self-service. Rows are mapped once, here; writes take a transaction. */
import { isPostgres } from '../db/dialect.ts'
import type { Executor, Trx } from '../db/index.ts'
import type {
  AttachmentRow,
  CampaignRow,
  DecisionRow,
  DraftRow,
  ServiceRow,
  SubmissionChannel,
  SubmissionRow,
  UploadRow,
  VersionRow,
} from '../db/tables/selfservice.ts'

// Services and their versions

export const listServices = (db: Executor, municipalityId: string): Promise<ServiceRow[]> =>
  db
    .selectFrom('selfservice_services')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('position')
    .orderBy('slug')
    .execute()

export const findService = (db: Executor, municipalityId: string, idOrSlug: string) =>
  db
    .selectFrom('selfservice_services')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst()

export const findServiceById = (db: Executor, id: string) =>
  db.selectFrom('selfservice_services').selectAll().where('id', '=', id).executeTakeFirst()

/** The service row, locked on PostgreSQL (SQLite's transactions already hold the one write lock). */
export function lockService(trx: Trx, id: string) {
  const query = trx.selectFrom('selfservice_services').selectAll().where('id', '=', id)
  return (isPostgres(trx) ? query.forUpdate() : query).executeTakeFirst()
}

export async function insertService(trx: Trx, row: ServiceRow): Promise<void> {
  await trx.insertInto('selfservice_services').values(row).execute()
}

export async function setCurrentVersion(trx: Trx, id: string, version: number, at: string): Promise<void> {
  await trx
    .updateTable('selfservice_services')
    .set({ current_version: version, updated_at: at })
    .where('id', '=', id)
    .execute()
}

export async function insertVersion(trx: Trx, row: VersionRow): Promise<void> {
  await trx.insertInto('selfservice_versions').values(row).execute()
}

export const findVersion = (db: Executor, serviceId: string, version: number) =>
  db
    .selectFrom('selfservice_versions')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('version', '=', version)
    .executeTakeFirst()

/** The current version of every service of a municipality. */
export const listCurrentVersions = (db: Executor, municipalityId: string) =>
  db
    .selectFrom('selfservice_versions as v')
    .innerJoin('selfservice_services as s', (j) =>
      j.onRef('s.id', '=', 'v.service_id').onRef('s.current_version', '=', 'v.version'),
    )
    .select(['v.service_id', 'v.version', 'v.definition'])
    .where('s.municipality_id', '=', municipalityId)
    .execute()

// Drafts and their uploads

export async function insertDraft(db: Executor, row: DraftRow): Promise<void> {
  await db.insertInto('selfservice_drafts').values(row).execute()
}

export const findDraftByToken = (db: Executor, municipalityId: string, tokenHash: string, now: string) =>
  db
    .selectFrom('selfservice_drafts')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst()

export async function updateDraft(db: Executor, id: string, answers: string, now: string, expiresAt: string) {
  await db
    .updateTable('selfservice_drafts')
    .set({ answers, updated_at: now, expires_at: expiresAt })
    .where('id', '=', id)
    .execute()
}

export async function deleteDraft(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('selfservice_uploads').where('draft_id', '=', id).execute()
  await db.deleteFrom('selfservice_drafts').where('id', '=', id).execute()
}

export async function deleteExpiredDrafts(db: Executor, now: string): Promise<number> {
  const expired = db.selectFrom('selfservice_drafts').select('id').where('expires_at', '<=', now)
  await db.deleteFrom('selfservice_uploads').where('draft_id', 'in', expired).execute()
  const result = await db.deleteFrom('selfservice_drafts').where('expires_at', '<=', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function insertUploads(db: Executor, rows: UploadRow[]): Promise<void> {
  if (rows.length) await db.insertInto('selfservice_uploads').values(rows).execute()
}

/** A draft's uploads without their bodies. */
export const listUploads = (db: Executor, draftId: string) =>
  db
    .selectFrom('selfservice_uploads')
    .select(['id', 'draft_id', 'field', 'file_name', 'content_type', 'size', 'created_at'])
    .where('draft_id', '=', draftId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()

export const listUploadBodies = (db: Executor, draftId: string): Promise<UploadRow[]> =>
  db
    .selectFrom('selfservice_uploads')
    .selectAll()
    .where('draft_id', '=', draftId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()

export async function deleteUploads(db: Executor, draftId: string, ids: readonly string[]): Promise<void> {
  if (ids.length)
    await db.deleteFrom('selfservice_uploads').where('draft_id', '=', draftId).where('id', 'in', ids).execute()
}

// Submissions

export async function claimReferenceNumber(trx: Trx, municipalityId: string, year: number): Promise<number> {
  const claim = () =>
    trx
      .updateTable('selfservice_counters')
      .set((eb) => ({ value: eb('value', '+', 1) }))
      .where('municipality_id', '=', municipalityId)
      .where('year', '=', year)
      .returning('value')
      .executeTakeFirst()
  // One statement on every submission but a year's first, which creates the year's counter.
  let row = await claim()
  if (!row) {
    await trx
      .insertInto('selfservice_counters')
      .values({ municipality_id: municipalityId, year, value: 0 })
      .onConflict((oc) => oc.columns(['municipality_id', 'year']).doNothing())
      .execute()
    row = await claim()
  }
  if (!row) throw new Error('selfservice counter missing')
  return Number(row.value)
}

export async function insertSubmission(trx: Trx, row: SubmissionRow): Promise<void> {
  await trx.insertInto('selfservice_submissions').values(row).execute()
}

export async function insertAttachments(trx: Trx, rows: AttachmentRow[]): Promise<void> {
  if (rows.length) await trx.insertInto('selfservice_attachments').values(rows).execute()
}

export async function insertDecision(trx: Trx, row: DecisionRow): Promise<void> {
  await trx.insertInto('selfservice_decisions').values(row).execute()
}

export const findSubmissionByToken = (db: Executor, municipalityId: string, tokenHash: string) =>
  db
    .selectFrom('selfservice_submissions')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('status_token_hash', '=', tokenHash)
    .executeTakeFirst()

export const findSubmission = (db: Executor, id: string) =>
  db.selectFrom('selfservice_submissions').selectAll().where('id', '=', id).executeTakeFirst()

export const listAttachments = (db: Executor, submissionId: string) =>
  db
    .selectFrom('selfservice_attachments')
    .selectAll()
    .where('submission_id', '=', submissionId)
    .orderBy('position')
    .execute()

export const findDecision = (db: Executor, submissionId: string) =>
  db.selectFrom('selfservice_decisions').selectAll().where('submission_id', '=', submissionId).executeTakeFirst()

export async function markReviewRequested(trx: Trx, submissionId: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('selfservice_decisions')
    .set({ review_requested_at: at })
    .where('submission_id', '=', submissionId)
    .where('review_requested_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Claim the opening of a case, so two requests (or a request and a retry job) never open two. */
export async function claimCaseOpening(db: Executor, submissionId: string): Promise<boolean> {
  const result = await db
    .updateTable('selfservice_submissions')
    .set({ case_state: 'opening' })
    .where('id', '=', submissionId)
    .where('case_state', '=', 'none')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function setCaseState(
  db: Executor,
  submissionId: string,
  state: SubmissionRow['case_state'],
  inquiry?: { id: string; reference: string },
): Promise<void> {
  await db
    .updateTable('selfservice_submissions')
    .set({ case_state: state, inquiry_id: inquiry?.id ?? null, inquiry_reference: inquiry?.reference ?? null })
    .where('id', '=', submissionId)
    .execute()
}

export async function setReceipt(trx: Trx, submissionId: string, hash: string, at: string): Promise<void> {
  await trx
    .updateTable('selfservice_submissions')
    .set({ receipt_hash: hash, receipt_ready_at: at })
    .where('id', '=', submissionId)
    .execute()
}

/** Submissions of one service in [from, to), counted per channel. */
export async function countByChannel(
  db: Executor,
  municipalityId: string,
  serviceId: string,
  from: string,
  to: string,
): Promise<Record<SubmissionChannel, number>> {
  const rows = await db
    .selectFrom('selfservice_submissions')
    .select(['channel', (eb) => eb.fn.countAll().as('n')])
    .where('municipality_id', '=', municipalityId)
    .where('service_id', '=', serviceId)
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .groupBy('channel')
    .execute()
  const counts: Record<SubmissionChannel, number> = { digital: 0, assisted: 0 }
  for (const row of rows) counts[row.channel] = Number(row.n)
  return counts
}

// Campaigns

export async function insertCampaign(trx: Trx, row: CampaignRow): Promise<void> {
  await trx.insertInto('selfservice_campaigns').values(row).execute()
}

export const listCampaigns = (db: Executor, municipalityId: string) =>
  db
    .selectFrom('selfservice_campaigns')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('starts_on', 'desc')
    .execute()

export const findCampaign = (db: Executor, municipalityId: string, id: string) =>
  db
    .selectFrom('selfservice_campaigns')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .executeTakeFirst()

export const listCampaignGroup = (db: Executor, groupKey: string) =>
  db.selectFrom('selfservice_campaigns').selectAll().where('group_key', '=', groupKey).execute()

/** Campaigns running on a day (`YYYY-MM-DD`, both ends included). */
export const listActiveCampaigns = (db: Executor, municipalityId: string, day: string) =>
  db
    .selectFrom('selfservice_campaigns')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('starts_on', '<=', day)
    .where('ends_on', '>=', day)
    .orderBy('starts_on')
    .execute()
