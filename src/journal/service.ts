/**
 * The journal: the municipality's public record. Every state change calls `record(trx, entry)` inside
 * the transaction that makes the change, so a change without its entry (or the reverse) cannot exist.
 * Document bodies live apart, addressed by SHA-256, so a retention purge can drop a body and keep the chain.
 */
import type { Trx } from '../db/index.ts'
import { nowIso } from '../db/index.ts'
import { entryHash, GENESIS_HASH, sha256Hex } from './hash.ts'
import * as store from './store.ts'

export type Actor =
  | { type: 'user'; id: string }
  | { type: 'citizen'; id?: string | null }
  | { type: 'system'; id?: string | null }

export const SYSTEM: Actor = { type: 'system' }

export interface DocumentInput {
  body: Uint8Array | string
  mediaType: string
}

export interface JournalEntryInput {
  municipalityId: string
  actor: Actor
  /** Dotted, past tense: `identity.user.invited`. */
  action: string
  subject: { type: string; id: string }
  /** A short description, as the law asks for: no personal data beyond what the record needs. */
  summary: string
  /** Document versions this entry refers to; stored by hash in the same transaction. */
  documents?: readonly DocumentInput[]
}

export interface RecordedEntry {
  seq: number
  hash: string
  documentHashes: string[]
}

/** Store a document body under its SHA-256 (once per municipality) and return the hash. */
export async function storeDocument(trx: Trx, municipalityId: string, doc: DocumentInput): Promise<string> {
  const body = typeof doc.body === 'string' ? new TextEncoder().encode(doc.body) : doc.body
  const hash = sha256Hex(body)
  await store.insertDocumentIfAbsent(trx, {
    municipality_id: municipalityId,
    hash,
    media_type: doc.mediaType,
    size: body.byteLength,
    body,
    created_at: nowIso(),
  })
  return hash
}

/**
 * Append an entry to the municipality's chain, in the caller's transaction.
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await store.renameDepartment(trx, id, name)
 *   await journal.record(trx, { municipalityId, actor, action: 'department.renamed',
 *     subject: { type: 'department', id }, summary: `Renamed to ${name}` })
 * })
 */
export async function record(trx: Trx, entry: JournalEntryInput): Promise<RecordedEntry> {
  // Head first, documents second: every writer takes the head's lock before any other journal lock, so
  // two transactions storing the same document body cannot each hold what the other waits for (deadlock).
  const { seq, prevHash } = await store.claimNextSeq(trx, entry.municipalityId)
  const documentHashes: string[] = []
  for (const doc of entry.documents ?? []) documentHashes.push(await storeDocument(trx, entry.municipalityId, doc))
  const fields = {
    municipalityId: entry.municipalityId,
    seq,
    at: nowIso(),
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    action: entry.action,
    subjectType: entry.subject.type,
    subjectId: entry.subject.id,
    summary: entry.summary,
    documents: documentHashes,
    prevHash,
  }
  const hash = entryHash(fields)
  await store.insertEntry(trx, {
    municipality_id: fields.municipalityId,
    seq,
    at: fields.at,
    actor_type: fields.actorType,
    actor_id: fields.actorId,
    action: fields.action,
    subject_type: fields.subjectType,
    subject_id: fields.subjectId,
    summary: fields.summary,
    documents: JSON.stringify(documentHashes),
    prev_hash: prevHash,
    hash,
  })
  return { seq, hash, documentHashes }
}

/** Start a municipality's chain; called in the transaction that creates the municipality. */
export async function startChain(trx: Trx, municipalityId: string): Promise<void> {
  await store.insertHead(trx, municipalityId, GENESIS_HASH)
}

export const listEntries = store.listEntries
export const listSubjectTypes = store.listSubjectTypes
export const findDocument = store.findDocument
