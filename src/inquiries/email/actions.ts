/**
 * What an inbound message does, once classified and threaded: each action is one transaction that
 * writes its effect, its journal entry (with the raw message as a document) and the inbound row.
 */
import type { Config } from '../../config.ts'
import type { Db, Trx } from '../../db/index.ts'
import { newId, nowIso } from '../../db/index.ts'
import type { InboundMailRow, InquiryAttachmentRow, InquiryRow, MunicipalityRow } from '../../db/schema.ts'
import { type MessageKey, translator } from '../../i18n/index.ts'
import { type Actor, record, SYSTEM } from '../../journal/service.ts'
import { markBounced } from '../../mail/outbox/service.ts'
import { checkFiles, type Refusal } from '../attachments.ts'
import { findTopicById, listTopics, receiveInquiry } from '../service.ts'
import * as inquiries from '../store.ts'
import { clean, type Decided, type Inbound, inboundRow } from './inbound.ts'
import * as store from './store.ts'

const RFC822 = 'message/rfc822'
const TEXT = 'text/plain; charset=utf-8'
const CITIZEN: Actor = { type: 'citizen' }
// What the outbox accepts as a recipient; a sender address that is not one stays in the raw mail only.
const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/

/** Staff notes are written in the municipality's own language. */
const noteText = (municipality: MunicipalityRow, key: MessageKey, vars?: Record<string, string | number>) =>
  translator(municipality.default_language)(key, vars)

const refusalNotes = (municipality: MunicipalityRow, refused: readonly Refusal[]) =>
  refused.map((r) =>
    noteText(municipality, `inquiries.attachment.refused_${r.reason}` as MessageKey, { file: clean(r.fileName) }),
  )

/** The message's attachments, checked by content like the web form's (type, size, count). */
const checkAttachments = (inbound: Inbound) =>
  checkFiles(
    [],
    inbound.mail.attachments.map((a) => ({ fileName: a.filename, bytes: a.content, truncated: false, skipped: false })),
  )

function attachmentRows(
  inquiry: InquiryRow,
  messageId: string,
  files: readonly { fileName: string; contentType: string; bytes: Uint8Array }[],
  hashes: readonly string[],
): InquiryAttachmentRow[] {
  return files.map((f, i) => ({
    id: newId(),
    inquiry_id: inquiry.id,
    message_id: messageId,
    municipality_id: inquiry.municipality_id,
    file_name: f.fileName,
    content_type: f.contentType,
    size: f.bytes.byteLength,
    sha256: hashes[i] as string,
    position: i,
    created_at: nowIso(),
  }))
}

/** A message row on an inquiry: the citizen's e-mail (`in`) or a system note for staff (`note`). */
async function addMessage(
  trx: Trx,
  inquiry: InquiryRow,
  fields: { direction: 'in' | 'note'; body: string; documentHash: string; emailMessageId: string | null },
): Promise<string> {
  const id = newId()
  await inquiries.insertMessage(trx, {
    id,
    inquiry_id: inquiry.id,
    municipality_id: inquiry.municipality_id,
    direction: fields.direction,
    channel: 'email',
    body: fields.body,
    author_id: null,
    created_at: nowIso(),
    document_hash: fields.documentHash,
    email_message_id: fields.emailMessageId,
    delivery: null,
  })
  return id
}

async function threadInquiry(trx: Trx, inbound: Inbound, decided: Decided): Promise<InquiryRow> {
  const inquiry = await store.findInquiryByReference(trx, inbound.municipality.id, decided.thread.inquiry ?? '')
  if (!inquiry) throw new Error(`Threaded inquiry ${decided.thread.inquiry} vanished`)
  return inquiry
}

/** Bulk mail is kept (not an inquiry); a loop is dropped; either way the raw message is the record. */
export function keep(db: Db, inbound: Inbound, decided: Decided, outcome: 'kept' | 'dropped') {
  return db.transaction().execute(async (trx) => {
    const draft = inboundRow(inbound, decided, { raw_hash: '', outcome, inquiry_id: null, inquiry_message_id: null })
    const { documentHashes } = await record(trx, {
      municipalityId: inbound.municipality.id,
      actor: SYSTEM,
      action: outcome === 'dropped' ? 'email.inbound.dropped' : 'email.inbound.kept',
      subject: { type: 'inbound_mail', id: draft.id },
      summary: `E-mail ${outcome === 'dropped' ? 'dropped as a mail loop' : 'kept, not an inquiry'} (${draft.class ?? 'unread'}, ${draft.thread_by}); never answered`,
      documents: [{ body: inbound.raw, mediaType: RFC822 }],
    })
    const row = { ...draft, raw_hash: documentHashes[0] as string }
    await store.insertInbound(trx, row)
    return row
  })
}

