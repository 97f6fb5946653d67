/**
 * HTTP routes of the public Q&A board: the listing (anonymous first page served from memory), asking,
 * a question's page with answering, replying, following and the staff's official answer, the admins'
 * settings, and the open-data API.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { checkCitizenInput, currentCitizen, hasCitizenCookie } from '../citizens/service.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { userActor } from '../identity/actor.ts'
import { allows } from '../identity/permissions.ts'
import { listTopics, topicName } from '../inquiries/service.ts'
import { checkText, type Finding } from '../moderation/checks.ts'
import { listDepartments } from '../municipalities/service.ts'
import { rolesHere, viewContext } from '../web/context.ts'
import { AppError, type FieldErrors, NotFound } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { openDataRoutes } from './api.ts'
import { cachedPage, keepPage } from './cache.ts'
import './index.tsx'
import { giveOfficialAnswer } from './official.ts'
import { ListQuery, MunicipalityParams, PostBody, QuestionParams } from './schemas.ts'
import * as service from './service.ts'
import { AskPage, type AskValues, VerifySentPage } from './views/AskPage.tsx'
import { BoardPage } from './views/BoardPage.tsx'
import { WARNED_CHECKS } from './views/forms.tsx'
import { QuestionPage, type QuestionPageProps } from './views/QuestionPage.tsx'
import { SettingsPage } from './views/SettingsPage.tsx'

/** Posts per address and minute: enough for a lively discussion, too few for a flood. */
const POST_RATE_LIMIT = { max: 10, timeWindow: '1 minute' }
const WARN: ReadonlySet<string> = new Set(WARNED_CHECKS)
const NOTICES = new Set(['sent', 'pending', 'verify'])

