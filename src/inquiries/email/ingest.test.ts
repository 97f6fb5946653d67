/**
 * E-mail into the inbox over a real SMTP exchange: nodemailer sends the contract fixtures, byte-exact,
 * to the built-in listener on 127.0.0.1, and the inquiries, notes, outbox and journal show the result.
 */
import type { FastifyInstance } from 'fastify'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../../config.ts'
import type { Db } from '../../db/index.ts'
import type { MunicipalityRow } from '../../db/schema.ts'
import { journalActions } from '../../identity/testing.ts'
import { findDocument } from '../../journal/service.ts'
import { fixture } from '../../mail/inbound/fixture-world.ts'
import { eml } from '../../mail/inbound/test-mail.ts'
import { DK } from '../../testing/app.ts'
import { forEachDialect } from '../../testing/db.ts'
import { replyAddress } from '../receipt-mail.ts'
import { receiveInquiry } from '../service.ts'
import { runJobs, seededWorld } from '../testing.ts'
import { ingestRawMail } from './ingest.ts'
import { type SmtpListener, startSmtpListener } from './smtp.ts'
import { closeInquiry, inquiryWithSentMessage, sendRaw, useFixtureAddress } from './testing.ts'

const FIXTURE_ADDRESS = 'kontakt@raadhus.example'

