/**
 * The `inquiries.receipt` job: composes an inquiry's receipt e-mail after the intake has committed and
 * queues it through the outbox, exactly as the intake once did in its own transaction. The facts are read
 * back from what the intake stored (the inquiry, its topic, the citizen's first message and its
 * attachments), so the receipt says the same. Delivery is at least once: a receipt already in the outbox
 * is not queued again, and an inquiry purged before the job ran has nothing to receive.
 */
import type { JobHandler } from '../jobs/service.ts'
import { inTransaction, listSentAbout } from '../mail/outbox/service.ts'
import { findMunicipalityById } from '../municipalities/service.ts'
import { lockInquiry } from './case/store.ts'
import { queueReceiptMail, RECEIPT_PURPOSE, type ReceiptJobPayload } from './receipt-mail.ts'
import * as store from './store.ts'

export const receiptJob: JobHandler<ReceiptJobPayload> = async ({ db, job, payload }) => {
  const municipalityId = job.municipality_id
  if (!municipalityId) return
  await inTransaction(db, async (trx) => {
    // Lock the inquiry: on PostgreSQL two runs of this job (a lease ran out) queue here, and the second
    // then sees the first's receipt in the outbox. SQLite's transactions already hold the write lock.
    const inquiry = await lockInquiry(trx, municipalityId, payload.inquiryId)
    if (!inquiry?.citizen_email || !inquiry.topic_id) return
    const subject = { type: 'inquiry', id: inquiry.id }
    if ((await listSentAbout(trx, municipalityId, subject, [RECEIPT_PURPOSE])).length) return
    const [municipality, topic, messages, attachments] = await Promise.all([
      findMunicipalityById(trx, municipalityId),
      store.findTopicById(trx, inquiry.topic_id),
      store.listMessages(trx, inquiry.id, ['in']),
      store.listAttachments(trx, inquiry.id),
    ])
    // The intake's message is the citizen's first; files sent later with a reply are not part of the receipt.
    const first = messages[0]
    if (!municipality || !topic || !first) return
    await queueReceiptMail(trx, {
      municipality,
      inquiry,
      topic,
      message: first.body,
      attachments: attachments.filter((a) => a.message_id === first.id),
      statusUrl: payload.statusUrl,
      mailDomain: payload.mailDomain,
    })
  })
}
