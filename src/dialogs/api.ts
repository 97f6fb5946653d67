/**
 * Open data on dialogs: the published dialogs with their mandate and phase, one dialog's published
 * contributions (JSON or CSV: no e-mail addresses, no hidden addresses, personal data masked) and a
 * budget's anonymised ballot file for a recount. No token needed.
 */
import { type Static, Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { DialogContributionRow, DialogRow } from '../db/tables/dialogs.ts'
import { findMunicipalityById, findMunicipalityBySlug } from '../municipalities/service.ts'
import { toCsv } from '../web/csv.ts'
import { NotFound } from '../web/errors.ts'
import * as budget from './budget.ts'
import * as contributions from './contributions.ts'
import { isOverdue, phaseOf } from './mandate.ts'
import * as service from './service.ts'
import * as store from './store.ts'

const ListQuery = Type.Object({ municipality: Type.Optional(Type.String({ maxLength: 64 })) })
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) })
const FormatQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) })

const ApiDialog = Type.Object({
  id: Type.String(),
  municipality: Type.String(),
  url: Type.String(),
  kind: Type.String({ description: 'consultation, idea_storm or budget' }),
  phase: Type.String({ description: 'upcoming, open, closed, awaiting_feedback or concluded' }),
  title: Type.String(),
  summary: Type.String(),
  purpose: Type.String(),
  decides: Type.String(),
  openFor: Type.String(),
  notOpenFor: Type.String(),
  inputUse: Type.String(),
  startsOn: Type.Union([Type.String(), Type.Null()]),
  endsOn: Type.Union([Type.String(), Type.Null()]),
  feedbackDueOn: Type.Union([Type.String(), Type.Null()]),
  feedbackPublishedAt: Type.Union([Type.String(), Type.Null()]),
  feedbackOverdue: Type.Boolean(),
  feedback: Type.String(),
})
type ApiDialog = Static<typeof ApiDialog>

const ApiContribution = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  author: Type.String(),
  organisation: Type.String(),
  title: Type.String(),
  text: Type.String(),
  status: Type.String(),
  statusNote: Type.String(),
  supports: Type.Integer(),
  cost: Type.Integer(),
  response: Type.String(),
  createdAt: Type.String(),
})
type ApiContribution = Static<typeof ApiContribution>

const CSV_COLUMNS = [
  'id',
  'kind',
  'parentId',
  'author',
  'organisation',
  'title',
  'text',
  'status',
  'statusNote',
  'supports',
  'cost',
  'response',
  'createdAt',
] as const

