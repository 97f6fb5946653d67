/**
 * Staff sign-in and sign-out, the municipality chooser, and each municipality's staff front page; and,
 * registered from here, staff administration, profiles with API tokens, and invitations.
 */
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { viewContext } from '../web/context.ts'
import { AppError, type FieldErrors, fieldErrorsFromSchema, type SchemaIssue } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { safeNextPath } from '../web/urls.ts'
import { staffAdminRoutes } from './admin-routes.tsx'
import { SESSION_COOKIE } from './authenticate.ts'
import { invitationRoutes } from './invitation-routes.tsx'
import { profileRoutes } from './profile-routes.tsx'
import { LoginBody, LoginQuery } from './schemas.ts'
import * as service from './service.ts'
import { sessionCookieOptions } from './sessions.ts'
import { LoginPage } from './views/LoginPage.tsx'
import { StaffChooserPage, StaffHomePage } from './views/StaffPages.tsx'

export async function identityRoutes(app: FastifyInstance): Promise<void> {
  const cookieOptions = sessionCookieOptions(app.config.baseUrl)

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
      let result: Awaited<ReturnType<typeof service.signIn>>
      try {
        result = await service.signIn(app.db, body.email ?? '', body.password ?? '', req.ip)
      } catch (error) {
        // Throttled: say so on the form itself, keeping what was typed, rather than on an error page.
        if (!(error instanceof AppError) || error.status !== 429) throw error
        reply.header('retry-after', String(service.FAILURE_WINDOW_MINUTES * 60))
        return renderLogin(req, reply, values, { email: { key: error.code, vars: error.vars ?? {} } }, 429)
      }
      if (!result) {
        return renderLogin(req, reply, values, { email: { key: 'identity.login.failed' } }, 401)
      }
      reply.setCookie(SESSION_COOKIE, result.sessionSecret, cookieOptions)
      return reply.redirect(values.next, 303)
    },
  )

  app.post('/logout', async (req, reply) => {
    if (req.staff?.sessionId) await service.signOut(app.db, req.staff.sessionId)
    reply.clearCookie(SESSION_COOKIE, cookieOptions)
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

  await staffAdminRoutes(app)
  await profileRoutes(app)
  await invitationRoutes(app)
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)))
}
