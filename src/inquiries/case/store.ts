/** SQL for working an inquiry: its row under lock, the whole thread, attachments, earlier inquiries, canned answers. */

import { isPostgres } from '../../db/dialect.ts'
import type { Executor, Trx } from '../../db/index.ts'
import type { CannedAnswerRow, InquiryMessageRow, InquiryRow, Language } from '../../db/schema.ts'
import { listSentAbout } from '../../mail/outbox/service.ts'

/**
 * The inquiry's row, locked for the rest of the transaction. SQLite transactions begin immediate and so
 * already hold the write lock; PostgreSQL needs FOR UPDATE so two people acting at once queue here.
 */
export async function lockInquiry(trx: Trx, municipalityId: string, id: string): Promise<InquiryRow | undefined> {
  const query = trx
    .selectFrom('inquiries')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
  return (isPostgres(trx) ? query.forUpdate() : query).executeTakeFirst()
}

export type InquiryChange = Partial<
  Pick<
    InquiryRow,
    | 'status'
    | 'assignee_id'
    | 'department_id'
    | 'due_at'
    | 'closed_at'
    | 'resolution'
    | 'resolution_reason'
    | 'updated_at'
  >
>

export async function updateInquiry(trx: Trx, id: string, change: InquiryChange): Promise<void> {
  await trx.updateTable('inquiries').set(change).where('id', '=', id).execute()
}

/** Every message of the inquiry (in, out and internal notes), oldest first. */
export const listThread = (db: Executor, inquiryId: string): Promise<InquiryMessageRow[]> =>
  db
    .selectFrom('inquiry_messages')
    .selectAll()
    .where('inquiry_id', '=', inquiryId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()

export const hasAnswer = async (db: Executor, inquiryId: string): Promise<boolean> =>
  Boolean(
    await db
      .selectFrom('inquiry_messages')
      .select('id')
      .where('inquiry_id', '=', inquiryId)
      .where('direction', '=', 'out')
      .executeTakeFirst(),
  )

export const findAttachment = (db: Executor, municipalityId: string, inquiryId: string, attachmentId: string) =>
  db
    .selectFrom('inquiry_attachments')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('inquiry_id', '=', inquiryId)
    .where('id', '=', attachmentId)
    .executeTakeFirst()

/** Other inquiries of the same citizen here: the same e-mail (any case) or the same phone number, newest first. */
export async function listEarlierInquiries(db: Executor, inquiry: InquiryRow, limit = 20): Promise<InquiryRow[]> {
  const email = inquiry.citizen_email?.toLowerCase()
  const phone = inquiry.citizen_phone
  if (!email && !phone) return []
  return db
    .selectFrom('inquiries')
    .selectAll()
    .where('municipality_id', '=', inquiry.municipality_id)
    .where('id', '!=', inquiry.id)
    .where((eb) =>
      eb.or([
        ...(email ? [eb(eb.fn('lower', ['citizen_email']), '=', email)] : []),
        ...(phone ? [eb('citizen_phone', '=', phone)] : []),
      ]),
    )
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute()
}

/**
 * The Message-IDs already in the inquiry's e-mail thread, oldest first: messages received or answered by
 * e-mail, and what the outbox sent about it (the receipt, through the outbox's service); the answer's
 * In-Reply-To and References come from this list.
 */
export async function threadMessageIds(
  db: Executor,
  municipalityId: string,
  inquiryId: string,
): Promise<{ id: string; at: string; inbound: boolean }[]> {
  const [messages, sent] = await Promise.all([
    db
      .selectFrom('inquiry_messages')
      .select(['email_message_id', 'created_at', 'direction'])
      .where('inquiry_id', '=', inquiryId)
      .where('email_message_id', 'is not', null)
      .execute(),
    listSentAbout(db, municipalityId, { type: 'inquiry', id: inquiryId }, ['inquiry.receipt', 'inquiry.answer']),
  ])
  const all = [
    ...messages.map((m) => ({ id: m.email_message_id as string, at: m.created_at, inbound: m.direction === 'in' })),
    ...sent.map((s) => ({ id: s.message_id, at: s.queued_at, inbound: false })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  const seen = new Set<string>()
  return all.filter((m) => !seen.has(m.id) && seen.add(m.id))
}

export const listCannedAnswers = (
  db: Executor,
  municipalityId: string,
  language?: Language,
): Promise<CannedAnswerRow[]> => {
  let query = db.selectFrom('canned_answers').selectAll().where('municipality_id', '=', municipalityId)
  if (language) query = query.where('language', '=', language)
  return query.orderBy('language').orderBy('title').orderBy('id').execute()
}

export const findCannedAnswer = (db: Executor, municipalityId: string, id: string) =>
  db
    .selectFrom('canned_answers')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .executeTakeFirst()

export async function insertCannedAnswer(trx: Trx, row: CannedAnswerRow): Promise<void> {
  await trx.insertInto('canned_answers').values(row).execute()
}

export async function updateCannedAnswer(
  trx: Trx,
  id: string,
  change: Pick<CannedAnswerRow, 'language' | 'title' | 'body' | 'updated_at'>,
): Promise<void> {
  await trx.updateTable('canned_answers').set(change).where('id', '=', id).execute()
}

export async function deleteCannedAnswer(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('canned_answers').where('id', '=', id).execute()
}
