/**
 * Fuzzing every route the app registers (found with `onRoute`, so new features are covered without
 * listing them): random bodies of every shape and content type, random queries, garbage language,
 * cookie and authorization headers, signed in or not. Whatever comes in, the answer is never a 5xx
 * and never shows a stack trace. Seeded and bounded, so a failure replays exactly.
 */
import diagnostics from 'node:diagnostics_channel'
import fc from 'fast-check'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { seededApp, signedInAs } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'

const SEED = Number(process.env.FUZZ_SEED ?? 20_251_123)
const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const STACK = /\bat .+:\d+:\d+|node:internal|node_modules/

interface Route {
  method: string
  url: string
}

/** Build the app while listening for every route it registers, including ones added after this file. */
async function buildRecordingRoutes(build: () => Promise<FastifyInstance>): Promise<[FastifyInstance, Route[]]> {
  const routes: Route[] = []
  const listen = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance }
    fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: route.url })
      }
    })
  }
  diagnostics.subscribe('fastify.initialization', listen)
  try {
    return [await build(), routes]
  } finally {
    diagnostics.unsubscribe('fastify.initialization', listen)
  }
}

const garbage = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '%', '%%%', '../../etc/passwd', '<script>alert(1)</script>', "' or 1=1 --", '🏛️'),
)

const pathValue = fc.oneof(
  fc.constantFrom('demo-kommune', 'demo-kommun', '00000000-0000-4000-8000-000000000000', 'accessibility', 'x'),
  garbage.map((s) => encodeURIComponent(s) || 'x'),
)

function concrete(url: string): fc.Arbitrary<string> {
  const params = url.match(/:\w+|\*/g) ?? []
  return fc.tuple(...params.map(() => pathValue)).map((values) => {
    let i = 0
    return url.replace(/:\w+|\*/g, () => values[i++] ?? 'x')
  })
}

const query = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('lang', 'page', 'next', 'subject', 'q', 'done', 'm'), fc.string({ maxLength: 8 })),
      garbage,
    ),
    { maxLength: 4 },
  )
  .map((pairs) => {
    const params = new URLSearchParams()
    for (const [k, v] of pairs) params.append(k, v)
    const text = params.toString()
    return text ? `?${text}` : ''
  })

const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=xyz',
  'application/json; charset=utf-16',
  'application/problem+json',
]

/** A huge body is described by its size, and only made when sent, so a failure report stays readable. */
type Body = { payload?: string | Buffer; hugeSize?: number; contentType?: string; withCsrf?: boolean }

const body: fc.Arbitrary<Body> = fc.oneof(
  fc.constant({}),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ payload: JSON.stringify(v), contentType: 'application/json' })),
  fc
    .record({
      fields: fc.dictionary(
        fc.oneof(
          fc.constantFrom('email', 'password', 'name', 'roles', 'body', 'next', 'message'),
          fc.string({ maxLength: 8 }),
        ),
        garbage,
        { maxKeys: 5 },
      ),
      withCsrf: fc.boolean(),
    })
    .map(({ fields, withCsrf }) => ({
      payload: new URLSearchParams(fields).toString(),
      contentType: 'application/x-www-form-urlencoded',
      withCsrf,
    })),
  fc
    .tuple(fc.uint8Array({ maxLength: 200 }), fc.oneof(fc.constantFrom(...CONTENT_TYPES), garbage))
    .map(([bytes, contentType]) => ({ payload: Buffer.from(bytes), contentType })),
  fc
    .tuple(fc.constantFrom(...CONTENT_TYPES), fc.integer({ min: 10_000, max: 1_200_000 }))
    .map(([contentType, hugeSize]) => ({ hugeSize, contentType })),
)

const headers = fc.record(
  {
    'accept-language': fc.oneof(fc.constantFrom('da', 'sv-SE', 'en;q=0.1, *;q=0', '*', 'xx-YY;q=2'), garbage),
    cookie: fc.oneof(
      fc.constantFrom('radhus_session=abc', 'radhus_lang=xx', '=;;=', 'radhus_session=s%3Aforged.sig'),
      garbage,
    ),
    authorization: fc.oneof(
      fc.constantFrom('Bearer ', 'Bearer rdh_x', 'Basic Zm9vOmJhcg==', `Bearer ${'x'.repeat(5000)}`),
      garbage,
    ),
    accept: fc.constantFrom('application/json', 'text/html', '*/*', 'application/problem+json'),
  },
  { requiredKeys: [] },
)

forEachDialect('fuzz every route', (current) => {
  let app: FastifyInstance
  let routes: Route[]
  let session: { cookies: string; csrf: string }

  beforeAll(async () => {
    ;[app, routes] = await buildRecordingRoutes(() => seededApp(current().db, { RATE_LIMITS: 'off' }))
    const admin = await signedInAs(app, 'admin')
    await admin.get('/demo-kommune/staff')
    session = { cookies: admin.cookies, csrf: admin.csrf }
  })
  afterAll(() => app?.close())

  it('found the routes of every feature', () => {
    expect(routes.length).toBeGreaterThan(10)
    expect(routes).toContainEqual({ method: 'POST', url: '/login' })
    expect(routes).toContainEqual({ method: 'GET', url: '/healthz' })
  })

  it('never answers 5xx nor shows a stack trace', async () => {
    // Signing out would end the shared session for the runs after it.
    const fuzzable = routes.filter((r) => r.url !== '/logout')
    const request = fc.constantFrom(...fuzzable).chain((route) =>
      fc.record({
        method: fc.constant(route.method),
        path: concrete(route.url),
        query,
        body,
        headers,
        signedIn: fc.boolean(),
      }),
    )
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, query, body, headers, signedIn }) => {
        const all: Record<string, string> = { ...headers }
        if (body.contentType) all['content-type'] = body.contentType
        if (signedIn) all.cookie = session.cookies
        let payload = body.hugeSize ? 'a'.repeat(body.hugeSize) : body.payload
        if (signedIn && body.withCsrf && typeof payload === 'string') payload = `_csrf=${session.csrf}&${payload}`
        const options: InjectOptions = { method: method as 'GET', url: `${path}${query}`, headers: all }
        if (payload !== undefined && method !== 'GET') options.payload = payload
        const res = await app.inject(options)
        if (res.statusCode >= 500 || STACK.test(res.body)) {
          throw new Error(
            `${method} ${path}${query} (${all['content-type'] ?? 'no body'}) answered ${res.statusCode}: ${res.body.slice(0, 300)}`,
          )
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
  }, 120_000)
})
