/**
 * The `mail.send` job: deliver one outbox message, exactly the bytes that were journaled.
 *
 * Each attempt first commits the row as 'sending', then talks to the server with no transaction open,
 * then commits the outcome ('sent' with the server's response and a `mail.sent` entry; or the error, back
 * to 'queued' for the job's back-off; or 'failed' with a `mail.failed` entry when the server refuses for
 * good or the last attempt is spent). A row already sent, failed or bounced is never sent again.
 *
 * The window that remains (at least once): if the process dies after the server accepted the message and
 * before 'sent' commits, the next attempt finds the row still 'sending' and cannot know the outcome, because
 * SMTP offers no way to ask. It asks the transport (the development capture can tell) and otherwise sends
 * again, with the same Message-ID, so the recipient's mail program and our own inbound handling can
 * recognise the copy. Losing a citizen's answer would be worse than a recognisable duplicate.
 */
import type { Executor } from '../../db/index.ts'
import { nowIso } from '../../db/index.ts'
import type { MailOutboxRow } from '../../db/schema.ts'
import type { JobContext } from '../../jobs/service.ts'
import { findDocument, record, SYSTEM } from '../../journal/service.ts'
import { isPermanentFailure, type MailTransport } from '../transport.ts'
import { inTransaction } from './service.ts'
import * as store from './store.ts'

export interface SendPayload {
  outboxId: string
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 2000)

/** The row, now 'sending', and whether an earlier attempt was cut off mid-send; undefined when done already. */
async function beginAttempt(
  db: Executor,
  id: string,
): Promise<{ row: MailOutboxRow; interrupted: boolean } | undefined> {
  return inTransaction(db, async (trx) => {
    const before = await store.findOutbox(trx, id)
    if (!before) return undefined
    const row = await store.claimForSending(trx, id, nowIso())
    return row ? { row, interrupted: before.status === 'sending' } : undefined
  })
}

async function markSent(db: Executor, row: MailOutboxRow, response: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    if (!(await store.setSent(trx, row.id, nowIso(), response))) return
    await record(trx, {
      municipalityId: row.municipality_id,
      actor: SYSTEM,
      action: 'mail.sent',
      subject: { type: row.subject_type, id: row.subject_id },
      summary: `E-mail sent (${row.purpose}), Message-ID ${row.message_id}`,
    })
  })
}

/** Record a failed attempt; when `final`, the row ends 'failed' and staff see a `mail.failed` entry. */
async function markAttemptFailed(db: Executor, row: MailOutboxRow, error: unknown, final: boolean): Promise<void> {
  await inTransaction(db, async (trx) => {
    const status = final ? 'failed' : 'queued'
    if (!(await store.setAttemptFailed(trx, row.id, status, nowIso(), errorText(error)))) return
    if (!final) return
    const code = (error as { responseCode?: unknown } | null)?.responseCode
    await record(trx, {
      municipalityId: row.municipality_id,
      actor: SYSTEM,
      action: 'mail.failed',
      subject: { type: row.subject_type, id: row.subject_id },
      // The error text may name the recipient; it stays on the outbox row, out of the public record.
      summary: `E-mail could not be delivered (${row.purpose}) after ${row.attempts} attempt(s)${
        typeof code === 'number' ? `, SMTP ${code}` : ''
      }, Message-ID ${row.message_id}`,
    })
  })
}

class MessageBodyGone extends Error {
  readonly responseCode = 554
}

async function loadMessage(db: Executor, row: MailOutboxRow): Promise<Uint8Array> {
  const doc = await findDocument(db, row.municipality_id, row.document_hash)
  if (!doc?.body) throw new MessageBodyGone('the composed message is no longer stored (purged)')
  return doc.body
}

/**
 * The job handler for a transport; the registry gives it the configured one, tests their own.
 * @example const handlers = { 'mail.send': sendMailHandler(() => smtpTransport('smtp://127.0.0.1:2525')) }
 */
export function sendMailHandler(transport: () => MailTransport) {
  return async ({ db, job, payload }: JobContext<SendPayload>): Promise<void> => {
    const begun = await beginAttempt(db, payload.outboxId)
    if (!begun) return
    const { row, interrupted } = begun
    const via = transport()
    const earlier = interrupted ? await via.deliveredBefore(db, row.message_id) : undefined
    if (earlier !== undefined) return markSent(db, row, earlier)
    let response: string
    try {
      const raw = await loadMessage(db, row)
      response = (
        await via.deliver(db, {
          municipalityId: row.municipality_id,
          messageId: row.message_id,
          envelope: { from: row.from_address, to: [row.to_address] },
          raw,
        })
      ).response
    } catch (error) {
      // A 5xx answer will not change on a retry: fail now, and let the job end.
      const permanent = isPermanentFailure(error)
      await markAttemptFailed(db, row, error, permanent || job.attempts >= job.max_attempts)
      if (permanent) return
      throw error
    }
    await markSent(db, row, response)
  }
}