forEachDialect('e-mail into the inbox', (current) => {
  let app: FastifyInstance
  let db: Db
  let config: Config
  let dk: MunicipalityRow
  let smtp: SmtpListener

  beforeAll(async () => {
    db = current().db
    ;({ app, dk } = await seededWorld(db, { RATE_LIMITS: 'off' }))
    config = app.config
    await useFixtureAddress(db, config, dk)
    smtp = await startSmtpListener(db, config, { port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await smtp.close()
    await app.close()
  })

  const inboundOf = (dedupeKey: string) =>
    db.selectFrom('inbound_mails').selectAll().where('dedupe_key', '=', dedupeKey).execute()
  const messagesOf = (inquiryId: string) =>
    db.selectFrom('inquiry_messages').selectAll().where('inquiry_id', '=', inquiryId).orderBy('created_at').execute()
  const outboxOf = (inquiryId: string) =>
    db.selectFrom('mail_outbox').selectAll().where('subject_id', '=', inquiryId).execute()
  const inquiryOf = (id: string) =>
    db.selectFrom('inquiries').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  describe('a new message', () => {
    it('opens an e-mail inquiry with a receipt, and keeps the raw message as a journal document', async () => {
      const raw = fixture('01-plain-utf8.eml')
      const sent = await sendRaw(smtp.port, raw, [FIXTURE_ADDRESS])
      expect(sent.accepted).toEqual([FIXTURE_ADDRESS])
      const [row] = await inboundOf('<20250203081402.1001@mail.example.com>')
      expect(row).toMatchObject({ outcome: 'created', class: 'human', thread_by: 'new', source: 'smtp' })
      const inquiry = await inquiryOf(row?.inquiry_id as string)
      expect(inquiry).toMatchObject({ channel: 'email', citizen_email: 'soren.jorgensen@example.com', status: 'new' })
      expect(inquiry.citizen_name).toBe('Søren Jørgensen')
      const [message] = await messagesOf(inquiry.id)
      expect(message?.body).toContain('Spørgsmål om storskrald på Nørrebro')
      expect(message?.email_message_id).toBe('<20250203081402.1001@mail.example.com>')
      await runJobs(db)
      const receipts = await outboxOf(inquiry.id)
      expect(receipts.map((r) => r.purpose)).toEqual(['inquiry.receipt'])
      const evidence = await db
        .selectFrom('documents')
        .selectAll()
        .where('hash', '=', row?.raw_hash as string)
        .executeTakeFirstOrThrow()
      expect(evidence.media_type).toBe('message/rfc822')
      expect(Buffer.from(evidence.body as Uint8Array).equals(raw)).toBe(true)
      const entry = await db
        .selectFrom('journal')
        .select('documents')
        .where('subject_id', '=', inquiry.id)
        .where('action', '=', 'inquiry.received')
        .executeTakeFirstOrThrow()
      expect(JSON.parse(entry.documents)).toContain(row?.raw_hash)
    })

    it('makes one entry of the same message delivered twice', async () => {
      const raw = fixture('06-attachment-pdf.eml')
      await sendRaw(smtp.port, raw, [FIXTURE_ADDRESS])
      await sendRaw(smtp.port, raw, [FIXTURE_ADDRESS])
      const rows = await inboundOf('<pdf-0006@example.com>')
      expect(rows).toHaveLength(1)
      const inquiries = await db
        .selectFrom('inquiries')
        .select('id')
        .where('citizen_email', '=', 'lars.nielsen@example.com')
        .execute()
      expect(inquiries).toHaveLength(1)
      const attachments = await db
        .selectFrom('inquiry_attachments')
        .selectAll()
        .where('inquiry_id', '=', inquiries[0]?.id as string)
        .execute()
      expect(attachments.map((a) => [a.file_name, a.content_type, a.size])).toEqual([
        ['Ansøgning.pdf', 'application/pdf', 136],
      ])
      const again = await ingestRawMail(db, config, raw, { source: 'api', municipalityId: dk.id })
      expect(again).toMatchObject({ outcome: 'duplicate', inboundId: rows[0]?.id })
    })

    it('keeps bulk mail without an inquiry or a receipt, and drops our own mail come back', async () => {
      await sendRaw(smtp.port, fixture('11-bulk-newsletter.eml'), [FIXTURE_ADDRESS])
      const [bulk] = await inboundOf('<bulk-0011@news.example.org>')
      expect(bulk).toMatchObject({ class: 'bulk', outcome: 'kept', inquiry_id: null })
      expect(await journalActions(db, dk.id, bulk?.id as string)).toEqual(['email.inbound.kept'])
      const loop = eml([
        `From: ${DK.slug}@${config.mailDomain}`,
        `To: ${FIXTURE_ADDRESS}`,
        'Subject: Kvittering',
        'Message-ID: <loop-1@radhus.test>',
      ])
      await sendRaw(smtp.port, loop, [FIXTURE_ADDRESS])
      const [dropped] = await inboundOf('<loop-1@radhus.test>')
      expect(dropped).toMatchObject({ class: 'loop', outcome: 'dropped', inquiry_id: null })
      expect(await journalActions(db, dk.id, dropped?.id as string)).toEqual(['email.inbound.dropped'])
    })
  })

  describe('a reply', () => {
    it('threads the fixture reply by In-Reply-To, reopens the closed inquiry, and sends no new receipt', async () => {
      const inquiry = await inquiryWithSentMessage(
        db,
        config,
        dk,
        'soren.jorgensen@example.com',
        '<h-2025-0042.r1@raadhus.example>',
      )
      await closeInquiry(db, inquiry.id)
      await sendRaw(smtp.port, fixture('08-reply-threaded.eml'), [FIXTURE_ADDRESS])
      const [row] = await inboundOf('<20250203153012.2002@mail.example.com>')
      expect(row).toMatchObject({ outcome: 'appended', thread_by: 'in-reply-to', inquiry_id: inquiry.id })
      const messages = await messagesOf(inquiry.id)
      expect(messages.map((m) => m.direction)).toEqual(['in', 'in'])
      expect(messages[1]?.body).toMatch(/^Tak for svaret/)
      expect(await inquiryOf(inquiry.id)).toMatchObject({ status: 'open', closed_at: null })
      expect(await journalActions(db, dk.id, inquiry.id)).toEqual(
        expect.arrayContaining(['inquiry.message.received', 'inquiry.reopened']),
      )
      await runJobs(db)
      expect(await outboxOf(inquiry.id)).toHaveLength(1)
    })

    it("puts the receipt's Reply-To on the configured inbound address, plus the inquiry's token", async () => {
      const { inquiry } = await receiveInquiry(
        db,
        { municipality: dk, actor: { type: 'citizen' }, baseUrl: config.baseUrl, mailDomain: config.mailDomain },
        {
          topic: 'roads',
          message: 'Hul i vejen',
          name: 'Anna',
          email: 'anna@example.se',
          language: 'da',
          channel: 'web',
        },
      )
      await runJobs(db)
      const [receipt] = await outboxOf(inquiry.id)
      const raw = await findDocument(db, dk.id, receipt?.document_hash as string)
      const parsed = await simpleParser(Buffer.from(raw?.body as Uint8Array))
      expect(parsed.replyTo?.value[0]?.address).toBe(`kontakt+${inquiry.reply_token}@raadhus.example`)
    })

    it("threads a fresh reply to the inquiry's plus address from its receipt", async () => {
      const inquiry = await inquiryWithSentMessage(db, config, dk, 'anna@example.se', '<receipt-2@radhus.test>')
      const to = await replyAddress(db, dk, inquiry.reply_token, config.mailDomain)
      expect(to).toBe(`kontakt+${inquiry.reply_token}@raadhus.example`)
      const reply = eml(
        ['From: Anna <anna@example.se>', `To: ${to}`, 'Subject: Re: Kvittering', 'Message-ID: <fresh-1@example.se>'],
        'Her er det billede, I bad om.\r\n',
      )
      await sendRaw(smtp.port, reply, [to])
      const [row] = await inboundOf('<fresh-1@example.se>')
      expect(row).toMatchObject({ outcome: 'appended', thread_by: 'token', inquiry_id: inquiry.id })
      expect((await messagesOf(inquiry.id)).at(-1)?.body).toBe('Her er det billede, I bad om.')
    })

    it('puts an answered inquiry back to open when the citizen replies, journaled; a new one stays new', async () => {
      const answered = await inquiryWithSentMessage(db, config, dk, 'bo@example.dk', '<receipt-3@radhus.test>')
      await db.updateTable('inquiries').set({ status: 'answered' }).where('id', '=', answered.id).execute()
      const fresh = await inquiryWithSentMessage(db, config, dk, 'bo@example.dk', '<receipt-4@radhus.test>')
      for (const [inquiry, id] of [
        [answered, 'again-1'],
        [fresh, 'again-2'],
      ] as const) {
        const to = await replyAddress(db, dk, inquiry.reply_token, config.mailDomain)
        const reply = eml(
          ['From: Bo <bo@example.dk>', `To: ${to}`, 'Subject: Re: Svar', `Message-ID: <${id}@example.dk>`],
          'Tak, men hvad med min anden sofa?\r\n',
        )
        await sendRaw(smtp.port, reply, [to])
      }
      expect((await inquiryOf(answered.id)).status).toBe('open')
      expect(await journalActions(db, dk.id, answered.id)).toEqual(
        expect.arrayContaining(['inquiry.message.received', 'inquiry.reopened']),
      )
      expect((await inquiryOf(fresh.id)).status).toBe('new')
      expect(await journalActions(db, dk.id, fresh.id)).not.toContain('inquiry.reopened')
    })

    it("threads a reply by In-Reply-To to our receipt's Message-ID, even when a relay changed its case", async () => {
      const inquiry = await inquiryWithSentMessage(db, config, dk, 'eva@example.dk', '<receipt-5@radhus.test>')
      const reply = eml(
        [
          'From: Eva <eva@example.dk>',
          `To: ${FIXTURE_ADDRESS}`,
          'Subject: Et andet emne',
          'Message-ID: <case-1@example.dk>',
          'In-Reply-To: <RECEIPT-5@RADHUS.TEST>',
        ],
        'Svar på jeres kvittering.\r\n',
      )
      await sendRaw(smtp.port, reply, [FIXTURE_ADDRESS])
      const [row] = await inboundOf('<case-1@example.dk>')
      expect(row).toMatchObject({ outcome: 'appended', thread_by: 'in-reply-to', inquiry_id: inquiry.id })
    })

    it('threads the fixture token reply when the inquiry carries that token', async () => {
      const inquiry = await inquiryWithSentMessage(db, config, dk, 'anna.svensson@example.se', '<r-107@radhus.test>')
      await db
        .updateTable('inquiries')
        .set({ reply_token: 'h-2025-0107.fc1cea3a' })
        .where('id', '=', inquiry.id)
        .execute()
      await sendRaw(smtp.port, fixture('09-plus-address-token.eml'), [FIXTURE_ADDRESS])
      const [row] = await inboundOf('<plus-0009@example.se>')
      expect(row).toMatchObject({ outcome: 'appended', thread_by: 'token', inquiry_id: inquiry.id })
    })
  })

  describe('robots', () => {
    it('notes an out-of-office reply on its inquiry without reopening or answering it', async () => {
      const inquiry = await inquiryWithSentMessage(
        db,
        config,
        dk,
        'peter.madsen@example.dk',
        '<h-2025-0050.r1@raadhus.example>',
      )
      await closeInquiry(db, inquiry.id)
      await sendRaw(smtp.port, fixture('10-auto-reply-ooo.eml'), [FIXTURE_ADDRESS])
      const [row] = await inboundOf('<ooo-0010@example.dk>')
      expect(row).toMatchObject({ class: 'auto_reply', outcome: 'noted', inquiry_id: inquiry.id })
      const messages = await messagesOf(inquiry.id)
      expect(messages.at(-1)).toMatchObject({ direction: 'note', author_id: null })
      expect(messages.at(-1)?.body).toContain('Automatisk svar modtaget')
      expect((await inquiryOf(inquiry.id)).status).toBe('closed')
      await runJobs(db)
      expect(await outboxOf(inquiry.id)).toHaveLength(1)
      expect(await journalActions(db, dk.id, inquiry.id)).toContain('inquiry.auto_reply.received')
    })

    it('marks the bounced message undelivered in the outbox and on the inquiry, with a note for staff', async () => {
      const original = '<h-2025-0061.r1@raadhus.example>'
      const inquiry = await inquiryWithSentMessage(db, config, dk, 'ukendt.borger@example.net', original)
      await db
        .insertInto('inquiry_messages')
        .values({
          id: crypto.randomUUID(),
          inquiry_id: inquiry.id,
          municipality_id: dk.id,
          direction: 'out',
          channel: 'email',
          body: 'Svar',
          author_id: null,
          created_at: new Date().toISOString(),
          document_hash: 'x',
          email_message_id: original,
          delivery: null,
        })
        .execute()
      await sendRaw(smtp.port, fixture('12-bounce-dsn.eml'), [FIXTURE_ADDRESS], '')
      const [row] = await inboundOf('<dsn-0012@mx.example.net>')
      expect(row).toMatchObject({ class: 'bounce', outcome: 'bounce', inquiry_id: inquiry.id })
      const [outbox] = await outboxOf(inquiry.id)
      expect(outbox?.status).toBe('bounced')
      const messages = await messagesOf(inquiry.id)
      expect(messages.find((m) => m.direction === 'out')?.delivery).toBe('bounced')
      expect(messages.at(-1)?.body).toContain('ukendt.borger@example.net')
      expect(await journalActions(db, dk.id, inquiry.id)).toEqual(
        expect.arrayContaining(['mail.bounced', 'inquiry.delivery.failed']),
      )
    })
  })

  describe('the listener', () => {
    it('refuses a recipient that is no municipality of ours with 550', async () => {
      await expect(
        sendRaw(smtp.port, fixture('01-plain-utf8.eml'), ['someone@elsewhere.example']),
      ).rejects.toMatchObject({
        responseCode: 550,
      })
    })

    it('refuses a message over the size limit with 552 and stores nothing', async () => {
      const small = await startSmtpListener(
        db,
        { ...config, smtpInboundMaxBytes: 4096 },
        { port: 0, host: '127.0.0.1' },
      )
      try {
        const big = eml(
          ['From: a@example.dk', `To: ${FIXTURE_ADDRESS}`, 'Subject: Stor', 'Message-ID: <big-1@example.dk>'],
          `${'x'.repeat(70)}\r\n`.repeat(200),
        )
        await expect(sendRaw(small.port, big, [FIXTURE_ADDRESS])).rejects.toMatchObject({ responseCode: 552 })
        expect(await inboundOf('<big-1@example.dk>')).toEqual([])
      } finally {
        await small.close()
      }
    })
  })

  it('keeps an unreadable message raw, as an inquiry flagged for staff', async () => {
    const junk = Buffer.concat([Buffer.from('\u0000\u0001binary'), Buffer.alloc(64, 0xff)])
    const result = await ingestRawMail(db, config, junk, { source: 'api', municipalityId: dk.id })
    expect(result).toMatchObject({ outcome: 'created', parseError: 'binary', class: null })
    const inquiryId = (result as { inquiryId: string }).inquiryId
    const messages = await messagesOf(inquiryId)
    expect(messages.map((m) => m.direction)).toEqual(['in', 'note'])
    expect(messages[1]?.body).toContain('binary')
    expect(await journalActions(db, dk.id, inquiryId)).toEqual(['inquiry.received', 'inquiry.flagged'])
    expect(await outboxOf(inquiryId)).toEqual([])
  })
})