/**
 * A citizen's reply joins its inquiry, with its attachments. A closed inquiry is reopened, and an answered
 * one is open again: the citizen wrote after the answer, so it awaits an answer (journaled the same way).
 */
export function append(db: Db, inbound: Inbound, decided: Decided): Promise<InboundMailRow> {
  return db.transaction().execute(async (trx) => {
    const inquiry = await threadInquiry(trx, inbound, decided)
    const { accepted, refused } = await checkAttachments(inbound)
    const text = clean(inbound.mail.text)
    const notes = refusalNotes(inbound.municipality, refused)
    const { documentHashes } = await record(trx, {
      municipalityId: inquiry.municipality_id,
      actor: CITIZEN,
      action: 'inquiry.message.received',
      subject: { type: 'inquiry', id: inquiry.id },
      summary: `E-mail added to inquiry ${inquiry.reference} (threaded by ${decided.thread.by})`,
      documents: [
        { body: text, mediaType: TEXT },
        { body: inbound.raw, mediaType: RFC822 },
        ...accepted.map((a) => ({ body: a.bytes, mediaType: a.contentType })),
        ...(notes.length ? [{ body: notes.join('\n'), mediaType: TEXT }] : []),
      ],
    })
    const [textHash, rawHash] = documentHashes as [string, string]
    const messageId = await addMessage(trx, inquiry, {
      direction: 'in',
      body: text,
      documentHash: textHash,
      emailMessageId: inbound.mail.messageId,
    })
    await inquiries.insertAttachments(trx, attachmentRows(inquiry, messageId, accepted, documentHashes.slice(2)))
    if (notes.length) {
      const hash = documentHashes[documentHashes.length - 1] as string
      await addMessage(trx, inquiry, {
        direction: 'note',
        body: notes.join('\n'),
        documentHash: hash,
        emailMessageId: null,
      })
    }
    const at = nowIso()
    if (await store.reopenInquiry(trx, inquiry.id, at)) {
      await record(trx, {
        municipalityId: inquiry.municipality_id,
        actor: CITIZEN,
        action: 'inquiry.reopened',
        subject: { type: 'inquiry', id: inquiry.id },
        summary:
          inquiry.status === 'answered'
            ? `Inquiry ${inquiry.reference} awaits an answer again after the citizen's e-mail reply`
            : `Inquiry ${inquiry.reference} reopened by the citizen's e-mail reply`,
      })
    } else await store.touchInquiry(trx, inquiry.id, at)
    const row = inboundRow(inbound, decided, {
      raw_hash: rawHash,
      outcome: 'appended',
      inquiry_id: inquiry.id,
      inquiry_message_id: messageId,
    })
    await store.insertInbound(trx, row)
    return row
  })
}

/** A system note on an inquiry, journaled with the raw message; the inquiry's status is left alone. */
function noteOnInquiry(
  db: Db,
  inbound: Inbound,
  decided: Decided,
  note: (trx: Trx, inquiry: InquiryRow) => Promise<{ action: string; summary: string; text: string }>,
  outcome: 'noted' | 'bounce',
) {
  return db.transaction().execute(async (trx) => {
    const inquiry = await threadInquiry(trx, inbound, decided)
    const { action, summary, text } = await note(trx, inquiry)
    const { documentHashes } = await record(trx, {
      municipalityId: inquiry.municipality_id,
      actor: SYSTEM,
      action,
      subject: { type: 'inquiry', id: inquiry.id },
      summary,
      documents: [
        { body: text, mediaType: TEXT },
        { body: inbound.raw, mediaType: RFC822 },
      ],
    })
    const [textHash, rawHash] = documentHashes as [string, string]
    const messageId = await addMessage(trx, inquiry, {
      direction: 'note',
      body: text,
      documentHash: textHash,
      emailMessageId: inbound.mail.messageId,
    })
    const row = inboundRow(inbound, decided, {
      raw_hash: rawHash,
      outcome,
      inquiry_id: inquiry.id,
      inquiry_message_id: messageId,
    })
    await store.insertInbound(trx, row)
    return row
  })
}

/** An out-of-office or other automatic reply: a note for staff; never reopens, never answered. */
export const autoReply = (db: Db, inbound: Inbound, decided: Decided) =>
  noteOnInquiry(
    db,
    inbound,
    decided,
    async (_trx, inquiry) => ({
      action: 'inquiry.auto_reply.received',
      summary: `Automatic reply received on inquiry ${inquiry.reference}; not answered`,
      text: [
        noteText(inbound.municipality, 'inquiries.email.note.auto_reply', {
          reason: clean(decided.classification?.reason ?? ''),
        }),
        '',
        clean(inbound.mail.text),
      ].join('\n'),
    }),
    'noted',
  )

/**
 * A delivery report: a failed delivery marks our message bounced in the outbox and undelivered on the
 * inquiry, and tells staff to reach the citizen another way; a delay is recorded only.
 */
