import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { seededApp, TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { findNulByte } from './request-context.ts'

it('names the field that holds a NUL byte, however deep', () => {
  expect(findNulByte({ a: ['x', { b: 'y\u0000' }] })).toBe('a.1.b')
  expect(findNulByte({ message: 'a\u0000b' })).toBe('message')
  expect(findNulByte({ 'k\u0000': 1 })).toBe('_')
  expect(findNulByte({ a: 'æøå', n: 1, z: null })).toBeUndefined()
})

forEachDialect('request context', (current) => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await seededApp(current().db)
  })
  afterAll(() => app.close())

  it('answers a malformed municipality slug with 404 without asking the database', async () => {
    for (const url of ['/%00/staff/users', '/DEMO-KOMMUNE', '/%E2%80%8B/contact', `/${'a'.repeat(90)}`]) {
      expect((await app.inject(url)).statusCode, url).toBe(404)
    }
  })

  it('refuses a NUL byte in a form field with 400, not a database error', async () => {
    const browser = new TestBrowser(app)
    await browser.get('/login')
    const res = await browser.post('/login', { email: 'admin\u0000@demo-kommune.test', password: 'x' })
    expect(res.statusCode).toBe(400)
    const api = await app.inject({ url: '/login?next=%00', headers: { accept: 'application/json' } })
    expect(api.statusCode).toBe(400)
  })
})

forEachDialect('not-found pages', (current) => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await seededApp(current().db)
  })
  afterAll(() => app.close())

  it('speak the language of the municipality whose address was mistyped', async () => {
    const res = await app.inject('/demo-kommun/no/such/page')
    expect(res.statusCode).toBe(404)
    expect(res.body).toContain('<html lang="sv"')
    expect(res.body).toContain('Vi kunde inte hitta sidan du sökte.')
    expect(res.body).toContain('href="/demo-kommun/about/accessibility"')
  })
})

forEachDialect('malformed multipart bodies', (current) => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await seededApp(current().db)
  })
  afterAll(() => app.close())

  it('are a 400, whichever route receives them', async () => {
    const payload = '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello'
    for (const url of ['/api/v1/inquiries', '/demo-kommune/contact']) {
      const headers = { 'content-type': 'multipart/form-data; boundary=xyz' }
      expect((await app.inject({ method: 'POST', url, headers, payload })).statusCode, url).toBe(400)
    }
  })
})

forEachDialect('language switch', (current) => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await seededApp(current().db)
  })
  afterAll(() => app.close())

  it('remembers the chosen language with one cookie, and the next page uses it', async () => {
    const res = await app.inject('/demo-kommune?lang=sv')
    const languageCookies = res.cookies.filter((c) => c.name === 'radhus_lang')
    expect(languageCookies).toEqual([expect.objectContaining({ value: 'sv', httpOnly: true })])
    const next = await app.inject({ url: '/demo-kommune', headers: { cookie: 'radhus_lang=sv' } })
    expect(next.body).toContain('<html lang="sv"')
  })
})
