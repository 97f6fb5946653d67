import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { DK, seededApp, signedInAs, type TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { JOURNAL_PAGE_SIZE } from './routes.tsx'
import { record, SYSTEM } from './service.ts'

const URL = `/${DK.slug}/staff/journal`
const EXTRA = 60

/** The rows of the journal table: sequence number, subject cell text and document count. */
function tableRows(html: string) {
  const body = html.split('<tbody>')[1]?.split('</tbody>')[0] ?? ''
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) => {
    const cells = [...(row ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, c]) => c ?? '')
    return {
      seq: Number(cells[0]),
      subject: (cells[4] ?? '').replace(/<[^>]+>/g, '').trim(),
      documents: Number(cells[6]),
    }
  })
}

forEachDialect('journal page', (current) => {
  let app: FastifyInstance
  let admin: TestBrowser
  let total: number

  beforeAll(async () => {
    const { db } = current()
    app = await seededApp(db)
    const m = await findMunicipalityBySlug(db, DK.slug)
    if (!m) throw new Error('demo municipality missing')
    for (let i = 1; i <= EXTRA; i++) {
      await db.transaction().execute((trx) =>
        record(trx, {
          municipalityId: m.id,
          actor: SYSTEM,
          action: 'test.widget.changed',
          subject: { type: 'widget', id: `w${i % 2}` },
          summary: `Widget change ${i}`,
          documents:
            i === EXTRA
              ? [
                  { body: 'one', mediaType: 'text/plain' },
                  { body: 'two', mediaType: 'text/plain' },
                ]
              : [],
        }),
      )
    }
    const head = await db
      .selectFrom('journal_heads')
      .select('seq')
      .where('municipality_id', '=', m.id)
      .executeTakeFirstOrThrow()
    total = Number(head.seq)
    admin = await signedInAs(app, 'admin')
  })
  afterAll(async () => {
    await app.close()
  })

  it('shows the newest entries first, 50 to a page, with their document counts', async () => {
    const res = await admin.get(URL)
    expect(res.statusCode).toBe(200)
    const rows = tableRows(res.body)
    expect(rows).toHaveLength(JOURNAL_PAGE_SIZE)
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: JOURNAL_PAGE_SIZE }, (_, i) => total - i))
    expect(rows[0]).toMatchObject({ subject: 'widget w0', documents: 2 })
    expect(rows[1]).toMatchObject({ documents: 0 })
    expect(res.body).toContain(`${URL}?page=2`)
  })

  it('shows the next entries on ?page=2', async () => {
    const res = await admin.get(`${URL}?page=2`)
    expect(res.statusCode).toBe(200)
    const rows = tableRows(res.body)
    expect(rows[0]?.seq).toBe(total - JOURNAL_PAGE_SIZE)
    expect(rows).toHaveLength(Math.min(JOURNAL_PAGE_SIZE, total - JOURNAL_PAGE_SIZE))
  })

  it('filters by subject type and keeps the filter when paging', async () => {
    const res = await admin.get(`${URL}?subject=widget`)
    const rows = tableRows(res.body)
    expect(rows).toHaveLength(JOURNAL_PAGE_SIZE)
    expect(rows.every((r) => r.subject.startsWith('widget '))).toBe(true)
    expect(res.body.includes(`${URL}?subject=widget&page=2`)).toBe(true)
    const page2 = tableRows((await admin.get(`${URL}?subject=widget&page=2`)).body)
    expect(page2).toHaveLength(EXTRA - JOURNAL_PAGE_SIZE)
  })

  it('filters by subject id', async () => {
    const res = await admin.get(`${URL}?subject=widget&subjectId=w1`)
    const rows = tableRows(res.body)
    expect(rows).toHaveLength(EXTRA / 2)
    expect(rows.every((r) => r.subject === 'widget w1')).toBe(true)
    expect(tableRows((await admin.get(`${URL}?subjectId=nothing-has-this-id`)).body)).toHaveLength(0)
  })

  it('answers a page number that is not a number with a translated 400 page', async () => {
    for (const [lang, text] of [
      ['da', 'lang=da'],
      ['sv', 'lang=sv'],
      ['en', 'lang=en'],
    ] as const) {
      const res = await admin.get(`${URL}?page=abc&${text}`)
      expect(res.statusCode, lang).toBe(400)
      expect(res.headers['content-type']).toMatch(/text\/html/)
      expect(res.body).toMatch(new RegExp(`<html[^>]*lang="${lang}"`))
    }
    expect((await admin.get(`${URL}?page=0`)).statusCode).toBe(400)
  })

  it('is shown in Danish, Swedish and English', async () => {
    expect((await admin.get(`${URL}?lang=da`)).body).toContain('<h1>Journal</h1>')
    expect((await admin.get(`${URL}?lang=sv`)).body).toContain('<h1>Diarium</h1>')
    expect((await admin.get(`${URL}?lang=en`)).body).toContain('Documents</th>')
  })

  it('is refused to a role without journal.read and to visitors', async () => {
    const politician = await signedInAs(app, 'politician')
    expect((await politician.get(URL)).statusCode).toBe(403)
    const anonymous = await app.inject({ method: 'GET', url: URL })
    expect(anonymous.statusCode).toBe(303)
  })
})
