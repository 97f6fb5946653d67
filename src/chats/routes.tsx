/**
 * Live chats over HTTP. Public: `/{slug}/live` (upcoming and past), `/{slug}/live/{id}` (the chat, its
 * question form, the pairs; the transcript after the end) and its event stream `/{slug}/live/{id}/events`.
 * Staff: the list and schedule form, the moderator's and the politician's consoles with their live
 * streams, and the full record as CSV and PDF.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isLanguage, type Language } from '../i18n/index.ts'
import { municipalityOf, userActor } from '../identity/actor.ts'
import { allows } from '../identity/permissions.ts'
import { rolesHere, viewContext } from '../web/context.ts'
import { AppError } from '../web/errors.ts'
import { streamEvents } from '../web/live.ts'
import { html } from '../web/reply.ts'
import { chatRecord, formatDateTime, recordCsv, recordPdf } from './export.ts'
import {
  AnswerBody,
  AskBody,
  AssignBody,
  ChatParams,
  ChatQuery,
  EventsQuery,
  MergeBody,
  MoveBody,
  MunicipalityParams,
  QuestionParams,
  RejectBody,
  ScheduleBody,
} from './schemas.ts'
import * as service from './service.ts'
import { streamChat } from './stream.ts'
import { utcToLocal } from './time.ts'
import { AnswerPage, ModeratePage } from './views/ConsolePages.tsx'
import { type AskValues, ChatListPage, ChatPage } from './views/PublicPages.tsx'
import { staffPath } from './views/parts.tsx'
import { SchedulePage, type ScheduleValues, StaffChatsPage } from './views/StaffPages.tsx'

/** Questions per address and minute: a family at one computer can ask, a flood cannot. */
const ASK_RATE_LIMIT = { max: 10, timeWindow: '1 minute' }

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '')

function staffActor(req: FastifyRequest): service.StaffActor {
  return userActor(req) as service.StaffActor
}

/** Only an EventSource asks for a stream; anything else would wait on an answer that never ends. */
function requireEventStream(req: FastifyRequest) {
  if (!req.headers.accept?.includes('text/event-stream')) throw new AppError(406, 'chats.events_accept')
}

export async function chatsRoutes(app: FastifyInstance): Promise<void> {
  const loadChat = (req: FastifyRequest<{ Params: ChatParams }>) =>
    service.loadChat(app.db, municipalityOf(req).id, req.params.id)

  const renderChat = async (
    req: FastifyRequest<{ Params: ChatParams }>,
    reply: FastifyReply,
    extra: { values?: AskValues; errors?: AppError['fields']; asked?: boolean; closed?: boolean } = {},
    status = 200,
  ) => {
    const view = await loadChat(req)
    const pairs = await service.publishedPairs(app.db, view.chat.id)
    reply.header('cache-control', 'no-store')
    return html(
      reply,
      <ChatPage
        ctx={viewContext(req, reply)}
        view={view}
        pairs={pairs}
        now={new Date()}
        houseRulesVersion={view.chat.house_rules_version}
        {...(extra.values ? { values: extra.values } : {})}
        errors={extra.errors}
        asked={extra.asked ?? false}
        closed={extra.closed ?? false}
      />,
      status,
    )
  }

  app.get('/:m/live', { schema: { params: MunicipalityParams, hide: true } }, async (req, reply) => {
    const chats = await service.listChats(app.db, municipalityOf(req).id)
    return html(reply, <ChatListPage ctx={viewContext(req, reply)} chats={chats} now={new Date()} />)
  })

  app.get<{ Params: ChatParams; Querystring: ChatQuery }>(
    '/:m/live/:id',
    { schema: { params: ChatParams, querystring: ChatQuery, hide: true } },
    async (req, reply) => renderChat(req, reply, { asked: req.query.asked === '1' }),
  )

  app.post<{ Params: ChatParams; Body: AskBody }>(
    '/:m/live/:id/questions',
    { schema: { params: ChatParams, body: AskBody, hide: true }, config: { rateLimit: ASK_RATE_LIMIT } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const { chat } = await loadChat(req)
      const values = { name: text(req.body.name), email: text(req.body.email), question: text(req.body.question) }
      try {
        await service.askQuestion(app.db, { municipality, mailDomain: app.config.mailDomain }, chat, values)
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) throw error
        if (error.code === 'chats.ask.closed') return renderChat(req, reply, { closed: true }, 409)
        return renderChat(req, reply, { values, errors: error.fields }, error.status)
      }
      return reply.redirect(`/${municipality.slug}/live/${chat.id}?asked=1#ask-heading`, 303)
    },
  )

  app.get<{ Params: ChatParams }>(
    '/:m/live/:id/events',
    { schema: { params: ChatParams, querystring: EventsQuery, hide: true } },
    async (req, reply) => {
      requireEventStream(req)
      const { chat } = await loadChat(req)
      streamChat(app.db, req, reply, chat.municipality_id, chat.id)
    },
  )

  staffRoutes(app, loadChat)
}

