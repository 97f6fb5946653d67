/**
 * Intake of inquiries from every channel (web form, API, phone, desk; e-mail later) into one shape:
 * a human reference from the municipality's yearly counter, a due date in business days, the message
 * and attachments as journal documents, `inquiry.received` in the journal, and the receipt's job (it composes
 * and sends the e-mail after the commit), all in one transaction. The citizen follows up through an unguessable
 * status link whose hash is kept.
 */
import { dueAt, localDate } from '../calendar/business-days.ts'
import { inGroupTransaction } from '../db/group-commit.ts'
import type { Db, Executor, Trx } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type {
  InquiryAttachmentRow,
  InquiryChannel,
  InquiryRow,
  InquiryTopicRow,
  Language,
  MunicipalityRow,
} from '../db/schema.ts'
import { newOrderedSecret, newOrderedToken, newSecret, orderedSecretKey } from '../identity/tokens.ts'
import { type Actor, record } from '../journal/service.ts'
import { BadRequest, type FieldErrors } from '../web/errors.ts'
import { publish } from '../web/live.ts'
import type { AcceptedFile, KeptFile } from './attachments.ts'
import { queueReceipt } from './receipt-mail.ts'
import { answerDaysFor } from './routing/deadlines.ts'
import { routeInquiry } from './routing/service.ts'
import * as store from './store.ts'

/** Attachment checks and multipart forms, shared with self-service's forms (which must not reach into this folder). */
export {
  ACCEPT_ATTRIBUTE,
  type AcceptedFile,
  checkFiles,
  type IncomingFile,
  MAX_FILE_BYTES,
  MAX_FILES,
  type Refusal,
} from './attachments.ts'
/** Topics a feature's demo seeds may add (e.g. self-service's pest control for reported rats). */
export { createTopics } from './demo.ts'
export { registerMultipart } from './multipart.ts'
/** Business days to answer when neither the topic nor the department sets a deadline. */
export { DEFAULT_ANSWER_DAYS } from './routing/deadlines.ts'
/** How long a provisional upload waits for the corrected form. */
export const UPLOAD_LIFETIME_MS = 2 * 60 * 60 * 1000

export const listTopics = (db: Executor, municipalityId: string) => store.listTopics(db, municipalityId)
export const findTopicById = (db: Executor, id: string) => store.findTopicById(db, id)

export function topicName(topic: Pick<InquiryTopicRow, 'name_da' | 'name_sv' | 'name_en'>, language: Language) {
  return { da: topic.name_da, sv: topic.name_sv, en: topic.name_en }[language]
}

export interface IntakeInput {
  /** A topic's id or slug. */
  topic: string
  message: string
  name: string
  email?: string | undefined
  phone?: string | undefined
  language: Language
  channel: InquiryChannel
}

export interface IntakeContext {
  municipality: MunicipalityRow
  actor: Actor
  /** The staff member who took a phone or desk inquiry. */
  registeredBy?: string | null
  /** For the status link in the receipt e-mail. */
  baseUrl: string
  mailDomain: string
  /** Set by the e-mail channel (`email/ingest.ts`); see `MailIntake`. */
  mail?: MailIntake
  /** Seeding only (`demo/inquiries.ts`): when the inquiry arrived, so demo data can be days old. */
  receivedAt?: Date
  /** False: no receipt e-mail (the board: the public question is its own receipt). */
  sendReceipt?: boolean
}

/**
 * What the e-mail channel adds to an intake. A mail must never be lost, so a missing name, text or
 * contact is left for staff to complete instead of refusing; the raw message joins the journal
 * documents as evidence; the receipt goes out only when the mail rules allow; `within` writes the
 * channel's own rows in the intake's transaction.
 */
export interface MailIntake {
  evidence: { body: Uint8Array; mediaType: string }
  emailMessageId: string | null
  sendReceipt: boolean
  within(trx: Trx, received: { inquiry: InquiryRow; messageId: string; documentHashes: string[] }): Promise<void>
}

export interface ReceivedInquiry {
  inquiry: InquiryRow
  /** The secret of the status link; only its hash is stored, so this is the only copy. */
  statusToken: string
}

// One address, no display name: what the outbox will accept as a recipient.
const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/
const isPhone = (value: string) => /^\+?[\d ()./-]+$/.test(value.trim()) && (value.match(/\d/g)?.length ?? 0) >= 6

const blank = (value: string | undefined) => !value || value.trim() === ''

