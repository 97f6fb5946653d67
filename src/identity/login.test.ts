import { escapeHtml } from '@kitajs/html'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEMO_PASSWORD, demoEmail } from '../demo/data.ts'
import { translator } from '../i18n/index.ts'
import { buildTestApp, DK, seededApp, TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { SESSION_COOKIE } from './authenticate.ts'
import { MAX_FAILURES } from './service.ts'

/** Each test signs in from its own address, so failure counters of one test never throttle another. */
let address = 0
const from = () => ({ 'x-forwarded-for': `10.1.0.${++address}` })

forEachDialect('staff sign-in', (current) => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await seededApp(current().db, { RATE_LIMITS: 'off' })
  })
  afterAll(() => app.close())

  for (const lang of ['da', 'sv', 'en'] as const) {
    it(`refuses a wrong password with 401 and a message in ${lang}`, async () => {
      const browser = new TestBrowser(app)
      const headers = from()
      await browser.get(`/login?lang=${lang}`, headers)
      const res = await browser.post('/login', { email: demoEmail(DK, 'agent'), password: 'wrong' }, headers)
      expect(res.statusCode).toBe(401)
      expect(res.body).toContain(escapeHtml(translator(lang)('identity.login.failed')))
      expect(res.body).toContain(`value="${demoEmail(DK, 'agent')}"`)
    })
  }

  it('refuses the right password after five failures, on the form with the e-mail kept', async () => {
    const browser = new TestBrowser(app)
    const headers = from()
    await browser.get('/login?lang=en', headers)
    const email = demoEmail(DK, 'editor')
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await browser.post('/login', { email, password: `wrong ${i}` }, headers)).statusCode).toBe(401)
    }
    const res = await browser.post('/login', { email, password: DEMO_PASSWORD }, headers)
    expect(res.statusCode).toBe(429)
    expect(res.headers['retry-after']).toBe('900')
    expect(res.body).toContain('data-error-summary')
    expect(res.body).toContain(escapeHtml(translator('en')('identity.login.throttled', { minutes: 15 })))
    expect(res.body).toContain(`value="${email}"`)
    expect(res.body).toContain('action="/login"')
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined()
  })

  it('throttles an address that tries many accounts', async () => {
    const browser = new TestBrowser(app)
    const headers = from()
    await browser.get('/login', headers)
    for (let i = 0; i < MAX_FAILURES; i++) {
      await browser.post('/login', { email: `nobody${i}@demo-kommune.test`, password: 'guess' }, headers)
    }
    const res = await browser.post('/login', { email: demoEmail(DK, 'moderator'), password: DEMO_PASSWORD }, headers)
    expect(res.statusCode).toBe(429)
  })

  it('sets an HttpOnly, SameSite=Lax session cookie for the whole site, not Secure over http', async () => {
    const browser = new TestBrowser(app)
    const res = await browser.signIn(demoEmail(DK, 'agent'))
    expect(res.statusCode).toBe(303)
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(cookie?.secure).toBeFalsy()
  })

  it('marks the session cookie Secure when the site is served over https', async () => {
    const secureApp = await buildTestApp(current().db, { BASE_URL: 'https://radhus.example.dk', RATE_LIMITS: 'off' })
    try {
      const res = await new TestBrowser(secureApp).signIn(demoEmail(DK, 'agent'))
      expect(res.statusCode).toBe(303)
      expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: true,
      })
    } finally {
      await secureApp.close()
    }
  })

  it('ends the session on the server when signing out: the old cookie no longer works', async () => {
    const browser = new TestBrowser(app)
    await browser.signIn(demoEmail(DK, 'agent'))
    const signedIn = browser.cookies
    expect((await browser.get(`/${DK.slug}/staff`)).statusCode).toBe(200)
    const out = await browser.post('/logout', {})
    expect(out.statusCode).toBe(303)
    const replay = await app.inject({ method: 'GET', url: `/${DK.slug}/staff`, headers: { cookie: signedIn } })
    expect(replay.statusCode).toBe(303)
    expect(replay.headers.location).toMatch(/^\/login\?next=/)
  })

  it('refuses a sign-in without a CSRF token with 403', async () => {
    const browser = new TestBrowser(app)
    await browser.get('/login')
    browser.csrf = ''
    const res = await browser.post('/login', { email: demoEmail(DK, 'agent'), password: DEMO_PASSWORD }, from())
    expect(res.statusCode).toBe(403)
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined()
  })

  it('does not redirect to another site after sign-in', async () => {
    const browser = new TestBrowser(app)
    await browser.get('/login?next=//evil.example')
    const res = await browser.post('/login', {
      email: demoEmail(DK, 'agent'),
      password: DEMO_PASSWORD,
      next: '//evil.example',
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/staff')
  })
})
