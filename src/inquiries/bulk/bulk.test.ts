import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/index.ts'
import type { MunicipalityRow } from '../../db/schema.ts'
import { runDueJobs } from '../../jobs/service.ts'
import { listEntries } from '../../journal/service.ts'
import { sendMailHandler } from '../../mail/outbox/send.ts'
import { startTestSmtpServer, type TestSmtpServer } from '../../mail/outbox/testing.ts'
import { smtpTransport } from '../../mail/transport.ts'
import { DK, signedInAs, type TestBrowser } from '../../testing/app.ts'
import { forEachDialect } from '../../testing/db.ts'
import { subscribe } from '../../web/live.ts'
import { receiveInquiry } from '../service.ts'
import { freshAddress, seededWorld } from '../testing.ts'
import { LIST_LIMIT } from './service.ts'
import { suggestGroups } from './similarity.ts'

describe('suggested groups', () => {
  it('groups inquiries of the same topic that share significant words, and says which', () => {
    const groups = suggestGroups([
      { id: 'a', topicId: 't', text: 'Hvornår bliver storskraldet hentet på Østergade?' },
      { id: 'b', topicId: 't', text: 'Storskrald på Østergade er ikke hentet' },
      { id: 'c', topicId: 't', text: 'Vi vil gerne have en ny vuggestueplads' },
      { id: 'd', topicId: 'u', text: 'Storskrald på Østergade er ikke hentet endnu' },
    ])
    expect(groups).toHaveLength(1)
    expect(groups[0]?.members.map((m) => m.id)).toEqual(['a', 'b'])
    expect(groups[0]?.sharedWords).toEqual(expect.arrayContaining(['østergade', 'hentet']))
  })
})