export const bounce = (db: Db, inbound: Inbound, decided: Decided) =>
  noteOnInquiry(
    db,
    inbound,
    decided,
    async (trx, inquiry) => {
      const info = decided.classification?.bounce
      const original = info?.originalMessageId ?? ''
      const failed = info?.recipients.find((r) => r.action === 'failed')
      const delayed = info?.recipients.find((r) => r.action === 'delayed')
      if (!failed) {
        return {
          action: 'inquiry.delivery.delayed',
          summary: `Delivery of an e-mail on inquiry ${inquiry.reference} is delayed`,
          text: noteText(inbound.municipality, 'inquiries.email.note.bounce_delayed', {
            address: clean(delayed?.address ?? ''),
            status: delayed?.status ?? '',
          }),
        }
      }
      await markBounced(trx, original, {
        action: 'failed',
        ...(failed.status ? { status: failed.status } : {}),
        ...(failed.diagnostic ? { diagnostic: clean(failed.diagnostic).slice(0, 500) } : {}),
      })
      await store.markMessagesUndelivered(trx, inquiry.id, original, 'bounced')
      return {
        action: 'inquiry.delivery.failed',
        summary: `An e-mail on inquiry ${inquiry.reference} could not be delivered${failed.status ? ` (${failed.status})` : ''}`,
        text: noteText(inbound.municipality, 'inquiries.email.note.bounce_failed', {
          address: clean(failed.address),
          status: failed.status ?? '',
        }),
      }
    },
    'bounce',
  )

/** The topic new e-mail inquiries get: the configured one, else the municipality's first. */
async function emailTopic(db: Db, municipalityId: string) {
  const settings = await store.findSettings(db, municipalityId)
  const chosen = settings?.topic_id ? await findTopicById(db, settings.topic_id) : undefined
  return chosen?.active ? chosen : (await listTopics(db, municipalityId))[0]
}

/**
 * A new inquiry through the intake. An unreadable message still becomes one, flagged with a note for
 * staff and no receipt: the raw bytes are its evidence and nothing is lost.
 */
export async function newInquiry(db: Db, config: Config, inbound: Inbound, decided: Decided): Promise<InboundMailRow> {
  const { mail, municipality } = inbound
  const topic = await emailTopic(db, municipality.id)
  if (!topic) return keep(db, inbound, decided, 'kept')
  const { accepted, refused } = mail.parseError ? { accepted: [], refused: [] } : await checkAttachments(inbound)
  const notes = [
    ...(mail.parseError
      ? [noteText(municipality, 'inquiries.email.note.unreadable', { error: mail.parseError.code })]
      : []),
    ...refusalNotes(municipality, refused),
  ]
  const from = mail.from
  const subject = clean(mail.normalizedSubject).trim()
  const text = clean(mail.text)
  let row: InboundMailRow | undefined
  await receiveInquiry(
    db,
    {
      municipality,
      actor: CITIZEN,
      baseUrl: config.baseUrl,
      mailDomain: config.mailDomain,
      mail: {
        evidence: { body: inbound.raw, mediaType: RFC822 },
        emailMessageId: mail.messageId,
        sendReceipt: decided.receipt,
        async within(trx, { inquiry, messageId, documentHashes }) {
          if (notes.length) await flag(trx, inquiry, notes.join('\n'), mail.parseError?.code ?? 'attachments')
          row = inboundRow(inbound, decided, {
            raw_hash: documentHashes[documentHashes.length - 1] as string,
            outcome: 'created',
            inquiry_id: inquiry.id,
            inquiry_message_id: messageId,
          })
          await store.insertInbound(trx, row)
        },
      },
    },
    {
      topic: topic.id,
      // The subject says what the mail is about; it leads the message unless the text already starts with it.
      message: subject && !text.startsWith(subject) ? `${subject}\n\n${text}` : text,
      name: clean(from?.name || from?.address || ''),
      email: from && EMAIL.test(from.address) ? from.address : undefined,
      language: municipality.default_language,
      channel: 'email',
    },
    { accepted },
  )
  return row as InboundMailRow
}

/** A note that asks staff to look: the mail could not be read, or attachments were refused. */
async function flag(trx: Trx, inquiry: InquiryRow, text: string, reason: string): Promise<void> {
  const { documentHashes } = await record(trx, {
    municipalityId: inquiry.municipality_id,
    actor: SYSTEM,
    action: 'inquiry.flagged',
    subject: { type: 'inquiry', id: inquiry.id },
    summary: `Inquiry ${inquiry.reference} flagged for staff: ${reason === 'attachments' ? 'attachments refused' : `the e-mail could not be read (${reason})`}`,
    documents: [{ body: text, mediaType: TEXT }],
  })
  await addMessage(trx, inquiry, {
    direction: 'note',
    body: text,
    documentHash: documentHashes[0] as string,
    emailMessageId: null,
  })
}
