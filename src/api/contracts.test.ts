/**
 * The published contract: /api/openapi.json is a valid OpenAPI 3.1 document, /api/docs renders it for
 * people, and every API error is RFC 9457 problem details with translated titles and field errors.
 */
import { Validator } from '@seriousme/openapi-schema-validator'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { seedDemo } from '../demo/seed.ts'
import { translator } from '../i18n/index.ts'
import { forEachDialect } from '../testing/db.ts'
import { buildApp } from '../web/app.ts'

interface OpenApi {
  openapi: string
  paths: Record<string, Record<string, { requestBody?: unknown }>>
}

forEachDialect('API contract', (current) => {
  let app: FastifyInstance

  beforeAll(async () => {
    await seedDemo(current().db)
    const config = loadConfig({
      RADHUS_DATA_DIR: '/tmp/radhus-test-data',
      RADHUS_SECRET: 'test-secret-test-secret-test-secret-42',
      BASE_URL: 'http://localhost:3000',
      RATE_LIMITS: 'off',
    })
    app = await buildApp({ config, db: current().db, logger: false })
    // A route of our own, so the error format is proven whatever feature routes exist.
    app.post(
      '/api/v1/contract-probe',
      {
        schema: {
          hide: true,
          body: Type.Object({ name: Type.String({ minLength: 2 }), age: Type.Integer({ minimum: 0 }) }),
        },
      },
      async () => ({ ok: true }),
    )
    await app.ready()
  })
  afterAll(() => app?.close())

  it('serves a valid OpenAPI 3.1 document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/json')
    const doc = res.json() as OpenApi
    expect(doc.openapi).toBe('3.1.0')
    const result = await new Validator().validate(doc as never)
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([])
    expect(result.valid).toBe(true)
    expect(doc.paths['/healthz']).toBeDefined()
    // Pages are not part of the contract.
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/v') && p !== '/healthz')).toEqual([])
  })

  for (const [language, header] of [
    ['da', 'da'],
    ['sv', 'sv-SE,sv;q=0.9'],
    ['en', 'en-GB'],
  ] as const) {
    it(`renders /api/docs for people in ${language}`, async () => {
      const res = await app.inject({ method: 'GET', url: '/api/docs', headers: { 'accept-language': header } })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toContain('text/html')
      expect(res.body).toContain(`<html lang="${language}"`)
      expect(res.body).toContain('href="/api/openapi.json"')
      const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApi
      for (const path of Object.keys(doc.paths)) expect(res.body).toContain(path)
    })
  }

  it('answers bad input with problem details naming each field, translated', async () => {
    for (const language of ['da', 'sv', 'en'] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/contract-probe',
        payload: { name: 'x', age: -1 },
        headers: { 'accept-language': language },
      })
      expect(res.statusCode).toBe(400)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      const problem = res.json()
      expect(problem).toMatchObject({ status: 400, title: translator(language)('web.error.bad_request') })
      expect(problem.type).toMatch(/^(urn:|https?:)/)
      const fields = (problem.errors as { field: string; detail: string }[]).map((e) => e.field).sort()
      expect(fields).toEqual(['age', 'name'])
      for (const e of problem.errors) expect(e.detail).toEqual(expect.any(String))
    }
  })

  it('answers unknown API paths, missing tokens and broken JSON with problem details', async () => {
    const cases = [
      { method: 'GET' as const, url: '/api/v1/no-such-thing', status: 404 },
      { method: 'GET' as const, url: '/api/v1/me', status: 401 },
      { method: 'GET' as const, url: '/api/v1/me', status: 401, headers: { authorization: 'Bearer rdh_nonsense' } },
      {
        method: 'POST' as const,
        url: '/api/v1/contract-probe',
        status: 400,
        payload: '{"name": ',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST' as const,
        url: '/api/v1/contract-probe',
        status: 415,
        payload: 'a=b',
        headers: { 'content-type': 'text/x-unknown' },
      },
    ]
    for (const { status, ...request } of cases) {
      const res = await app.inject(request)
      expect(res.statusCode, `${request.method} ${request.url}`).toBe(status)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(res.json()).toMatchObject({ status, type: expect.any(String), title: expect.any(String) })
      expect(res.body).not.toMatch(/\bat .+:\d+:\d+/)
    }
  })

  it('answers every published operation given an empty body with JSON, never a 5xx', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApi
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000')
        const res = await app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          ...(method === 'get' ? {} : { payload: {} }),
        })
        expect(res.statusCode, `${method} ${path}`).toBeLessThan(500)
        if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      }
    }
  })
})
