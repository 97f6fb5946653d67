/**
 * The outbox: every e-mail Rådhus sends is queued here first, in the transaction of the change it tells
 * about (an inquiry and its receipt commit together, or neither does). Queueing composes the message
 * once, with its Message-ID fixed up front, keeps it as a journal document, and enqueues a `mail.send`
 * job; the job (send.ts) delivers those exact bytes later, with retries. See ../README.md.
 */
import MailComposer from 'nodemailer/lib/mail-composer'
import type { Executor, Trx } from '../../db/index.ts'
import { newId, nowIso } from '../../db/index.ts'
import type { MailOutboxRow } from '../../db/schema.ts'
import { enqueue } from '../../jobs/service.ts'
import { type Actor, record, SYSTEM } from '../../journal/service.ts'
import { BadRequest } from '../../web/errors.ts'
import * as store from './store.ts'

export const SEND_JOB = 'mail.send'
/** With the queue's back-off (30 s doubling, capped at an hour) ten attempts span about four hours. */
export const SEND_ATTEMPTS = 10
export const RFC822 = 'message/rfc822'

export interface MailAddress {
  address: string
  name?: string
}

export interface MailAttachment {
  filename: string
  contentType: string
  content: Uint8Array | string
}

/**
 * RFC 3834: `auto-replied` for an automatic answer to a message (a receipt), `auto-generated` for other
 * automatic mail (a notification), `no` for mail a person wrote (a caseworker's answer).
 */
export type AutoSubmitted = 'auto-replied' | 'auto-generated' | 'no'

export interface OutgoingMessage {
  municipalityId: string
  to: MailAddress
  /** The municipality's address, e.g. `municipalitySender(municipality, config.mailDomain)`. */
  from: MailAddress
  /** Where answers go: the inquiry's plus address. */
  replyTo?: MailAddress
  subject: string
  text: string
  html?: string
  /** Message-IDs with angle brackets, for threading. */
  inReplyTo?: string
  references?: string[]
  attachments?: MailAttachment[]
  /** What the mail is about (e.g. `{ type: 'inquiry', id }`); its journal entries are filed there. */
  regarding: { type: string; id: string }
  /** A dotted tag saying why it was sent, e.g. `inquiry.receipt`. */
  purpose: string
  autoSubmitted: AutoSubmitted
  /**
   * For mail a citizen gets because they follow something: the https link that stops it with one click, sent as
   * List-Unsubscribe with List-Unsubscribe-Post (RFC 2369, RFC 8058) so the mail program offers it too.
   */
  unsubscribeUrl?: string
  /** Who sends it; the system unless a staff member wrote it. */
  actor?: Actor
}

export interface QueuedMail {
  id: string
  messageId: string
}

/** The municipality's own sender: `<slug>@<mail domain>`, with its name as display name. */
export function municipalitySender(municipality: { slug: string; name: string }, mailDomain: string): MailAddress {
  return { address: `${municipality.slug}@${mailDomain}`, name: municipality.name }
}

// One address, no display name or list syntax: anything else is a caller's mistake, not a recipient.
const ADDRESS = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/

function checkAddress(field: string, address: MailAddress | undefined): void {
  if (address && !ADDRESS.test(address.address)) {
    throw BadRequest('mail.outbox.invalid_address', { [field]: { key: 'mail.outbox.invalid_address' } })
  }
}

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase()

/** Compose the RFC 822 bytes with nodemailer, headers and Message-ID fixed now. */
async function compose(message: OutgoingMessage, messageId: string): Promise<Buffer> {
  const loop = domainOf(message.from.address)
  const headers: Record<string, string> = {
    // contracts/email.md §5: inbound mail carrying our loop header is ours come back, never answered.
    'X-Raadhus-Loop': loop,
    'X-Auto-Response-Suppress': 'All',
  }
  if (message.autoSubmitted !== 'no') headers['Auto-Submitted'] = message.autoSubmitted
  if (message.unsubscribeUrl) {
    // RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" to the link. (nodemailer's `list` option is
    // applied by its transports, not by the composer used here, so the headers are written as they are.)
    headers['List-Unsubscribe'] = `<${message.unsubscribeUrl}>`
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click'
  }
  return new MailComposer({
    messageId,
    date: new Date(),
    from: message.from,
    to: message.to,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
    ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
    ...(message.references?.length ? { references: message.references } : {}),
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: typeof a.content === 'string' ? a.content : Buffer.from(a.content),
    })),
    headers,
  })
    .compile()
    .build()
}

/**
 * Queue an e-mail in the caller's transaction: an outbox row, the composed message as a journal document
 * with a `mail.queued` entry, and a `mail.send` job. Nothing is sent until the transaction commits.
 * @example
 * await db.transaction().execute(async (trx) => {
 *   const inquiry = await createInquiry(trx, ...)
 *   await queueMail(trx, { municipalityId, to: { address: citizen }, from: municipalitySender(m, config.mailDomain),
 *     subject: `Vi har modtaget din henvendelse [${inquiry.ref}]`, text, regarding: { type: 'inquiry', id: inquiry.id },
 *     purpose: 'inquiry.receipt', autoSubmitted: 'auto-replied' })
 * })
 */
