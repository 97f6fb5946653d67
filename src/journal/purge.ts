/**
 * Retention: when a document's time is up its body is dropped, but its hash stays in every entry that
 * refers to it, so the chain still verifies. The purge is itself an entry (subject: the document's hash),
 * which is how verification tells a lawful purge from a body someone blanked out.
 */
import type { Db, Trx } from '../db/index.ts'
import { nowIso } from '../db/index.ts'
import { type Actor, record } from './service.ts'
import * as store from './store.ts'

export const DOCUMENT_SUBJECT = 'document'
export const DOCUMENT_PURGED = 'journal.document.purged'

/**
 * Drop a stored document's body and journal the purge, in one transaction. Returns false (and journals
 * nothing) when there is no such document or it was purged already.
 * @example await purgeDocument(db, SYSTEM, municipality.id, hash, 'retention period of 5 years ended')
 */
export function purgeDocument(
  db: Db,
  actor: Actor,
  municipalityId: string,
  hash: string,
  reason: string,
): Promise<boolean> {
  return db.transaction().execute((trx) => purgeIn(trx, actor, municipalityId, hash, reason))
}

async function purgeIn(trx: Trx, actor: Actor, municipalityId: string, hash: string, reason: string) {
  if (!(await store.markDocumentPurged(trx, municipalityId, hash, nowIso()))) return false
  await record(trx, {
    municipalityId,
    actor,
    action: DOCUMENT_PURGED,
    subject: { type: DOCUMENT_SUBJECT, id: hash },
    summary: `Document body removed: ${reason}`,
  })
  return true
}

/**
 * Purge, in the caller's transaction, every document the entries about `subject` refer to (a post never confirmed,
 * the mail sent about it), but not one that an entry about anything else refers to too: a document is stored once
 * per content, so the same text sent twice is one document, and the other's record must keep it. In the same
 * transaction as the change that makes the documents unneeded, so that a crash cannot leave them behind for good;
 * the check reads the journal since the document was stored (see `documentReferencedElsewhere`), which a daily
 * retention job can afford inside a write. Returns how many were purged.
 * @example await purgeSubjectDocuments(trx, SYSTEM, m.id, { type: 'board_question', id }, 'never confirmed')
 */
export async function purgeSubjectDocuments(
  trx: Trx,
  actor: Actor,
  municipalityId: string,
  subject: { type: string; id: string },
  reason: string,
): Promise<number> {
  let purged = 0
  for (const hash of await store.documentsAbout(trx, municipalityId, subject)) {
    if (await store.documentReferencedElsewhere(trx, municipalityId, hash, subject)) continue
    if (await purgeIn(trx, actor, municipalityId, hash, reason)) purged++
  }
  return purged
}
