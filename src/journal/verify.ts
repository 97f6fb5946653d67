/**
 * Recompute a municipality's chain from the first entry: each entry's hash, its link to the previous
 * one, the head, and the SHA-256 of every stored document it refers to. A purged body is skipped only
 * when the chain itself records the purge. Reports the first broken entry.
 *
 * Verification reads one snapshot (a read-only transaction), so entries appended while it runs can
 * neither look like a gap nor like a removed tail.
 */
import type { Db, Executor } from '../db/index.ts'
import type { DocumentRow, JournalRow } from '../db/schema.ts'
import { entryHash, GENESIS_HASH, sha256Hex } from './hash.ts'
import { DOCUMENT_PURGED, DOCUMENT_SUBJECT } from './purge.ts'
import * as store from './store.ts'

export interface VerifyResult {
  municipalityId: string
  checked: number
  documentsChecked: number
  ok: boolean
  /** The hash of the last entry checked: write it down elsewhere to detect a rewrite of the whole chain later. */
  headHash: string
  /** The first problem found, with the sequence number of the entry where it shows. */
  problem?: { seq: number; reason: string }
}

const BATCH = 1000

/**
 * Verify one municipality's chain.
 * @example const result = await verifyChain(db, municipality.id); if (!result.ok) console.log(result.problem)
 */
export async function verifyChain(db: Db | Executor, municipalityId: string): Promise<VerifyResult> {
  if (db.isTransaction) return verifyIn(db, municipalityId)
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => verifyIn(trx, municipalityId))
}

async function verifyIn(db: Executor, municipalityId: string): Promise<VerifyResult> {
  const state = { prevHash: GENESIS_HASH, checked: 0, documentsChecked: 0 }
  // Purged bodies must be explained by a purge entry somewhere in the chain (usually later on).
  const purgedAt = new Map<string, number>()
  const purgeRecorded = new Set<string>()
  const fail = (seq: number, reason: string): VerifyResult => ({
    municipalityId,
    checked: state.checked,
    documentsChecked: state.documentsChecked,
    ok: false,
    headHash: state.prevHash,
    problem: { seq, reason },
  })

  for (;;) {
    const rows = await store.entriesAfter(db, municipalityId, state.checked, BATCH)
    const documents = await documentsOf(db, municipalityId, rows)
    for (const row of rows) {
      const expectedSeq = state.checked + 1
      if (row.seq !== expectedSeq) return fail(expectedSeq, `entry ${expectedSeq} is missing`)
      const hashes = parseDocuments(row.documents)
      if (!hashes) return fail(row.seq, 'its document list is unreadable')
      const problem = entryProblem(row, state.prevHash, hashes)
      if (problem) return fail(row.seq, problem)
      for (const hash of hashes) {
        const doc = documents.get(hash)
        if (!doc) return fail(row.seq, `document ${hash} is missing`)
        if (doc.purged_at) {
          if (!purgedAt.has(hash)) purgedAt.set(hash, row.seq)
          continue
        }
        if (!doc.body || sha256Hex(doc.body) !== hash) return fail(row.seq, `document ${hash} has been altered`)
        state.documentsChecked++
      }
      if (row.action === DOCUMENT_PURGED && row.subject_type === DOCUMENT_SUBJECT) purgeRecorded.add(row.subject_id)
      state.prevHash = row.hash
      state.checked++
    }
    if (rows.length < BATCH) break
  }

  for (const [hash, seq] of purgedAt) {
    if (!purgeRecorded.has(hash)) return fail(seq, `document ${hash} was emptied without a purge entry`)
  }
  const headProblem = await headMismatch(db, municipalityId, state.checked, state.prevHash)
  if (headProblem) return fail(headProblem.seq, headProblem.reason)
  return {
    municipalityId,
    checked: state.checked,
    documentsChecked: state.documentsChecked,
    ok: true,
    headHash: state.prevHash,
  }
}

/** Why an entry does not belong where it stands, if it does not. */
function entryProblem(row: JournalRow, prevHash: string, documents: string[]): string | undefined {
  if (row.prev_hash !== prevHash) return 'does not link to the entry before it'
  const recomputed = entryHash({
    municipalityId: row.municipality_id,
    seq: row.seq,
    at: row.at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    summary: row.summary,
    documents,
    prevHash: row.prev_hash,
  })
  if (recomputed !== row.hash) return 'its content does not match its hash'
  return undefined
}

/** The head records the last entry written; entries removed from the end show as a head beyond the chain. */
async function headMismatch(db: Executor, municipalityId: string, lastSeq: number, lastHash: string) {
  const head = await store.findHead(db, municipalityId)
  if (!head) return lastSeq > 0 ? { seq: 1, reason: 'the chain has no head' } : undefined
  const headSeq = Number(head.seq)
  if (headSeq > lastSeq) return { seq: lastSeq + 1, reason: `entries ${lastSeq + 1} to ${headSeq} have been removed` }
  if (headSeq < lastSeq) return { seq: headSeq + 1, reason: 'the entry was added without moving the head' }
  if (head.hash !== lastHash) return { seq: lastSeq, reason: 'the head does not match the last entry' }
  return undefined
}

function parseDocuments(text: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text)
    return Array.isArray(parsed) && parsed.every((h) => typeof h === 'string') ? parsed : undefined
  } catch {
    return undefined
  }
}

async function documentsOf(
  db: Executor,
  municipalityId: string,
  rows: JournalRow[],
): Promise<Map<string, DocumentRow>> {
  const hashes = new Set(rows.flatMap((row) => parseDocuments(row.documents) ?? []))
  const found = await store.findDocuments(db, municipalityId, [...hashes])
  return new Map(found.map((doc) => [doc.hash, doc]))
}