export async function dialogsApiRoutes(app: FastifyInstance): Promise<void> {
  const toApi = async (dialog: DialogRow): Promise<ApiDialog> => {
    const municipality = await findMunicipalityById(app.db, dialog.municipality_id)
    if (!municipality) throw NotFound()
    const day = service.today(municipality)
    const language = municipality.default_language
    const texts = service.textsIn(await service.listTexts(app.db, [dialog.id]), language, language)
    return {
      id: dialog.id,
      municipality: municipality.slug,
      url: `${app.config.baseUrl}${service.dialogPath(municipality.slug, dialog.id)}`,
      kind: dialog.kind,
      phase: phaseOf(dialog, day),
      title: texts.title,
      summary: texts.summary,
      purpose: texts.purpose,
      decides: texts.decides,
      openFor: texts.open_for,
      notOpenFor: texts.not_open_for,
      inputUse: texts.input_use,
      startsOn: dialog.starts_on,
      endsOn: dialog.ends_on,
      feedbackDueOn: dialog.feedback_due_on,
      feedbackPublishedAt: dialog.feedback_published_at,
      feedbackOverdue: isOverdue(dialog, day),
      feedback: dialog.feedback_published_at ? texts.feedback : '',
    }
  }

  const publicDialog = async (id: string) => {
    const dialog = await store.findDialogById(app.db, id)
    if (!dialog || dialog.state === 'draft') throw NotFound('dialogs.not_found')
    return dialog
  }

  /** A dialog's published contributions as open data; the responses only once the feedback is out. */
  const publishedInput = async (dialog: DialogRow): Promise<ApiContribution[]> =>
    (await contributions.listContributions(app.db, dialog.id, { publishedOnly: true })).map(
      (c: DialogContributionRow) => ({
        id: c.id,
        kind: c.kind,
        parentId: c.parent_id,
        author: c.author_name,
        organisation: c.organisation,
        title: c.title,
        text: c.public_body,
        status: c.status,
        statusNote: c.status_note,
        supports: c.supports_count,
        cost: c.cost,
        response: dialog.feedback_published_at ? c.response : '',
        createdAt: c.created_at,
      }),
    )

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/dialogs',
    {
      schema: {
        summary: 'Published dialogs with their mandate (open data)',
        description:
          'Consultations, idea storms and participatory budgets with their mandate, phase and feedback status, newest ' +
          'first. `?municipality=<slug>` narrows to one municipality. No token needed.',
        tags: ['dialogs'],
        querystring: ListQuery,
        response: { 200: Type.Object({ dialogs: Type.Array(ApiDialog) }) },
      },
    },
    async (req) => {
      let rows = await store.listAllPublished(app.db)
      if (req.query.municipality) {
        const m = await findMunicipalityBySlug(app.db, req.query.municipality)
        rows = m ? rows.filter((d) => d.municipality_id === m.id) : []
      }
      return { dialogs: await Promise.all(rows.map(toApi)) }
    },
  )

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/dialogs/:id',
    {
      schema: {
        summary: 'One published dialog with its mandate and published input',
        tags: ['dialogs'],
        params: IdParams,
        response: { 200: Type.Composite([ApiDialog, Type.Object({ contributions: Type.Array(ApiContribution) })]) },
      },
    },
    async (req) => {
      const dialog = await publicDialog(req.params.id)
      return { ...(await toApi(dialog)), contributions: await publishedInput(dialog) }
    },
  )

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof FormatQuery> }>(
    '/api/v1/dialogs/:id/contributions',
    {
      schema: {
        summary: "A dialog's published contributions (open data)",
        description:
          'Published replies, ideas, comments and projects with statuses, supports and, once the feedback is out, the ' +
          "municipality's responses. JSON by default; CSV with `?format=csv` or `Accept: text/csv`. Personal data in the " +
          'texts is masked; no e-mail addresses or hidden postal addresses.',
        tags: ['dialogs'],
        params: IdParams,
        querystring: FormatQuery,
        response: { 200: Type.Object({ contributions: Type.Array(ApiContribution) }) },
      },
    },
    async (req, reply: FastifyReply) => {
      const dialog = await publicDialog(req.params.id)
      const items = await publishedInput(dialog)
      if (req.query.format === 'csv' || req.headers.accept?.includes('text/csv')) {
        const csv = toCsv([[...CSV_COLUMNS], ...items.map((i) => CSV_COLUMNS.map((k) => i[k]))])
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="dialog-${dialog.id}.csv"`)
          .send(csv)
      }
      return { contributions: items }
    },
  )

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/dialogs/:id/ballots',
    {
      schema: {
        summary: "A budget's anonymised ballots, for a recount",
        description:
          'Every ballot as the list of project ids it chose, in random order, with no voter and no time; available once ' +
          'the results are published.',
        tags: ['dialogs'],
        params: IdParams,
        response: {
          200: Type.Object({
            budget: Type.Integer(),
            method: Type.String(),
            ballots: Type.Array(Type.Array(Type.String())),
            results: Type.Array(Type.Object({ project: Type.String(), votes: Type.Integer(), funded: Type.Boolean() })),
          }),
        },
      },
    },
    async (req) => {
      const dialog = await publicDialog(req.params.id)
      if (dialog.kind !== 'budget' || !dialog.results_published_at) throw NotFound('dialogs.results.not_yet')
      const ballots = await budget.listBallots(app.db, dialog.id)
      const results = await budget.resultsOf(app.db, dialog)
      return {
        budget: dialog.budget_total,
        method: dialog.ballot_method,
        ballots: ballots.map((b) => JSON.parse(b.choices) as string[]),
        results: results.map((r) => ({ project: r.project.id, votes: r.votes, funded: r.funded })),
      }
    },
  )
}
