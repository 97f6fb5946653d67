import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import type { Db } from '../../db/index.ts'
import type { MunicipalityRow } from '../../db/schema.ts'
import { findJob, type JobHandlers, listJobs, runDueJobs } from '../../jobs/service.ts'
import { findDocument, listEntries, SYSTEM } from '../../journal/service.ts'
import { createMunicipality } from '../../municipalities/service.ts'
import { forEachDialect } from '../../testing/db.ts'
import { AppError } from '../../web/errors.ts'
import * as captures from '../dev-capture/store.ts'
import { CAPTURED_RESPONSE, captureTransport, type MailTransport, smtpTransport } from '../transport.ts'
import { sendMailHandler } from './send.ts'
import {
  findOutboxMessage,
  markBounced,
  municipalitySender,
  type OutgoingMessage,
  queueMail,
  SEND_ATTEMPTS,
  SEND_JOB,
} from './service.ts'
import { startTestSmtpServer, type TestSmtpServer } from './testing.ts'

const CITIZEN = 'borger@example.dk'
const later = (hours: number) => new Date(Date.now() + hours * 3_600_000)

forEachDialect('mail outbox', (current) => {
  let db: Db
  let town: MunicipalityRow
  let smtp: TestSmtpServer
  let url: string
  const handlers = (transport: () => MailTransport = () => smtpTransport(url)): JobHandlers => ({
    [SEND_JOB]: sendMailHandler(transport),
  })

  const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    municipalityId: town.id,
    to: { address: CITIZEN, name: 'Åse Ørsted' },
    from: municipalitySender(town, 'radhus.test'),
    replyTo: { address: 'kontakt+h-2025-0042.3ac928c7@radhus.test' },
    subject: 'Svar på din henvendelse om æøå og äö [H-2025-0042]',
    text: 'Kære Åse,\n\nTak for din henvendelse. Svar følger.\n',
    regarding: { type: 'inquiry', id: 'inq-1' },
    purpose: 'inquiry.receipt',
    autoSubmitted: 'auto-replied',
    ...overrides,
  })

  const queue = (overrides: Partial<OutgoingMessage> = {}) =>
    db.transaction().execute((trx) => queueMail(trx, message(overrides)))

  const entries = async (action: string) =>
    (await listEntries(db, town.id, { subjectType: 'inquiry' }, { limit: 1000, offset: 0 })).rows.filter(
      (r) => r.action === action,
    )

  beforeAll(async () => {
    db = current().db
    town = await createMunicipality(db, SYSTEM, {
      slug: 'mail-kommune',
      name: 'Mail Kommune',
      country: 'DK',
      defaultLanguage: 'da',
      timeZone: 'Europe/Copenhagen',
    })
    smtp = await startTestSmtpServer()
    url = smtp.url
  })
  afterAll(() => smtp.stop())
  beforeEach(async () => {
    // Each test starts with an empty queue and mailbox, on a server that accepts.
    await runDueJobs(db, handlers(captureTransport), { now: later(1000) })
    smtp.received.length = 0
    smtp.accept()
    url = smtp.url
  })

  it('queues in the caller’s transaction: outbox row, journaled message, send job; nothing if it rolls back', async () => {
    const { id, messageId } = await queue()
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@radhus\.test>$/)
    const row = await findOutboxMessage(db, id)
    expect(row).toMatchObject({
      status: 'queued',
      message_id: messageId,
      purpose: 'inquiry.receipt',
      to_address: CITIZEN,
    })
    const [queued] = (await entries('mail.queued')).filter((e) => e.summary.includes(messageId))
    expect(queued?.summary).not.toContain(CITIZEN)
    const [hash] = JSON.parse(queued?.documents ?? '[]') as string[]
    expect(hash).toBe(row?.document_hash)
    const doc = await findDocument(db, town.id, hash as string)
    expect(doc?.media_type).toBe('message/rfc822')
    expect(Buffer.from(doc?.body ?? []).toString()).toContain(`Message-ID: ${messageId}`)
    expect((await listJobs(db, SEND_JOB)).some((j) => JSON.parse(j.payload).outboxId === id)).toBe(true)
    expect(smtp.received).toHaveLength(0)

    await expect(
      db.transaction().execute(async (trx) => {
        await queueMail(trx, message({ purpose: 'rolled.back' }))
        throw new Error('rollback')
      }),
    ).rejects.toThrow('rollback')
    expect((await entries('mail.queued')).some((e) => e.summary.includes('rolled.back'))).toBe(false)
  })

  it('refuses a recipient that is not one address, with a translated 400', async () => {
    const error = await queue({ to: { address: 'a@b.dk, c@d.dk' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ status: 400, code: 'mail.outbox.invalid_address' })
  })

  it('delivers over SMTP with its Message-ID, threading headers and UTF-8 subject intact, and journals it', async () => {
    const { id, messageId } = await queue({
      inReplyTo: '<citizen-1@example.dk>',
      references: ['<citizen-0@example.dk>', '<citizen-1@example.dk>'],
      attachments: [{ filename: 'Kvittering æøå.txt', contentType: 'text/plain', content: 'Bilag' }],
    })
    expect(await runDueJobs(db, handlers())).toBe(1)
    expect(smtp.received).toHaveLength(1)
    const [mail] = smtp.received
    expect(mail?.to).toEqual([CITIZEN])
    expect(mail?.from).toBe('mail-kommune@radhus.test')
    const parsed = await simpleParser(mail?.raw ?? Buffer.alloc(0))
    expect(parsed.messageId).toBe(messageId)
    expect(parsed.subject).toBe('Svar på din henvendelse om æøå og äö [H-2025-0042]')
    expect(parsed.inReplyTo).toBe('<citizen-1@example.dk>')
    expect(parsed.references).toEqual(['<citizen-0@example.dk>', '<citizen-1@example.dk>'])
    expect(parsed.from?.value[0]).toEqual({ address: 'mail-kommune@radhus.test', name: 'Mail Kommune' })
    expect(parsed.replyTo?.text).toBe('kontakt+h-2025-0042.3ac928c7@radhus.test')
    expect(parsed.text).toContain('Tak for din henvendelse')
    expect(parsed.attachments[0]?.filename).toBe('Kvittering æøå.txt')
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied')
    expect(parsed.headers.get('x-raadhus-loop')).toBe('radhus.test')
    const row = await findOutboxMessage(db, id)
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null })
    expect(row?.smtp_response).toMatch(/^250/)
    expect((await entries('mail.sent')).filter((e) => e.summary.includes(messageId))).toHaveLength(1)
  })

  it('sends a person’s answer without Auto-Submitted', async () => {
    await queue({ purpose: 'inquiry.answer', autoSubmitted: 'no' })
    await runDueJobs(db, handlers())
    const parsed = await simpleParser(smtp.received[0]?.raw ?? Buffer.alloc(0))
    expect(parsed.headers.has('auto-submitted')).toBe(false)
  })

  it('keeps the message queued with the error while the server answers 451, and delivers it once later', async () => {
    const { id, messageId } = await queue()
    smtp.refuse(451, 'Try again later')
    await runDueJobs(db, handlers())
    const waiting = await findOutboxMessage(db, id)
    expect(waiting).toMatchObject({ status: 'queued' })
    expect(waiting?.last_error).toContain('451')
    expect(smtp.received).toHaveLength(0)
    const [job] = (await listJobs(db, SEND_JOB)).filter((j) => JSON.parse(j.payload).outboxId === id)
    expect(job).toMatchObject({ status: 'queued', attempts: 1 })
    expect(await runDueJobs(db, handlers())).toBe(0) // backing off

    smtp.accept()
    await runDueJobs(db, handlers(), { now: later(2) })
    await runDueJobs(db, handlers(), { now: later(4) })
    expect(smtp.received).toHaveLength(1)
    expect((await simpleParser(smtp.received[0]?.raw ?? Buffer.alloc(0))).messageId).toBe(messageId)
    expect(await findOutboxMessage(db, id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null })
    expect(await findJob(db, job?.id ?? '')).toMatchObject({ status: 'done' })
  })

  it('keeps the message queued while the server is down, and delivers it once it is back', async () => {
    const { id } = await queue()
    const down = await startTestSmtpServer()
    await down.stop()
    url = down.url
    await runDueJobs(db, handlers())
    const waiting = await findOutboxMessage(db, id)
    expect(waiting?.status).toBe('queued')
    expect(waiting?.last_error).toMatch(/ECONNREFUSED|connect/i)

    url = smtp.url
    await runDueJobs(db, handlers(), { now: later(2) })
    expect(smtp.received).toHaveLength(1)
    expect(await findOutboxMessage(db, id)).toMatchObject({ status: 'sent' })
  })

  it('ends a permanently refused message as failed, journaled without the address, and does not retry', async () => {
    const { id, messageId } = await queue()
    smtp.refuse(550, 'Mailbox unavailable')
    await runDueJobs(db, handlers())
    const row = await findOutboxMessage(db, id)
    expect(row).toMatchObject({ status: 'failed', attempts: 1 })
    expect(row?.last_error).toContain('550')
    const failed = (await entries('mail.failed')).filter((e) => e.summary.includes(messageId))
    expect(failed).toHaveLength(1)
    expect(failed[0]?.summary).toContain('SMTP 550')
    expect(failed[0]?.summary).not.toContain(CITIZEN)
    smtp.accept()
    await runDueJobs(db, handlers(), { now: later(10) })
    expect(smtp.received).toHaveLength(0)
  })

  it('marks the message failed and journals it when the last attempt is spent', async () => {
    const { id, messageId } = await queue()
    smtp.refuse(421, 'Service not available')
    for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
      expect(await runDueJobs(db, handlers(), { now: later(attempt * 2) })).toBe(1)
      if (attempt < SEND_ATTEMPTS) expect((await findOutboxMessage(db, id))?.status).toBe('queued')
    }
    expect(await findOutboxMessage(db, id)).toMatchObject({ status: 'failed', attempts: SEND_ATTEMPTS })
    expect((await entries('mail.failed')).filter((e) => e.summary.includes(messageId))).toHaveLength(1)
    expect(smtp.received).toHaveLength(0)
  })

  it('sends once when the send job runs twice', async () => {
    const { id, messageId } = await queue()
    const send = sendMailHandler(() => smtpTransport(url))
    const [job] = (await listJobs(db, SEND_JOB)).filter((j) => JSON.parse(j.payload).outboxId === id)
    if (!job) throw new Error('no job')
    await send({ db, job, payload: { outboxId: id } })
    await send({ db, job, payload: { outboxId: id } })
    await runDueJobs(db, handlers())
    expect(smtp.received).toHaveLength(1)
    expect((await entries('mail.sent')).filter((e) => e.summary.includes(messageId))).toHaveLength(1)
  })

  it('after a crash mid-send, sends again with the same Message-ID over SMTP (the at-least-once window)', async () => {
    const { id, messageId } = await queue()
    await db.updateTable('mail_outbox').set({ status: 'sending' }).where('id', '=', id).execute()
    await runDueJobs(db, handlers())
    expect(smtp.received).toHaveLength(1)
    expect((await simpleParser(smtp.received[0]?.raw ?? Buffer.alloc(0))).messageId).toBe(messageId)
    expect(await findOutboxMessage(db, id)).toMatchObject({ status: 'sent', attempts: 1 })
  })

  it('after a crash mid-send, asks the capture and does not capture twice', async () => {
    const capture = captureTransport()
    const { id, messageId } = await queue()
    const row = await findOutboxMessage(db, id)
    const doc = await findDocument(db, town.id, row?.document_hash ?? '')
    // The earlier attempt got the message through, then the process died before marking it sent.
    await capture.deliver(db, {
      municipalityId: town.id,
      messageId,
      envelope: { from: 'mail-kommune@radhus.test', to: [CITIZEN] },
      raw: doc?.body ?? new Uint8Array(),
    })
    await db.updateTable('mail_outbox').set({ status: 'sending' }).where('id', '=', id).execute()
    let delivered = 0
    await runDueJobs(
      db,
      handlers(() => ({ ...capture, deliver: async () => ({ response: String(++delivered) }) })),
    )
    expect(delivered).toBe(0)
    expect(await findOutboxMessage(db, id)).toMatchObject({ status: 'sent', smtp_response: CAPTURED_RESPONSE })
    expect(await captures.findCaptureByMessageId(db, messageId)).toMatchObject({
      envelope_to: JSON.stringify([CITIZEN]),
    })
    expect((await entries('mail.sent')).filter((e) => e.summary.includes(messageId))).toHaveLength(1)
  })

  it('marks a bounced message once, journaled, and ignores Message-IDs that are not ours', async () => {
    const { id, messageId } = await queue()
    await runDueJobs(db, handlers())
    const bounced = await markBounced(db, messageId.slice(1, -1), { status: '5.1.1', action: 'failed' })
    expect(bounced).toMatchObject({ id, status: 'bounced' })
    expect(JSON.parse(bounced?.bounce_details ?? '{}')).toEqual({ status: '5.1.1', action: 'failed' })
    await markBounced(db, messageId, { status: '5.1.1' })
    const journaled = (await entries('mail.bounced')).filter((e) => e.summary.includes(messageId))
    expect(journaled).toHaveLength(1)
    expect(journaled[0]?.summary).toContain('status 5.1.1')
    expect(await markBounced(db, '<unknown@example.dk>', {})).toBeUndefined()
  })
})
