/**
 * The receipt e-mail: the same facts as the receipt page (reference, time received, what was sent,
 * the expected answer date, how to follow up), in the citizen's language. The intake's transaction only
 * enqueues an `inquiries.receipt` job (`queueReceipt`); the job (receipt-job.ts) composes the mail and
 * queues it through the outbox, so composing MIME is not part of what an intake waits for.
 * Identity numbers in the citizen's text are masked: mail is not private.
 * Replies go to the inquiry's plus address on the municipality's inbound address, so they thread to it.
 */
import type { Executor, Trx } from '../db/index.ts'
import type { InquiryAttachmentRow, InquiryRow, InquiryTopicRow, MunicipalityRow } from '../db/schema.ts'
import { translator } from '../i18n/index.ts'
import { enqueue } from '../jobs/service.ts'
import { municipalitySender, queueMail } from '../mail/outbox/service.ts'
import { maskIdentityNumbers } from '../web/identity-numbers.ts'
import { defaultInboundAddress } from './email/addresses.ts'
import { findSettings } from './email/store.ts'
import { formatDateTime, formatDueDate, formatSize } from './format.ts'

export const RECEIPT_JOB = 'inquiries.receipt'
/** The outbox's purpose of a receipt; at most one per inquiry. */
export const RECEIPT_PURPOSE = 'inquiry.receipt'

export interface ReceiptJobPayload {
  inquiryId: string
  /**
   * The citizen's status link. It holds the status secret, which is otherwise kept only as a hash; the job row
   * stores it until the mail is composed. No new exposure: the composed receipt (a journal document) and the
   * outbox have always held this link.
   */
  statusUrl: string
  mailDomain: string
}

/**
 * Enqueue the receipt of a new inquiry in the intake's transaction: one job row, so the receipt commits
 * with the inquiry (or neither does) while its composition happens in the background. One job per inquiry.
 * @example await queueReceipt(trx, { municipalityId, inquiryId: row.id, statusUrl, mailDomain: config.mailDomain })
 */
export async function queueReceipt(trx: Trx, receipt: { municipalityId: string } & ReceiptJobPayload): Promise<void> {
  const payload: ReceiptJobPayload = {
    inquiryId: receipt.inquiryId,
    statusUrl: receipt.statusUrl,
    mailDomain: receipt.mailDomain,
  }
  await enqueue(trx, {
    kind: RECEIPT_JOB,
    payload,
    municipalityId: receipt.municipalityId,
    dedupeKey: `${RECEIPT_JOB}:${receipt.inquiryId}`,
  })
}

export interface ReceiptFacts {
  municipality: MunicipalityRow
  inquiry: InquiryRow
  topic: InquiryTopicRow
  message: string
  attachments: readonly InquiryAttachmentRow[]
  statusUrl: string
  mailDomain: string
}

const topicName = (topic: InquiryTopicRow, language: InquiryRow['language']) =>
  ({ da: topic.name_da, sv: topic.name_sv, en: topic.name_en })[language]

/** The subject and plain text of the receipt. */
export function composeReceipt(facts: ReceiptFacts): { subject: string; text: string } {
  const { municipality, inquiry } = facts
  const language = inquiry.language
  const t = translator(language)
  const tz = municipality.time_zone
  const quoted = maskIdentityNumbers(facts.message)
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n')
  const files = facts.attachments.length
    ? facts.attachments.map((a) => `- ${maskIdentityNumbers(a.file_name)} (${formatSize(a.size, language)})`).join('\n')
    : t('inquiries.receipt.no_attachments')
  const text = [
    t('inquiries.mail.greeting', { name: inquiry.citizen_name }),
    '',
    t('inquiries.mail.intro', { municipality: municipality.name }),
    '',
    `${t('inquiries.receipt.reference')}: ${inquiry.reference}`,
    `${t('inquiries.receipt.received')}: ${formatDateTime(inquiry.received_at, language, tz)}`,
    `${t('inquiries.receipt.topic')}: ${topicName(facts.topic, language)}`,
    `${t('inquiries.receipt.due')}: ${formatDueDate(inquiry.due_at, language, tz)}`,
    '',
    `${t('inquiries.receipt.message')}:`,
    quoted,
    '',
    `${t('inquiries.receipt.attachments')}:`,
    files,
    '',
    t('inquiries.mail.follow_up', { reference: inquiry.reference }),
    facts.statusUrl,
    '',
    t('inquiries.mail.sign_off'),
    municipality.name,
  ].join('\n')
  return { subject: t('inquiries.mail.subject', { reference: inquiry.reference }), text }
}

/**
 * The inquiry's own reply address: the municipality's inbound address with the reply token as its plus part.
 * The inbound address is the one set in the e-mail settings, else `<slug>@<MAIL_DOMAIN>`; either threads
 * a reply back (email/thread.ts knows both as ours).
 * @example await replyAddress(trx, municipality, inquiry.reply_token, 'radhus.test') // 'kontakt+3f…@aarhus.dk'
 */
export async function replyAddress(
  db: Executor,
  municipality: Pick<MunicipalityRow, 'id' | 'slug'>,
  replyToken: string,
  mailDomain: string,
): Promise<string> {
  const base =
    (await findSettings(db, municipality.id))?.inbound_address ?? defaultInboundAddress(municipality.slug, mailDomain)
  const at = base.lastIndexOf('@')
  return `${base.slice(0, at)}+${replyToken}${base.slice(at)}`
}

/** Compose the receipt and queue it through the outbox, in the caller's transaction (the receipt job's). */
export async function queueReceiptMail(trx: Trx, facts: ReceiptFacts): Promise<void> {
  const { municipality, inquiry } = facts
  if (!inquiry.citizen_email) return
  const { subject, text } = composeReceipt(facts)
  await queueMail(trx, {
    municipalityId: municipality.id,
    to: { address: inquiry.citizen_email, name: inquiry.citizen_name },
    from: municipalitySender(municipality, facts.mailDomain),
    replyTo: {
      address: await replyAddress(trx, municipality, inquiry.reply_token, facts.mailDomain),
      name: municipality.name,
    },
    subject,
    text,
    regarding: { type: 'inquiry', id: inquiry.id },
    purpose: RECEIPT_PURPOSE,
    autoSubmitted: 'auto-replied',
  })
}
