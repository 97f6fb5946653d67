/** The administrators' canned answers: list, create, edit, delete (policy `canned.manage`), each journaled. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { municipalityOf, userActor } from '../../identity/actor.ts'
import { formErrors, schemaErrors } from '../../identity/forms.ts'
import { viewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { html } from '../../web/reply.ts'
import * as canned from './canned.ts'
import { CannedBody, CannedParams, EmptyBody, FlashQuery, MunicipalityParams } from './schemas.ts'
import { CANNED_DONE, CannedFormPage, CannedListPage, type CannedValues } from './views/CannedPages.tsx'

const config = { policy: 'canned.manage' } as const

const listPath = (slug: string) => `/${slug}/staff/canned-answers`

function valuesOf(body: CannedBody | undefined, fallbackLanguage: string): CannedValues {
  const text = (value: unknown) => (typeof value === 'string' ? value : '')
  return { language: text(body?.language) || fallbackLanguage, title: text(body?.title), body: text(body?.body) }
}

export async function cannedRoutes(app: FastifyInstance): Promise<void> {
  const form = (
    req: FastifyRequest,
    reply: FastifyReply,
    props: { id?: string; values: CannedValues; errors?: FieldErrors | undefined },
    status = 200,
  ) => html(reply, <CannedFormPage ctx={viewContext(req, reply)} {...props} />, status)

  /** Save (create or update); a refusal shows the form again with what was typed. */
  const save = async (req: FastifyRequest<{ Body: CannedBody }>, reply: FastifyReply, id?: string) => {
    const municipality = municipalityOf(req)
    const values = valuesOf(req.body, municipality.default_language)
    const invalid = schemaErrors(req)
    if (invalid) return form(req, reply, { ...(id ? { id } : {}), values, errors: invalid }, 400)
    try {
      if (id) await canned.updateCannedAnswer(app.db, userActor(req), municipality.id, id, values)
      else await canned.createCannedAnswer(app.db, userActor(req), municipality.id, values)
      return reply.redirect(`${listPath(municipality.slug)}?done=${id ? 'updated' : 'created'}`, 303)
    } catch (error) {
      const { errors, status } = formErrors(error, 'body')
      return form(req, reply, { ...(id ? { id } : {}), values, errors }, status)
    }
  }

  app.get<{ Querystring: FlashQuery }>(
    '/:m/staff/canned-answers',
    { schema: { params: MunicipalityParams, querystring: FlashQuery, hide: true }, config },
    async (req, reply) => {
      const answers = await canned.listCannedAnswers(app.db, municipalityOf(req).id)
      const done = CANNED_DONE.find((d) => d === req.query.done)
      return html(reply, <CannedListPage ctx={viewContext(req, reply)} answers={answers} done={done} />)
    },
  )

  app.get(
    '/:m/staff/canned-answers/new',
    { schema: { params: MunicipalityParams, hide: true }, config },
    (req, reply) => form(req, reply, { values: valuesOf(undefined, municipalityOf(req).default_language) }),
  )

  app.post<{ Body: CannedBody }>(
    '/:m/staff/canned-answers/new',
    { schema: { params: MunicipalityParams, body: CannedBody, hide: true }, attachValidation: true, config },
    (req, reply) => save(req, reply),
  )

  app.get<{ Params: CannedParams }>(
    '/:m/staff/canned-answers/:cannedId',
    { schema: { params: CannedParams, hide: true }, config },
    async (req, reply) => {
      const row = await canned.findCannedAnswer(app.db, municipalityOf(req).id, req.params.cannedId)
      return form(req, reply, { id: row.id, values: { language: row.language, title: row.title, body: row.body } })
    },
  )

  app.post<{ Params: CannedParams; Body: CannedBody }>(
    '/:m/staff/canned-answers/:cannedId',
    { schema: { params: CannedParams, body: CannedBody, hide: true }, attachValidation: true, config },
    async (req, reply) => {
      // An unknown id is a 404 before anything typed is judged.
      await canned.findCannedAnswer(app.db, municipalityOf(req).id, req.params.cannedId)
      return save(req, reply, req.params.cannedId)
    },
  )

  app.post<{ Params: CannedParams }>(
    '/:m/staff/canned-answers/:cannedId/delete',
    { schema: { params: CannedParams, body: EmptyBody, hide: true }, config },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      await canned.deleteCannedAnswer(app.db, userActor(req), municipality.id, req.params.cannedId)
      return reply.redirect(`${listPath(municipality.slug)}?done=deleted`, 303)
    },
  )
}