/** Rules beyond the request schema, the same for every channel; the topic when all is well. */
export async function checkIntake(
  db: Executor,
  municipalityId: string,
  input: IntakeInput,
): Promise<{ topic?: InquiryTopicRow; errors: FieldErrors }> {
  const errors: FieldErrors = {}
  // PostgreSQL text cannot hold NUL; no person types one, so it is refused rather than stored.
  for (const field of ['topic', 'message', 'name', 'email', 'phone'] as const) {
    if (input[field]?.includes('\u0000')) errors[field] = { key: 'web.validation.invalid' }
  }
  if (Object.keys(errors).length) return { errors }
  const topic = blank(input.topic) ? undefined : await store.findTopic(db, municipalityId, input.topic)
  if (!topic)
    errors.topic = { key: blank(input.topic) ? 'inquiries.form.topic_required' : 'inquiries.form.topic_unknown' }
  if (blank(input.message)) errors.message = { key: 'web.validation.required' }
  if (blank(input.name)) errors.name = { key: 'web.validation.required' }
  if (blank(input.email) && blank(input.phone)) errors.email = { key: 'inquiries.form.contact_required' }
  else if (!blank(input.email) && !EMAIL.test((input.email as string).trim()))
    errors.email = { key: 'web.validation.email' }
  if (!blank(input.phone) && !isPhone(input.phone as string)) errors.phone = { key: 'inquiries.form.phone_invalid' }
  return { ...(topic ? { topic } : {}), errors }
}

/** `DEMO-2026-000123`: the municipality's short name, the local year, a number counted per year. */
export function formatReference(slug: string, year: number, number: number): string {
  const prefix = (slug.split('-')[0] ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '') || 'INQ'
  return `${prefix.slice(0, 10)}-${year}-${String(number).padStart(6, '0')}`
}

export const statusPath = (slug: string, token: string) => `/${slug}/inquiries/s/${token}`

/**
 * Receive an inquiry with its attachments (new files already checked, plus provisional uploads kept
 * from an earlier attempt), in one transaction. Throws BadRequest with field errors on bad input.
 */
export async function receiveInquiry(
  db: Db,
  context: IntakeContext,
  input: IntakeInput,
  files: { accepted?: readonly AcceptedFile[]; keptIds?: readonly string[] } = {},
): Promise<ReceivedInquiry> {
  const { municipality } = context
  const { topic, errors } = await checkIntake(db, municipality.id, input)
  if (!topic || (Object.keys(errors).length && !context.mail)) throw BadRequest('web.error.bad_request', errors)
  const statusToken = newOrderedSecret()
  // On SQLite, intakes arriving together share one commit (db/group-commit.ts); each is still all or nothing.
  // Given a transaction as `db` (the board files a published question in its own), the intake joins it.
  const transact = <T>(work: (trx: Trx) => Promise<T>) =>
    db.isTransaction ? work(db as unknown as Trx) : inGroupTransaction(db, work)
  const inquiry = await transact(async (trx) => {
    const now = context.receivedAt ?? new Date()
    const receivedAt = now.toISOString()
    const kept = await store.findUploads(trx, municipality.id, files.keptIds ?? [], nowIso())
    const attachments: AcceptedFile[] = [
      ...kept.map((k) => ({ fileName: k.file_name, contentType: k.content_type, bytes: k.body })),
      ...(files.accepted ?? []),
    ]
    const year = Number(localDate(now, municipality.time_zone).slice(0, 4))
    const number = await store.claimReferenceNumber(trx, municipality.id, year)
    // The routing rules pick the queue (first match wins), else the topic's department, else the contact centre.
    const route = await routeInquiry(trx, municipality.id, { topic, text: input.message })
    const row: InquiryRow = {
      id: newId(),
      municipality_id: municipality.id,
      reference: formatReference(municipality.slug, year, number),
      channel: input.channel,
      topic_id: topic.id,
      department_id: route.departmentId,
      status: 'new',
      citizen_name: input.name.trim(),
      citizen_email: blank(input.email) ? null : (input.email as string).trim(),
      citizen_phone: blank(input.phone) ? null : (input.phone as string).trim(),
      language: input.language,
      received_at: receivedAt,
      due_at: dueAt(
        now,
        await answerDaysFor(trx, topic, route.departmentId),
        municipality.country,
        municipality.time_zone,
      ).toISOString(),
      status_token_hash: orderedSecretKey(statusToken),
      reply_token: newOrderedToken(),
      assignee_id: null,
      registered_by: context.registeredBy ?? null,
      closed_at: null,
      resolution: null,
      resolution_reason: null,
      updated_at: receivedAt,
    }
    await store.insertInquiry(trx, row)
    const { documentHashes } = await record(trx, {
      municipalityId: municipality.id,
      actor: context.actor,
      action: 'inquiry.received',
      subject: { type: 'inquiry', id: row.id },
      // The public record: reference, channel and topic; the citizen's words are in the documents only.
      summary: `Inquiry ${row.reference} received by ${row.channel} about ${topic.slug}`,
      documents: [
        { body: input.message, mediaType: 'text/plain; charset=utf-8' },
        ...attachments.map((a) => ({ body: a.bytes, mediaType: a.contentType })),
        ...(context.mail ? [context.mail.evidence] : []),
      ],
    })
    const messageId = newId()
    await store.insertMessage(
      trx,
      {
        id: messageId,
        inquiry_id: row.id,
        municipality_id: municipality.id,
        direction: 'in',
        channel: row.channel,
        body: input.message,
        author_id: context.registeredBy ?? null,
        created_at: receivedAt,
        document_hash: documentHashes[0] as string,
        email_message_id: context.mail?.emailMessageId ?? null,
        delivery: null,
      },
      { first: true },
    )
    const attachmentRows: InquiryAttachmentRow[] = attachments.map((a, i) => ({
      id: newId(),
      inquiry_id: row.id,
      message_id: messageId,
      municipality_id: municipality.id,
      file_name: a.fileName,
      content_type: a.contentType,
      size: a.bytes.byteLength,
      sha256: documentHashes[i + 1] as string,
      position: i,
      created_at: receivedAt,
    }))
    await store.insertAttachments(trx, attachmentRows)
    await store.deleteUploads(
      trx,
      kept.map((k) => k.id),
    )
    if (row.citizen_email && context.mail?.sendReceipt !== false && context.sendReceipt !== false) {
      // Only the receipt's job commits with the intake; it composes and queues the mail in the background.
      await queueReceipt(trx, {
        municipalityId: municipality.id,
        inquiryId: row.id,
        statusUrl: `${context.baseUrl}${statusPath(municipality.slug, statusToken)}`,
        mailDomain: context.mailDomain,
      })
    }
    await context.mail?.within(trx, { inquiry: row, messageId, documentHashes })
    return row
  })
  // After commit: open inboxes refresh. The intake has happened; a lost notification only means a reload.
  await publish(db, { municipalityId: municipality.id, topic: 'inquiries', id: inquiry.id, kind: 'received' }).catch(
    () => {},
  )
  return { inquiry, statusToken }
}

