/**
 * Drafts: a form in progress, kept on the server under an unguessable link so the citizen can stop and
 * resume on another day (and device). A draft stays on the definition version it was started on, so a
 * new version saved meanwhile never breaks it; its accepted files are kept with it until submission.
 */
import type { Executor } from '../../db/index.ts'
import { newId, nowIso } from '../../db/index.ts'
import type { Language } from '../../db/schema.ts'
import type { DraftRow } from '../../db/tables/selfservice.ts'
import { newSecret, secretHash } from '../../identity/tokens.ts'
import type { AcceptedFile } from '../../inquiries/service.ts'
import type { Service } from '../catalogue/service.ts'
import * as store from '../store.ts'
import type { Answers } from './validate.ts'

/** How long an untouched draft is kept. */
export const DRAFT_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000

export const draftPath = (slug: string, token: string) => `/${slug}/services/drafts/${token}`

const expiry = (now: Date) => new Date(now.getTime() + DRAFT_LIFETIME_MS).toISOString()

export async function startDraft(
  db: Executor,
  service: Service,
  options: { language: Language; assistedBy?: string | null },
): Promise<{ draft: DraftRow; token: string }> {
  const now = new Date()
  await store.deleteExpiredDrafts(db, now.toISOString())
  const token = newSecret()
  const draft: DraftRow = {
    id: newId(),
    municipality_id: service.row.municipality_id,
    service_id: service.row.id,
    version: service.version,
    token_hash: secretHash(token),
    answers: '{}',
    language: options.language,
    assisted_by: options.assistedBy ?? null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    expires_at: expiry(now),
  }
  await store.insertDraft(db, draft)
  return { draft, token }
}

export const findDraft = (db: Executor, municipalityId: string, token: string) =>
  store.findDraftByToken(db, municipalityId, secretHash(token), nowIso())

export const draftAnswers = (draft: DraftRow): Answers => JSON.parse(draft.answers) as Answers

export async function saveDraftAnswers(db: Executor, draft: DraftRow, answers: Answers): Promise<void> {
  const now = new Date()
  await store.updateDraft(db, draft.id, JSON.stringify(answers), now.toISOString(), expiry(now))
}

export interface DraftFile {
  id: string
  field: string
  fileName: string
  contentType: string
  size: number
}

export async function listDraftFiles(db: Executor, draftId: string): Promise<DraftFile[]> {
  return (await store.listUploads(db, draftId)).map((u) => ({
    id: u.id,
    field: u.field,
    fileName: u.file_name,
    contentType: u.content_type,
    size: u.size,
  }))
}

export async function keepDraftFiles(db: Executor, draftId: string, field: string, files: readonly AcceptedFile[]) {
  const at = nowIso()
  await store.insertUploads(
    db,
    files.map((f) => ({
      id: newId(),
      draft_id: draftId,
      field,
      file_name: f.fileName,
      content_type: f.contentType,
      size: f.bytes.byteLength,
      body: f.bytes,
      created_at: at,
    })),
  )
}

export const removeDraftFiles = (db: Executor, draftId: string, ids: readonly string[]) =>
  store.deleteUploads(db, draftId, ids)

/** The kept files with their bodies, for the submission. */
export async function draftFileBodies(db: Executor, draftId: string) {
  return (await store.listUploadBodies(db, draftId)).map((u) => ({
    field: u.field,
    fileName: u.file_name,
    contentType: u.content_type,
    bytes: u.body,
  }))
}

/** Files per attachments field, for the validation's count. */
export function countByField(files: readonly { field: string }[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const f of files) counts[f.field] = (counts[f.field] ?? 0) + 1
  return counts
}
