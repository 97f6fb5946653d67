/**
 * Open data: the board's published questions with their published answers, as JSON or CSV, paged.
 * Nothing that waits, was hidden or handed off; no e-mail addresses (authors by display name only).
 */
import type { FastifyInstance } from 'fastify'
import { topicName } from '../inquiries/service.ts'
import { departmentName, listDepartments } from '../municipalities/service.ts'
import { type CsvValue, toCsv } from '../web/csv.ts'
import { NotFound } from '../web/errors.ts'
import { MunicipalityParams, OpenDataPage, OpenDataQuery } from './schemas.ts'
import * as service from './service.ts'

const CSV_COLUMNS = [
  'question_id',
  'post_id',
  'type',
  'parent_id',
  'topic',
  'author',
  'department',
  'created_at',
  'title',
  'body',
] as const

export async function openDataRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { m: string }; Querystring: OpenDataQuery }>(
    '/api/v1/boards/:m/questions',
    {
      schema: {
        summary: "A board's published questions and answers (open data)",
        description:
          "The municipality's public Q&A board as open data: published questions, newest first, each with its published " +
          'answers and replies (official answers first, with the department). JSON by default; CSV (one row per post) with ' +
          '`?format=csv` or `Accept: text/csv`. No token needed. Posts waiting for moderation, hidden or moved to a private ' +
          'inquiry are never included, nor any e-mail address.',
        tags: ['board'],
        params: MunicipalityParams,
        querystring: OpenDataQuery,
        response: { 200: OpenDataPage },
      },
    },
    async (req, reply) => {
      const m = req.municipality
      if (!m) throw NotFound()
      const perPage = req.query.perPage ?? 50
      const listed = await service.listBoard(app.db, m.id, { page: req.query.page ?? 1, perPage })
      const [answers, departments] = await Promise.all([
        service.listPublishedAnswers(
          app.db,
          listed.rows.map((r) => r.id),
        ),
        listDepartments(app.db, m.id),
      ])
      const language = m.default_language
      const topics = new Map(listed.topics.map((t) => [t.id, t]))
      const department = (id: string | null) => {
        const d = id ? departments.find((x) => x.id === id) : undefined
        return d ? departmentName(d, language) : null
      }
      const questions = listed.rows.map((q) => {
        const topic = topics.get(q.topic_id)
        return {
          id: q.id,
          url: `${app.config.baseUrl}${service.questionPath(m.slug, q.id)}`,
          title: q.title,
          body: q.body,
          topic: { slug: topic?.slug ?? '', name: topic ? topicName(topic, language) : '' },
          author: q.author_name,
          createdAt: q.created_at,
          answered: q.has_official === 1,
          answers: answers
            .filter((a) => a.question_id === q.id)
            .map((a) => ({
              id: a.id,
              parentId: a.parent_id,
              body: a.body,
              author: a.author_name,
              official: a.official === 1,
              department: a.official ? department(a.department_id) : null,
              createdAt: a.created_at,
            })),
        }
      })
      reply.header('cache-control', 'public, max-age=60')
      const wantsCsv = req.query.format === 'csv' || (!req.query.format && /text\/csv/.test(req.headers.accept ?? ''))
      if (!wantsCsv) {
        return { municipality: m.slug, page: listed.page, perPage, total: listed.total, questions }
      }
      const rows: CsvValue[][] = [[...CSV_COLUMNS]]
      for (const q of questions) {
        rows.push([q.id, q.id, 'question', '', q.topic.slug, q.author, '', q.createdAt, q.title, q.body])
        for (const a of q.answers) {
          const type = a.official ? 'official_answer' : a.parentId ? 'reply' : 'answer'
          rows.push([q.id, a.id, type, a.parentId, q.topic.slug, a.author, a.department, a.createdAt, '', a.body])
        }
      }
      reply.header('x-total-count', String(listed.total))
      reply.header('content-disposition', `attachment; filename="${m.slug}-questions-${listed.page}.csv"`)
      return reply.type('text/csv; charset=utf-8').send(toCsv(rows))
    },
  )
}
