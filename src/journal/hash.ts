/**
 * How a journal entry is hashed. The hash covers every field a reader relies on, plus the previous
 * entry's hash, so changing any byte of any entry breaks the chain from there on.
 * Canonical form: a JSON array in a fixed field order (no key-order ambiguity).
 */
import { createHash } from 'node:crypto'

export const GENESIS_HASH = '0'.repeat(64)

export interface HashedFields {
  municipalityId: string
  seq: number
  at: string
  actorType: string
  actorId: string | null
  action: string
  subjectType: string
  subjectId: string
  summary: string
  documents: readonly string[]
  prevHash: string
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export function entryHash(f: HashedFields): string {
  return sha256Hex(
    JSON.stringify([
      f.municipalityId,
      f.seq,
      f.at,
      f.actorType,
      f.actorId,
      f.action,
      f.subjectType,
      f.subjectId,
      f.summary,
      f.documents,
      f.prevHash,
    ]),
  )
}
