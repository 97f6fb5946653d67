/**
 * The inquiry page and its actions over HTTP (policies `inquiries.read` and `inquiries.handle`), the
 * authorised attachment download, and the administrators' canned answers (`canned.manage`). Actions are
 * POST forms answered with a redirect (PRG) to the page with a success message; a refused form comes back
 * with what was typed and a translated reason (400, or 409 when the inquiry's state refuses it).
 */
import { create as contentDisposition } from 'content-disposition'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { municipalityOf } from '../../identity/actor.ts'
import { formErrors, schemaErrors } from '../../identity/forms.ts'
import { viewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { html } from '../../web/reply.ts'
import { cannedRoutes } from './canned-routes.tsx'
import { attachmentBody, cannedAnswerFor, loadCase } from './read.ts'
import {
  type ActionBody,
  AnswerBody,
  AssignBody,
  AttachmentParams,
  CaseParams,
  CaseQuery,
  CloseBody,
  EmptyBody,
  NoteBody,
  RouteBody,
} from './schemas.ts'
import * as service from './service.ts'
import type { CaseAction, CaseForm } from './views/CaseActions.tsx'
import { CasePage, casePath, DONE, type Done } from './views/CasePage.tsx'

const read = { policy: 'inquiries.read' } as const
const handle = { policy: 'inquiries.handle' } as const

type CaseRequest = FastifyRequest<{ Params: CaseParams; Body: ActionBody }>

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * `attachment` with the citizen's file name: no folders, no control characters, the UTF-8 name as
 * `filename*` and a plain-ASCII fallback (accents dropped, other letters as `_`) for old clients.
 */
export function attachmentDisposition(fileName: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const name = (fileName.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim() || 'attachment'
  const fallback = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_')
  return contentDisposition(name, { type: 'attachment', fallback })
}

function contextOf(app: FastifyInstance, req: FastifyRequest): service.CaseContext {
  return {
    municipality: municipalityOf(req),
    userId: req.staff?.userId as string,
    baseUrl: app.config.baseUrl,
    mailDomain: app.config.mailDomain,
  }
}

/** What each action does with the form; returns the success message to show after the redirect. */
const ACTIONS: Record<CaseAction, (app: FastifyInstance, req: CaseRequest) => Promise<Done>> = {
  take: async (app, req) => {
    await service.takeInquiry(app.db, contextOf(app, req), req.params.id)
    return 'taken'
  },
  assign: async (app, req) => {
    await service.assignInquiry(app.db, contextOf(app, req), req.params.id, text(req.body?.assignee))
    return 'assigned'
  },
  route: async (app, req) => {
    const input = { department: text(req.body?.department), reason: text(req.body?.route_reason) }
    await service.routeInquiry(app.db, contextOf(app, req), req.params.id, input)
    return 'routed'
  },
  answer: async (app, req) => {
    const { emailed } = await service.answerInquiry(app.db, contextOf(app, req), req.params.id, text(req.body?.answer))
    return emailed ? 'answered' : 'answered_phone'
  },
  note: async (app, req) => {
    await service.addNote(app.db, contextOf(app, req), req.params.id, text(req.body?.note))
    return 'noted'
  },
  close: async (app, req) => {
    const input = { resolution: text(req.body?.resolution), reason: text(req.body?.close_reason) }
    await service.closeInquiry(app.db, contextOf(app, req), req.params.id, input)
    return 'closed'
  },
  reopen: async (app, req) => {
    await service.reopenInquiry(app.db, contextOf(app, req), req.params.id)
    return 'reopened'
  },
}

const BODIES = {
  take: EmptyBody,
  assign: AssignBody,
  route: RouteBody,
  answer: AnswerBody,
  note: NoteBody,
  close: CloseBody,
  reopen: EmptyBody,
} as const

/** The field a refusal without fields of its own is shown against. */
const FIELD_OF: Record<CaseAction, string> = {
  take: '_',
  assign: 'assignee',
  route: 'department',
  answer: 'answer',
  note: 'note',
  close: 'close_reason',
  reopen: '_',
}

export async function inquiryCaseRoutes(app: FastifyInstance): Promise<void> {
  const renderPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: { done?: Done; form?: CaseForm; cannedId?: string },
    status = 200,
  ) => {
    const municipality = municipalityOf(req)
    const view = await loadCase(app.db, municipality, id, req.lang)
    const answerDraft = extra.cannedId
      ? await cannedAnswerFor(app.db, municipality, view.inquiry, extra.cannedId, req.staff?.name ?? '')
      : undefined
    reply.header('cache-control', 'no-store')
    return html(
      reply,
      <CasePage
        ctx={viewContext(req, reply)}
        view={view}
        done={extra.done}
        form={extra.form}
        answerDraft={answerDraft}
        cannedId={answerDraft === undefined ? undefined : extra.cannedId}
      />,
      status,
    )
  }

  app.get<{ Params: CaseParams; Querystring: CaseQuery }>(
    '/:m/staff/inquiries/:id',
    { schema: { params: CaseParams, querystring: CaseQuery, hide: true }, config: read },
    async (req, reply) => {
      const done = (DONE as readonly string[]).includes(req.query.done ?? '') ? (req.query.done as Done) : undefined
      return renderPage(req, reply, req.params.id, {
        ...(done ? { done } : {}),
        ...(req.query.canned ? { cannedId: req.query.canned } : {}),
      })
    },
  )

  for (const action of Object.keys(ACTIONS) as CaseAction[]) {
    app.post<{ Params: CaseParams; Body: ActionBody }>(
      `/:m/staff/inquiries/:id/${action}`,
      { schema: { params: CaseParams, body: BODIES[action], hide: true }, attachValidation: true, config: handle },
      async (req, reply) => {
        const values = Object.fromEntries(
          Object.entries(req.body ?? {}).filter(([k, v]) => k !== '_csrf' && typeof v === 'string'),
        ) as Record<string, string>
        let refused: { errors: FieldErrors; status: number } | undefined
        const invalid = schemaErrors(req)
        if (invalid) refused = { errors: invalid, status: 400 }
        else {
          try {
            const done = await ACTIONS[action](app, req)
            return reply.redirect(`${casePath(municipalityOf(req).slug, req.params.id)}?done=${done}`, 303)
          } catch (error) {
            refused = formErrors(error, FIELD_OF[action])
          }
        }
        return renderPage(
          req,
          reply,
          req.params.id,
          { form: { action, values, errors: refused.errors } },
          refused.status,
        )
      },
    )
  }

  app.get<{ Params: AttachmentParams }>(
    '/:m/staff/inquiries/:id/attachments/:aid',
    { schema: { params: AttachmentParams, hide: true }, config: read },
    async (req, reply) => {
      const { attachment, body } = await attachmentBody(app.db, municipalityOf(req).id, req.params.id, req.params.aid)
      return reply
        .header('content-type', attachment.content_type)
        .header('content-disposition', attachmentDisposition(attachment.file_name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-length', body.byteLength)
        .send(Buffer.from(body))
    },
  )

  await app.register(cannedRoutes)
}
