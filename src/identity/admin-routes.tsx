/** Staff administration for a municipality's administrators (policy `staff.manage`). */
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { viewContext } from '../web/context.ts'
import { html } from '../web/reply.ts'
import { municipalityOf, userActor } from './actor.ts'
import { formErrors, schemaErrors } from './forms.ts'
import { EmptyBody, FlashQuery, InviteBody, MunicipalityParams, RolesBody, UserParams } from './schemas.ts'
import * as service from './service.ts'
import { InvitePage, InviteSentPage, StaffListPage, StaffMemberPage } from './views/StaffUsersPages.tsx'

const config = { policy: 'staff.manage' } as const

export async function staffAdminRoutes(app: FastifyInstance): Promise<void> {
  app.get('/:m/staff/users', { schema: { params: MunicipalityParams, hide: true }, config }, async (req, reply) => {
    const people = await service.listStaff(app.db, municipalityOf(req).id)
    return html(reply, <StaffListPage ctx={viewContext(req, reply)} people={people} />)
  })

  app.get(
    '/:m/staff/users/invite',
    { schema: { params: MunicipalityParams, hide: true }, config },
    async (req, reply) => html(reply, <InvitePage ctx={viewContext(req, reply)} values={{}} />),
  )

  app.post<{ Body: Static<typeof InviteBody> }>(
    '/:m/staff/users/invite',
    { schema: { params: MunicipalityParams, body: InviteBody, hide: true }, attachValidation: true, config },
    async (req, reply) => {
      const body = (req.body ?? {}) as Partial<Static<typeof InviteBody>>
      const values = { name: body.name ?? '', email: body.email ?? '', roles: body.roles ?? [] }
      const form = (errors: Parameters<typeof InvitePage>[0]['errors'], status: number) =>
        html(reply, <InvitePage ctx={viewContext(req, reply)} values={values} errors={errors} />, status)
      const invalid = schemaErrors(req)
      if (invalid) return form(invalid, 400)
      try {
        const result = await service.inviteStaff(app.db, userActor(req), municipalityOf(req).id, values)
        const link = result.token ? `${app.config.baseUrl}/invite/${result.token}` : undefined
        // Never cache a page that carries the only copy of the link.
        reply.header('cache-control', 'no-store')
        return html(
          reply,
          <InviteSentPage
            ctx={viewContext(req, reply)}
            name={result.user.name}
            link={link}
            expiresAt={result.expiresAt}
          />,
          201,
        )
      } catch (error) {
        const refused = formErrors(error, 'email')
        return form(refused.errors, refused.status)
      }
    },
  )

  app.get<{ Params: Static<typeof UserParams>; Querystring: Static<typeof FlashQuery> }>(
    '/:m/staff/users/:userId',
    { schema: { params: UserParams, querystring: FlashQuery, hide: true }, config },
    async (req, reply) => {
      const person = await service.findStaffMember(app.db, municipalityOf(req).id, req.params.userId)
      const ctx = viewContext(req, reply)
      return html(reply, <StaffMemberPage ctx={ctx} person={person} roles={person.roles} saved={!!req.query.done} />)
    },
  )

  app.post<{ Params: Static<typeof UserParams>; Body: Static<typeof RolesBody> }>(
    '/:m/staff/users/:userId/roles',
    { schema: { params: UserParams, body: RolesBody, hide: true }, attachValidation: true, config },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const person = await service.findStaffMember(app.db, municipality.id, req.params.userId)
      const roles = (req.body as Partial<Static<typeof RolesBody>> | undefined)?.roles ?? []
      let refused = { errors: schemaErrors(req), status: 400 }
      if (!refused.errors) {
        try {
          await service.setRoles(app.db, userActor(req), municipality.id, person.id, roles)
          return reply.redirect(`/${municipality.slug}/staff/users/${person.id}?done=roles`, 303)
        } catch (error) {
          refused = formErrors(error, 'roles')
        }
      }
      const ctx = viewContext(req, reply)
      const page = <StaffMemberPage ctx={ctx} person={person} roles={roles} errors={refused.errors} />
      return html(reply, page, refused.status)
    },
  )

  for (const action of ['disable', 'enable'] as const) {
    app.post<{ Params: Static<typeof UserParams> }>(
      `/:m/staff/users/:userId/${action}`,
      { schema: { params: UserParams, body: EmptyBody, hide: true }, config },
      async (req, reply) => {
        const municipality = municipalityOf(req)
        const change = action === 'disable' ? service.disableStaff : service.enableStaff
        try {
          await change(app.db, userActor(req), municipality.id, req.params.userId)
          return reply.redirect(`/${municipality.slug}/staff/users/${req.params.userId}?done=${action}`, 303)
        } catch (error) {
          const { errors, status } = formErrors(error, 'account')
          const person = await service.findStaffMember(app.db, municipality.id, req.params.userId)
          const ctx = viewContext(req, reply)
          return html(reply, <StaffMemberPage ctx={ctx} person={person} roles={person.roles} errors={errors} />, status)
        }
      },
    )
  }
}
