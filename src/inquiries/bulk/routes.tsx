/** One answer for many (`/:m/staff/inbox/bulk`) and the municipality's public answers (`/:m/answers`). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { LANGUAGES } from '../../db/schema.ts'
import { municipalityOf } from '../../identity/actor.ts'
import { formErrors, schemaErrors } from '../../identity/forms.ts'
import { viewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { NotFound } from '../../web/errors.ts'
import { maskIdentityNumbers } from '../../web/identity-numbers.ts'
import { html } from '../../web/reply.ts'
import { listTopics } from '../store.ts'
import { AnswerParams, BulkBody, BulkQuery, MunicipalityParams, PageQuery } from './schemas.ts'
import * as service from './service.ts'
import { AnswerPage, AnswersListPage } from './views/AnswersPages.tsx'
import { BulkPage, type BulkValues } from './views/BulkPage.tsx'

const config = { policy: 'inquiries.handle' } as const
const PAGE_SIZE = 20

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (v): v is string => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v),
  )

function valuesOf(body: unknown): BulkValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  return {
    topic: /^[A-Za-z0-9-]*$/.test(text(b.topic)) ? text(b.topic) : '',
    ids: list(b.ids),
    answers: Object.fromEntries(LANGUAGES.map((l) => [l, text(b[`answer_${l}`])])),
    publish: b.publish === '1',
    question: text(b.question),
  }
}

export async function bulkRoutes(app: FastifyInstance): Promise<void> {
  const render = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: BulkValues,
    extra: { errors?: FieldErrors; sent?: { count: number; publicAnswerId?: string | undefined } } = {},
    status = 200,
  ) => {
    const municipality = municipalityOf(req)
    const topicId = values.topic || undefined
    const [topics, open, groups] = await Promise.all([
      listTopics(app.db, municipality.id),
      service.listOpen(app.db, municipality.id, topicId, values.ids),
      service.suggestedGroups(app.db, municipality.id, topicId),
    ])
    reply.header('cache-control', 'no-store')
    const page = (
      <BulkPage
        ctx={viewContext(req, reply)}
        topics={topics}
        open={open}
        groups={groups}
        values={values}
        errors={extra.errors}
        sent={extra.sent}
      />
    )
    return html(reply, page, status)
  }

  app.get<{ Querystring: BulkQuery }>(
    '/:m/staff/inbox/bulk',
    { schema: { params: MunicipalityParams, querystring: BulkQuery, hide: true }, config },
    async (req, reply) => {
      const values = valuesOf({ topic: req.query.topic, ids: req.query.ids })
      const sent =
        req.query.sent !== undefined ? { count: req.query.sent, publicAnswerId: req.query.published } : undefined
      return render(req, reply, values, sent ? { sent } : {})
    },
  )

  app.post(
    '/:m/staff/inbox/bulk',
    { schema: { params: MunicipalityParams, body: BulkBody, hide: true }, attachValidation: true, config },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const values = valuesOf(req.body)
      const invalid = schemaErrors(req)
      if (invalid) return render(req, reply, values, { errors: invalid }, 400)
      try {
        const result = await service.answerMany(
          app.db,
          {
            municipality,
            userId: req.staff?.userId as string,
            baseUrl: app.config.baseUrl,
            mailDomain: app.config.mailDomain,
          },
          {
            ids: values.ids,
            answers: values.answers,
            publish: values.publish ? { question: values.question } : undefined,
          },
        )
        const query = new URLSearchParams({ sent: String(result.answered.length) })
        if (values.topic) query.set('topic', values.topic)
        if (result.publicAnswerId) query.set('published', result.publicAnswerId)
        return reply.redirect(`/${municipality.slug}/staff/inbox/bulk?${query.toString()}`, 303)
      } catch (error) {
        const refused = formErrors(error, 'ids')
        return render(req, reply, values, { errors: refused.errors }, refused.status)
      }
    },
  )

  app.get<{ Querystring: PageQuery }>(
    '/:m/answers',
    { schema: { params: MunicipalityParams, querystring: PageQuery, hide: true } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const page = req.query.page ?? 1
      const [{ rows, total }, topics] = await Promise.all([
        service.listPublicAnswers(app.db, municipality.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
        listTopics(app.db, municipality.id),
      ])
      const view = (
        <AnswersListPage
          ctx={viewContext(req, reply)}
          answers={rows}
          topics={topics}
          page={page}
          pageSize={PAGE_SIZE}
          total={total}
        />
      )
      return html(reply, view)
    },
  )

  app.get<{ Params: AnswerParams }>(
    '/:m/answers/:id',
    { schema: { params: AnswerParams, hide: true } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const answer = await service.findPublicAnswer(app.db, municipality.id, req.params.id)
      if (!answer) throw NotFound('bulk.public.not_found')
      const topics = await listTopics(app.db, municipality.id)
      const body = maskIdentityNumbers(service.publicAnswerText(answer, req.lang, municipality.default_language))
      return html(reply, <AnswerPage ctx={viewContext(req, reply)} answer={answer} text={body} topics={topics} />)
    },
  )
}
