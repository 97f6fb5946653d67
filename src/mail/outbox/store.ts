/** SQL for the outbox. Every write takes `trx`: each state change is journaled in the same transaction. */
import type { Executor, Trx } from '../../db/index.ts'
import type { MailOutboxRow, MailOutboxTable, MailStatus } from '../../db/schema.ts'

export async function insertOutbox(trx: Trx, row: MailOutboxTable): Promise<void> {
  await trx.insertInto('mail_outbox').values(row).execute()
}

export const findOutbox = (db: Executor, id: string): Promise<MailOutboxRow | undefined> =>
  db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst()

export const findOutboxByMessageId = (db: Executor, messageId: string): Promise<MailOutboxRow | undefined> =>
  db.selectFrom('mail_outbox').selectAll().where('message_id', '=', messageId).executeTakeFirst()

/**
 * Move a row that may still be sent into 'sending'. The UPDATE's WHERE is the guard: a row already
 * sent, failed or bounced is left alone and nothing is returned.
 */
export async function claimForSending(trx: Trx, id: string, at: string): Promise<MailOutboxRow | undefined> {
  return trx
    .updateTable('mail_outbox')
    .set((eb) => ({ status: 'sending', sending_at: at, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'sending'])
    .returningAll()
    .executeTakeFirst()
}

export async function setSent(trx: Trx, id: string, at: string, response: string): Promise<boolean> {
  const result = await trx
    .updateTable('mail_outbox')
    .set({ status: 'sent', sent_at: at, smtp_response: response, last_error: null })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'sending'])
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Record a failed attempt: back to 'queued' for a retry, or 'failed' for good. */
export async function setAttemptFailed(
  trx: Trx,
  id: string,
  status: Extract<MailStatus, 'queued' | 'failed'>,
  at: string,
  error: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('mail_outbox')
    .set({ status, last_error: error, failed_at: status === 'failed' ? at : null })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function setBounced(trx: Trx, id: string, at: string, details: string): Promise<boolean> {
  const result = await trx
    .updateTable('mail_outbox')
    .set({ status: 'bounced', bounced_at: at, bounce_details: details })
    .where('id', '=', id)
    .where('status', '!=', 'bounced')
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export interface OutboxListItem {
  id: string
  to_address: string
  to_name: string | null
  subject_line: string
  purpose: string
  status: MailStatus
  queued_at: string
  captured: boolean
}

/** A municipality's outgoing mail, newest first, with whether the development capture holds it. */
export async function listOutbox(
  db: Executor,
  municipalityId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: OutboxListItem[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('mail_outbox as o')
      .leftJoin('mail_captures as c', 'c.message_id', 'o.message_id')
      .select([
        'o.id',
        'o.to_address',
        'o.to_name',
        'o.subject_line',
        'o.purpose',
        'o.status',
        'o.queued_at',
        'c.id as capture_id',
      ])
      .where('o.municipality_id', '=', municipalityId)
      .orderBy('o.queued_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('municipality_id', '=', municipalityId)
      .executeTakeFirstOrThrow(),
  ])
  return {
    rows: rows.map(({ capture_id, ...row }) => ({ ...row, captured: capture_id !== null })),
    total: Number(count.n),
  }
}

/** A municipality's outgoing mail about one subject (optionally for some purposes only), oldest first. */
export function listOutboxBySubject(
  db: Executor,
  municipalityId: string,
  subject: { type: string; id: string },
  purposes?: readonly string[],
): Promise<MailOutboxRow[]> {
  let query = db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
  if (purposes) query = query.where('purpose', 'in', purposes.length ? [...purposes] : [''])
  return query.orderBy('queued_at').orderBy('id').execute()
}

/** A municipality's outgoing mail with any of these Message-IDs (spellings of one, as a relay may change case). */
export const findOutboxByMessageIds = (
  db: Executor,
  municipalityId: string,
  messageIds: readonly string[],
): Promise<MailOutboxRow | undefined> =>
  db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('message_id', 'in', messageIds.length ? [...messageIds] : [''])
    .executeTakeFirst()

/**
 * Blank the recipient of the mail about a subject that is no longer in flight (sent, failed or bounced), for
 * retention; returns the Message-IDs of the rows blanked. Mail still queued or sending keeps its address.
 */
export async function blankRecipients(trx: Trx, subject: { type: string; id: string }): Promise<string[]> {
  const rows = await trx
    .selectFrom('mail_outbox')
    .select('message_id')
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .where('status', 'in', ['sent', 'failed', 'bounced'])
    .execute()
  if (rows.length === 0) return []
  const messageIds = rows.map((row) => row.message_id)
  await trx
    .updateTable('mail_outbox')
    .set({ to_address: '', to_name: null })
    .where('message_id', 'in', messageIds)
    .execute()
  return messageIds
}
