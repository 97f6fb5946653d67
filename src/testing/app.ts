/** An app over a test database, with the demo municipalities seeded, and helpers to act as staff through HTTP. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { loadConfig } from '../config.ts'
import type { Db } from '../db/index.ts'
import type { Role } from '../db/schema.ts'
import { DEMO_MUNICIPALITIES, DEMO_PASSWORD, demoEmail } from '../demo/data.ts'
import { seedDemo } from '../demo/seed.ts'
import { buildApp } from '../web/app.ts'

export const DK = DEMO_MUNICIPALITIES[0] as (typeof DEMO_MUNICIPALITIES)[number]
export const SE = DEMO_MUNICIPALITIES[1] as (typeof DEMO_MUNICIPALITIES)[number]

export async function buildTestApp(db: Db, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({
    RADHUS_DATA_DIR: process.env.RADHUS_TEST_DATA_DIR ?? '/tmp/radhus-test-data',
    RADHUS_SECRET: 'test-secret-test-secret-test-secret-42',
    BASE_URL: 'http://localhost:3000',
    ...env,
  })
  const app = await buildApp({ config, db, logger: false })
  await app.ready()
  return app
}

/** A test app with the demo data in place. */
export async function seededApp(db: Db, env: Record<string, string> = {}): Promise<FastifyInstance> {
  await seedDemo(db)
  return buildTestApp(db, env)
}

/** Cookies from a response, as a Cookie header value merged over earlier ones. */
export function mergeCookies(previous: string, response: LightMyRequestResponse): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((c) => c.split('=', 2) as [string, string]),
  )
  for (const c of response.cookies) jar.set(c.name, c.value)
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
}

export const csrfTokenIn = (html: string): string => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? ''

/** A browser-like client: keeps cookies and finds the CSRF token of the last page it read. */
export class TestBrowser {
  cookies = ''
  csrf = ''
  constructor(readonly app: FastifyInstance) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookies, ...headers } })
    this.cookies = mergeCookies(this.cookies, res)
    const token = csrfTokenIn(res.body)
    if (token) this.csrf = token
    return res
  }

  /** POST a form with the current CSRF token (fetch a page first). */
  async post(url: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries({ _csrf: this.csrf, ...form })) {
      for (const value of Array.isArray(v) ? v : [v]) body.append(k, value)
    }
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { cookie: this.cookies, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    })
    this.cookies = mergeCookies(this.cookies, res)
    return res
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/login')
    return this.post('/login', { email, password, next: '/staff' })
  }
}

/** A browser signed in as the demo user holding `role` in the demo municipality. */
export async function signedInAs(app: FastifyInstance, role: Role, municipality = DK): Promise<TestBrowser> {
  const browser = new TestBrowser(app)
  const res = await browser.signIn(demoEmail(municipality, role))
  if (res.statusCode !== 303) throw new Error(`sign-in as ${role} failed with ${res.statusCode}`)
  return browser
}
