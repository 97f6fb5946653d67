/** SQL for topics, inquiries, their messages and attachments, the reference counter and provisional uploads. */
import { CompiledQuery, sql } from 'kysely'
import { isPostgres } from '../db/dialect.ts'
import { atCommit } from '../db/group-commit.ts'
import { HeldInTransaction } from '../db/held-in-transaction.ts'
import type { Executor, Trx } from '../db/index.ts'
import { insertRow } from '../db/insert-row.ts'
import { referenceCache } from '../db/reference-cache.ts'
import type {
  InquiryAttachmentRow,
  InquiryMessageRow,
  InquiryRow,
  InquiryTopicRow,
  InquiryUploadRow,
  MessageDirection,
} from '../db/schema.ts'

// Every intake and contact form reads its municipality's topics; they change when an admin edits them.
const activeTopics = referenceCache((db, municipalityId) =>
  db
    .selectFrom('inquiry_topics')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('active', '=', 1)
    .orderBy('position')
    .orderBy('slug')
    .execute(),
)

/** A municipality's active topics in their order (a copy: the cached list is shared). */
export const listTopics = async (db: Executor, municipalityId: string): Promise<InquiryTopicRow[]> => [
  ...((await activeTopics.get(db, municipalityId)) ?? []),
]

/** An active topic by id or by slug (the API accepts either). */
export const findTopic = async (db: Executor, municipalityId: string, idOrSlug: string) =>
  (await activeTopics.get(db, municipalityId))?.find((t) => t.id === idOrSlug || t.slug === idOrSlug)

/** After a change to topics: of one municipality, or of every municipality when the caller does not know which. */
export const forgetTopics = (db: Executor, municipalityId?: string) => activeTopics.forget(db, municipalityId)

export const findTopicById = (db: Executor, id: string) =>
  db.selectFrom('inquiry_topics').selectAll().where('id', '=', id).executeTakeFirst()

export async function insertTopic(trx: Trx, row: InquiryTopicRow): Promise<void> {
  forgetTopics(trx, row.municipality_id)
  await trx.insertInto('inquiry_topics').values(row).execute()
}

/** A municipality's year's counter as this transaction left it (see db/held-in-transaction.ts). */
const counters = new HeldInTransaction<{ value: number }>()

/**
 * Claim the next number of a municipality's year. The UPDATE takes the counter row's write lock, so
 * concurrent intakes (threads or processes, SQLite or PostgreSQL) queue here and never share a number.
 * Later claims in the same transaction count on from what it holds, and the row is written once before the commit.
 */
export async function claimReferenceNumber(trx: Trx, municipalityId: string, year: number): Promise<number> {
  const key = `${municipalityId}/${year}`
  const held = counters.get(trx, key)
  if (held) {
    held.value += 1
    await atCommit(trx, writeCounters, { municipalityId, year, key })
    return held.value
  }
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
  return counters.hold(trx, key, { value: Number(row.value) }).value
}

/** The counters the transaction counted on in memory, each written once with its last number. */
async function writeCounters(trx: Trx, claims: { municipalityId: string; year: number; key: string }[]) {
  const last = new Map(claims.map((claim) => [claim.key, claim]))
  for (const { municipalityId, year, key } of last.values()) {
    await trx
      .updateTable('inquiry_counters')
      .set({ value: (counters.get(trx, key) as { value: number }).value })
      .where('municipality_id', '=', municipalityId)
      .where('year', '=', year)
      .execute()
  }
}

const INSERT_SEARCH_KEY = `insert into inquiry_search_keys (inquiry_id, municipality_id, status, due_at, received_at)
  values (?, ?, ?, ?, ?)`

/**
 * A new inquiry. On SQLite its search key is written here and its text indexed with its first message (see
 * migration 0017); on PostgreSQL triggers keep the search table.
 */
export async function insertInquiry(trx: Trx, row: InquiryRow): Promise<void> {
  await insertRow(trx, 'inquiries', row)
  if (isPostgres(trx)) return
  await trx.executeQuery(
    CompiledQuery.raw(INSERT_SEARCH_KEY, [row.id, row.municipality_id, row.status, row.due_at, row.received_at]),
  )
}

/** A message of an inquiry; `first`: the inquiry is new in this transaction (its text was never indexed). */
export async function insertMessage(
  trx: Trx,
  row: InquiryMessageRow,
  options: { first?: boolean } = {},
): Promise<void> {
  await insertRow(trx, 'inquiry_messages', row)
  if (!isPostgres(trx))
    await atCommit(trx, indexInquiries, { inquiryId: row.inquiry_id, fresh: options.first === true })
}

interface IndexItem {
  inquiryId: string
  /** Never indexed before: nothing to delete first. */
  fresh: boolean
}

/**
 * SQLite: (re)write the search index rows of inquiries from `inquiry_search_source`, with one statement for
 * all of a transaction's inquiries (FTS5 then writes one segment, not one per inquiry).
 */
async function indexInquiries(trx: Trx, items: IndexItem[]): Promise<void> {
  const fresh = new Set(items.filter((i) => i.fresh).map((i) => i.inquiryId))
  const all = [...new Set(items.map((i) => i.inquiryId))]
  const stale = all.filter((id) => !fresh.has(id))
  if (stale.length) {
    await sql`delete from inquiry_search
      where rowid in (select id from inquiry_search_keys where inquiry_id in (${sql.join(stale)}))`.execute(trx)
  }
  await sql`insert into inquiry_search (rowid, text)
    select search_id, text from inquiry_search_source where inquiry_id in (${sql.join(all)})`.execute(trx)
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