function staffRoutes(
  app: FastifyInstance,
  loadChat: (req: FastifyRequest<{ Params: ChatParams }>) => Promise<service.ChatView>,
) {
  app.get<{ Querystring: { scheduled?: string } }>(
    '/:m/staff/chats',
    { schema: { params: MunicipalityParams, hide: true }, config: { policy: 'chats.view' } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const items = await service.staffChatList(app.db, municipality.id, staffActor(req).id)
      const roles = rolesHere(req)
      return html(
        reply,
        <StaffChatsPage
          ctx={viewContext(req, reply)}
          items={items}
          canSchedule={allows('chats.schedule', roles)}
          canExport={allows('chats.export', roles)}
          scheduled={req.query.scheduled === '1'}
          now={new Date()}
        />,
      )
    },
  )

  const renderSchedule = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: ScheduleValues,
    errors?: AppError['fields'],
    status = 200,
  ) => {
    const choices = await service.staffChoices(app.db, municipalityOf(req).id)
    return html(
      reply,
      <SchedulePage ctx={viewContext(req, reply)} values={values} errors={errors} {...choices} />,
      status,
    )
  }

  app.get(
    '/:m/staff/chats/new',
    { schema: { params: MunicipalityParams, hide: true }, config: { policy: 'chats.schedule' } },
    async (req, reply) => {
      const m = municipalityOf(req)
      const start = new Date(Date.now() + 7 * 86_400_000)
      start.setUTCMinutes(0, 0, 0)
      return renderSchedule(req, reply, {
        title: '',
        topic: '',
        language: m.default_language,
        startsAt: utcToLocal(start.toISOString(), m.time_zone),
        endsAt: utcToLocal(new Date(start.getTime() + 3_600_000).toISOString(), m.time_zone),
        questionMaxLength: String(service.DEFAULT_QUESTION_MAX),
        answerMaxLength: String(service.DEFAULT_ANSWER_MAX),
        moderators: [],
        panel: [],
      })
    },
  )

  app.post<{ Body: ScheduleBody }>(
    '/:m/staff/chats/new',
    { schema: { params: MunicipalityParams, body: ScheduleBody, hide: true }, config: { policy: 'chats.schedule' } },
    async (req, reply) => {
      const m = municipalityOf(req)
      const body = req.body as Record<string, unknown>
      const chosen = new Set(list(body.panel))
      const values: ScheduleValues = {
        title: text(body.title),
        topic: text(body.topic),
        language: isLanguage(body.language) ? body.language : m.default_language,
        startsAt: text(body.startsAt),
        endsAt: text(body.endsAt),
        questionMaxLength: text(body.questionMaxLength),
        answerMaxLength: text(body.answerMaxLength),
        moderators: list(body.moderators),
        panel: Object.keys(body)
          .filter((k) => k.startsWith('party-'))
          .map((k) => k.slice('party-'.length))
          .map((userId) => ({
            userId,
            party: text(body[`party-${userId}`]),
            committee: text(body[`committee-${userId}`]),
            checked: chosen.has(userId),
          })),
      }
      for (const userId of chosen) {
        if (!values.panel.some((p) => p.userId === userId))
          values.panel.push({ userId, party: '', committee: '', checked: true })
      }
      try {
        await service.scheduleChat(app.db, staffActor(req), m, {
          ...values,
          language: values.language as Language,
          questionMaxLength: Number(values.questionMaxLength),
          answerMaxLength: Number(values.answerMaxLength),
          panel: values.panel.filter((p) => p.checked),
        })
      } catch (error) {
        if (error instanceof AppError && error.status === 400)
          return renderSchedule(req, reply, values, error.fields, 400)
        throw error
      }
      return reply.redirect(`${staffPath(m.slug)}?scheduled=1`, 303)
    },
  )

  const renderModerate = async (
    req: FastifyRequest<{ Params: ChatParams }>,
    reply: FastifyReply,
    problem?: AppError,
  ) => {
    const view = await loadChat(req)
    if (!view.moderators.some((m) => m.user_id === staffActor(req).id))
      throw new AppError(403, 'chats.moderate.not_moderator')
    const [queue, rules] = await Promise.all([
      service.moderationQueue(app.db, view.chat.id),
      service.ruleChoices(app.db, view.chat.municipality_id, req.lang),
    ])
    reply.header('cache-control', 'no-store')
    const ctx = viewContext(req, reply)
    return html(
      reply,
      <ModeratePage
        ctx={ctx}
        view={view}
        queue={queue}
        rules={rules}
        now={new Date()}
        problem={problem ? ctx.t(problem.code, problem.vars) : undefined}
        problemFields={problem?.fields}
      />,
      problem?.status ?? 200,
    )
  }

  app.get<{ Params: ChatParams }>(
    '/:m/staff/chats/:id/moderate',
    { schema: { params: ChatParams, hide: true }, config: { policy: 'chats.moderate' } },
    async (req, reply) => renderModerate(req, reply),
  )

  app.get<{ Params: ChatParams }>(
    '/:m/staff/chats/:id/moderate/events',
    { schema: { params: ChatParams, hide: true }, config: { policy: 'chats.moderate' } },
    async (req, reply) => {
      const { chat } = await loadChat(req)
      requireEventStream(req)
      streamEvents(req, reply, chat.municipality_id, service.chatTopic(chat.id))
    },
  )

  /** A moderator action: applied, then back to the console; refused, the console again with the reason. */
  const moderatorAction = <B,>(
    name: string,
    schema: unknown,
    act: (chat: service.ChatView['chat'], actor: service.StaffActor, qid: string, body: B) => Promise<void>,
  ) =>
    app.post<{ Params: QuestionParams; Body: B }>(
      `/:m/staff/chats/:id/questions/:qid/${name}`,
      { schema: { params: QuestionParams, body: schema as object, hide: true }, config: { policy: 'chats.moderate' } },
      async (req, reply) => {
        const { chat } = await loadChat(req)
        try {
          await act(chat, staffActor(req), req.params.qid, req.body as B)
        } catch (error) {
          if (error instanceof AppError && (error.status === 400 || error.status === 409)) {
            return renderModerate(req, reply, error)
          }
          throw error
        }
        return reply.redirect(`${staffPath(req.params.m, chat.id)}/moderate`, 303)
      },
    )

  moderatorAction<AssignBody>('assign', AssignBody, (chat, actor, qid, b) =>
    service.assignQuestion(app.db, chat, actor, qid, { politicianId: b.politician, version: b.version }),
  )
  moderatorAction<RejectBody>('reject', RejectBody, (chat, actor, qid, b) =>
    service.rejectQuestion(app.db, chat, actor, qid, { rule: b.rule, reason: b.reason ?? '', version: b.version }),
  )
  moderatorAction<MergeBody>('merge', MergeBody, (chat, actor, qid, b) =>
    service.mergeQuestion(app.db, chat, actor, qid, { intoNumber: b.into, version: b.version }),
  )
  moderatorAction<MoveBody>('move', MoveBody, (chat, actor, qid, b) =>
    service.moveQuestion(app.db, chat, actor, qid, b.direction),
  )

  const renderAnswer = async (
    req: FastifyRequest<{ Params: ChatParams }>,
    reply: FastifyReply,
    extra: { done?: boolean; failed?: { questionId: string; value: string; message: string } } = {},
    status = 200,
  ) => {
    const view = await loadChat(req)
    const me = staffActor(req).id
    if (!view.politicians.some((p) => p.user_id === me)) throw new AppError(403, 'chats.answer.not_on_panel')
    const { mine, published } = await service.politicianQueue(app.db, view.chat.id, me)
    reply.header('cache-control', 'no-store')
    return html(
      reply,
      <AnswerPage
        ctx={viewContext(req, reply)}
        view={view}
        mine={mine}
        published={published}
        now={new Date()}
        done={extra.done ?? false}
        failed={extra.failed}
      />,
      status,
    )
  }

  app.get<{ Params: ChatParams; Querystring: { done?: string } }>(
    '/:m/staff/chats/:id/answer',
    { schema: { params: ChatParams, hide: true }, config: { policy: 'chats.answer' } },
    async (req, reply) => renderAnswer(req, reply, { done: req.query.done === '1' }),
  )

  app.get<{ Params: ChatParams }>(
    '/:m/staff/chats/:id/answer/events',
    { schema: { params: ChatParams, hide: true }, config: { policy: 'chats.answer' } },
    async (req, reply) => {
      const { chat } = await loadChat(req)
      requireEventStream(req)
      streamEvents(req, reply, chat.municipality_id, service.chatTopic(chat.id))
    },
  )

  app.post<{ Params: QuestionParams; Body: AnswerBody }>(
    '/:m/staff/chats/:id/questions/:qid/answer',
    { schema: { params: QuestionParams, body: AnswerBody, hide: true }, config: { policy: 'chats.answer' } },
    async (req, reply) => {
      const { chat } = await loadChat(req)
      const value = text(req.body.answer)
      try {
        await service.publishAnswer(app.db, chat, staffActor(req), req.params.qid, value)
      } catch (error) {
        if (error instanceof AppError && (error.status === 400 || error.status === 409)) {
          const field = error.fields?.answer
          const message = field ? req.t(field.key, field.vars) : req.t(error.code)
          return renderAnswer(req, reply, { failed: { questionId: req.params.qid, value, message } }, error.status)
        }
        throw error
      }
      return reply.redirect(`${staffPath(req.params.m, chat.id)}/answer?done=1`, 303)
    },
  )

  const record = (req: FastifyRequest<{ Params: ChatParams }>) => {
    const m = municipalityOf(req)
    return chatRecord(app.db, m.id, req.params.id, req.t, req.lang, m.time_zone)
  }

  app.get<{ Params: ChatParams }>(
    '/:m/staff/chats/:id/record.csv',
    { schema: { params: ChatParams, hide: true }, config: { policy: 'chats.export' } },
    async (req, reply) => {
      const r = await record(req)
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="chat-${r.chat.id}.csv"`)
        .header('cache-control', 'no-store')
        .send(recordCsv(r, req.t))
    },
  )

  app.get<{ Params: ChatParams }>(
    '/:m/staff/chats/:id/record.pdf',
    { schema: { params: ChatParams, hide: true }, config: { policy: 'chats.export' } },
    async (req, reply) => {
      const r = await record(req)
      const m = municipalityOf(req)
      const period = `${formatDateTime(r.chat.starts_at, req.lang, m.time_zone)} – ${formatDateTime(r.chat.ends_at, req.lang, m.time_zone)}`
      const pdf = await recordPdf(r, req.t, m.name, period)
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="chat-${r.chat.id}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf)
    },
  )
}
