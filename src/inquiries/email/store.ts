/** SQL for the e-mail channel: settings, inbound mail rows, and the inquiry lookups threading needs. */
import type { Executor, Trx } from '../../db/index.ts'
import type { EmailSettingsRow, InboundMailRow, InquiryRow, MunicipalityRow } from '../../db/schema.ts'
import { findSentByMessageId } from '../../mail/outbox/service.ts'

export const findSettings = (db: Executor, municipalityId: string): Promise<EmailSettingsRow | undefined> =>
  db.selectFrom('email_settings').selectAll().where('municipality_id', '=', municipalityId).executeTakeFirst()

export async function saveSettings(trx: Trx, row: EmailSettingsRow): Promise<void> {
  const { municipality_id, ...rest } = row
  await trx
    .insertInto('email_settings')
    .values(row)
    .onConflict((oc) => oc.column('municipality_id').doUpdateSet(rest))
    .execute()
}

/** The municipality whose configured inbound address this is (lower-cased base address). */
export const findMunicipalityByInboundAddress = (db: Executor, address: string): Promise<MunicipalityRow | undefined> =>
  db
    .selectFrom('email_settings')
    .innerJoin('municipalities', 'municipalities.id', 'email_settings.municipality_id')
    .selectAll('municipalities')
    .where('email_settings.inbound_address', '=', address)
    .executeTakeFirst()

export const listImapMailboxes = (db: Executor): Promise<EmailSettingsRow[]> =>
  db.selectFrom('email_settings').selectAll().where('imap_enabled', '=', 1).execute()

export const findInboundByDedupeKey = (
  db: Executor,
  municipalityId: string,
  dedupeKey: string,
): Promise<InboundMailRow | undefined> =>
  db
    .selectFrom('inbound_mails')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst()

export async function insertInbound(trx: Trx, row: InboundMailRow): Promise<void> {
  await trx.insertInto('inbound_mails').values(row).execute()
}

export const listInbound = (db: Executor, municipalityId: string, limit: number): Promise<InboundMailRow[]> =>
  db
    .selectFrom('inbound_mails')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute()

export const findInquiryByReference = (db: Executor, municipalityId: string, reference: string) =>
  db
    .selectFrom('inquiries')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('reference', '=', reference.toUpperCase())
    .executeTakeFirst()

export const findInquiryByReplyToken = (db: Executor, municipalityId: string, token: string) =>
  db
    .selectFrom('inquiries')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('reply_token', '=', token)
    .executeTakeFirst()

/** Our Message-IDs are generated lower-case, but a relay may change case: try both spellings. */
const spellings = (messageId: string) => [...new Set([messageId, messageId.toLowerCase()])]

/**
 * The inquiry in which we sent (outbox) or exchanged (its messages) the message with this Message-ID.
 */
export async function findInquiryByMessageId(
  db: Executor,
  municipalityId: string,
  messageId: string,
): Promise<InquiryRow | undefined> {
  const sent = await findSentByMessageId(db, municipalityId, messageId)
  if (sent?.subject_type === 'inquiry') {
    const inquiry = await db
      .selectFrom('inquiries')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .where('id', '=', sent.subject_id)
      .executeTakeFirst()
    if (inquiry) return inquiry
  }
  return db
    .selectFrom('inquiry_messages')
    .innerJoin('inquiries', 'inquiries.id', 'inquiry_messages.inquiry_id')
    .selectAll('inquiries')
    .where('inquiry_messages.municipality_id', '=', municipalityId)
    .where('inquiry_messages.email_message_id', 'in', spellings(messageId))
    .executeTakeFirst()
}

/** Reopen a closed inquiry; false when it was not closed (a concurrent reopen already did it). */
/** Back to open after the citizen wrote again: a closed inquiry is reopened, an answered one awaits an answer again. */
export async function reopenInquiry(trx: Trx, id: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('inquiries')
    .set({ status: 'open', closed_at: null, resolution: null, resolution_reason: null, updated_at: at })
    .where('id', '=', id)
    .where('status', 'in', ['closed', 'answered'])
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function touchInquiry(trx: Trx, id: string, at: string): Promise<void> {
  await trx.updateTable('inquiries').set({ updated_at: at }).where('id', '=', id).execute()
}

/** Mark our outgoing messages with this Message-ID undelivered; returns how many there were. */
export async function markMessagesUndelivered(
  trx: Trx,
  inquiryId: string,
  messageId: string,
  delivery: string,
): Promise<number> {
  const result = await trx
    .updateTable('inquiry_messages')
    .set({ delivery })
    .where('inquiry_id', '=', inquiryId)
    .where('direction', '=', 'out')
    .where('email_message_id', 'in', spellings(messageId))
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
