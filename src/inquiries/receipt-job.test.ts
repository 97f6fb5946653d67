import type { FastifyInstance } from 'fastify'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Db } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { journalActions } from '../identity/testing.ts'
import { enqueue, listJobs } from '../jobs/service.ts'
import { findDocument } from '../journal/service.ts'
import { forEachDialect } from '../testing/db.ts'
import { receiptJob } from './receipt-job.ts'
import { composeReceipt, RECEIPT_JOB, type ReceiptJobPayload } from './receipt-mail.ts'
import { findTopicById, receiveInquiry, statusPath } from './service.ts'
import { citizenIntake, PNG, runJobs, seededWorld } from './testing.ts'

const CPR = '070761-4285'

forEachDialect('the receipt as a job', (current) => {
  let app: FastifyInstance
  let db: Db
  let dk: MunicipalityRow

  beforeAll(async () => {
    db = current().db
    ;({ app, dk } = await seededWorld(db, { RATE_LIMITS: 'off' }))
  })
  afterAll(() => app.close())

  const context = () => citizenIntake(dk)
  const receiptsOf = (inquiryId: string) =>
    db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('subject_type', '=', 'inquiry')
      .where('subject_id', '=', inquiryId)
      .where('purpose', '=', 'inquiry.receipt')
      .execute()
  const receiptJobsOf = async (inquiryId: string) =>
    (await listJobs(db, RECEIPT_JOB)).filter(
      (j) => (JSON.parse(j.payload) as ReceiptJobPayload).inquiryId === inquiryId,
    )
  const receive = (email: string, message = 'Hul i vejen ved skolen') =>
    receiveInquiry(db, context(), { topic: 'roads', message, name: 'Ida', email, language: 'da', channel: 'web' })

  it('the intake writes no outbox row, only one receipt job carrying the status link', async () => {
    const { inquiry, statusToken } = await receive('ida@example.dk')
    expect(await receiptsOf(inquiry.id)).toEqual([])
    expect(await journalActions(db, dk.id, inquiry.id)).not.toContain('mail.queued')
    const jobs = await receiptJobsOf(inquiry.id)
    expect(jobs).toHaveLength(1)
    expect(jobs[0]).toMatchObject({ status: 'queued', municipality_id: dk.id })
    expect(JSON.parse(jobs[0]?.payload as string)).toEqual({
      inquiryId: inquiry.id,
      statusUrl: `http://localhost:3000${statusPath(dk.slug, statusToken)}`,
      mailDomain: 'radhus.test',
    })
  })

  it('queues no receipt job without an e-mail address, nor when the channel asks for none', async () => {
    const byPhone = await receiveInquiry(db, context(), {
      topic: 'roads',
      message: 'Ring mig op',
      name: 'Bo',
      phone: '+45 70 10 20 30',
      language: 'da',
      channel: 'phone',
    })
    const board = await receiveInquiry(
      db,
      { ...context(), sendReceipt: false },
      { topic: 'roads', message: 'Et spørgsmål', name: 'Bo', email: 'bo@example.dk', language: 'da', channel: 'board' },
    )
    expect(await receiptJobsOf(byPhone.inquiry.id)).toEqual([])
    expect(await receiptJobsOf(board.inquiry.id)).toEqual([])
  })

  it('running the jobs queues the same receipt the intake used to: facts, masked quote, files, link, language', async () => {
    const message = `Where is my sofa?\nMy CPR number is ${CPR}.`
    const { inquiry, statusToken } = await receiveInquiry(
      db,
      context(),
      { topic: 'bulky-waste', message, name: 'Jens Hansen', email: 'jens@example.dk', language: 'en', channel: 'web' },
      { accepted: [{ fileName: 'photo.png', contentType: 'image/png', bytes: PNG }] },
    )
    await runJobs(db)
    const [receipt, ...more] = await receiptsOf(inquiry.id)
    expect(more).toEqual([])
    expect(receipt).toMatchObject({
      to_address: 'jens@example.dk',
      from_address: 'demo-kommune@radhus.test',
      auto_submitted: 'auto-replied',
    })
    expect(await journalActions(db, dk.id, inquiry.id)).toContain('mail.queued')

    const statusUrl = `http://localhost:3000${statusPath(dk.slug, statusToken)}`
    const topic = await findTopicById(db, inquiry.topic_id as string)
    // What the intake composed in its own transaction, from the facts it had in hand.
    const expected = composeReceipt({
      municipality: dk,
      inquiry,
      topic: topic as NonNullable<typeof topic>,
      message,
      attachments: [
        {
          id: 'x',
          inquiry_id: inquiry.id,
          message_id: 'x',
          municipality_id: dk.id,
          file_name: 'photo.png',
          content_type: 'image/png',
          size: PNG.byteLength,
          sha256: 'x',
          position: 0,
          created_at: inquiry.received_at,
        },
      ],
      statusUrl,
      mailDomain: 'radhus.test',
    })
    expect(receipt?.subject_line).toBe(expected.subject)
    const raw = await findDocument(db, dk.id, receipt?.document_hash as string)
    const parsed = await simpleParser(Buffer.from(raw?.body as Uint8Array))
    expect(parsed.subject).toBe(expected.subject)
    expect(parsed.text?.trim()).toBe(expected.text.trim())
    expect(parsed.text).toContain(inquiry.reference)
    expect(parsed.text).toContain('photo.png')
    expect(parsed.text).toContain(statusUrl)
    expect(parsed.text).not.toContain(CPR)
    expect(parsed.replyTo?.value[0]?.address).toBe(`demo-kommune+${inquiry.reply_token}@radhus.test`)
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied')
  })

  it('queues one receipt when its job runs twice (delivery is at least once)', async () => {
    const { inquiry } = await receive('twice@example.dk')
    const [job] = await receiptJobsOf(inquiry.id)
    if (!job) throw new Error('no receipt job')
    const payload = JSON.parse(job.payload) as ReceiptJobPayload
    await receiptJob({ db, job, payload })
    await receiptJob({ db, job, payload })
    await runJobs(db)
    expect(await receiptsOf(inquiry.id)).toHaveLength(1)
    expect((await journalActions(db, dk.id, inquiry.id)).filter((a) => a === 'mail.queued')).toHaveLength(1)
  })

  it('finishes without error when the inquiry is gone', async () => {
    const id = await enqueue(db, {
      kind: RECEIPT_JOB,
      municipalityId: dk.id,
      payload: { inquiryId: crypto.randomUUID(), statusUrl: 'http://localhost:3000/x', mailDomain: 'radhus.test' },
    })
    await runJobs(db)
    expect((await listJobs(db, RECEIPT_JOB)).find((j) => j.id === id)).toMatchObject({ status: 'done' })
  })
})
