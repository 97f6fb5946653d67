/**
 * HTTP routes of citizens: ask for a sign-in link, confirm a one-time link (a GET only shows a button,
 * so a mail scanner that opens the link does not use it up), the citizen's own page and sign-out, and the
 * unsubscribe link in every follower's e-mail (`subscriptions.ts`).
 */
import fastifyMultipart from '@fastify/multipart'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { MunicipalityRow } from '../db/schema.ts'
import { viewContext } from '../web/context.ts'
import { AppError, NotFound } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { isOneClickUnsubscribe } from '../web/request-context.ts'
import { safeNextPath } from '../web/urls.ts'
import * as service from './service.ts'
import * as subscriptions from './subscriptions.ts'
import { LinkPage, LinkProblemPage, LinkSentPage, MePage, SignInPage, UnsubscribePage } from './views/CitizenPages.tsx'

/** Sign-in links per address and minute: enough for a typo or two, too few to flood someone's mailbox. */
const SIGN_IN_RATE_LIMIT = { max: 5, timeWindow: '1 minute' }

const Params = Type.Object({ m: Type.String({ maxLength: 64 }) })
const LinkParams = Type.Object({
  m: Type.String({ maxLength: 64 }),
  token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
})
/**
 * Unsubscribes per address and minute. The link itself is the credential (unguessable), so this only bounds load;
 * it is generous because a mail provider's one-click requests for many of its users come from few addresses.
 */
const UNSUBSCRIBE_RATE_LIMIT = { max: 120, timeWindow: '1 minute' }
const UnsubscribeParams = Type.Object({
  m: Type.String({ maxLength: 64 }),
  token: Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_.-]+$' }),
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

  await app.register(unsubscribeRoutes)

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

/**
 * `/{m}/unsubscribe/{token}`: a GET shows what the link stops and a button (mail scanners open links); a POST stops
 * it, from that button (with the CSRF token) or from a mail program's one-click request (RFC 8058, no cookies).
 * Mail programs may send the request as multipart/form-data, so this scope parses that too (fields only).
 */
async function unsubscribeRoutes(app: FastifyInstance): Promise<void> {
  subscriptions.configureUnsubscribeLinks(app.config.secret)
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { files: 0, fields: 5, fieldSize: 200, parts: 5 },
  })
  const noStore = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')

  app.get<{ Params: { m: string; token: string } }>(
    '/:m/unsubscribe/:token',
    { schema: { params: UnsubscribeParams, hide: true } },
    async (req, reply) => {
      const m = municipalityOf(req)
      noStore(reply)
      const ctx = viewContext(req, reply)
      try {
        const found = await subscriptions.inspectUnsubscribe(app.db, m, req.params.token, req.lang)
        const action = req.url.split('?')[0] as string
        return html(
          reply,
          <UnsubscribePage ctx={ctx} state={found.active ? 'ask' : 'done'} title={found.title} action={action} />,
        )
      } catch (error) {
        if (!(error instanceof AppError)) throw error
        return html(reply, <UnsubscribePage ctx={ctx} state="unknown" />, error.status)
      }
    },
  )

  app.post<{ Params: { m: string; token: string } }>(
    '/:m/unsubscribe/:token',
    {
      schema: { params: UnsubscribeParams, hide: true },
      config: { rateLimit: UNSUBSCRIBE_RATE_LIMIT, oneClickUnsubscribe: true },
    },
    async (req, reply) => {
      const m = municipalityOf(req)
      noStore(reply)
      if (isOneClickUnsubscribe(req.body)) {
        // The mail program wants a status, not a page; an unknown link is still a 404 (the error handler answers).
        await subscriptions.unsubscribe(app.db, m, req.params.token, req.lang)
        return reply.code(200).type('text/plain; charset=utf-8').send('Unsubscribed')
      }
      const ctx = viewContext(req, reply)
      try {
        const stopped = await subscriptions.unsubscribe(app.db, m, req.params.token, req.lang)
        return html(reply, <UnsubscribePage ctx={ctx} state="done" title={stopped.title} />)
      } catch (error) {
        if (!(error instanceof AppError)) throw error
        return html(reply, <UnsubscribePage ctx={ctx} state="unknown" />, error.status)
      }
    },
  )
}
