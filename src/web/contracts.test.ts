/**
 * Promises every response keeps: translated error pages, no stack traces, the security headers, and
 * logs free of the personal data that passed through them.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { DEMO_PASSWORD } from '../demo/data.ts'
import { seedDemo } from '../demo/seed.ts'
import { translator } from '../i18n/index.ts'
import { buildTestApp, seededApp, TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { buildApp } from './app.ts'
import { loggerOptions } from './logging.ts'

const STACK = /\bat .+:\d+:\d+|node:internal|node_modules/

forEachDialect('web contracts', (current) => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await seededApp(current().db, { RATE_LIMITS: 'off' })
  })
  afterAll(() => app?.close())

  describe('the 404 page', () => {
    for (const language of ['da', 'sv', 'en'] as const) {
      const t = translator(language)
      it(`is translated to ${language} by Accept-Language and by ?lang=`, async () => {
        for (const request of [
          { url: '/no-such-page', headers: { 'accept-language': `${language};q=0.9, fr;q=0.5` } },
          { url: `/no-such-page?lang=${language}`, headers: { 'accept-language': 'fr' } },
          { url: `/demo-kommune/no/such/page?lang=${language}`, headers: {} },
        ]) {
          const res = await app.inject({ method: 'GET', ...request })
          expect(res.statusCode, request.url).toBe(404)
          expect(res.headers['content-type']).toContain('text/html')
          expect(res.body).toContain(`<html lang="${language}"`)
          expect(res.body).toContain(t('web.error.not_found'))
          expect(res.body).not.toMatch(STACK)
        }
      })
    }
  })

  describe('security headers', () => {
    const urls = ['/', '/login', '/demo-kommune', '/no-such-page', '/api/v1/me', '/healthz', '/api/docs']
    for (const url of urls) {
      it(`are sent with ${url}`, async () => {
        const res = await app.inject({ method: 'GET', url })
        const csp = String(res.headers['content-security-policy'] ?? '')
        expect(csp).toContain("default-src 'self'")
        expect(csp).toContain("frame-ancestors 'none'")
        expect(csp).toMatch(/script-src 'self'/)
        expect(csp).not.toContain('unsafe-inline')
        expect(csp).not.toContain('unsafe-eval')
        expect(res.headers['x-content-type-options']).toBe('nosniff')
        expect(res.headers['referrer-policy']).toBe('no-referrer')
        expect(res.headers['cross-origin-opener-policy']).toBe('same-origin')
        expect(res.headers['x-powered-by']).toBeUndefined()
        expect(res.headers['strict-transport-security']).toBeUndefined()
        expect(csp).not.toContain('upgrade-insecure-requests')
      })
    }

    it('ask browsers to keep to https, and upgrade requests, only when served over https', async () => {
      const secureApp = await buildTestApp(current().db, { BASE_URL: 'https://radhus.example', RATE_LIMITS: 'off' })
      try {
        const res = await secureApp.inject({ method: 'GET', url: '/healthz' })
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/)
        expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests')
      } finally {
        await secureApp.close()
      }
    })
  })

  it('never sends a stack trace, even for malformed requests', async () => {
    const requests = [
      {
        method: 'POST' as const,
        url: '/login',
        payload: '%%%',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      { method: 'POST' as const, url: '/login', payload: '{', headers: { 'content-type': 'application/json' } },
      { method: 'GET' as const, url: '/%E0%A4%A' },
      { method: 'GET' as const, url: '/demo-kommune/staff/journal?page=-1' },
      { method: 'GET' as const, url: '/login?next[]=x&next[]=y' },
    ]
    for (const request of requests) {
      const res = await app.inject(request)
      expect(res.statusCode, `${request.method} ${request.url}`).toBeLessThan(500)
      expect(res.body).not.toMatch(STACK)
    }
  })
})

forEachDialect('logs', (current) => {
  const lines: string[] = []
  let app: FastifyInstance

  beforeAll(async () => {
    await seedDemo(current().db)
    const config = loadConfig({
      RADHUS_DATA_DIR: '/tmp/radhus-test-data',
      RADHUS_SECRET: 'test-secret-test-secret-test-secret-42',
      BASE_URL: 'http://localhost:3000',
      RATE_LIMITS: 'off',
    })
    // The production logger options at the most talkative level, written to memory.
    const logger = { ...(loggerOptions('trace') as object), stream: { write: (line: string) => lines.push(line) } }
    app = await buildApp({ config, db: current().db, logger })
    await app.ready()
  })
  afterAll(() => app?.close())

  it('carry no e-mail address, password or identity number', async () => {
    const email = 'admin@demo-kommune.test'
    const cpr = '0102031234'
    const browser = new TestBrowser(app)
    await browser.get('/login')
    const refused = await browser.post('/login', { email, password: 'Wrong-Pa55word-xyz' })
    expect(refused.statusCode).toBe(401)
    const accepted = await browser.signIn(email, DEMO_PASSWORD)
    expect(accepted.statusCode).toBe(303)
    await browser.get(`/demo-kommune/search?cpr=${cpr}&q=010203-1234`)
    await browser.get(`/demo-kommune/${cpr}`)
    await app.inject({ method: 'GET', url: `/api/v1/me?email=${encodeURIComponent(email)}` })
    await app.inject({
      method: 'POST',
      url: '/api/v1/inquiries',
      payload: { email, message: `Mit CPR-nummer er 010203-1234 og ${cpr}` },
    })
    // Private links: whoever holds one may use it.
    const linkSecret = 'd2VsbC1rZXB0LXNlY3JldC1saW5r'
    const privateLinks = ['inquiries/s', 'services/s', 'services/drafts', 'link', 'appeal', 'unsubscribe']
    for (const link of privateLinks) await app.inject(`/demo-kommune/${link}/${linkSecret}/receipt`)
    await app.inject(`/invite/${linkSecret}`)

    const log = lines.join('')
    expect(lines.length).toBeGreaterThan(5)
    // The requests were logged, with the personal data scrubbed out.
    expect(log).toContain('[id-number]')
    expect(log).toContain('/demo-kommune/inquiries/s/[secret]/receipt')
    for (const secret of [
      email,
      'admin@',
      'Wrong-Pa55word-xyz',
      DEMO_PASSWORD,
      cpr,
      '010203-1234',
      '0102031234',
      linkSecret,
    ]) {
      expect(log, `the log shows ${secret}`).not.toContain(secret)
    }
  })
})
