/**
 * The role × route test: every route that names a policy, for every role and for nobody, is allowed or
 * refused exactly as PERMISSIONS says; and no municipality's staff reach another municipality's routes.
 * Routes are found as the app is built, so a new feature's routes are covered without editing this file.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../db/schema.ts'
import { type DemoMunicipality, demoEmail } from '../demo/data.ts'
import { SYSTEM } from '../journal/service.ts'
import { buildTestApp, DK, SE, seededApp, signedInAs, TestBrowser } from '../testing/app.ts'
import { createTestDatabase, forEachDialect } from '../testing/db.ts'
import { allows } from './permissions.ts'
import { concreteUrl, isMunicipalityRoute, type PolicyRoute, withPolicyRoutes } from './route-walker.ts'
import { createApiToken } from './service.ts'
import { journalActions, municipalityIdOf, rolesOf, userIdOf } from './testing.ts'

// Build an app once, before the suites are declared, only to learn its routes.
const { routes: ROUTES, unguarded: UNGUARDED } = await (async () => {
  const scratch = await createTestDatabase('sqlite')
  const { app, ...found } = await withPolicyRoutes(() => buildTestApp(scratch.db))
  await app.close()
  await scratch.cleanup()
  return found
})()

const isApi = (url: string) => url.startsWith('/api/')

/** Send a request as a browser would: its cookies, and a valid CSRF token on unsafe methods. */
function send(app: FastifyInstance, route: PolicyRoute, url: string, browser: TestBrowser) {
  const unsafe = route.method !== 'GET'
  return app.inject({
    method: route.method as 'GET',
    url,
    headers: {
      cookie: browser.cookies,
      ...(unsafe ? { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': browser.csrf } : {}),
    },
    ...(unsafe ? { payload: new URLSearchParams({ _csrf: browser.csrf }).toString() } : {}),
  })
}

function sendWithToken(app: FastifyInstance, route: PolicyRoute, url: string, token: string) {
  const unsafe = route.method !== 'GET'
  return app.inject({
    method: route.method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, ...(unsafe ? { 'content-type': 'application/json' } : {}) },
    ...(unsafe ? { payload: '{}' } : {}),
  })
}

function expectRefusedWithoutSession(route: PolicyRoute, res: LightMyRequestResponse) {
  if (route.method === 'GET' && !isApi(route.url)) {
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toMatch(/^\/login\?next=/)
  } else {
    expect(res.statusCode).toBe(401)
  }
}

function expectDecision(route: PolicyRoute, role: Role, res: LightMyRequestResponse) {
  if (allows(route.policy, [role])) {
    expect([401, 403]).not.toContain(res.statusCode)
    expect(res.statusCode).toBeLessThan(500)
  } else {
    expect(res.statusCode).toBe(403)
  }
}

describe('the route walker', () => {
  it('finds the policy routes of every feature', () => {
    const found = ROUTES.map((r) => `${r.method} ${r.url}`)
    expect(found).toEqual(
      expect.arrayContaining([
        'GET /:m/staff',
        'GET /:m/staff/users',
        'POST /:m/staff/users/:userId/roles',
        'GET /:m/staff/profile',
        'GET /api/v1/me',
        'GET /:m/staff/journal',
        'POST /:m/staff/pages/:kind',
      ]),
    )
  })

  it('finds no staff route without a policy', () => {
    expect(UNGUARDED.filter((url) => url.startsWith('/:m/staff'))).toEqual([])
  })
})

forEachDialect('role × route', (current) => {
  let app: FastifyInstance
  let anonymous: TestBrowser
  const browsers = new Map<string, TestBrowser>()
  const tokens = new Map<Role, string>()
  const key = (m: DemoMunicipality, role: Role) => `${m.slug}/${role}`

  beforeAll(async () => {
    const { db } = current()
    app = await seededApp(db, { RATE_LIMITS: 'off' })
    anonymous = new TestBrowser(app)
    await anonymous.get('/login')
    for (const m of [DK, SE]) {
      for (const role of ROLES) browsers.set(key(m, role), await signedInAs(app, role, m))
    }
    const dkId = await municipalityIdOf(db, DK)
    for (const role of ROLES) {
      const userId = await userIdOf(db, demoEmail(DK, role))
      tokens.set(role, (await createApiToken(db, SYSTEM, dkId, userId, `policy test ${role}`)).secret)
    }
  })
  afterAll(() => app.close())

  const as = (m: DemoMunicipality, role: Role) => browsers.get(key(m, role)) as TestBrowser

  for (const route of ROUTES) {
    const url = concreteUrl(route.url, DK.slug)
    describe(`${route.method} ${route.url} (${route.policy})`, () => {
      it('refuses a caller who is not signed in', async () => {
        expectRefusedWithoutSession(route, await send(app, route, url, anonymous))
      })
      for (const role of ROLES) {
        it(`${allows(route.policy, [role]) ? 'allows' : 'refuses'} ${role}`, async () => {
          const res = isMunicipalityRoute(route)
            ? await send(app, route, url, as(DK, role))
            : await sendWithToken(app, route, url, tokens.get(role) as string)
          expectDecision(route, role, res)
        })
      }
      if (isMunicipalityRoute(route)) {
        it('refuses every role of the other municipality, both ways', async () => {
          for (const role of ROLES) {
            expect((await send(app, route, url, as(SE, role))).statusCode, `SE ${role}`).toBe(403)
            const seUrl = concreteUrl(route.url, SE.slug)
            expect((await send(app, route, seUrl, as(DK, role))).statusCode, `DK ${role}`).toBe(403)
          }
        })
      }
    })
  }

  it("does not let a DK administrator change an SE user's roles through DK's routes", async () => {
    const { db } = current()
    const seEditor = await userIdOf(db, demoEmail(SE, 'editor'))
    const [dkId, seId] = [await municipalityIdOf(db, DK), await municipalityIdOf(db, SE)]
    const admin = as(DK, 'admin')
    await admin.get(`/${DK.slug}/staff/users`)
    const res = await admin.post(`/${DK.slug}/staff/users/${seEditor}/roles`, { roles: ['admin', 'editor'] })
    expect(res.statusCode).toBe(404)
    expect(await rolesOf(db, seId, seEditor)).toEqual(['editor'])
    expect(await rolesOf(db, dkId, seEditor)).toEqual([])
    expect(await journalActions(db, dkId, seEditor)).toEqual([])
    expect(await journalActions(db, seId, seEditor)).not.toContain('identity.roles.changed')
  })
})
