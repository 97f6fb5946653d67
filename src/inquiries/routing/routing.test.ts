import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dueAt } from '../../calendar/business-days.ts'
import type { Db } from '../../db/index.ts'
import type { DepartmentRow, MunicipalityRow } from '../../db/schema.ts'
import { listEntries } from '../../journal/service.ts'
import { listDepartments } from '../../municipalities/service.ts'
import { DK, signedInAs, type TestBrowser } from '../../testing/app.ts'
import { forEachDialect } from '../../testing/db.ts'
import { listTopics } from '../service.ts'
import { freshAddress, seededWorld } from '../testing.ts'
import { matchKeyword, parseKeywords } from './keywords.ts'

describe('keyword matching', () => {
  it('matches whole words and word beginnings, in any case, with Danish and Swedish letters', () => {
    const keywords = parseKeywords('sofa\nKøleskab, gul sæk; sopor')
    expect(keywords).toEqual(['sofa', 'køleskab', 'gul sæk', 'sopor'])
    expect(matchKeyword('Hent min SOFA', keywords)).toBe('sofa')
    expect(matchKeyword('Sofaen står ude', keywords)).toBe('sofa')
    expect(matchKeyword('En storsofa', keywords)).toBeUndefined()
    expect(matchKeyword('KØLESKABET er i stykker', keywords)).toBe('køleskab')
    expect(matchKeyword('Den gule sække blev ikke tømt', keywords)).toBe('gul sæk')
    expect(matchKeyword('gul bil, sæk', keywords)).toBeUndefined()
    expect(matchKeyword('Soporna hämtades inte', keywords)).toBe('sopor')
  })
})

