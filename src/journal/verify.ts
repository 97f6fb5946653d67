/**
 * Recompute a municipality's chain from the first entry: each entry's hash, its link to the previous
 * one, the head, and the SHA-256 of every stored document it refers to (purged bodies are skipped,
 * their hashes stay in the chain). Reports the first broken entry.
 */
import type { Executor } from '../db/index.ts'
import { entryHash, GENESIS_HASH, sha256Hex } from './hash.ts'
import * as store from './store.ts'

export interface VerifyResult {
  municipalityId: string
  checked: number
  documentsChecked: number
  ok: boolean
  /** The first problem found, with the sequence number of the entry where it shows. */
  problem?: { seq: number; reason: string }
}

const BATCH = 1000

export async function verifyChain(db: Executor, municipalityId: string): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH
  let expectedSeq = 1
  let checked = 0
  let documentsChecked = 0
  const fail = (seq: number, reason: string): VerifyResult => ({
    municipalityId,
    checked,
    documentsChecked,
    ok: false,
    problem: { seq, reason },
  })

  for (;;) {
    const rows = await store.entriesAfter(db, municipalityId, expectedSeq - 1, BATCH)
    for (const row of rows) {
      if (row.seq !== expectedSeq) return fail(expectedSeq, `entry ${expectedSeq} is missing`)
      if (row.prev_hash !== prevHash) return fail(row.seq, 'does not link to the entry before it')
      let documents: string[]
      try {
        documents = JSON.parse(row.documents)
      } catch {
        return fail(row.seq, 'its document list is unreadable')
      }
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
      if (recomputed !== row.hash) return fail(row.seq, 'its content does not match its hash')
      for (const hash of documents) {
        const doc = await store.findDocument(db, municipalityId, hash)
        if (!doc) return fail(row.seq, `document ${hash} is missing`)
        if (doc.purged_at) continue
        if (!doc.body || sha256Hex(doc.body) !== hash) return fail(row.seq, `document ${hash} has been altered`)
        documentsChecked++
      }
      prevHash = row.hash
      expectedSeq++
      checked++
    }
    if (rows.length < BATCH) break
  }

  const head = await store.findHead(db, municipalityId)
  if (head && (Number(head.seq) !== checked || head.hash !== prevHash)) {
    return fail(Number(head.seq), 'the chain ends before its recorded head (entries removed)')
  }
  return { municipalityId, checked, documentsChecked, ok: true }
}
