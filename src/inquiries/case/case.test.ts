import type { FastifyInstance } from 'fastify'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dueAt } from '../../calendar/business-days.ts'
import type { Db } from '../../db/index.ts'
import type { InquiryRow, MunicipalityRow } from '../../db/schema.ts'
import { demoEmail } from '../../demo/data.ts'
import { runDueJobs } from '../../jobs/service.ts'
import { listEntries, SYSTEM } from '../../journal/service.ts'
import { sendMailHandler } from '../../mail/outbox/send.ts'
import { SEND_JOB } from '../../mail/outbox/service.ts'
import { startTestSmtpServer, type TestSmtpServer } from '../../mail/outbox/testing.ts'
import { smtpTransport } from '../../mail/transport.ts'
import { listDepartments } from '../../municipalities/service.ts'
import { DK, SE, signedInAs, type TestBrowser } from '../../testing/app.ts'
import { forEachDialect } from '../../testing/db.ts'
import { receiptJob } from '../receipt-job.ts'
import { RECEIPT_JOB } from '../receipt-mail.ts'
import { saveDeadlines } from '../routing/deadlines.ts'
import { receiveInquiry } from '../service.ts'
import { PNG, seededWorld } from '../testing.ts'

const CPR = '070761-4285'

forEachDialect('inquiry page and actions', (current) => {
  let app: FastifyInstance
  let db: Db
  let dk: MunicipalityRow
  let se: MunicipalityRow
  let smtp: TestSmtpServer
  let agent: TestBrowser

  beforeAll(async () => {
    db = current().db
    ;({ app, dk, se } = await seededWorld(db, { RATE_LIMITS: 'off' }))
    smtp = await startTestSmtpServer()
    agent = await signedInAs(app, 'agent', DK)
  })
  afterAll(async () => {
    await app.close()
    await smtp.stop()
  })

  let counter = 0
  /** A fresh inquiry through the intake, as the web form makes it. */
  async function inquiry(
    municipality: MunicipalityRow,
    contact: { email?: string; phone?: string; language?: 'da' | 'sv' | 'en' } = {},
    files: { fileName: string; contentType: string; bytes: Uint8Array }[] = [],
  ): Promise<InquiryRow> {
    counter++
    const { inquiry } = await receiveInquiry(
      db,
      { municipality, actor: { type: 'citizen' }, baseUrl: 'http://localhost:3000', mailDomain: 'radhus.test' },
      {
        topic: 'bulky-waste',
        message: `Hvornår henter I min sofa? (${counter})`,
        name: 'Jens Hansen',
        ...('email' in contact || 'phone' in contact ? contact : { email: `jens${counter}@example.dk` }),
        language: contact.language ?? 'da',
        channel: 'web',
      },
      { accepted: files },
    )
    return inquiry
  }
  const pathOf = (row: InquiryRow, municipality = DK) => `/${municipality.slug}/staff/inquiries/${row.id}`
  const reload = (row: InquiryRow) =>
    db.selectFrom('inquiries').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()
  const actions = async (row: InquiryRow) =>
    (
      await listEntries(
        db,
        row.municipality_id,
        { subjectType: 'inquiry', subjectId: row.id },
        { limit: 100, offset: 0 },
      )
    ).rows.map((r) => r.action)
  const messages = (row: InquiryRow) =>
    db.selectFrom('inquiry_messages').selectAll().where('inquiry_id', '=', row.id).orderBy('created_at').execute()
  const userId = async (email: string) =>
    (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
  const outbox = (row: InquiryRow) =>
    db.selectFrom('mail_outbox').selectAll().where('subject_id', '=', row.id).orderBy('queued_at').execute()
  // The receipts' jobs (the intake only enqueues them) and the sending of what the outbox holds.
  const deliver = () =>
    runDueJobs(db, { [RECEIPT_JOB]: receiptJob, [SEND_JOB]: sendMailHandler(() => smtpTransport(smtp.url)) })

  /** POST an action from the page, as the browser would after reading it. */
  async function post(browser: TestBrowser, row: InquiryRow, action: string, form: Record<string, string> = {}) {
    await browser.get(pathOf(row))
    return browser.post(`${pathOf(row)}/${action}`, form)
  }

  describe('the page', () => {
    it('shows facts, citizen, thread, attachments, history and earlier inquiries in three languages', async () => {
      const email = 'gentaget@example.dk'
      const first = await inquiry(dk, { email, phone: '+45 70 10 20 30' })
      const second = await inquiry(dk, { email: 'GENTAGET@example.dk' }, [
        { fileName: 'sofa æøå.png', contentType: 'image/png', bytes: PNG },
      ])
      const da = await agent.get(pathOf(second))
      expect(da.statusCode).toBe(200)
      expect(da.body).toContain(`Henvendelse ${second.reference}`)
      expect(da.body).toContain('Storskrald')
      expect(da.body).toContain('Teknik og Miljø')
      expect(da.body).toContain('Fra borgeren')
      expect(da.body).toContain('Hvornår henter I min sofa?')
      expect(da.body).toContain('sofa æøå.png')
      expect(da.body).toMatch(new RegExp(`href="${pathOf(second)}/attachments/[0-9a-f-]{36}"`))
      expect(da.body).toContain('Historik')
      expect(da.body).toContain('Borgerens tidligere henvendelser')
      expect(da.body).toContain(`href="${pathOf(first)}"`)
      expect(da.body).toContain('Ingen endnu')
      const sv = await agent.get(`${pathOf(second)}?lang=sv`)
      expect(sv.body).toContain(`Ärende ${second.reference}`)
      expect(sv.body).toContain('Från invånaren')
      const en = await agent.get(`${pathOf(second)}?lang=en`)
      expect(en.body).toContain(`Inquiry ${second.reference}`)
      expect(en.body).toContain('Earlier inquiries from this citizen')
      await agent.get(`${pathOf(second)}?lang=da`)
    })

    it('says an overdue inquiry is overdue, in words', async () => {
      const row = await inquiry(dk)
      await db.updateTable('inquiries').set({ due_at: '2020-01-02T23:00:00.000Z' }).where('id', '=', row.id).execute()
      const page = await agent.get(pathOf(row))
      expect(page.body).toContain('Overskredet: svaret skulle være givet senest')
    })

    it('is a 404 for an inquiry of another municipality', async () => {
      const theirs = await inquiry(se)
      expect((await agent.get(pathOf(theirs))).statusCode).toBe(404)
    })
  })

  describe('the actions', () => {
    it('take: assigned to me, open, journaled, with a success message', async () => {
      const row = await inquiry(dk)
      const res = await post(agent, row, 'take')
      expect(res.statusCode).toBe(303)
      expect(res.headers.location).toBe(`${pathOf(row)}?done=taken`)
      expect(await reload(row)).toMatchObject({ status: 'open', assignee_id: await userId(demoEmail(DK, 'agent')) })
      expect(await actions(row)).toContain('inquiry.taken')
      const page = await agent.get(res.headers.location as string)
      expect(page.body).toContain('Du har taget henvendelsen.')
      expect(page.body).toContain('Karen Kontaktcenter')
    })

    it('assign: to a handler here, never to someone without a handling role', async () => {
      const row = await inquiry(dk)
      const caseworker = await userId(demoEmail(DK, 'caseworker'))
      const refused = await post(agent, row, 'assign', { assignee: await userId(demoEmail(DK, 'politician')) })
      expect(refused.statusCode).toBe(400)
      expect(refused.body).toContain('Vælg en medarbejder, der behandler henvendelser her.')
      const foreign = await post(agent, row, 'assign', { assignee: await userId(demoEmail(SE, 'agent')) })
      expect(foreign.statusCode).toBe(400)
      expect((await reload(row)).assignee_id).toBeNull()
      const res = await post(agent, row, 'assign', { assignee: caseworker })
      expect(res.statusCode).toBe(303)
      expect(await reload(row)).toMatchObject({ assignee_id: caseworker, status: 'open' })
      expect(await actions(row)).toContain('inquiry.assigned')
    })

    it('route: needs a reason; moves the queue and tells the department with the reference only', async () => {
      const row = await inquiry(dk)
      const department = (await listDepartments(db, dk.id)).find((d) => d.slug === 'born-og-unge')
      const refused = await post(agent, row, 'route', { department: department?.id as string, route_reason: ' ' })
      expect(refused.statusCode).toBe(400)
      expect(refused.body).toContain('field-route_reason-error')
      expect((await reload(row)).department_id).not.toBe(department?.id)

      const reason = `Handler om børnepasning, borgerens CPR ${CPR}`
      const res = await post(agent, row, 'route', { department: department?.id as string, route_reason: reason })
      expect(res.statusCode).toBe(303)
      expect(await reload(row)).toMatchObject({ department_id: department?.id, assignee_id: null })
      expect(await actions(row)).toContain('inquiry.routed')
      const notice = (await outbox(row)).find((m) => m.purpose === 'inquiry.routed')
      expect(notice?.to_address).toBe('born-og-unge@radhus.test')
      await deliver()
      const mail = smtp.received.find((m) => m.to.includes('born-og-unge@radhus.test') && m.raw.includes(row.reference))
      const parsed = await simpleParser(mail?.raw as Buffer)
      expect(parsed.subject).toContain(row.reference)
      expect(parsed.text).toContain('Handler om børnepasning')
      expect(parsed.text).not.toContain(CPR)
      expect(parsed.text).not.toContain('Jens Hansen')
      expect(parsed.text).not.toContain(row.citizen_email as string)
      expect(parsed.headers.get('auto-submitted')).toBe('auto-generated')
    })

    it("route: the due date follows the new department's deadline from the time received, journaled", async () => {
      const department = (await listDepartments(db, dk.id)).find((d) => d.slug === 'born-og-unge')
      await saveDeadlines(db, SYSTEM, dk.id, { [`department-${department?.id}`]: '2' })
      const received = new Date(Date.now() - 3 * 86_400_000)
      const { inquiry: row } = await receiveInquiry(
        db,
        {
          municipality: dk,
          actor: { type: 'citizen' },
          baseUrl: 'http://localhost:3000',
          mailDomain: 'radhus.test',
          receivedAt: received,
        },
        {
          topic: 'roads',
          message: 'Legepladsen ved skolen',
          name: 'Ida',
          phone: '12345678',
          language: 'da',
          channel: 'phone',
        },
      )
      const due = dueAt(received, 2, 'DK', dk.time_zone).toISOString()
      expect(row.due_at).not.toBe(due)
      const res = await post(agent, row, 'route', { department: department?.id as string, route_reason: 'Børn' })
      expect(res.statusCode).toBe(303)
      expect(await reload(row)).toMatchObject({ department_id: department?.id, due_at: due })
      const { rows } = await listEntries(
        db,
        dk.id,
        { subjectType: 'inquiry', subjectId: row.id },
        { limit: 5, offset: 0 },
      )
      const routed = rows.find((r) => r.action === 'inquiry.routed')
      expect(routed?.summary).toContain(`due ${due} (was ${row.due_at})`)
    })

    it('answer: e-mailed to the citizen, threaded after the receipt, stored as outgoing, answered', async () => {
      const row = await inquiry(dk)
      await deliver()
      const receipt = (await outbox(row)).find((m) => m.purpose === 'inquiry.receipt')
      expect(receipt).toBeDefined()
      const res = await post(agent, row, 'answer', { answer: 'Kære Jens\n\nVi henter sofaen på torsdag.' })
      expect(res.statusCode).toBe(303)
      expect(res.headers.location).toBe(`${pathOf(row)}?done=answered`)
      expect((await reload(row)).status).toBe('answered')
      expect(await actions(row)).toContain('inquiry.answered')
      const out = (await messages(row)).filter((m) => m.direction === 'out')
      expect(out).toMatchObject([{ channel: 'email', body: 'Kære Jens\n\nVi henter sofaen på torsdag.' }])

      await deliver()
      const mail = smtp.received.find(
        (m) => m.raw.includes(out[0]?.email_message_id as string) && m.raw.includes('torsdag'),
      )
      expect(mail?.to).toEqual([row.citizen_email])
      const parsed = await simpleParser(mail?.raw as Buffer)
      expect(parsed.messageId).toBe(out[0]?.email_message_id)
      expect(parsed.inReplyTo).toBe(receipt?.message_id)
      expect([parsed.references].flat()).toContain(receipt?.message_id)
      expect(parsed.replyTo?.value[0]?.address).toBe(`demo-kommune+${row.reply_token}@radhus.test`)
      expect(parsed.subject).toBe(`Svar på din henvendelse [${row.reference}]`)
      expect(parsed.headers.has('auto-submitted')).toBe(false)

      // A second answer threads after the first.
      await post(agent, row, 'answer', { answer: 'Og en ting mere.' })
      const second = (await outbox(row)).filter((m) => m.purpose === 'inquiry.answer').at(-1)
      await deliver()
      const again = await simpleParser(
        smtp.received.find((m) => m.raw.includes(second?.message_id as string))?.raw as Buffer,
      )
      expect([again.references].flat()).toEqual(expect.arrayContaining([receipt?.message_id, parsed.messageId]))
    })

    it('answer without an e-mail: recorded, and staff are told to phone', async () => {
      const row = await inquiry(dk, { phone: '+45 70 10 20 30' })
      const res = await post(agent, row, 'answer', { answer: 'Vi ringer dig op.' })
      expect(res.headers.location).toBe(`${pathOf(row)}?done=answered_phone`)
      expect((await messages(row)).filter((m) => m.direction === 'out')).toMatchObject([
        { channel: 'phone', delivery: 'phone' },
      ])
      expect((await outbox(row)).filter((m) => m.purpose === 'inquiry.answer')).toEqual([])
      const page = await agent.get(res.headers.location as string)
      expect(page.body).toContain('Borgeren har ingen e-mail: ring til borgeren og giv svaret.')
      expect(page.body).toContain('Ikke sendt: borgeren har ingen e-mail. Ring på +45 70 10 20 30.')
    })

    it('answer: empty text is refused with a message', async () => {
      const row = await inquiry(dk)
      const res = await post(agent, row, 'answer', { answer: '  ' })
      expect(res.statusCode).toBe(400)
      expect(res.body).toContain('field-answer-error')
      expect(await actions(row)).not.toContain('inquiry.answered')
    })

    it('note: internal, journaled, never sent', async () => {
      const row = await inquiry(dk)
      const before = (await outbox(row)).length
      const res = await post(agent, row, 'note', { note: 'Ringede, ingen svarede.' })
      expect(res.headers.location).toBe(`${pathOf(row)}?done=noted`)
      expect((await messages(row)).filter((m) => m.direction === 'note')).toMatchObject([
        { body: 'Ringede, ingen svarede.' },
      ])
      expect(await actions(row)).toContain('inquiry.note_added')
      expect((await outbox(row)).length).toBe(before)
      expect((await agent.get(pathOf(row))).body).toContain('Intern note, sendes aldrig')
    })

    it('close: refused with 409 without an answer or a reason, keeping what was chosen', async () => {
      const row = await inquiry(dk)
      const refused = await post(agent, row, 'close', { resolution: 'duplicate', close_reason: '' })
      expect(refused.statusCode).toBe(409)
      expect(refused.body).toContain('Der er ikke sendt et svar: skriv en begrundelse for at afslutte henvendelsen.')
      expect(refused.body).toMatch(/value="duplicate"\s+checked/)
      expect((await reload(row)).status).toBe('new')
      expect(await actions(row)).not.toContain('inquiry.closed')

      const res = await post(agent, row, 'close', {
        resolution: 'duplicate',
        close_reason: `Samme som ${row.reference}`,
      })
      expect(res.statusCode).toBe(303)
      expect(await reload(row)).toMatchObject({ status: 'closed', resolution: 'duplicate' })
      expect(await actions(row)).toContain('inquiry.closed')
      // Closed: no answer until it is reopened.
      expect((await post(agent, row, 'answer', { answer: 'Hej' })).statusCode).toBe(409)
      const reopened = await post(agent, row, 'reopen')
      expect(reopened.headers.location).toBe(`${pathOf(row)}?done=reopened`)
      expect(await reload(row)).toMatchObject({ status: 'new', closed_at: null, resolution: null })
      expect(await actions(row)).toContain('inquiry.reopened')
    })

    it('close: an answered inquiry closes without a reason; reopen of an open one is refused', async () => {
      const row = await inquiry(dk)
      expect((await post(agent, row, 'reopen')).statusCode).toBe(409)
      await post(agent, row, 'answer', { answer: 'Svar.' })
      const res = await post(agent, row, 'close', { resolution: 'answered' })
      expect(res.statusCode).toBe(303)
      expect(await reload(row)).toMatchObject({ status: 'closed', resolution: 'answered', resolution_reason: null })
      expect((await post(agent, row, 'close', { resolution: 'answered' })).statusCode).toBe(409)
    })
  })

  describe('attachments', () => {
    it('downloads through the authorised route with the right bytes and safe headers', async () => {
      const row = await inquiry(dk, undefined, [{ fileName: 'sofa "æøå".png', contentType: 'image/png', bytes: PNG }])
      const attachment = await db
        .selectFrom('inquiry_attachments')
        .selectAll()
        .where('inquiry_id', '=', row.id)
        .executeTakeFirstOrThrow()
      const url = `${pathOf(row)}/attachments/${attachment.id}`
      const res = await agent.get(url)
      expect(res.statusCode).toBe(200)
      expect(Buffer.compare(res.rawPayload, PNG)).toBe(0)
      expect(res.headers['content-type']).toBe('image/png')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="sofa ___a_.png"; /)
      expect(res.headers['content-disposition']).toContain("filename*=UTF-8''sofa%20%22%C3%A6%C3%B8%C3%A5%22.png")

      const politician = await signedInAs(app, 'politician', DK)
      expect((await politician.get(url)).statusCode).toBe(403)
      const swede = await signedInAs(app, 'agent', SE)
      expect((await swede.get(url)).statusCode).toBe(403)
      // Through the Swedish municipality's own URL the Danish inquiry does not exist.
      expect((await swede.get(url.replace(`/${DK.slug}/`, `/${SE.slug}/`))).statusCode).toBe(404)
      // Another inquiry's id with this attachment's id: not found either.
      const other = await inquiry(dk)
      expect((await agent.get(`${pathOf(other)}/attachments/${attachment.id}`)).statusCode).toBe(404)
      expect((await app.inject(url)).statusCode).toBe(303)
    })
  })

  describe('canned answers', () => {
    it('are kept by administrators, journaled, and refused to other roles', async () => {
      const admin = await signedInAs(app, 'admin', DK)
      expect((await agent.get(`/${DK.slug}/staff/canned-answers`)).statusCode).toBe(403)
      const list = await admin.get(`/${DK.slug}/staff/canned-answers`)
      expect(list.statusCode).toBe(200)
      expect(list.body).toContain('Tak for din henvendelse')
      expect(list.body).toContain('Grovavfall: hämtning bokad')

      await admin.get(`/${DK.slug}/staff/canned-answers/new`)
      const bad = await admin.post(`/${DK.slug}/staff/canned-answers/new`, {
        language: 'da',
        title: 'Forkert',
        body: 'Hej {navn}',
      })
      expect(bad.statusCode).toBe(400)
      expect(bad.body).toContain('Ukendt pladsholder {navn}')
      expect(bad.body).toContain('Hej {navn}')

      const created = await admin.post(`/${DK.slug}/staff/canned-answers/new`, {
        language: 'da',
        title: 'Parkering',
        body: 'Kære {name}, om {reference}.',
      })
      expect(created.headers.location).toBe(`/${DK.slug}/staff/canned-answers?done=created`)
      const row = await db
        .selectFrom('canned_answers')
        .selectAll()
        .where('title', '=', 'Parkering')
        .executeTakeFirstOrThrow()
      await admin.get(`/${DK.slug}/staff/canned-answers/${row.id}`)
      const updated = await admin.post(`/${DK.slug}/staff/canned-answers/${row.id}`, {
        language: 'en',
        title: 'Parking',
        body: 'Dear {name}',
      })
      expect(updated.statusCode).toBe(303)
      expect(
        await db.selectFrom('canned_answers').selectAll().where('id', '=', row.id).executeTakeFirst(),
      ).toMatchObject({
        language: 'en',
        title: 'Parking',
      })
      await admin.get(`/${DK.slug}/staff/canned-answers`)
      expect((await admin.post(`/${DK.slug}/staff/canned-answers/${row.id}/delete`, {})).statusCode).toBe(303)
      expect(
        await db.selectFrom('canned_answers').selectAll().where('id', '=', row.id).executeTakeFirst(),
      ).toBeUndefined()
      const journal = (
        await listEntries(db, dk.id, { subjectType: 'canned_answer', subjectId: row.id }, { limit: 10, offset: 0 })
      ).rows.map((r) => r.action)
      expect(journal.sort()).toEqual(['inquiry.canned.created', 'inquiry.canned.deleted', 'inquiry.canned.updated'])
      // Another municipality's administrator cannot reach it.
      const seAdmin = await signedInAs(app, 'admin', SE)
      expect((await seAdmin.get(`/${SE.slug}/staff/canned-answers/${row.id}`)).statusCode).toBe(404)
    })

    it('the picker without JavaScript fills the answer with placeholders replaced, in the citizen’s language', async () => {
      const row = await inquiry(dk, { email: 'sven@example.se', language: 'sv' })
      const page = await agent.get(pathOf(row))
      // The Swedish citizen's answers are offered, not the Danish ones.
      expect(page.body).toContain('Grovavfall: hämtning bokad')
      expect(page.body).not.toContain('Storskrald: afhentning bestilt')
      expect(page.body).toMatch(/<form method="get" action="[^"]+#answer"[^>]*data-canned-picker/)
      expect(page.body).toContain('src="/assets/app/canned-picker.js"')
      const canned = await db
        .selectFrom('canned_answers')
        .selectAll()
        .where('municipality_id', '=', dk.id)
        .where('title', '=', 'Tack för ditt meddelande')
        .executeTakeFirstOrThrow()
      const filled = await agent.get(`${pathOf(row)}?canned=${canned.id}`)
      expect(filled.statusCode).toBe(200)
      const answer = filled.body.match(/<textarea[^>]*name="answer"[^>]*>([\s\S]*?)<\/textarea>/)?.[1] ?? ''
      expect(answer).toContain('Hej Jens Hansen')
      expect(answer).toContain('Karen Kontaktcenter')
      expect(answer).not.toMatch(/\{(name|reference|received|due|staff)\}/)
      // Dates in the citizen's language (Swedish month names), not the page's.
      expect(answer).toMatch(/senast [a-zåäö]+dag \d{1,2} [a-zåäö]+ \d{4}/)
      // An unknown id just shows the page.
      expect((await agent.get(`${pathOf(row)}?canned=nope`)).statusCode).toBe(200)
    })

    it('seeds demo canned answers in three languages for both demo municipalities', async () => {
      for (const m of [dk, se]) {
        const languages = await db
          .selectFrom('canned_answers')
          .select('language')
          .distinct()
          .where('municipality_id', '=', m.id)
          .execute()
        expect(languages.map((l) => l.language).sort()).toEqual(['da', 'en', 'sv'])
      }
      expect(SYSTEM.type).toBe('system')
    })
  })
})
