import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/index.ts'
import type { InquiryRow, MunicipalityRow } from '../../db/schema.ts'
import { demoEmail } from '../../demo/data.ts'
import { userIdOf } from '../../identity/testing.ts'
import { SYSTEM } from '../../journal/service.ts'
import { listDepartments } from '../../municipalities/service.ts'
import { DK, SE, signedInAs, type TestBrowser } from '../../testing/app.ts'
import { forEachDialect } from '../../testing/db.ts'
import { startLiveListener } from '../../web/live.ts'
import * as intake from '../service.ts'
import { insertMessage } from '../store.ts'
import { freshAddress, seededWorld } from '../testing.ts'
import { INBOX_PAGE_SIZE } from './service.ts'

const INBOX = `/${DK.slug}/staff/inbox`
const CPR = '070761-4285'
const FILLER = 30

/** The references listed on a page, in order. */
const refs = (html: string) =>
  [...html.matchAll(/staff\/inquiries\/[0-9a-f-]{36}">([A-Z]+-\d{4}-\d{6})</g)].map((m) => m[1])

forEachDialect('staff inbox', (current) => {
  let app: FastifyInstance
  let db: Db
  let dk: MunicipalityRow
  let agent: TestBrowser
  let agentId: string
  const made: Record<string, InquiryRow> = {}

  async function receive(key: string, fields: Partial<intake.IntakeInput> & { message: string; name: string }) {
    const { inquiry } = await intake.receiveInquiry(
      db,
      { municipality: dk, actor: SYSTEM, baseUrl: 'http://localhost', mailDomain: 'radhus.test' },
      { topic: 'other', email: 'borger@example.dk', language: 'da', channel: 'web', ...fields },
    )
    made[key] = inquiry
    return inquiry
  }
  const change = (key: string, values: Partial<InquiryRow>) =>
    db
      .updateTable('inquiries')
      .set(values)
      .where('id', '=', (made[key] as InquiryRow).id)
      .execute()
  const ref = (key: string) => (made[key] as InquiryRow).reference

  beforeAll(async () => {
    db = current().db
    ;({ app, dk } = await seededWorld(db, { RATE_LIMITS: 'off' }))
    agentId = await userIdOf(db, demoEmail(DK, 'agent'))
    await receive('waste', {
      topic: 'bulky-waste',
      name: 'Mette Hansen',
      message: `Der står STORSKRALD og et gammelt køleskab på fortovet. Mit CPR er ${CPR}.\nMvh Mette`,
    })
    await receive('fridge', {
      name: 'Sven Ångström',
      language: 'sv',
      channel: 'phone',
      message: 'Mitt kylskåp är trasigt och måste hämtas.',
    })
    await receive('late', { topic: 'daycare', name: 'Ib Ås', channel: 'desk', message: 'Venteliste til vuggestue' })
    await change('late', { status: 'open', assignee_id: agentId, due_at: '2020-01-01T00:00:00.000Z' })
    await receive('closed', { name: 'Karen Lukket', message: 'Tak for hjælpen med storskrald' })
    await change('closed', { status: 'closed', due_at: '2020-01-01T00:00:00.000Z' })
    for (let i = 0; i < FILLER; i++) {
      await receive(`filler${i}`, {
        topic: 'parking',
        name: `Person ${i}`,
        message: `Parkeringstilladelse nummer ${i}`,
      })
    }
    agent = await signedInAs(app, 'agent')
  })
  afterAll(() => app.close())

  describe('the list', () => {
    it('shows not-closed inquiries by due date, 25 to a page, with a count, in three languages', async () => {
      const res = await agent.get(INBOX)
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('<h1>Indbakke</h1>')
      expect(res.body).toContain(`${3 + FILLER} henvendelser`)
      const listed = refs(res.body)
      expect(listed).toHaveLength(INBOX_PAGE_SIZE)
      // The overdue one first; the closed one not at all.
      expect(listed[0]).toBe(ref('late'))
      expect(res.body).not.toContain(ref('closed'))
      expect(res.body).toContain(`href="/demo-kommune/staff/inquiries/${made.late?.id}"`)
      const page2 = await agent.get(`${INBOX}?page=2`)
      expect(refs(page2.body)).toHaveLength(3 + FILLER - INBOX_PAGE_SIZE)
      expect(refs(page2.body).some((r) => listed.includes(r))).toBe(false)
      expect((await agent.get(`${INBOX}?lang=sv`)).body).toContain('<h1>Inkorg</h1>')
      expect((await agent.get(`${INBOX}?lang=en`)).body).toContain(`${3 + FILLER} inquiries`)
      // Back to Danish for the tests that read Danish words.
      await agent.get(`${INBOX}?lang=da`)
    })

    it('marks overdue in words, masks identity numbers, shows the first line, topic, queue and assignee', async () => {
      const res = await agent.get(`${INBOX}?lang=en`)
      await agent.get(`${INBOX}?lang=da`)
      const lateRow = res.body.split(ref('late'))[1]?.split('</tr>')[0] ?? ''
      expect(lateRow).toContain('Overdue')
      expect(lateRow).toContain('At the desk')
      expect(lateRow).toContain('Ib Ås')
      expect(lateRow).toContain('Being handled')
      const wasteRow = res.body.split(ref('waste'))[1]?.split('</tr>')[0] ?? ''
      expect(wasteRow).not.toContain('Overdue')
      expect(wasteRow).toContain('••••••-••••')
      expect(wasteRow).not.toContain('Mvh Mette')
      expect(wasteRow).toContain('Bulky waste')
      expect(res.body).not.toContain(CPR)
      expect(res.body).not.toContain('0707614285')
    })

    it('filters by status, channel, topic, queue and assignee', async () => {
      expect(refs((await agent.get(`${INBOX}?status=closed`)).body)).toEqual([ref('closed')])
      expect(refs((await agent.get(`${INBOX}?channel=phone`)).body)).toEqual([ref('fridge')])
      const daycare = made.late?.topic_id as string
      expect(refs((await agent.get(`${INBOX}?topic=${daycare}`)).body)).toEqual([ref('late')])
      expect(refs((await agent.get(`${INBOX}?queue=centre`)).body)).toEqual([ref('fridge')])
      const departments = await listDepartments(db, dk.id)
      const technical = departments.find((d) => d.slug === 'teknik-og-miljo')?.id
      const technicalRes = await agent.get(`${INBOX}?queue=${technical}&sort=newest`)
      expect(technicalRes.body).toContain(`${1 + FILLER} henvendelser`)
      expect(refs(technicalRes.body)[0]).toBe(ref(`filler${FILLER - 1}`))
      expect(refs((await agent.get(`${INBOX}?assignee=me`)).body)).toEqual([ref('late')])
      expect(refs((await agent.get(`${INBOX}?assignee=${agentId}`)).body)).toEqual([ref('late')])
      const unassigned = refs((await agent.get(`${INBOX}?assignee=none&status=all`)).body)
      expect(unassigned).not.toContain(ref('late'))
      expect(unassigned).toContain(ref('closed'))
    })

    it('keeps the filters in the links of the pager and the queues', async () => {
      const res = await agent.get(`${INBOX}?channel=web&sort=due`)
      expect(res.body).toContain('href="/demo-kommune/staff/inbox?channel=web&sort=due&page=2"')
      expect(res.body).toContain('href="/demo-kommune/staff/inbox?channel=web&sort=due&queue=centre"')
    })

    it('counts open and overdue inquiries per queue', async () => {
      const res = await agent.get(`${INBOX}?lang=en`)
      await agent.get(`${INBOX}?lang=da`)
      const queues = res.body.split('id="inbox-queues"')[1]?.split('</nav>')[0] ?? ''
      expect(queues).toMatch(/Contact centre<\/a> <span>Open: 1<\/span>/)
      expect(queues).toMatch(/Open: 1<\/span>, <strong>overdue: 1<\/strong>/)
      expect(queues).toContain(`Open: ${1 + FILLER}</span>`)
    })

    it('has an overdue view with its own heading', async () => {
      const res = await agent.get(`${INBOX}?overdue=1&lang=en`)
      await agent.get(`${INBOX}?lang=da`)
      expect(res.body).toContain('<h1>Overdue inquiries</h1>')
      expect(refs(res.body)).toEqual([ref('late')])
      // Closed inquiries are never overdue, whatever their due date.
      expect(refs((await agent.get(`${INBOX}?overdue=1&status=all`)).body)).toEqual([ref('late')])
    })

    it('refuses bad filters with a translated 400', async () => {
      const res = await agent.get(`${INBOX}?status=lost&page=0&lang=da`)
      expect(res.statusCode).toBe(400)
      expect(res.body).toContain('Vi kunne ikke forstå')
      expect((await agent.get(`${INBOX}?queue=..%2F`)).statusCode).toBe(400)
      expect((await agent.get(`${INBOX}?q=a%00b`)).statusCode).toBe(400)
    })
  })

  describe('full-text search', () => {
    const search = async (q: string) => refs((await agent.get(`${INBOX}?status=all&q=${encodeURIComponent(q)}`)).body)
    const count = async (q: string) =>
      Number(
        (await agent.get(`${INBOX}?status=all&q=${encodeURIComponent(q)}&lang=en`)).body.match(/(\d+) inquir/)?.[1],
      )

    it('finds Danish and Swedish words by a part, in any case', async () => {
      // The closed one is due first (2020).
      expect(await search('storskr')).toEqual([ref('closed'), ref('waste')])
      expect(await search('kylsk')).toEqual([ref('fridge')])
      expect(await search('KØLESK')).toEqual([ref('waste')])
      expect(await search('ångst')).toEqual([ref('fridge')])
      expect(await search('Vuggestue')).toEqual([ref('late')])
    })

    it('needs every word, and finds references and e-mail addresses', async () => {
      expect(await search('storskr fortov')).toEqual([ref('waste')])
      expect(await search('storskr sofa')).toEqual([])
      expect(await search(ref('fridge'))).toEqual([ref('fridge')])
      expect(await count('borger@example')).toBe(4 + FILLER)
    })

    it('treats 1–2 characters as the start of a reference or a name', async () => {
      expect(await search('ib')).toEqual([ref('late')])
      expect(await search('Sv')).toEqual([ref('fridge')])
      expect(await search('%')).toEqual([])
      expect(await count('De')).toBe(4 + FILLER)
      await agent.get(`${INBOX}?lang=da`)
    })

    it('finds text added later, such as a reply', async () => {
      await db.transaction().execute((trx) =>
        insertMessage(trx, {
          id: crypto.randomUUID(),
          inquiry_id: made.fridge?.id as string,
          municipality_id: dk.id,
          direction: 'in',
          channel: 'email',
          body: 'Jag glömde: frysboxen också.',
          author_id: null,
          created_at: new Date().toISOString(),
          document_hash: 'x'.repeat(64),
          email_message_id: null,
          delivery: null,
        }),
      )
      expect(await search('frysbox')).toEqual([ref('fridge')])
      expect(await search('kylskåp')).toEqual([ref('fridge')])
    })

    it('combines search with filters and masks what it shows', async () => {
      const res = await agent.get(`${INBOX}?q=${encodeURIComponent('4285')}&channel=web`)
      expect(refs(res.body)).toEqual([ref('waste')])
      expect(res.body).not.toContain(CPR)
    })

    it('stays within the municipality', async () => {
      const se = await signedInAs(app, 'agent', SE)
      const res = await se.get(`/${SE.slug}/staff/inbox?q=storskr&status=all`)
      expect(res.statusCode).toBe(200)
      expect(refs(res.body)).toEqual([])
    })
  })

  describe('who may see it', () => {
    it('is for agents, caseworkers and administrators only', async () => {
      for (const role of ['caseworker', 'admin'] as const) {
        expect((await (await signedInAs(app, role)).get(INBOX)).statusCode).toBe(200)
      }
      for (const role of ['politician', 'moderator', 'editor'] as const) {
        const browser = await signedInAs(app, role)
        expect((await browser.get(INBOX)).statusCode).toBe(403)
        expect(
          (await browser.get(`${INBOX}/events`, { accept: 'text/event-stream' })).statusCode,
          `${role} events`,
        ).toBe(403)
      }
      const other = await signedInAs(app, 'agent', SE)
      expect((await other.get(INBOX)).statusCode).toBe(403)
    })

    it('links the inbox from the staff front page and loads the live script only there', async () => {
      const home = await agent.get(`/${DK.slug}/staff`)
      expect(home.body).toContain(`href="${INBOX}"`)
      expect(home.body).not.toContain('inbox-live.js')
      const res = await agent.get(INBOX)
      expect(res.body).toContain('<script src="/assets/app/inbox-live.js" defer></script>')
      expect(res.body).toContain('aria-live="polite"')
      expect(res.body).toContain(`data-events="${INBOX}/events"`)
      expect((await app.inject('/assets/app/inbox-live.js')).statusCode).toBe(200)
    })
  })

  describe('live updates', () => {
    it('answers a non-EventSource request with a translated 406 instead of a stream that never ends', async () => {
      const res = await agent.get(`${INBOX}/events?lang=en`)
      expect(res.statusCode).toBe(406)
      expect(res.body).toContain('live updates')
    })

    it('streams an event when an inquiry arrives', async () => {
      const { url, schema } = current()
      const stopListener = await startLiveListener(db, url, schema)
      await app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = app.server.address() as AddressInfo
      try {
        const received = await new Promise<string>((resolve, reject) => {
          const req = http.get(
            {
              host: '127.0.0.1',
              port,
              path: `${INBOX}/events`,
              headers: { cookie: agent.cookies, accept: 'text/event-stream' },
            },
            (res) => {
              expect(res.statusCode).toBe(200)
              expect(res.headers['content-type']).toContain('text/event-stream')
              let text = ''
              res.setEncoding('utf8')
              res.on('data', async (chunk: string) => {
                text += chunk
                if (chunk.includes(': connected')) {
                  // Subscribed: now a citizen writes through the API.
                  const post = await app.inject({
                    method: 'POST',
                    url: '/api/v1/inquiries',
                    headers: { 'x-forwarded-for': freshAddress() },
                    payload: {
                      municipality: DK.slug,
                      topic: 'roads',
                      message: 'Hul i vejen',
                      name: 'Ny Borger',
                      email: 'ny@example.dk',
                    },
                  })
                  if (post.statusCode !== 201) reject(new Error(post.body))
                }
                if (/event: inquiries\ndata: .*\n\n/.test(text)) {
                  req.destroy()
                  resolve(text)
                }
              })
            },
          )
          req.on('error', (e) => {
            if (!(e as NodeJS.ErrnoException).code?.includes('RESET')) reject(e)
          })
        })
        const data = JSON.parse(received.match(/event: inquiries\ndata: (.*)\n/)?.[1] ?? '{}')
        expect(data.kind).toBe('received')
        const row = await db.selectFrom('inquiries').select('citizen_name').where('id', '=', data.id).executeTakeFirst()
        expect(row?.citizen_name).toBe('Ny Borger')
        // Ids only: no personal data travels in the stream.
        expect(received).not.toContain('Ny Borger')
      } finally {
        await stopListener()
      }
    })
  })
})