/**
 * Keep accepted files of a form that must be corrected, so the citizen need not choose them again.
 * Returns them as kept files, referred to by unguessable ids in the re-rendered form.
 */
export async function keepUploads(
  db: Executor,
  municipalityId: string,
  files: readonly AcceptedFile[],
): Promise<KeptFile[]> {
  const now = new Date()
  await store.deleteExpiredUploads(db, now.toISOString())
  const rows = files.map((f) => ({
    id: newSecret(),
    municipality_id: municipalityId,
    file_name: f.fileName,
    content_type: f.contentType,
    size: f.bytes.byteLength,
    body: f.bytes,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + UPLOAD_LIFETIME_MS).toISOString(),
  }))
  await store.insertUploads(db, rows)
  return rows.map((r) => ({ id: r.id, fileName: r.file_name, contentType: r.content_type, size: r.size }))
}

/** Files kept from an earlier attempt that are still there (an expired one is simply gone). */
export async function findKeptUploads(
  db: Executor,
  municipalityId: string,
  ids: readonly string[],
): Promise<KeptFile[]> {
  const rows = await store.findUploads(db, municipalityId, [...new Set(ids)].slice(0, 20), nowIso())
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => {
    const r = byId.get(id)
    return r ? [{ id: r.id, fileName: r.file_name, contentType: r.content_type, size: r.size }] : []
  })
}

export interface InquiryStatus {
  inquiry: InquiryRow
  topic: InquiryTopicRow | undefined
  messages: Awaited<ReturnType<typeof store.listMessages>>
  attachments: InquiryAttachmentRow[]
}

/** What the citizen's status link shows: never internal notes. Undefined for an unknown token. */
export async function findByStatusToken(
  db: Executor,
  municipalityId: string,
  token: string,
): Promise<InquiryStatus | undefined> {
  const inquiry = await store.findInquiryByStatusToken(db, municipalityId, orderedSecretKey(token))
  if (!inquiry) return undefined
  const [topic, messages, attachments] = await Promise.all([
    inquiry.topic_id ? store.findTopicById(db, inquiry.topic_id) : undefined,
    store.listMessages(db, inquiry.id, ['in', 'out']),
    store.listAttachments(db, inquiry.id),
  ])
  return { inquiry, topic, messages, attachments }
}

export const findInquiry = (db: Executor, municipalityId: string, id: string) =>
  store.findInquiry(db, municipalityId, id)
