/** The invitee's side of an invitation: open the link, choose a password, and be signed in. */
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { viewContext } from '../web/context.ts'
import { html } from '../web/reply.ts'
import { SESSION_COOKIE } from './authenticate.ts'
import { formErrors, schemaErrors } from './forms.ts'
import { AcceptInvitationBody, InvitationParams } from './schemas.ts'
import * as service from './service.ts'
import { sessionCookieOptions } from './sessions.ts'
import { AcceptInvitationPage } from './views/AcceptInvitationPage.tsx'

export async function invitationRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: Static<typeof InvitationParams> }>(
    '/invite/:token',
    { schema: { params: InvitationParams, hide: true } },
    async (req, reply) => {
      const invitee = await service.findInvitation(app.db, req.params.token)
      // The link is a secret: keep it out of caches and out of the Referer of any link followed from here.
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
      return html(
        reply,
        <AcceptInvitationPage ctx={viewContext(req, reply)} token={req.params.token} invitee={invitee} />,
      )
    },
  )

  app.post<{ Params: Static<typeof InvitationParams>; Body: Static<typeof AcceptInvitationBody> }>(
    '/invite/:token',
    {
      schema: { params: InvitationParams, body: AcceptInvitationBody, hide: true },
      attachValidation: true,
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { token } = req.params
      const invitee = await service.findInvitation(app.db, token)
      const body = (req.body ?? {}) as Partial<Static<typeof AcceptInvitationBody>>
      let refused = { errors: schemaErrors(req), status: 400 }
      if (!refused.errors) {
        try {
          const accepted = await service.acceptInvitation(app.db, token, body.password ?? '', body.confirm ?? '')
          reply.setCookie(SESSION_COOKIE, accepted.sessionSecret, sessionCookieOptions(app.config.baseUrl))
          return reply.redirect(`/${accepted.municipalitySlug}/staff`, 303)
        } catch (error) {
          refused = formErrors(error, 'password')
        }
      }
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
      const page = (
        <AcceptInvitationPage ctx={viewContext(req, reply)} token={token} invitee={invitee} errors={refused.errors} />
      )
      return html(reply, page, refused.status)
    },
  )
}
