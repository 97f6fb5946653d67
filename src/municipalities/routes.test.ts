import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { listEntries } from '../journal/service.ts'
import { DK, SE, seededApp, signedInAs, TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { findMunicipalityBySlug, getPage } from './service.ts'

forEachDialect('municipality pages', (current) => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await seededApp(current().db)
  })
  afterAll(() => app.close())

  it('lists both municipalities on the front page and serves each home in its own language', async () => {
    const front = await app.inject('/')
    expect(front.statusCode).toBe(200)
    expect(front.body).toContain('href="/demo-kommune"')
    expect(front.body).toContain('href="/demo-kommun"')
    const dk = await app.inject('/demo-kommune')
    expect(dk.body).toContain('<html lang="da"')
    expect(dk.body).toContain('Teknik og Miljø')
    const se = await app.inject('/demo-kommun')
    expect(se.body).toContain('<html lang="sv"')
    expect(se.body).toContain('Samhällsbyggnad')
    expect(se.body).toContain('href="/demo-kommun/contact"')
    expect(se.body).toContain('href="/demo-kommun/answers"')
  })

  it('links the accessibility statement, privacy notice, house rules and contact in every footer', async () => {
    const res = await app.inject({ url: '/demo-kommune', headers: { 'accept-language': 'en' } })
    for (const kind of ['accessibility', 'privacy', 'house-rules', 'contact']) {
      // The house rules link to their versioned page, which shows the edited text as its introduction.
      const path = kind === 'house-rules' ? '/demo-kommune/house-rules' : `/demo-kommune/about/${kind}`
      expect(res.body).toContain(`href="${path}"`)
    }
    expect(res.body).toContain('Accessibility statement')
  })

  it('shows the accessibility statement in the chosen language', async () => {
    const sv = await app.inject('/demo-kommune/about/accessibility?lang=sv')
    expect(sv.body).toContain('<h1>Tillgänglighetsredogörelse</h1>')
    expect(sv.body).toContain('WCAG 2.1 nivå AA')
    const en = await app.inject({
      url: '/demo-kommun/about/accessibility',
      headers: { 'accept-language': 'en-GB,en;q=0.8' },
    })
    expect(en.body).toContain('<h1>Accessibility statement</h1>')
  })

  it('answers an unknown municipality or page kind with a translated 404', async () => {
    expect((await app.inject('/no-such-town')).statusCode).toBe(404)
    const res = await app.inject('/demo-kommune/about/secrets')
    expect(res.statusCode).toBe(400)
  })

  it('lets an admin edit the statement in three languages and journals each changed text with its document', async () => {
    const admin = await signedInAs(app, 'admin', SE)
    const form = await admin.get('/demo-kommun/staff/pages/accessibility')
    expect(form.statusCode).toBe(200)
    const res = await admin.post('/demo-kommun/staff/pages/accessibility', {
      da: 'Ny dansk tekst',
      sv: 'Ny svensk text <script>alert(1)</script>',
      en: 'New English text',
    })
    expect(res.statusCode).toBe(303)
    const municipality = await findMunicipalityBySlug(current().db, SE.slug)
    const id = municipality?.id as string
    expect((await getPage(current().db, id, 'accessibility', 'sv'))?.body).toContain('Ny svensk text')
    const { rows } = await listEntries(current().db, id, { subjectType: 'page' }, { limit: 3, offset: 0 })
    expect(rows.map((r) => r.action)).toEqual(['page.updated', 'page.updated', 'page.updated'])
    expect(JSON.parse(rows[0]?.documents ?? '[]')).toHaveLength(1)
    const shown = await app.inject('/demo-kommun/about/accessibility?lang=sv')
    expect(shown.body).toContain('Ny svensk text &lt;script')
    expect(shown.body).not.toContain('<script>alert(1)</script>')
  })

  it('refuses page editing to other roles and to another municipality’s admin', async () => {
    const editor = await signedInAs(app, 'editor', DK)
    expect((await editor.get('/demo-kommune/staff/pages/privacy')).statusCode).toBe(403)
    const foreignAdmin = await signedInAs(app, 'admin', SE)
    expect((await foreignAdmin.get('/demo-kommune/staff/pages/privacy')).statusCode).toBe(403)
    const anonymous = new TestBrowser(app)
    const res = await anonymous.get('/demo-kommune/staff/pages/privacy')
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toMatch(/^\/login\?next=/)
  })
})
