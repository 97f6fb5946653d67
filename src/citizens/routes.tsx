/**
 * HTTP routes of citizens: ask for a sign-in link, confirm a one-time link (a GET only shows a button,
 * so a mail scanner that opens the link does not use it up), the citizen's own page and sign-out.
 */
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { MunicipalityRow } from '../db/schema.ts'
import { viewContext } from '../web/context.ts'
import { AppError, NotFound } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { safeNextPath } from '../web/urls.ts'
import * as service from './service.ts'
import { LinkPage, LinkProblemPage, LinkSentPage, MePage, SignInPage } from './views/CitizenPages.tsx'

/** Sign-in links per address and minute: enough for a typo or two, too few to flood someone's mailbox. */
const SIGN_IN_RATE_LIMIT = { max: 5, timeWindow: '1 minute' }

const Params = Type.Object({ m: Type.String({ maxLength: 64 }) })
const LinkParams = Type.Object({
  m: Type.String({ maxLength: 64 }),
  token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
})
const SignInBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
})

function municipalityOf(req: FastifyRequest): MunicipalityRow {
  if (!req.municipality) throw NotFound()
  return req.municipality
}

const text = (value: unknown) => (typeof value === 'string' ? value : '')

export async function citizensRoutes(app: FastifyInstance): Promise<void> {
  const home = (slug: string) => `/${slug}/me`

  app.get<{ Querystring: { next?: string } }>(
    '/:m/sign-in',
    { schema: { params: Params, hide: true } },
    async (req, reply) => {
      const m = municipalityOf(req)
      const next = safeNextPath(req.query.next, home(m.slug))
      return html(reply, <SignInPage ctx={viewContext(req, reply)} values={{ email: '', next }} />)
    },
  )

  app.post(
    '/:m/sign-in',
    {
      schema: { params: Params, body: SignInBody, hide: true },
      attachValidation: true,
      config: { rateLimit: SIGN_IN_RATE_LIMIT },
    },
    async (req, reply) => {
      const m = municipalityOf(req)
      const body = (req.body ?? {}) as Record<string, unknown>
      const values = { email: text(body.email), next: safeNextPath(body.next, home(m.slug)) }
      const errors = service.checkCitizenInput({ name: 'x', email: values.email })
      if (Object.keys(errors).length || req.validationError)
        return html(
          reply,
          <SignInPage
            ctx={viewContext(req, reply)}
            values={values}
            errors={{ email: { key: 'web.validation.email' } }}
          />,
          400,
        )
      await service.requestSignInLink(
        app.db,
        { municipality: m, baseUrl: app.config.baseUrl, mailDomain: app.config.mailDomain },
        { email: values.email, nextPath: values.next, language: req.lang },
      )
      return html(reply, <LinkSentPage ctx={viewContext(req, reply)} minutes={service.SIGN_IN_LINK_MINUTES} />)
    },
  )

  app.get<{ Params: { m: string; token: string } }>(
    '/:m/link/:token',
    { schema: { params: LinkParams, hide: true } },
    async (req, reply) => {
      const m = municipalityOf(req)
      reply.header('cache-control', 'no-store')
      reply.header('referrer-policy', 'no-referrer')
      try {
        await service.inspectLink(app.db, m.id, req.params.token)
      } catch (error) {
        if (!(error instanceof AppError)) throw error
        return html(reply, <LinkProblemPage ctx={viewContext(req, reply)} message={error.code} />, error.status)
      }
      return html(reply, <LinkPage ctx={viewContext(req, reply)} action={req.url.split('?')[0] as string} />)
    },
  )

  app.post<{ Params: { m: string; token: string } }>(
    '/:m/link/:token',
    { schema: { params: LinkParams, hide: true } },
    async (req, reply) => {
      const m = municipalityOf(req)
      const used = await service.verifyLink(app.db, m, req.params.token)
      service.startCitizenSession(reply, app.config.baseUrl, used.sessionSecret)
      return reply.redirect(safeNextPath(used.nextPath, home(m.slug)), 303)
    },
  )

  app.get('/:m/me', { schema: { params: Params, hide: true } }, async (req, reply) => {
    const m = municipalityOf(req)
    const citizen = await service.currentCitizen(req)
    if (!citizen) return reply.redirect(service.signInPath(m.slug, home(m.slug)), 303)
    const ctx = viewContext(req, reply)
    const sections = await Promise.all(service.citizenSections().map((section) => section(app.db, citizen, ctx)))
    reply.header('cache-control', 'no-store')
    return html(reply, <MePage ctx={ctx} name={citizen.display_name} sections={sections} />)
  })

  app.post('/:m/sign-out', { schema: { params: Params, hide: true } }, async (req, reply) => {
    const m = municipalityOf(req)
    await service.signOutCitizen(req, reply)
    return reply.redirect(`/${m.slug}/questions`, 303)
  })
}