export async function queueMail(trx: Trx, message: OutgoingMessage): Promise<QueuedMail> {
  checkAddress('to', message.to)
  checkAddress('from', message.from)
  checkAddress('replyTo', message.replyTo)
  const id = newId()
  const messageId = `<${newId()}@${domainOf(message.from.address)}>`
  const raw = await compose(message, messageId)
  const { documentHashes } = await record(trx, {
    municipalityId: message.municipalityId,
    actor: message.actor ?? SYSTEM,
    action: 'mail.queued',
    subject: message.regarding,
    // The journal is the public record: the purpose and Message-ID, never the recipient's address.
    summary: `E-mail queued (${message.purpose}), Message-ID ${messageId}`,
    documents: [{ body: raw, mediaType: RFC822 }],
  })
  await store.insertOutbox(trx, {
    id,
    municipality_id: message.municipalityId,
    message_id: messageId,
    purpose: message.purpose,
    subject_type: message.regarding.type,
    subject_id: message.regarding.id,
    from_address: message.from.address,
    to_address: message.to.address,
    to_name: message.to.name ?? null,
    subject_line: message.subject,
    auto_submitted: message.autoSubmitted === 'no' ? null : message.autoSubmitted,
    document_hash: documentHashes[0] as string,
    status: 'queued',
    attempts: 0,
    last_error: null,
    smtp_response: null,
    bounce_details: null,
    queued_at: nowIso(),
    sending_at: null,
    sent_at: null,
    failed_at: null,
    bounced_at: null,
  })
  await enqueue(trx, {
    kind: SEND_JOB,
    payload: { outboxId: id },
    municipalityId: message.municipalityId,
    dedupeKey: `${SEND_JOB}:${id}`,
    maxAttempts: SEND_ATTEMPTS,
  })
  return { id, messageId }
}

/** Run `work` in the given transaction, or in a new one when given the database itself. */
export function inTransaction<T>(db: Executor, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Trx) : db.transaction().execute(work)
}

export interface BounceDetails {
  /** The DSN's `Status`, e.g. `5.1.1`. */
  status?: string
  /** The DSN's `Action`, e.g. `failed`. */
  action?: string
  diagnostic?: string
}

// The DSN status comes from someone else's server: only a well-formed code reaches the journal.
const statusNote = (status: string | undefined): string =>
  status && /^[245]\.\d{1,3}\.\d{1,3}$/.test(status) ? `, status ${status}` : ''

/** `<id@host>` whether or not the caller kept the angle brackets. */
export const bracketed = (messageId: string): string => `<${messageId.trim().replace(/^<|>$/g, '')}>`

/**
 * Mark a sent message as bounced (the inbound bounce handling calls this with the original Message-ID
 * found in a DSN), journaled as `mail.bounced`. A second bounce for the same message changes nothing.
 * Returns the row, or undefined when the Message-ID is not one of ours.
 * @example await markBounced(db, '<0b6c…@radhus.test>', { status: '5.1.1', action: 'failed' })
 */
export async function markBounced(
  db: Executor,
  messageId: string,
  details: BounceDetails,
): Promise<MailOutboxRow | undefined> {
  return inTransaction(db, async (trx) => {
    const row = await store.findOutboxByMessageId(trx, bracketed(messageId))
    if (!row) return undefined
    if (await store.setBounced(trx, row.id, nowIso(), JSON.stringify(details))) {
      await record(trx, {
        municipalityId: row.municipality_id,
        actor: SYSTEM,
        action: 'mail.bounced',
        subject: { type: row.subject_type, id: row.subject_id },
        summary: `E-mail bounced (${row.purpose})${statusNote(details.status)}, Message-ID ${row.message_id}`,
      })
    }
    return store.findOutbox(trx, row.id)
  })
}

export const findOutboxMessage = store.findOutbox
export const findOutboxMessageByMessageId = (db: Executor, messageId: string) =>
  store.findOutboxByMessageId(db, bracketed(messageId))
export const listOutbox = store.listOutbox

/**
 * What the outbox holds about a subject (e.g. an inquiry's receipt and answers), oldest first, for features
 * that thread their mail without reading the outbox's table.
 * @example await listSentAbout(db, municipalityId, { type: 'inquiry', id }, ['inquiry.receipt'])
 */
export const listSentAbout = store.listOutboxBySubject

/**
 * One of a municipality's outgoing messages by its Message-ID, with or without angle brackets and in any
 * case (relays may change it; ours are generated lower-case). Undefined when it is not one of ours.
 * @example (await findSentByMessageId(db, municipalityId, '<0B6C…@radhus.test>'))?.subject_id
 */
export function findSentByMessageId(
  db: Executor,
  municipalityId: string,
  messageId: string,
): Promise<MailOutboxRow | undefined> {
  const id = bracketed(messageId)
  return store.findOutboxByMessageIds(db, municipalityId, [...new Set([id, id.toLowerCase()])])
}
