/** Staff sign-in and sign-out, the municipality chooser, and each municipality's staff front page. */
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { viewContext } from '../web/context.ts'
import { type FieldErrors, fieldErrorsFromSchema, type SchemaIssue } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { safeNextPath } from '../web/urls.ts'
import { SESSION_COOKIE } from './authenticate.ts'
import { LoginBody, LoginQuery } from './schemas.ts'
import * as service from './service.ts'
import { LoginPage } from './views/LoginPage.tsx'
import { StaffChooserPage, StaffHomePage } from './views/StaffPages.tsx'

export async function identityRoutes(app: FastifyInstance): Promise<void> {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: app.config.baseUrl.startsWith('https://'),
    maxAge: service.SESSION_HOURS * 3600,
  }

  const renderLogin = (
    req: Parameters<typeof viewContext>[0],
    reply: FastifyReply,
    values: { email?: string; next?: string },
    errors?: FieldErrors,
    status = 200,
  ) => html(reply, <LoginPage ctx={viewContext(req, reply)} values={values} errors={errors} />, status)

  app.get<{ Querystring: Static<typeof LoginQuery> }>(
    '/login',
    { schema: { querystring: LoginQuery, hide: true } },
    async (req, reply) => renderLogin(req, reply, { next: safeNextPath(req.query.next, '/staff') }),
  )

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/login',
    {
      schema: { body: LoginBody, hide: true },
      attachValidation: true,
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const body = (req.body ?? {}) as Partial<Static<typeof LoginBody>>
      const values = { email: body.email ?? '', next: safeNextPath(body.next, '/staff') }
      if (req.validationError) {
        const issues = (req.validationError as { validation?: SchemaIssue[] }).validation ?? []
        return renderLogin(req, reply, values, fieldErrorsFromSchema(issues), 400)
      }
      const result = await service.signIn(app.db, body.email ?? '', body.password ?? '', req.ip)
      if (!result) {
        return renderLogin(req, reply, values, { email: { key: 'identity.login.failed' } }, 401)
      }
      reply.setCookie(SESSION_COOKIE, result.sessionSecret, cookieOptions)
      return reply.redirect(values.next, 303)
    },
  )

  app.post('/logout', async (req, reply) => {
    if (req.staff?.sessionId) await service.signOut(app.db, req.staff.sessionId)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.redirect('/', 303)
  })

  app.get('/staff', async (req, reply) => {
    if (!req.staff) return reply.redirect('/login?next=%2Fstaff', 303)
    const municipalities = uniqueBy(req.staff.memberships, (m) => m.municipalityId)
    if (municipalities.length === 1 && municipalities[0]) return reply.redirect(`/${municipalities[0].slug}/staff`, 303)
    return html(reply, <StaffChooserPage ctx={viewContext(req, reply)} municipalities={municipalities} />)
  })

  app.get('/:m/staff', { config: { policy: 'staff.home' } }, async (req, reply) =>
    html(reply, <StaffHomePage ctx={viewContext(req, reply)} />),
  )
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)))
}