forEachDialect('routing rules and deadlines', (current) => {
  let app: FastifyInstance
  let db: Db
  let dk: MunicipalityRow
  let admin: TestBrowser
  let departments: Record<string, DepartmentRow>
  const topic = async (slug: string) => (await listTopics(db, dk.id)).find((t) => t.slug === slug)?.id as string

  beforeAll(async () => {
    db = current().db
    ;({ app, dk } = await seededWorld(db))
    departments = Object.fromEntries((await listDepartments(db, dk.id)).map((d) => [d.slug, d]))
    admin = await signedInAs(app, 'admin')
  })
  afterAll(() => app.close())

  const submit = async (topicSlug: string, message: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/inquiries',
      headers: { 'x-forwarded-for': freshAddress() },
      payload: { municipality: DK.slug, topic: topicSlug, message, name: 'Ida Jensen', email: 'ida@example.dk' },
    })
    expect(res.statusCode).toBe(201)
    const { id } = res.json() as { id: string }
    return db.selectFrom('inquiries').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  }

  const createRule = async (fields: { topic?: string; keywords?: string; department?: string }) => {
    await admin.get('/demo-kommune/staff/routing/new')
    const res = await admin.post('/demo-kommune/staff/routing', { topic: '', keywords: '', department: '', ...fields })
    expect(res.statusCode).toBe(303)
    const id = new URL(res.headers.location as string, 'http://x').searchParams.get('saved') as string
    return { id, page: await admin.get(res.headers.location as string) }
  }

  it('routes by the topic’s department and the contact centre while there are no rules', async () => {
    expect((await submit('bulky-waste', 'Hent min sofa')).department_id).toBe(departments['teknik-og-miljo']?.id)
    expect((await submit('other', 'Hej')).department_id).toBeNull()
  })

  it('tries the rules in order, first match wins, and the order can be changed', async () => {
    const sofa = await createRule({ keywords: 'sofa', department: departments['born-og-unge']?.id as string })
    const bulky = await createRule({
      topic: await topic('bulky-waste'),
      department: departments['sundhed-og-omsorg']?.id as string,
    })
    const list = await admin.get('/demo-kommune/staff/routing')
    expect(list.statusCode).toBe(200)
    expect(list.body.indexOf('sofa')).toBeLessThan(list.body.indexOf('Storskrald'))

    expect((await submit('bulky-waste', 'Hvornår henter I SOFAEN?')).department_id).toBe(
      departments['born-og-unge']?.id,
    )
    expect((await submit('bulky-waste', 'Et køleskab')).department_id).toBe(departments['sundhed-og-omsorg']?.id)
    expect((await submit('roads', 'Min sofa står på vejen')).department_id).toBe(departments['born-og-unge']?.id)
    expect((await submit('roads', 'Hul i vejen ved storsofaen')).department_id).toBe(departments['teknik-og-miljo']?.id)

    await admin.get('/demo-kommune/staff/routing')
    const moved = await admin.post(`/demo-kommune/staff/routing/${bulky.id}/move`, { direction: 'up' })
    expect(moved.statusCode).toBe(303)
    expect((await submit('bulky-waste', 'Hvornår henter I sofaen?')).department_id).toBe(
      departments['sundhed-og-omsorg']?.id,
    )
    const { rows } = await listEntries(db, dk.id, { subjectType: 'routing_rule' }, { limit: 20, offset: 0 })
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['inquiry.routing_rule.created', 'inquiry.routing_rule.moved']),
    )
    expect(rows.find((r) => r.action === 'inquiry.routing_rule.moved')?.subject_id).toBe(bulky.id)

    await admin.get('/demo-kommune/staff/routing')
    for (const id of [sofa.id, bulky.id]) {
      expect((await admin.post(`/demo-kommune/staff/routing/${id}/delete`, {})).statusCode).toBe(303)
    }
    const deleted = await listEntries(
      db,
      dk.id,
      { subjectType: 'routing_rule', subjectId: sofa.id },
      { limit: 5, offset: 0 },
    )
    expect(deleted.rows[0]?.action).toBe('inquiry.routing_rule.deleted')
    expect((await submit('bulky-waste', 'sofa')).department_id).toBe(departments['teknik-og-miljo']?.id)
  })

  it('shows on saving how many of the last 100 inquiries the rule would have routed, and where they went', async () => {
    const before = await db
      .selectFrom('inquiries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('municipality_id', '=', dk.id)
      .executeTakeFirstOrThrow()
    await submit('parking', 'Min bil blev fjernet fra parkeringspladsen')
    await submit('parking', 'Parkeringsplads til handicapbil')
    await submit('other', 'Kan jeg få en parkeringslicens?')
    const { page } = await createRule({
      keywords: 'parkeringsplads',
      department: departments.borgerservice?.id as string,
    })
    expect(page.body).toContain('Reglen er gemt.')
    expect(page.body).toContain(`Af de seneste ${Number(before.n) + 3} henvendelser ville denne regel have fordelt 2,`)
    expect(page.body).toContain('Teknik og Miljø: 2')

    const en = await admin.get('/demo-kommune/staff/routing?lang=en')
    expect(en.body).toContain('Routing rules')
  })

  it('refuses a rule without topic or keywords, or with an unknown department, with a translated message', async () => {
    await admin.get('/demo-kommune/staff/routing/new?lang=sv')
    const empty = await admin.post('/demo-kommune/staff/routing', { topic: '', keywords: ' , ', department: '' })
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('Välj ett ämne eller skriv minst ett nyckelord')
    const unknown = await admin.post('/demo-kommune/staff/routing', {
      keywords: 'x',
      department: '00000000-0000-4000-8000-000000000000',
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toContain('Välj en av förvaltningarna i listan.')
    expect(unknown.body).toContain('name="keywords" rows="5" aria-describedby="field-keywords-hint">x</textarea>')
  })

  it('changes a rule and journals it', async () => {
    const { id } = await createRule({
      keywords: 'snerydning',
      department: departments['teknik-og-miljo']?.id as string,
    })
    const form = await admin.get(`/demo-kommune/staff/routing/${id}`)
    expect(form.body).toContain('snerydning')
    const res = await admin.post(`/demo-kommune/staff/routing/${id}`, {
      topic: await topic('roads'),
      keywords: 'sne\nis',
      department: '',
    })
    expect(res.statusCode).toBe(303)
    expect((await submit('roads', 'Der er IS på fortovet')).department_id).toBeNull()
    const { rows } = await listEntries(
      db,
      dk.id,
      { subjectType: 'routing_rule', subjectId: id },
      { limit: 5, offset: 0 },
    )
    expect(rows[0]?.action).toBe('inquiry.routing_rule.changed')
    await admin.get('/demo-kommune/staff/routing')
    await admin.post(`/demo-kommune/staff/routing/${id}/delete`, {})
  })

  it('is for administrators only', async () => {
    const agent = await signedInAs(app, 'agent')
    expect((await agent.get('/demo-kommune/staff/routing')).statusCode).toBe(403)
    expect((await agent.get('/demo-kommune/staff/deadlines')).statusCode).toBe(403)
  })

  it('sets deadlines per topic and department: the topic’s wins, then the department’s, then 10 days', async () => {
    const page = await admin.get('/demo-kommune/staff/deadlines?lang=da')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Svarfrister')
    const teknik = departments['teknik-og-miljo'] as DepartmentRow
    const roads = await topic('roads')
    const bulky = await topic('bulky-waste')
    const saved = await admin.post('/demo-kommune/staff/deadlines', {
      [`department-${teknik.id}`]: '3',
      [`topic-${roads}`]: '',
      [`topic-${bulky}`]: '5',
    })
    expect(saved.statusCode).toBe(303)
    const days = async (slug: string, text: string, expected: number) => {
      const inquiry = await submit(slug, text)
      expect(inquiry.due_at).toBe(dueAt(new Date(inquiry.received_at), expected, 'DK', dk.time_zone).toISOString())
    }
    await days('roads', 'Hul i vejen', 3)
    await days('bulky-waste', 'Sofa', 5)
    await days('daycare', 'Vuggestueplads', 10)
    const { rows } = await listEntries(db, dk.id, { subjectId: teknik.id }, { limit: 5, offset: 0 })
    expect(rows[0]).toMatchObject({ action: 'inquiry.deadline.changed', subject_type: 'department' })

    await admin.get('/demo-kommune/staff/deadlines')
    await admin.post('/demo-kommune/staff/deadlines', { [`topic-${roads}`]: '7' })
    await days('roads', 'Hul i vejen', 7)
    expect((await admin.get('/demo-kommune/staff/deadlines')).body).toContain(`name="topic-${roads}" type="text"`)

    await admin.get('/demo-kommune/staff/deadlines?lang=en')
    const bad = await admin.post('/demo-kommune/staff/deadlines', { [`topic-${roads}`]: 'abc' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter a whole number of business days from 1 to 250')
    expect(bad.body).toContain('value="abc"')
  })
})
