/** Each staff member's own profile and API tokens (policy `profile.manage`), and the API's "who am I". */
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { rolesHere, viewContext } from '../web/context.ts'
import { Unauthorized } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { municipalityOf, userActor } from './actor.ts'
import { formErrors, schemaErrors } from './forms.ts'
import { EmptyBody, FlashQuery, MeResponse, MunicipalityParams, TokenBody, TokenParams } from './schemas.ts'
import * as service from './service.ts'
import { ProfilePage, type ProfilePageProps } from './views/ProfilePage.tsx'

const config = { policy: 'profile.manage' } as const

function staffOf(req: FastifyRequest) {
  if (!req.staff) throw Unauthorized()
  return req.staff
}

export async function profileRoutes(app: FastifyInstance): Promise<void> {
  const page = async (
    req: FastifyRequest,
    reply: FastifyReply,
    props: Omit<ProfilePageProps, 'ctx' | 'tokens'>,
    status = 200,
  ) => {
    const tokens = await service.listApiTokens(app.db, municipalityOf(req).id, staffOf(req).userId)
    return html(reply, <ProfilePage ctx={viewContext(req, reply)} tokens={tokens} {...props} />, status)
  }

  app.get<{ Querystring: Static<typeof FlashQuery> }>(
    '/:m/staff/profile',
    { schema: { params: MunicipalityParams, querystring: FlashQuery, hide: true }, config },
    async (req, reply) => page(req, reply, { revoked: req.query.done === 'revoked' }),
  )

  app.post<{ Body: Static<typeof TokenBody> }>(
    '/:m/staff/profile/tokens',
    { schema: { params: MunicipalityParams, body: TokenBody, hide: true }, attachValidation: true, config },
    async (req, reply) => {
      const name = ((req.body as Partial<Static<typeof TokenBody>> | undefined)?.name ?? '').trim()
      const invalid = schemaErrors(req) ?? (name ? undefined : { name: { key: 'web.validation.required' as const } })
      if (invalid) return page(req, reply, { tokenName: name, errors: invalid }, 400)
      try {
        const { secret } = await service.createApiToken(
          app.db,
          userActor(req),
          municipalityOf(req).id,
          staffOf(req).userId,
          name,
        )
        // The page carries the only copy of the secret.
        reply.header('cache-control', 'no-store')
        return page(req, reply, { tokenName: name, newSecret: secret }, 201)
      } catch (error) {
        const { errors, status } = formErrors(error, 'name')
        return page(req, reply, { tokenName: name, errors }, status)
      }
    },
  )

  app.post<{ Params: Static<typeof TokenParams> }>(
    '/:m/staff/profile/tokens/:tokenId/revoke',
    { schema: { params: TokenParams, body: EmptyBody, hide: true }, config },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      await service.revokeApiToken(app.db, userActor(req), municipality.id, staffOf(req).userId, req.params.tokenId)
      return reply.redirect(`/${municipality.slug}/staff/profile?done=revoked`, 303)
    },
  )

  app.get(
    '/api/v1/me',
    {
      schema: {
        summary: 'Who the API token speaks for',
        description: 'The staff member, the one municipality the token belongs to, and their roles there.',
        tags: ['staff'],
        security: [{ bearer: [] }],
        response: { 200: MeResponse },
      },
      config,
    },
    async (req) => {
      const staff = staffOf(req)
      const municipality = municipalityOf(req)
      return {
        id: staff.userId,
        name: staff.name,
        email: staff.email,
        municipality: { slug: municipality.slug, name: municipality.name },
        roles: rolesHere(req),
      }
    },
  )
}