forEachDialect('one answer for many', (current) => {
  let app: FastifyInstance
  let db: Db
  let dk: MunicipalityRow
  let smtp: TestSmtpServer
  let agent: TestBrowser
  const send = () => runDueJobs(db, { 'mail.send': sendMailHandler(() => smtpTransport(smtp.url)) })

  beforeAll(async () => {
    db = current().db
    ;({ app, dk } = await seededWorld(db))
    smtp = await startTestSmtpServer()
    agent = await signedInAs(app, 'agent')
  })
  afterAll(async () => {
    await app.close()
    await smtp.stop()
  })

  const submit = async (topic: string, message: string, email: string, language: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/inquiries',
      headers: { 'x-forwarded-for': freshAddress() },
      payload: { municipality: DK.slug, topic, message, name: `Borger ${email}`, email, language },
    })
    return res.json() as { id: string; reference: string }
  }

  it('suggests a group, sends one answer to all in each citizen’s thread and language, and publishes it', async () => {
    const da = await submit(
      'bulky-waste',
      'Hvornår henter I storskrald på Østergade? Min CPR er 070761-4285',
      'a@example.dk',
      'da',
    )
    const en = await submit('bulky-waste', 'When do you collect storskrald on Østergade?', 'b@example.dk', 'en')
    const sv = await submit('bulky-waste', 'Storskrald på Østergade, när hämtar ni?', 'c@example.se', 'sv')
    const other = await submit('roads', 'Et hul i vejen', 'd@example.dk', 'da')
    await send()
    const receipts = new Map(
      await Promise.all(
        smtp.received.map(async (m) => {
          const parsed = await simpleParser(m.raw)
          return [m.to[0] as string, parsed.messageId as string] as const
        }),
      ),
    )
    smtp.received.length = 0

    const page = await agent.get('/demo-kommune/staff/inbox/bulk')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Foreslåede grupper')
    expect(page.body).toContain('østergade')
    expect(page.body).not.toContain('070761-4285')
    const groupLink = page.body
      .match(/href="(\/demo-kommune\/staff\/inbox\/bulk\?topic=[^"]+)"/)?.[1]
      ?.replaceAll('&amp;', '&') as string
    for (const id of [da.id, en.id, sv.id]) expect(groupLink).toContain(id)
    expect(groupLink).not.toContain(other.id)
    const accepted = await agent.get(groupLink)
    for (const id of [da.id, en.id, sv.id]) expect(accepted.body).toContain(`value="${id}" checked`)

    const events: string[] = []
    const stop = subscribe(dk.id, 'inquiries', (e) => events.push(`${e.id}:${e.kind}`))
    const res = await agent.post('/demo-kommune/staff/inbox/bulk', {
      ids: [da.id, en.id, sv.id],
      answer_da: 'Vi henter storskrald på Østergade mandag.',
      answer_sv: '',
      answer_en: 'We collect bulky waste on Østergade on Monday.',
      publish: '1',
      question: 'Hvornår hentes storskrald på Østergade?',
    })
    stop()
    expect(res.statusCode).toBe(303)
    const done = await agent.get(res.headers.location as string)
    expect(done.body).toContain('Svaret er sendt til 3 henvendelser.')

    const rows = await db.selectFrom('inquiries').selectAll().where('id', 'in', [da.id, en.id, sv.id]).execute()
    expect(rows.map((r) => r.status)).toEqual(['answered', 'answered', 'answered'])
    for (const row of rows) {
      const { rows: entries } = await listEntries(
        db,
        dk.id,
        { subjectType: 'inquiry', subjectId: row.id },
        { limit: 20, offset: 0 },
      )
      expect(entries.map((e) => e.action)).toContain('inquiry.answered')
      const out = await db
        .selectFrom('inquiry_messages')
        .selectAll()
        .where('inquiry_id', '=', row.id)
        .where('direction', '=', 'out')
        .execute()
      expect(out).toHaveLength(1)
    }
    if (db.dialectName === 'sqlite')
      expect(events).toEqual(expect.arrayContaining([`${da.id}:answered`, `${en.id}:answered`, `${sv.id}:answered`]))
    expect(
      (await db.selectFrom('inquiries').select('status').where('id', '=', other.id).executeTakeFirstOrThrow()).status,
    ).toBe('new')

    await send()
    expect(smtp.received).toHaveLength(3)
    const mails = new Map(
      await Promise.all(smtp.received.map(async (m) => [m.to[0] as string, await simpleParser(m.raw)] as const)),
    )
    const token = (id: string) => rows.find((r) => r.id === id)?.reply_token as string
    for (const [address, id, expected] of [
      ['a@example.dk', da.id, 'Vi henter storskrald'],
      ['b@example.dk', en.id, 'We collect bulky waste'],
      ['c@example.se', sv.id, 'Vi henter storskrald'],
    ] as const) {
      const mail = mails.get(address)
      expect(mail?.text).toContain(expected)
      expect(mail?.replyTo?.value[0]?.address).toBe(`demo-kommune+${token(id)}@radhus.test`)
      expect(mail?.inReplyTo).toBe(receipts.get(address))
    }

    const answers = await app.inject('/demo-kommune/answers')
    expect(answers.statusCode).toBe(200)
    expect(answers.body).toContain('Hvornår hentes storskrald på Østergade?')
    expect(answers.body).toContain('Storskrald')
    expect(answers.body).not.toContain('Borger')
    const link = answers.body.match(/href="(\/demo-kommune\/answers\/[0-9a-f-]{36})"/)?.[1] as string
    const one = await app.inject(`${link}?lang=en`)
    expect(one.statusCode).toBe(200)
    expect(one.body).toContain('We collect bulky waste on Østergade on Monday.')
    const sv1 = await app.inject(`${link}?lang=sv`)
    expect(sv1.body).toContain('Vi henter storskrald')
    const published = await listEntries(db, dk.id, { subjectType: 'public_answer' }, { limit: 5, offset: 0 })
    expect(published.rows[0]?.action).toBe('inquiry.answer.published')
  })

  it('refuses nothing selected, a missing default-language answer, or a question missing, with translated messages', async () => {
    const inquiry = await submit('parking', 'Parkering', 'e@example.dk', 'da')
    await agent.get('/demo-kommune/staff/inbox/bulk?lang=en')
    const none = await agent.post('/demo-kommune/staff/inbox/bulk', { answer_da: 'Svar' })
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('Select at least one inquiry to answer.')
    const noDanish = await agent.post('/demo-kommune/staff/inbox/bulk', {
      ids: [inquiry.id],
      answer_en: 'Answer',
      publish: '1',
    })
    expect(noDanish.statusCode).toBe(400)
    expect(noDanish.body).toContain('Write the answer in Danish.')
    expect(noDanish.body).toContain('Write the question to publish with the answer.')
    expect(noDanish.body).toContain('Answer</textarea>')
    const bad = await agent.post('/demo-kommune/staff/inbox/bulk', { ids: ['not-a-uuid'], answer_da: 'x' })
    expect(bad.statusCode).toBe(400)
    expect(
      (await db.selectFrom('inquiries').select('status').where('id', '=', inquiry.id).executeTakeFirstOrThrow()).status,
    ).toBe('new')
  })

  it('suggests similar inquiries due after the listed ones, and lists them ticked when the group is accepted', async () => {
    // More inquiries due sooner than the list shows (LIST_LIMIT), none alike.
    const context = {
      municipality: dk,
      actor: { type: 'citizen' as const },
      baseUrl: 'http://localhost:3000',
      mailDomain: 'radhus.test',
      receivedAt: new Date(Date.now() - 7 * 86_400_000),
    }
    for (let start = 0; start < LIST_LIMIT; start += 50) {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          receiveInquiry(db, context, {
            topic: 'roads',
            message: randomBytes(12).toString('hex'),
            name: 'Fyld',
            phone: '12345678',
            language: 'da',
            channel: 'phone',
          }),
        ),
      )
    }
    const late = [
      await submit('parking', 'Parkeringsautomaten på Vestergade tager ikke betalingskort', 'p1@example.dk', 'da'),
      await submit('parking', 'Automaten på Vestergade tager ikke betalingskort længere', 'p2@example.dk', 'da'),
    ]
    const page = await agent.get('/demo-kommune/staff/inbox/bulk?lang=en')
    const references = late.map((l) => l.reference)
    // Not among the 300 listed, yet suggested together.
    expect(page.body).not.toContain(`>${references[0]}</label>`)
    expect(page.body).toContain(references.join(', '))
    const accept = page.body.match(/href="([^"]*ids=[^"]*)"/g)?.find((a) => late.every((l) => a.includes(l.id)))
    const link = (accept?.slice(6, -1) ?? '').replaceAll('&amp;', '&')
    const accepted = await agent.get(link)
    for (const l of late) expect(accepted.body).toMatch(new RegExp(`value="${l.id}"\\s+checked`))
  })

  it('shows an empty answers page and a 404 for an unknown answer, in Swedish too', async () => {
    const se = await app.inject('/demo-kommun/answers')
    expect(se.statusCode).toBe(200)
    expect(se.body).toContain('Inga svar har publicerats ännu.')
    const missing = await app.inject('/demo-kommun/answers/00000000-0000-4000-8000-000000000000')
    expect(missing.statusCode).toBe(404)
  })
})
