/** SQL for the journal, its per-municipality head, and the content-addressed documents. */
import { atCommit } from '../db/group-commit.ts'
import { HeldInTransaction } from '../db/held-in-transaction.ts'
import type { Executor, Trx } from '../db/index.ts'
import { insertRow } from '../db/insert-row.ts'
import type { DocumentRow, JournalRow, JournalTable } from '../db/schema.ts'

interface Head {
  seq: number
  hash: string
}
/** The head as this transaction's entries left it (see db/held-in-transaction.ts). */
const heads = new HeldInTransaction<Head>()

/**
 * Claim the next sequence number. The UPDATE takes the head row's write lock first, so concurrent
 * writers (threads or processes, SQLite or PostgreSQL) queue here and never fork the chain; the SELECT
 * then reads the row this transaction holds. (Not UPDATE … RETURNING: on SQLite that statement makes the
 * full-text index write out its pending rows, one segment per intake instead of one per commit.) Later claims in
 * the same transaction count on from what it holds; `insertEntry` hands the head back for the commit.
 */
export async function claimNextSeq(trx: Trx, municipalityId: string): Promise<{ seq: number; prevHash: string }> {
  // An entry belongs to the transaction of the change it records; outside one there is no head to hold.
  if (!trx.isTransaction) throw new Error('a journal entry is recorded in the transaction of its change')
  const held = heads.get(trx, municipalityId)
  if (held) {
    held.seq += 1
    return { seq: held.seq, prevHash: held.hash }
  }
  await trx
    .updateTable('journal_heads')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('municipality_id', '=', municipalityId)
    .execute()
  const head = await trx
    .selectFrom('journal_heads')
    .select(['seq', 'hash'])
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst()
  if (!head) throw new Error(`no journal head for municipality ${municipalityId}`)
  heads.hold(trx, municipalityId, { seq: Number(head.seq), hash: head.hash })
  return { seq: Number(head.seq), prevHash: head.hash }
}

/** The entry with the sequence number just claimed; the head row is written once, before the commit. */
export async function insertEntry(trx: Trx, row: JournalTable): Promise<void> {
  const head = heads.get(trx, row.municipality_id)
  if (head?.seq !== row.seq) throw new Error(`journal entry ${row.seq} was not claimed in this transaction`)
  await insertRow(trx, 'journal', row)
  head.hash = row.hash
  await atCommit(trx, writeHeads, row.municipality_id)
}

/** Each municipality's head as the transaction's last entry left it. */
async function writeHeads(trx: Trx, municipalityIds: string[]): Promise<void> {
  for (const municipalityId of new Set(municipalityIds)) {
    const head = heads.get(trx, municipalityId) as Head
    await trx
      .updateTable('journal_heads')
      .set({ seq: head.seq, hash: head.hash })
      .where('municipality_id', '=', municipalityId)
      .execute()
  }
}

export async function insertHead(trx: Trx, municipalityId: string, genesisHash: string): Promise<void> {
  await trx.insertInto('journal_heads').values({ municipality_id: municipalityId, seq: 0, hash: genesisHash }).execute()
}

export async function insertDocumentIfAbsent(trx: Trx, row: Omit<DocumentRow, 'purged_at'>): Promise<void> {
  await insertRow(trx, 'documents', { ...row, purged_at: null }, { onConflictDoNothing: ['municipality_id', 'hash'] })
}

export async function findDocument(
  db: Executor,
  municipalityId: string,
  hash: string,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('hash', '=', hash)
    .executeTakeFirst()
}

/** Several documents at once (verification looks up a whole batch of entries' documents in one query). */
export async function findDocuments(db: Executor, municipalityId: string, hashes: string[]): Promise<DocumentRow[]> {
  const found: DocumentRow[] = []
  // Chunked: SQLite and PostgreSQL both cap the number of bound parameters in one statement.
  for (let i = 0; i < hashes.length; i += 500) {
    const chunk = hashes.slice(i, i + 500)
    found.push(
      ...(await db
        .selectFrom('documents')
        .selectAll()
        .where('municipality_id', '=', municipalityId)
        .where('hash', 'in', chunk)
        .execute()),
    )
  }
  return found
}

/** Empty a document's body; true when a stored body was there to purge. */
export async function markDocumentPurged(trx: Trx, municipalityId: string, hash: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('documents')
    .set({ body: null, purged_at: at })
    .where('municipality_id', '=', municipalityId)
    .where('hash', '=', hash)
    .where('purged_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** The hashes of the documents that the entries about `subject` refer to. */
export async function documentsAbout(
  db: Executor,
  municipalityId: string,
  subject: { type: string; id: string },
): Promise<string[]> {
  const rows = await db
    .selectFrom('journal')
    .select('documents')
    .where('municipality_id', '=', municipalityId)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .execute()
  return [...new Set(rows.flatMap((row) => JSON.parse(row.documents) as string[]))]
}

/**
 * Whether an entry about anything but `subject` refers to the document. Entries refer to documents stored at
 * or before their time, so only entries since the document was stored are read; still a scan of those entries'
 * document lists (there is no index by document), which is fine for retention's daily job, not for a request.
 */
export async function documentReferencedElsewhere(
  db: Executor,
  municipalityId: string,
  hash: string,
  subject: { type: string; id: string },
): Promise<boolean> {
  const document = await findDocument(db, municipalityId, hash)
  if (!document) return false
  const other = await db
    .selectFrom('journal')
    .select('seq')
    .where('municipality_id', '=', municipalityId)
    .where('at', '>=', document.created_at)
    .where('documents', 'like', `%"${hash}"%`)
    .where((eb) => eb.or([eb('subject_type', '!=', subject.type), eb('subject_id', '!=', subject.id)]))
    .limit(1)
    .executeTakeFirst()
  return other !== undefined
}

export interface EntryFilter {
  subjectType?: string | undefined
  subjectId?: string | undefined
}

export async function listEntries(
  db: Executor,
  municipalityId: string,
  filter: EntryFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: JournalRow[]; total: number }> {
  let query = db.selectFrom('journal').where('municipality_id', '=', municipalityId)
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType)
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId)
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('seq', 'desc').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows: rows.map(normaliseRow), total: Number(count.n) }
}

export async function listSubjectTypes(db: Executor, municipalityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('journal')
    .select('subject_type')
    .distinct()
    .where('municipality_id', '=', municipalityId)
    .orderBy('subject_type')
    .execute()
  return rows.map((r) => r.subject_type)
}

/** Entries in chain order, a batch at a time, for verification of large journals. */
export async function entriesAfter(
  db: Executor,
  municipalityId: string,
  afterSeq: number,
  limit: number,
): Promise<JournalRow[]> {
  const rows = await db
    .selectFrom('journal')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute()
  return rows.map(normaliseRow)
}

export async function findHead(db: Executor, municipalityId: string) {
  return db.selectFrom('journal_heads').selectAll().where('municipality_id', '=', municipalityId).executeTakeFirst()
}

// PostgreSQL returns integer columns of aggregate or bigint type as strings; the chain hashes numbers.
function normaliseRow(row: JournalRow): JournalRow {
  return { ...row, seq: Number(row.seq) }
}
