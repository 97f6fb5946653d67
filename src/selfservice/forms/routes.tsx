/**
 * The form flow behind a draft's unguessable link: step pages (next, back, save as draft), the check
 * page and the final submission. Every step is validated on the server as it is left; the hidden
 * version and step must match the draft (a tampered or stale page is refused, never guessed at);
 * a name the step does not have is refused; attachments are checked by content before they are kept.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { DraftRow } from '../../db/tables/selfservice.ts'
import { municipalityOf, userActor } from '../../identity/actor.ts'
import { checkFiles, MAX_FILES, type Refusal } from '../../inquiries/service.ts'
import type { Actor } from '../../journal/service.ts'
import { viewContext } from '../../web/context.ts'
import { AppError, BadRequest, type FieldErrors, Forbidden, NotFound } from '../../web/errors.ts'
import { html } from '../../web/reply.ts'
import { definitionAt, findServiceRow } from '../catalogue/service.ts'
import { StepParams, TokenParams } from '../schemas.ts'
import { statusPath, submitApplication } from '../submissions/service.ts'
import { CheckPage, type DraftView, SavedPage, StepPage } from '../views/FormPages.tsx'
import type { Field } from './definition.ts'
import {
  countByField,
  draftAnswers,
  draftFileBodies,
  draftPath,
  findDraft,
  keepDraftFiles,
  listDraftFiles,
  removeDraftFiles,
  saveDraftAnswers,
} from './drafts.ts'
import { type Answers, checkAll, checkStep, municipalToday } from './validate.ts'

type Body = Record<string, unknown>
const CONTROL = new Set(['_csrf', '_action', '_version', '_step', '_remove'])

const asList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string')

async function loadDraft(app: FastifyInstance, req: FastifyRequest<{ Params: { m: string; token: string } }>) {
  const municipality = municipalityOf(req)
  const draft = await findDraft(app.db, municipality.id, req.params.token)
  if (!draft) throw NotFound('selfservice.draft.not_found')
  // A draft staff fill in for a citizen belongs to that staff member's session.
  if (draft.assisted_by && req.staff?.userId !== draft.assisted_by) throw Forbidden()
  const [definition, service] = await Promise.all([
    definitionAt(app.db, draft.service_id, draft.version),
    findServiceRow(app.db, draft.service_id),
  ])
  if (!service) throw NotFound('selfservice.draft.not_found')
  const view: DraftView = {
    service,
    path: draftPath(municipality.slug, req.params.token),
    draft,
    definition,
    answers: draftAnswers(draft),
    files: await listDraftFiles(app.db, draft.id),
  }
  return view
}

/** The hidden fields must be the draft's: a page from another version or step is not accepted. */
function checkHidden(body: Body, draft: DraftRow, step?: number): void {
  if (body._version !== String(draft.version)) throw new AppError(409, 'selfservice.form.version_mismatch')
  if (step !== undefined && body._step !== String(step)) throw BadRequest('selfservice.form.tampered')
}

function refusalErrors(field: Field, refused: Refusal[]): FieldErrors {
  if (refused.length === 0) return {}
  const first = refused[0] as Refusal
  const key = `selfservice.attachment.refused_${first.reason}` as const
  return { [field.id]: { key, vars: { file: first.fileName } } }
}

