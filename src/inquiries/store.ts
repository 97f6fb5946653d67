/** SQL for topics, inquiries, their messages and attachments, the reference counter and provisional uploads. */
import type { Executor, Trx } from '../db/index.ts'
import type {
  InquiryAttachmentRow,
  InquiryMessageRow,
  InquiryRow,
  InquiryTopicRow,
  InquiryUploadRow,
  MessageDirection,
} from '../db/schema.ts'

export const listTopics = (db: Executor, municipalityId: string): Promise<InquiryTopicRow[]> =>
  db
    .selectFrom('inquiry_topics')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('active', '=', 1)
    .orderBy('position')
    .orderBy('slug')
    .execute()

/** A topic by id or by slug (the API accepts either). */
export const findTopic = (db: Executor, municipalityId: string, idOrSlug: string) =>
  db
    .selectFrom('inquiry_topics')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst()

export const findTopicById = (db: Executor, id: string) =>
  db.selectFrom('inquiry_topics').selectAll().where('id', '=', id).executeTakeFirst()

export async function insertTopic(trx: Trx, row: InquiryTopicRow): Promise<void> {
  await trx.insertInto('inquiry_topics').values(row).execute()
}

/**
 * Claim the next number of a municipality's year. The UPDATE takes the counter row's write lock, so
 * concurrent intakes (threads or processes, SQLite or PostgreSQL) queue here and never share a number.
 */
export async function claimReferenceNumber(trx: Trx, municipalityId: string, year: number): Promise<number> {
  await trx
    .insertInto('inquiry_counters')
    .values({ municipality_id: municipalityId, year, value: 0 })
    .onConflict((oc) => oc.columns(['municipality_id', 'year']).doNothing())
    .execute()
  await trx
    .updateTable('inquiry_counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .execute()
  // Read back under the lock the UPDATE holds (no RETURNING: see journal/store.ts claimNextSeq).
  const row = await trx
    .selectFrom('inquiry_counters')
    .select('value')
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .executeTakeFirstOrThrow()
  return Number(row.value)
}

export async function insertInquiry(trx: Trx, row: InquiryRow): Promise<void> {
  await trx.insertInto('inquiries').values(row).execute()
}

export async function insertMessage(trx: Trx, row: InquiryMessageRow): Promise<void> {
  await trx.insertInto('inquiry_messages').values(row).execute()
}

export async function insertAttachments(trx: Trx, rows: InquiryAttachmentRow[]): Promise<void> {
  if (rows.length) await trx.insertInto('inquiry_attachments').values(rows).execute()
}

export const findInquiry = (db: Executor, municipalityId: string, id: string) =>
  db
    .selectFrom('inquiries')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .executeTakeFirst()

export const findInquiryByStatusToken = (db: Executor, municipalityId: string, tokenHash: string) =>
  db
    .selectFrom('inquiries')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('status_token_hash', '=', tokenHash)
    .executeTakeFirst()

export const listMessages = (
  db: Executor,
  inquiryId: string,
  directions: readonly MessageDirection[],
): Promise<InquiryMessageRow[]> =>
  db
    .selectFrom('inquiry_messages')
    .selectAll()
    .where('inquiry_id', '=', inquiryId)
    .where('direction', 'in', directions)
    .orderBy('created_at')
    .orderBy('id')
    .execute()

/** The citizen's first message of each inquiry, by inquiry id. */
export async function firstMessages(db: Executor, inquiryIds: readonly string[]): Promise<Map<string, string>> {
  if (inquiryIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('inquiry_messages')
    .select(['inquiry_id', 'body'])
    .where('inquiry_id', 'in', inquiryIds)
    .where('direction', '=', 'in')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  // Newest first, so the last write per inquiry is its earliest message.
  return new Map(rows.map((r) => [r.inquiry_id, r.body]))
}

export const listAttachments = (db: Executor, inquiryId: string): Promise<InquiryAttachmentRow[]> =>
  db
    .selectFrom('inquiry_attachments')
    .selectAll()
    .where('inquiry_id', '=', inquiryId)
    .orderBy('message_id')
    .orderBy('position')
    .execute()

export async function insertUploads(db: Executor, rows: InquiryUploadRow[]): Promise<void> {
  if (rows.length) await db.insertInto('inquiry_uploads').values(rows).execute()
}

/** Unexpired provisional uploads of this municipality among `ids`. */
export async function findUploads(
  db: Executor,
  municipalityId: string,
  ids: readonly string[],
  now: string,
): Promise<InquiryUploadRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('inquiry_uploads')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', 'in', ids)
    .where('expires_at', '>', now)
    .execute()
}

export async function deleteUploads(trx: Trx, ids: readonly string[]): Promise<void> {
  if (ids.length) await trx.deleteFrom('inquiry_uploads').where('id', 'in', ids).execute()
}

export async function deleteExpiredUploads(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('inquiry_uploads').where('expires_at', '<=', now).execute()
}