function municipalityOf(req: FastifyRequest): MunicipalityRow {
  if (!req.municipality) throw NotFound()
  return req.municipality
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const bodyOf = (req: FastifyRequest) => (req.body && typeof req.body === 'object' ? req.body : {}) as PostBody

/** Findings worth a warning, unless the author has already seen them and chosen to send. */
function warningsFor(req: FastifyRequest, value: string, maxLength: number): Finding[] {
  if (bodyOf(req).confirmed === '1') return []
  return checkText(value, { language: req.lang, maxLength }).filter((f) => WARN.has(f.check))
}

export async function boardRoutes(app: FastifyInstance): Promise<void> {
  service.configureBoard(app.config)
  await openDataRoutes(app)

  app.get<{ Querystring: ListQuery }>(
    '/:m/questions',
    { schema: { params: MunicipalityParams, querystring: ListQuery, hide: true } },
    async (req, reply) => {
      const m = municipalityOf(req)
      // Pages as every anonymous reader sees them (the first page above all; also by topic, unanswered,
      // further pages, but not searches): rendered once, served from memory until the board changes.
      const query = req.query
      const plain = !req.staff && !hasCitizenCookie(req) && !query.q && !query.notice
      const variant = `${req.lang} ${req.url}`
      if (plain) {
        const cached = cachedPage(m.id, variant)
        if (cached) return reply.type('text/html; charset=utf-8').send(cached)
      }
      const listed = await service.listBoard(app.db, m.id, query)
      const ctx = { ...viewContext(req, reply), ...(plain ? { csrfToken: '' } : {}) }
      const page = (
        <BoardPage
          ctx={ctx}
          {...listed}
          filter={{ sort: query.sort ?? 'newest', topic: query.topic ?? '', q: query.q ?? '' }}
          canConfigure={allows('board.settings', rolesHere(req))}
        />
      ) as string
      if (plain) keepPage(m.id, variant, await page)
      return html(reply, page)
    },
  )

  const renderAsk = async (
    req: FastifyRequest,
    reply: FastifyReply,
    form: { values: AskValues; errors?: FieldErrors; warnings?: Finding[] },
    status = 200,
  ) => {
    const m = municipalityOf(req)
    const [topics, settings, citizen] = await Promise.all([
      listTopics(app.db, m.id),
      service.boardSettings(app.db, m.id),
      currentCitizen(req),
    ])
    reply.header('cache-control', 'no-store')
    return html(
      reply,
      <AskPage
        ctx={viewContext(req, reply)}
        topics={topics}
        values={form.values}
        maxLength={settings.maxLength}
        citizenName={citizen?.display_name}
        errors={form.errors}
        {...(form.warnings ? { warnings: form.warnings } : {})}
      />,
      status,
    )
  }

  app.get('/:m/questions/ask', { schema: { params: MunicipalityParams, hide: true } }, async (req, reply) =>
    renderAsk(req, reply, { values: { topic: '', title: '', body: '', name: '', email: '' } }),
  )

  app.post(
    '/:m/questions/ask',
    {
      schema: { params: MunicipalityParams, body: PostBody, hide: true },
      attachValidation: true,
      config: { rateLimit: POST_RATE_LIMIT },
    },
    async (req, reply) => {
      const m = municipalityOf(req)
      const body = bodyOf(req)
      const values: AskValues = {
        topic: text(body.topic),
        title: text(body.title),
        body: text(body.body),
        name: text(body.name),
        email: text(body.email),
      }
      const citizen = await currentCitizen(req)
      const settings = await service.boardSettings(app.db, m.id)
      const { errors } = await service.checkQuestion(app.db, m.id, values, settings)
      if (!citizen) Object.assign(errors, checkCitizenInput(values))
      if (req.validationError)
        Object.assign(errors, { body: { key: 'web.validation.max_length', vars: { limit: settings.maxLength } } })
      if (Object.keys(errors).length) return renderAsk(req, reply, { values, errors }, 400)
      const warnings = warningsFor(req, `${values.title}\n\n${values.body}`, settings.maxLength)
      if (warnings.length) return renderAsk(req, reply, { values, warnings })
      const posted = await service
        .askQuestion(
          app.db,
          { municipality: m, language: req.lang },
          values,
          citizen ? { citizen } : { name: values.name, email: values.email },
        )
        .catch((error) => refusal(error))
      if ('errors' in posted) return renderAsk(req, reply, { values, errors: posted.errors }, posted.status)
      if (posted.needsVerification)
        return html(reply, <VerifySentPage ctx={viewContext(req, reply)} back={service.boardPath(m.slug)} />)
      const notice = posted.post.state === 'published' ? 'sent' : 'pending'
      return reply.redirect(`${service.questionPath(m.slug, posted.post.id)}?notice=${notice}`, 303)
    },
  )

  const renderQuestion = async (
    req: FastifyRequest<{ Params: { m: string; id: string } }>,
    reply: FastifyReply,
    form?: QuestionPageProps['form'],
    status = 200,
  ) => {
    const m = municipalityOf(req)
    const thread = await service.readQuestion(app.db, m.id, req.params.id)
    const citizen = await currentCitizen(req)
    const q = thread?.question
    const mayRead = q && (q.state === 'published' || q.state === 'handed_off' || citizen?.id === q.citizen_id)
    if (!thread || !q || !mayRead) throw NotFound('board.question.not_found')
    const [topics, departments, following] = await Promise.all([
      listTopics(app.db, m.id),
      listDepartments(app.db, m.id),
      citizen ? service.isFollowing(app.db, q.id, citizen.id) : false,
    ])
    const topic = topics.find((t) => t.id === q.topic_id)
    const notice = (req.query as { notice?: string }).notice
    if (citizen || form) reply.header('cache-control', 'no-store')
    return html(
      reply,
      <QuestionPage
        ctx={viewContext(req, reply)}
        thread={thread}
        topicName={topic ? topicName(topic, req.lang) : ''}
        departments={departments}
        citizenName={citizen?.display_name}
        following={following}
        canAnswerOfficially={allows('board.answer', rolesHere(req))}
        {...(form ? { form } : {})}
        notice={notice && NOTICES.has(notice) ? (notice as 'sent') : undefined}
      />,
      status,
    )
  }

  app.get<{ Params: { m: string; id: string } }>(
    '/:m/questions/:id',
    { schema: { params: QuestionParams, hide: true } },
    async (req, reply) => renderQuestion(req, reply),
  )

  app.post<{ Params: { m: string; id: string } }>(
    '/:m/questions/:id/answers',
    {
      schema: { params: QuestionParams, body: PostBody, hide: true },
      attachValidation: true,
      config: { rateLimit: POST_RATE_LIMIT },
    },
    async (req, reply) => {
      const m = municipalityOf(req)
      const body = bodyOf(req)
      const parentId = text(body.parent) || undefined
      const values = { body: text(body.body), name: text(body.name), email: text(body.email) }
      const kind = parentId ? ('reply' as const) : ('answer' as const)
      const form = (errors?: FieldErrors, warnings?: Finding[]) => ({
        kind,
        ...(parentId ? { parentId } : {}),
        values,
        errors,
        ...(warnings ? { warnings } : {}),
      })
      const citizen = await currentCitizen(req)
      const settings = await service.boardSettings(app.db, m.id)
      const errors: FieldErrors = {
        ...service.checkPostText(kind === 'reply' ? 'reply' : 'body', values.body, settings.maxLength),
        ...(citizen ? {} : checkCitizenInput(values)),
      }
      if (Object.keys(errors).length) return renderQuestion(req, reply, form(errors), 400)
      const warnings = warningsFor(req, values.body, settings.maxLength)
      if (warnings.length) return renderQuestion(req, reply, form(undefined, warnings))
      const posted = await service
        .postAnswer(
          app.db,
          { municipality: m, language: req.lang },
          req.params.id,
          { body: values.body, parentId },
          citizen ? { citizen } : { name: values.name, email: values.email },
        )
        .catch((error) => refusal(error))
      if ('errors' in posted) return renderQuestion(req, reply, form(posted.errors), posted.status)
      if (posted.needsVerification)
        return html(
          reply,
          <VerifySentPage ctx={viewContext(req, reply)} back={service.questionPath(m.slug, req.params.id)} />,
        )
      const notice = posted.post.state === 'published' ? 'sent' : 'pending'
      return reply.redirect(
        `${service.questionPath(m.slug, req.params.id)}?notice=${notice}#answer-${posted.post.id}`,
        303,
      )
    },
  )

  app.post<{ Params: { m: string; id: string } }>(
    '/:m/questions/:id/follow',
    { schema: { params: QuestionParams, body: PostBody, hide: true } },
    async (req, reply) => {
      const m = municipalityOf(req)
      const path = service.questionPath(m.slug, req.params.id)
      const citizen = await currentCitizen(req)
      if (!citizen) return reply.redirect(`/${m.slug}/sign-in?next=${encodeURIComponent(path)}`, 303)
      if (bodyOf(req).action === 'unfollow') await service.unfollowQuestion(app.db, citizen, m.id, req.params.id)
      else await service.followQuestion(app.db, citizen, m.id, req.params.id)
      return reply.redirect(path, 303)
    },
  )

  app.post<{ Params: { m: string; id: string } }>(
    '/:m/questions/:id/official',
    {
      schema: { params: QuestionParams, body: PostBody, hide: true },
      attachValidation: true,
      config: { policy: 'board.answer' },
    },
    async (req, reply) => {
      const m = municipalityOf(req)
      const value = text(bodyOf(req).official)
      const form = (errors: FieldErrors) => ({
        kind: 'official' as const,
        values: { body: value, name: '', email: '' },
        errors,
      })
      try {
        await giveOfficialAnswer(
          app.db,
          {
            municipality: m,
            userId: req.staff?.userId as string,
            baseUrl: app.config.baseUrl,
            mailDomain: app.config.mailDomain,
          },
          req.params.id,
          value,
        )
      } catch (error) {
        if (error instanceof AppError && error.status === 400 && error.fields)
          return renderQuestion(req, reply, form(error.fields), 400)
        throw error
      }
      return reply.redirect(`${service.questionPath(m.slug, req.params.id)}?notice=sent#official-heading`, 303)
    },
  )

  app.get(
    '/:m/staff/board',
    { schema: { params: MunicipalityParams, hide: true }, config: { policy: 'board.settings' } },
    async (req, reply) => {
      const settings = await service.boardSettings(app.db, municipalityOf(req).id)
      const saved = (req.query as { saved?: string }).saved === '1'
      return html(
        reply,
        <SettingsPage
          ctx={viewContext(req, reply)}
          values={{ mode: settings.mode, maxLength: String(settings.maxLength) }}
          saved={saved}
        />,
      )
    },
  )

  app.post(
    '/:m/staff/board',
    {
      schema: { params: MunicipalityParams, body: PostBody, hide: true },
      attachValidation: true,
      config: { policy: 'board.settings' },
    },
    async (req, reply) => {
      const m = municipalityOf(req)
      const body = bodyOf(req)
      const values = { mode: text(body.mode), maxLength: text(body.max_length) }
      try {
        await service.saveBoardSettings(app.db, userActor(req), m.id, {
          mode: values.mode,
          maxLength: values.maxLength.trim(),
        })
      } catch (error) {
        if (error instanceof AppError && error.status === 400)
          return html(reply, <SettingsPage ctx={viewContext(req, reply)} values={values} errors={error.fields} />, 400)
        throw error
      }
      return reply.redirect(`/${m.slug}/staff/board?saved=1`, 303)
    },
  )
}

/** A post refused by the service: field errors to show on the form, and moderation's refusals (blocked, rate). */
function refusal(error: unknown): { errors: FieldErrors; status: number } {
  if (!(error instanceof AppError)) throw error
  if (error.fields && Object.keys(error.fields).length) return { errors: error.fields, status: error.status }
  if (error.status === 403 || error.status === 429)
    return { errors: { body: { key: error.code, ...(error.vars ? { vars: error.vars } : {}) } }, status: error.status }
  throw error
}