export async function formRoutes(app: FastifyInstance): Promise<void> {
  const renderStep = (
    req: FastifyRequest,
    reply: FastifyReply,
    view: DraftView,
    index: number,
    values: Answers,
    errors?: FieldErrors,
  ) => {
    reply.header('cache-control', 'no-store')
    return html(
      reply,
      <StepPage ctx={viewContext(req, reply)} view={view} index={index} values={values} errors={errors} />,
      errors && Object.keys(errors).length ? 400 : 200,
    )
  }

  app.get<{ Params: { m: string; token: string } }>(
    '/:m/services/drafts/:token',
    { schema: { params: TokenParams, hide: true } },
    async (req, reply) => {
      const view = await loadDraft(app, req)
      return reply.redirect(`${view.path}/steps/1`, 303)
    },
  )

  app.get<{ Params: { m: string; token: string; step: number } }>(
    '/:m/services/drafts/:token/steps/:step',
    { schema: { params: StepParams, hide: true } },
    async (req, reply) => {
      const view = await loadDraft(app, req)
      const index = req.params.step - 1
      if (!view.definition.steps[index]) throw NotFound()
      return renderStep(req, reply, view, index, view.answers)
    },
  )

  app.post<{ Params: { m: string; token: string; step: number } }>(
    '/:m/services/drafts/:token/steps/:step',
    { schema: { params: StepParams, hide: true } },
    async (req, reply) => {
      const view = await loadDraft(app, req)
      const { definition, draft } = view
      const index = req.params.step - 1
      const step = definition.steps[index]
      if (!step) throw NotFound()
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Body
      checkHidden(body, draft, req.params.step)
      const action = body._action === 'back' || body._action === 'save' ? body._action : 'next'
      const input = Object.fromEntries(Object.entries(body).filter(([k]) => !CONTROL.has(k)))

      // Files first, so that a citizen correcting another field never has to choose them again.
      await removeDraftFiles(app.db, draft.id, asList(body._remove))
      const fileField = step.fields.find((f) => f.type === 'attachments')
      let fileErrors: FieldErrors = {}
      const incoming = req.incomingFiles ?? []
      if (incoming.length && !fileField)
        throw BadRequest('selfservice.form.unknown_fields', { _: { key: 'web.validation.unknown_field' } })
      if (fileField && incoming.length) {
        const kept = (await listDraftFiles(app.db, draft.id)).map((f) => ({ ...f, id: f.id }))
        const { accepted, refused } = await checkFiles(kept, incoming)
        const room = Math.max(
          0,
          Math.min(fileField.maxFiles ?? MAX_FILES, MAX_FILES) - kept.filter((f) => f.field === fileField.id).length,
        )
        const overflow = accepted.slice(room).map((f) => ({ fileName: f.fileName, reason: 'count' as const }))
        await keepDraftFiles(app.db, draft.id, fileField.id, accepted.slice(0, room))
        fileErrors = refusalErrors(fileField, [...refused, ...overflow])
      }
      view.files = await listDraftFiles(app.db, draft.id)

      const earlier = Object.fromEntries(
        definition.steps.slice(0, index).flatMap((s) => s.fields.map((f) => [f.id, view.answers[f.id]] as const)),
      ) as Answers
      const result = checkStep(step, input, earlier, countByField(view.files), {
        today: municipalToday(municipalityOf(req).time_zone),
        partial: action !== 'next',
      })
      if (result.unknown.length) {
        throw BadRequest(
          'selfservice.form.unknown_fields',
          Object.fromEntries(result.unknown.map((n) => [n, { key: 'web.validation.unknown_field' as const }])),
        )
      }
      const answers: Answers = { ...view.answers }
      for (const f of step.fields) delete answers[f.id]
      Object.assign(answers, result.values)
      const errors = { ...result.errors, ...fileErrors }
      if (action === 'back' || Object.keys(errors).length === 0) await saveDraftAnswers(app.db, draft, answers)
      else if (action === 'save' && Object.keys(result.errors).length === 0)
        await saveDraftAnswers(app.db, draft, answers)
      if (Object.keys(errors).length && action !== 'back') {
        return renderStep(req, reply, { ...view, answers }, index, result.values, errors)
      }
      if (action === 'back')
        return reply.redirect(
          index === 0 ? `/${req.params.m}/services/${view.service.slug}` : `${view.path}/steps/${index}`,
          303,
        )
      if (action === 'save') return reply.redirect(`${view.path}/saved`, 303)
      return reply.redirect(
        index + 1 < definition.steps.length ? `${view.path}/steps/${index + 2}` : `${view.path}/check`,
        303,
      )
    },
  )

  app.get<{ Params: { m: string; token: string } }>(
    '/:m/services/drafts/:token/saved',
    { schema: { params: TokenParams, hide: true } },
    async (req, reply) => {
      const view = await loadDraft(app, req)
      reply.header('cache-control', 'no-store')
      return html(
        reply,
        <SavedPage ctx={viewContext(req, reply)} view={view} resumeUrl={`${app.config.baseUrl}${view.path}`} />,
      )
    },
  )

  const checkErrors = (req: FastifyRequest, view: DraftView) =>
    checkAll(view.definition, view.answers, countByField(view.files), {
      today: municipalToday(municipalityOf(req).time_zone),
    }).errors

  app.get<{ Params: { m: string; token: string } }>(
    '/:m/services/drafts/:token/check',
    { schema: { params: TokenParams, hide: true } },
    async (req, reply) => {
      const view = await loadDraft(app, req)
      const errors = checkErrors(req, view)
      reply.header('cache-control', 'no-store')
      return html(reply, <CheckPage ctx={viewContext(req, reply)} view={view} errors={errors} />)
    },
  )

  app.post<{ Params: { m: string; token: string } }>(
    '/:m/services/drafts/:token/check',
    { schema: { params: TokenParams, hide: true }, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const view = await loadDraft(app, req)
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Body
      checkHidden(body, view.draft)
      const errors = checkErrors(req, view)
      if (Object.keys(errors).length) {
        return html(reply, <CheckPage ctx={viewContext(req, reply)} view={view} errors={errors} />, 400)
      }
      const assisted = view.draft.assisted_by
      const actor: Actor = assisted ? userActor(req) : { type: 'citizen' }
      // The draft's own version, even when a newer one has been saved since it was started.
      const service = { row: view.service, version: view.draft.version, definition: view.definition }
      const { statusToken } = await submitApplication(
        app.db,
        { municipality, actor, assistedBy: assisted, baseUrl: app.config.baseUrl, mailDomain: app.config.mailDomain },
        service,
        view.answers,
        await draftFileBodies(app.db, view.draft.id),
        // The receipt speaks the language the citizen sends in, even if the draft was started in another.
        { language: req.lang, draftId: view.draft.id },
      )
      return reply.redirect(`${statusPath(municipality.slug, statusToken)}/receipt`, 303)
    },
  )
}
