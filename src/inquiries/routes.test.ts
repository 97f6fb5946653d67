import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dueAt } from '../calendar/business-days.ts'
import type { Db } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { newSecret, secretHash } from '../identity/tokens.ts'
import { listEntries } from '../journal/service.ts'
import { DK, SE, signedInAs, TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { MAX_FILE_BYTES } from './attachments.ts'
import * as service from './service.ts'
import { citizenIntake, EXE, freshAddress, PDF, PNG, postMultipart, runJobs, seededWorld, TEXT } from './testing.ts'

const CPR = '070761-4285'

forEachDialect('inquiry intake', (current) => {
  let app: FastifyInstance
  let db: Db
  let dk: MunicipalityRow
  let se: MunicipalityRow
  beforeAll(async () => {
    db = current().db
    ;({ app, dk, se } = await seededWorld(db))
  })
  afterAll(() => app.close())

  const topicId = async (municipality: MunicipalityRow, slug: string) =>
    (await service.listTopics(db, municipality.id)).find((t) => t.slug === slug)?.id as string
  const countInquiries = async () =>
    Number(
      (
        await db
          .selectFrom('inquiries')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  describe('the web contact form', () => {
    it('shows the municipality’s topics in each language and is linked from the home page', async () => {
      expect((await app.inject('/demo-kommune')).body).toContain('href="/demo-kommune/contact"')
      const da = await app.inject('/demo-kommune/contact')
      expect(da.statusCode).toBe(200)
      expect(da.body).toContain('Storskrald')
      expect(da.body).toContain('enctype="multipart/form-data"')
      const sv = await app.inject('/demo-kommun/contact')
      expect(sv.body).toContain('Grovavfall')
      expect(sv.body).toContain('Skriv till kommunen')
      const en = await app.inject('/demo-kommun/contact?lang=en')
      expect(en.body).toContain('Bulky waste')
      expect(en.body).toContain('Write to the municipality')
    })

    it('receives an inquiry with an attachment: reference, receipt page, status link, journal and receipt e-mail', async () => {
      const browser = new TestBrowser(app)
      await browser.get('/demo-kommune/contact')
      const topic = await topicId(dk, 'bulky-waste')
      const res = await postMultipart(
        app,
        browser,
        '/demo-kommune/contact',
        {
          topic,
          message: `Hvornår henter I min sofa?\n\nMit CPR-nummer er ${CPR}.`,
          name: 'Jens Hansen',
          email: 'jens@example.dk',
          language: 'da',
        },
        [{ name: 'foto.png', content: PNG, type: 'image/png' }],
      )
      expect(res.statusCode).toBe(303)
      const receiptPath = res.headers.location as string
      expect(receiptPath).toMatch(/^\/demo-kommune\/inquiries\/s\/[A-Za-z0-9_-]{40,}\/receipt$/)

      const receipt = await browser.get(receiptPath)
      expect(receipt.statusCode).toBe(200)
      expect(receipt.headers['cache-control']).toBe('no-store')
      const reference = receipt.body.match(/DEMO-\d{4}-\d{6}/)?.[0] as string
      expect(reference).toMatch(new RegExp(`^DEMO-${new Date().getUTCFullYear()}-0000\\d\\d$`))
      expect(receipt.body).toContain('Vi har modtaget din henvendelse')
      expect(receipt.body).toContain('foto.png')
      expect(receipt.body).toContain('Hvornår henter I min sofa?')
      expect(receipt.body).not.toContain(CPR)
      expect(receipt.body).toContain('••••••-••••')
      expect(receipt.body).toContain('Du kan forvente svar senest')
      const statusUrl = `http://localhost:3000${receiptPath.replace(/\/receipt$/, '')}`
      expect(receipt.body).toContain(statusUrl)

      const inquiry = await db
        .selectFrom('inquiries')
        .selectAll()
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow()
      expect(inquiry).toMatchObject({ channel: 'web', status: 'new', citizen_email: 'jens@example.dk', language: 'da' })
      // Bulky waste is answered within 5 business days, in the municipality's calendar.
      const expected = dueAt(new Date(inquiry.received_at), 5, 'DK', 'Europe/Copenhagen').toISOString()
      expect(inquiry.due_at).toBe(expected)
      expect(inquiry.status_token_hash).not.toContain(receiptPath.split('/')[4])

      // The receipt e-mail is composed by a job after the intake commits.
      await runJobs(db)
      const { rows } = await listEntries(
        db,
        dk.id,
        { subjectType: 'inquiry', subjectId: inquiry.id },
        { limit: 10, offset: 0 },
      )
      const received = rows.find((r) => r.action === 'inquiry.received')
      expect(received?.summary).toContain(reference)
      expect(received?.summary).not.toContain('4285')
      expect(JSON.parse(received?.documents ?? '[]')).toHaveLength(2)
      expect(rows.map((r) => r.action)).toContain('mail.queued')
      const attachments = await db
        .selectFrom('inquiry_attachments')
        .selectAll()
        .where('inquiry_id', '=', inquiry.id)
        .execute()
      expect(attachments).toMatchObject([{ file_name: 'foto.png', content_type: 'image/png', size: PNG.byteLength }])
      expect(JSON.parse(received?.documents ?? '[]')).toContain(attachments[0]?.sha256)

      const mail = await db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('subject_id', '=', inquiry.id)
        .executeTakeFirstOrThrow()
      expect(mail).toMatchObject({ purpose: 'inquiry.receipt', to_address: 'jens@example.dk' })
      expect(mail.subject_line).toContain(reference)
      const raw = Buffer.from(
        (
          await db
            .selectFrom('documents')
            .select('body')
            .where('hash', '=', mail.document_hash)
            .executeTakeFirstOrThrow()
        ).body as Uint8Array,
      ).toString('utf8')
      expect(raw).toContain(`demo-kommune+${inquiry.reply_token}@`)
      expect(raw).not.toContain('4285')

      const status = await app.inject(receiptPath.replace(/\/receipt$/, ''))
      expect(status.statusCode).toBe(200)
      expect(status.body).toContain(reference)
      expect(status.body).toContain('Modtaget')
      expect(status.body).toContain('Hvornår henter I min sofa?')
      expect(status.body).not.toContain(CPR)
    })

    it('names every refused file with its reason, keeps what was typed and the accepted files, and stores nothing', async () => {
      const before = await countInquiries()
      const browser = new TestBrowser(app)
      await browser.get('/demo-kommune/contact?lang=en')
      const topic = await topicId(dk, 'roads')
      const res = await postMultipart(
        app,
        browser,
        '/demo-kommune/contact',
        { topic, message: 'Hul i vejen <b>nu</b>', name: 'Ida', email: '', phone: '', language: 'en' },
        [
          { name: 'invoice.pdf', content: EXE, type: 'application/pdf' },
          { name: 'photo.png', content: PNG },
          { name: 'huge.pdf', content: Buffer.concat([PDF, Buffer.alloc(MAX_FILE_BYTES)]) },
          { name: 'empty.txt', content: Buffer.alloc(0) },
        ],
      )
      expect(res.statusCode).toBe(400)
      expect(await countInquiries()).toBe(before)
      expect(res.body).toContain('There is a problem')
      expect(res.body).toContain('“invoice.pdf” was not attached: we can only accept PDF')
      expect(res.body).toContain('“huge.pdf” was not attached: it is larger than 10 MB.')
      expect(res.body).toContain('“empty.txt” was not attached: the file is empty.')
      expect(res.body).toContain('Give an e-mail address or a phone number')
      // Kept: the text (escaped), the topic, and the accepted file as a provisional upload.
      expect(res.body).toContain('Hul i vejen &lt;b>nu&lt;/b>')
      expect(res.body).toContain(`value="${topic}" selected`)
      expect(res.body).toContain('photo.png')
      expect(res.body).toContain('kept')
      const kept = [...res.body.matchAll(/name="kept" value="([^"]+)"/g)].map((m) => m[1] as string)
      expect(kept).toHaveLength(1)

      browser.csrf = res.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? browser.csrf
      const again = await postMultipart(
        app,
        browser,
        '/demo-kommune/contact',
        { topic, message: 'Hul i vejen', name: 'Ida', phone: '+45 70 10 20 30', language: 'en', kept },
        [{ name: 'list.txt', content: TEXT, type: 'text/plain' }],
      )
      expect(again.statusCode).toBe(303)
      const receipt = await browser.get(again.headers.location as string)
      expect(receipt.body).toContain('photo.png')
      expect(receipt.body).toContain('list.txt')
      expect(receipt.body).toContain('We will call you')
      const inquiry = await db
        .selectFrom('inquiries')
        .selectAll()
        .orderBy('received_at', 'desc')
        .executeTakeFirstOrThrow()
      const files = await db
        .selectFrom('inquiry_attachments')
        .selectAll()
        .where('inquiry_id', '=', inquiry.id)
        .orderBy('position')
        .execute()
      expect(files.map((f) => [f.file_name, f.content_type])).toEqual([
        ['photo.png', 'image/png'],
        ['list.txt', 'text/plain; charset=utf-8'],
      ])
      // The provisional upload is used up.
      expect(await db.selectFrom('inquiry_uploads').selectAll().where('id', 'in', kept).execute()).toEqual([])
    })

    it('refuses a sixth file by name and counts kept files', async () => {
      const browser = new TestBrowser(app)
      await browser.get('/demo-kommun/contact')
      const files = [1, 2, 3, 4, 5, 6].map((n) => ({
        name: `sida-${n}.pdf`,
        content: Buffer.concat([PDF, Buffer.from(String(n))]),
      }))
      const res = await postMultipart(app, browser, '/demo-kommun/contact', { message: '', name: 'Anna' }, files)
      expect(res.statusCode).toBe(400)
      expect(res.body).toContain('”sida-6.pdf” bifogades inte: du kan bifoga högst 5 filer.')
      expect(res.body).toContain('Välj vad ditt ärende gäller.')
      expect([...res.body.matchAll(/name="kept"/g)]).toHaveLength(5)
    })

    it('refuses a form without its CSRF token', async () => {
      const browser = new TestBrowser(app)
      await browser.get('/demo-kommune/contact')
      browser.csrf = ''
      const res = await postMultipart(app, browser, '/demo-kommune/contact', {
        topic: 'x',
        message: 'y',
        name: 'z',
        email: 'a@b.dk',
      })
      expect(res.statusCode).toBe(403)
    })

    it('still opens a status link sent before links began with the clock', async () => {
      const { inquiry } = await service.receiveInquiry(db, citizenIntake(dk), {
        topic: 'roads',
        message: 'Et hul i vejen',
        name: 'Ane',
        email: 'ane@example.dk',
        language: 'da',
        channel: 'api',
      })
      // A receipt from before: a plain random secret, stored as its plain SHA-256.
      const earlier = newSecret()
      await db
        .updateTable('inquiries')
        .set({ status_token_hash: secretHash(earlier) })
        .where('id', '=', inquiry.id)
        .execute()
      const res = await app.inject(`/demo-kommune/inquiries/s/${earlier}`)
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain(inquiry.reference)
    })

    it('answers an unknown status link with a translated 404', async () => {
      const res = await app.inject('/demo-kommune/inquiries/s/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')
      expect(res.statusCode).toBe(404)
      expect(res.body).toContain('Vi kunne ikke finde henvendelsen')
    })
  })

  describe('the API', () => {
    const post = (payload: unknown, address = freshAddress()) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/inquiries',
        payload: payload as object,
        headers: { 'x-forwarded-for': address },
      })

    it('creates an inquiry by topic slug and answers 201 with reference and due date', async () => {
      const res = await post({
        municipality: 'demo-kommun',
        topic: 'daycare',
        message: 'När får vi besked om förskoleplats? Personnummer 19640823-3234.',
        name: 'Lars',
        email: 'lars@example.se',
      })
      expect(res.statusCode).toBe(201)
      const body = res.json()
      expect(body).toMatchObject({ status: 'new', reference: expect.stringMatching(/^DEMO-\d{4}-\d{6}$/) })
      expect(body.statusUrl).toMatch(/^http:\/\/localhost:3000\/demo-kommun\/inquiries\/s\//)
      const inquiry = await service.findInquiry(db, se.id, body.id)
      expect(inquiry).toMatchObject({ channel: 'api', language: 'sv', due_at: body.dueAt })
      await runJobs(db)
      const mail = await db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('subject_id', '=', body.id)
        .executeTakeFirstOrThrow()
      expect(mail.subject_line).toBe(`Vi har tagit emot ditt ärende [${body.reference}]`)
    })

    it('answers bad input with problem+json naming each field', async () => {
      const missing = await post({ municipality: 'demo-kommune', message: 'x' })
      expect(missing.statusCode).toBe(400)
      expect(missing.headers['content-type']).toContain('application/problem+json')
      expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['topic', 'name']),
      )
      const rules = await post({ municipality: 'demo-kommune', topic: 'nope', message: 'x', name: 'y', phone: 'abc' })
      expect(rules.statusCode).toBe(400)
      expect(rules.json().errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'topic', code: 'inquiries.form.topic_unknown' }),
          expect.objectContaining({ field: 'phone', code: 'inquiries.form.phone_invalid' }),
        ]),
      )
      const noContact = await post({
        municipality: 'demo-kommune',
        topic: 'roads',
        message: 'x',
        name: 'y',
        email: 'no-at',
      })
      expect(noContact.json().errors).toEqual([
        expect.objectContaining({ field: 'email', code: 'web.validation.email' }),
      ])
      const nul = await post({
        municipality: 'demo-kommune',
        topic: 'roads',
        message: 'a\u0000b',
        name: 'y',
        email: 'a@b.dk',
      })
      expect(nul.statusCode).toBe(400)
      expect(nul.json().errors).toEqual([expect.objectContaining({ field: 'message', code: 'web.validation.invalid' })])
      const town = await post({ municipality: 'atlantis', topic: 'roads', message: 'x', name: 'y', email: 'a@b.dk' })
      expect(town.json().errors).toEqual([expect.objectContaining({ field: 'municipality' })])
    })

    it('limits submissions per address', async () => {
      const address = '10.9.9.9'
      const statuses: number[] = []
      for (let i = 0; i < 11; i++) statuses.push((await post({ municipality: 'demo-kommune' }, address)).statusCode)
      expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true)
      expect(statuses[10]).toBe(429)
      expect((await post({ municipality: 'demo-kommune' }, '10.9.9.10')).statusCode).toBe(400)
    })

    it('is described in the OpenAPI document', async () => {
      const doc = (await app.inject('/api/openapi.json')).json()
      const op = doc.paths['/api/v1/inquiries'].post
      expect(op.tags).toEqual(['inquiries'])
      expect(op.summary).toBe('Submit an inquiry')
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '400', '429']))
    })

    it('never gives two concurrent inquiries the same reference', async () => {
      const context = {
        municipality: dk,
        actor: { type: 'citizen' } as const,
        baseUrl: 'http://x',
        mailDomain: 'radhus.test',
      }
      const input = {
        topic: 'other',
        message: 'samtidig',
        name: 'N',
        phone: '70102030',
        language: 'da' as const,
        channel: 'api' as const,
      }
      const results = await Promise.all(Array.from({ length: 8 }, () => service.receiveInquiry(db, context, input)))
      const references = results.map((r) => r.inquiry.reference)
      expect(new Set(references).size).toBe(8)
    })
  })

  describe('phone and desk', () => {
    it('lets an agent register a phone inquiry, journaled as the agent with the channel recorded', async () => {
      const agent = await signedInAs(app, 'agent', DK)
      const form = await agent.get('/demo-kommune/staff/inquiries/new')
      expect(form.statusCode).toBe(200)
      expect(form.body).toContain('Hvordan kom henvendelsen ind?')
      const topic = await topicId(dk, 'parking')
      const missing = await postMultipart(app, agent, '/demo-kommune/staff/inquiries/new', {
        topic,
        message: 'Borger ringede om P-licens',
        name: 'Bo',
        phone: '20304050',
      })
      expect(missing.statusCode).toBe(400)
      expect(missing.body).toContain('Vælg, hvordan henvendelsen kom ind.')
      const res = await postMultipart(app, agent, '/demo-kommune/staff/inquiries/new', {
        channel: 'phone',
        topic,
        message: 'Borger ringede om P-licens',
        name: 'Bo',
        phone: '20304050',
      })
      expect(res.statusCode).toBe(303)
      const inquiry = await db
        .selectFrom('inquiries')
        .selectAll()
        .where('citizen_name', '=', 'Bo')
        .executeTakeFirstOrThrow()
      expect(inquiry.channel).toBe('phone')
      expect(inquiry.registered_by).not.toBeNull()
      const { rows } = await listEntries(db, dk.id, { subjectId: inquiry.id }, { limit: 5, offset: 0 })
      expect(rows.find((r) => r.action === 'inquiry.received')).toMatchObject({
        actor_type: 'user',
        actor_id: inquiry.registered_by,
      })
    })

    it('refuses other roles and asks the anonymous to sign in', async () => {
      const politician = await signedInAs(app, 'politician', DK)
      expect((await politician.get('/demo-kommune/staff/inquiries/new')).statusCode).toBe(403)
      const foreign = await signedInAs(app, 'agent', SE)
      expect((await foreign.get('/demo-kommune/staff/inquiries/new')).statusCode).toBe(403)
      const anonymous = await app.inject('/demo-kommune/staff/inquiries/new')
      expect(anonymous.statusCode).toBe(303)
    })
  })
})
