/** The administrator's routing rules (`/:m/staff/routing`) and answer deadlines (`/:m/staff/deadlines`). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { municipalityOf, userActor } from '../../identity/actor.ts'
import { formErrors, schemaErrors } from '../../identity/forms.ts'
import { listDepartments } from '../../municipalities/service.ts'
import { viewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { html } from '../../web/reply.ts'
import { listTopics } from '../store.ts'
import { listDeadlines, saveDeadlines } from './deadlines.ts'
import {
  DeadlinesBody,
  EmptyBody,
  ListQuery,
  MoveBody,
  MunicipalityParams,
  RuleBody,
  RuleParams,
  SavedQuery,
} from './schemas.ts'
import * as service from './service.ts'
import { DeadlinesPage } from './views/DeadlinesPage.tsx'
import { type Names, RoutingListPage, RuleFormPage, type RuleValues } from './views/RoutingPages.tsx'

const config = { policy: 'routing.manage' } as const

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

export async function routingRoutes(app: FastifyInstance): Promise<void> {
  const names = async (municipalityId: string): Promise<Names> => ({
    topics: await listTopics(app.db, municipalityId),
    departments: await listDepartments(app.db, municipalityId),
  })
  const listUrl = (req: FastifyRequest) => `/${municipalityOf(req).slug}/staff/routing`

  app.get<{ Querystring: ListQuery }>(
    '/:m/staff/routing',
    { schema: { params: MunicipalityParams, querystring: ListQuery, hide: true }, config },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const rules = await service.listRules(app.db, municipality.id)
      const saved = req.query.saved && rules.some((r) => r.id === req.query.saved) ? req.query.saved : undefined
      const preview = saved ? await service.previewRule(app.db, municipality.id, saved) : undefined
      const page = (
        <RoutingListPage
          ctx={viewContext(req, reply)}
          rules={rules}
          names={await names(municipality.id)}
          preview={preview}
          deleted={req.query.deleted === '1'}
        />
      )
      return html(reply, page)
    },
  )

  const form = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: RuleValues,
    rule?: Awaited<ReturnType<typeof service.findRule>>,
    errors?: FieldErrors,
    status = 200,
  ) => {
    const ctx = viewContext(req, reply)
    const page = (
      <RuleFormPage ctx={ctx} names={await names(municipalityOf(req).id)} values={values} rule={rule} errors={errors} />
    )
    return html(reply, page, status)
  }

  app.get('/:m/staff/routing/new', { schema: { params: MunicipalityParams, hide: true }, config }, (req, reply) =>
    form(req, reply, { topic: '', keywords: '', department: '' }),
  )

  const valuesOf = (body: unknown): RuleValues => {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
    return { topic: text(b.topic), keywords: text(b.keywords), department: text(b.department) }
  }

  /** One flow for create and change: schema errors and service refusals re-render the form with values kept. */
  const save = async (req: FastifyRequest, reply: FastifyReply, id?: string) => {
    const municipality = municipalityOf(req)
    const rule = id ? await service.findRule(app.db, municipality.id, id) : undefined
    const values = valuesOf(req.body)
    const invalid = schemaErrors(req)
    if (invalid) return form(req, reply, values, rule, invalid, 400)
    try {
      const saved = rule
        ? await service.updateRule(app.db, userActor(req), municipality.id, rule.id, values)
        : await service.createRule(app.db, userActor(req), municipality.id, values)
      return reply.redirect(`${listUrl(req)}?saved=${saved.id}#rule-preview`, 303)
    } catch (error) {
      const refused = formErrors(error, 'keywords')
      return form(req, reply, values, rule, refused.errors, refused.status)
    }
  }

  app.post(
    '/:m/staff/routing',
    { schema: { params: MunicipalityParams, body: RuleBody, hide: true }, attachValidation: true, config },
    (req, reply) => save(req, reply),
  )

  app.get<{ Params: RuleParams }>(
    '/:m/staff/routing/:id',
    { schema: { params: RuleParams, hide: true }, config },
    async (req, reply) => {
      const rule = await service.findRule(app.db, municipalityOf(req).id, req.params.id)
      const values = { topic: rule.topic_id ?? '', keywords: rule.keywords, department: rule.department_id ?? '' }
      return form(req, reply, values, rule)
    },
  )

  app.post<{ Params: RuleParams }>(
    '/:m/staff/routing/:id',
    { schema: { params: RuleParams, body: RuleBody, hide: true }, attachValidation: true, config },
    (req, reply) => save(req, reply, req.params.id),
  )

  app.post<{ Params: RuleParams; Body: MoveBody }>(
    '/:m/staff/routing/:id/move',
    { schema: { params: RuleParams, body: MoveBody, hide: true }, config },
    async (req, reply) => {
      await service.moveRule(app.db, userActor(req), municipalityOf(req).id, req.params.id, req.body.direction)
      return reply.redirect(listUrl(req), 303)
    },
  )

  app.post<{ Params: RuleParams }>(
    '/:m/staff/routing/:id/delete',
    { schema: { params: RuleParams, body: EmptyBody, hide: true }, config },
    async (req, reply) => {
      await service.deleteRule(app.db, userActor(req), municipalityOf(req).id, req.params.id)
      return reply.redirect(`${listUrl(req)}?deleted=1`, 303)
    },
  )

  app.get<{ Querystring: SavedQuery }>(
    '/:m/staff/deadlines',
    { schema: { params: MunicipalityParams, querystring: SavedQuery, hide: true }, config },
    async (req, reply) => {
      const deadlines = await listDeadlines(app.db, municipalityOf(req).id)
      return html(
        reply,
        <DeadlinesPage ctx={viewContext(req, reply)} deadlines={deadlines} saved={!!req.query.saved} />,
      )
    },
  )

  app.post(
    '/:m/staff/deadlines',
    { schema: { params: MunicipalityParams, body: DeadlinesBody, hide: true }, attachValidation: true, config },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>
      const values = Object.fromEntries(
        Object.entries(body)
          .filter(([k]) => k !== '_csrf')
          .map(([k, v]) => [k, text(v)]),
      )
      let refused = { errors: schemaErrors(req), status: 400 }
      if (!refused.errors) {
        try {
          await saveDeadlines(app.db, userActor(req), municipality.id, values)
          return reply.redirect(`/${municipality.slug}/staff/deadlines?saved=1`, 303)
        } catch (error) {
          refused = formErrors(error)
        }
      }
      const deadlines = await listDeadlines(app.db, municipality.id)
      const ctx = viewContext(req, reply)
      const page = <DeadlinesPage ctx={ctx} deadlines={deadlines} values={values} errors={refused.errors} />
      return html(reply, page, refused.status)
    },
  )
}
