import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb } from '../db/index.ts'
import { seedDemo } from '../demo/seed.ts'
import { buildTestApp } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { VERSION } from '../version.ts'

forEachDialect('GET /healthz', (current) => {
  it('answers 200 with the database kind and version', async () => {
    const app = await buildTestApp(current().db)
    const res = await app.inject({ method: 'GET', url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/json')
    expect(res.json()).toEqual({ status: 'ok', database: current().db.dialectName, version: VERSION })
    await app.close()
  })

  describe('when the database is gone', () => {
    // A second connection to the same database, closed under the running app.
    const lost = () => openDb(current().url, current().schema ? { schema: current().schema } : {})
    let app: Awaited<ReturnType<typeof buildTestApp>>
    let db: ReturnType<typeof lost>

    beforeAll(async () => {
      db = lost()
      await seedDemo(db)
      app = await buildTestApp(db)
      await db.destroy()
    })
    afterAll(() => app?.close())

    it('answers 503 with a reason, and no stack', async () => {
      const res = await app.inject({ method: 'GET', url: '/healthz' })
      expect(res.statusCode).toBe(503)
      const body = res.json()
      expect(body).toMatchObject({ status: 'unavailable', database: current().db.dialectName, version: VERSION })
      expect(body.reason).toEqual(expect.stringMatching(/\w+/))
      expect(res.body).not.toMatch(/\bat .+:\d+:\d+/)
    })

    it('turns a page that needs the database into a 500 page with the request id, no stack', async () => {
      const res = await app.inject({ method: 'GET', url: '/demo-kommune', headers: { 'accept-language': 'en' } })
      expect(res.statusCode).toBe(500)
      expect(res.headers['content-type']).toContain('text/html')
      expect(res.body).not.toMatch(/\bat .+:\d+:\d+/)
      expect(res.body).not.toMatch(/database connection is not open|Cannot use a pool after calling end/)
    })
  })
})
