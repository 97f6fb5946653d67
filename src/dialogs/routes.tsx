/**
 * Dialogs over HTTP: the public list and dialog pages with their forms (consultation replies with
 * attachments, ideas, comments, supports, ballots, pledges, following), documents, the hvidbog, and the
 * staff overview, mandate editor, preview and input pages. The open-data API is in `api.ts`.
 */
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { currentCitizen } from '../citizens/service.ts'
import type { Language } from '../db/schema.ts'
import type { DialogRow } from '../db/tables/dialogs.ts'
import type { MessageKey } from '../i18n/index.ts'
import { LANGUAGES } from '../i18n/index.ts'
import { municipalityOf, userActor } from '../identity/actor.ts'
import { PERMISSIONS } from '../identity/permissions.ts'
import { checkFiles, cleanFileName, sniffContentType } from '../inquiries/attachments.ts'
import { registerMultipart } from '../inquiries/multipart.ts'
import { departmentName, listDepartments } from '../municipalities/service.ts'
import { rolesHere, viewContext } from '../web/context.ts'
import { AppError, type FieldErrors, NotFound } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { dialogsApiRoutes } from './api.ts'
import './mine.tsx'
import * as budget from './budget.ts'
import * as contributions from './contributions.ts'
import * as digest from './digest.ts'
import * as feedback from './feedback.ts'
import { renderHvidbog } from './hvidbog.ts'
import { isOverdue, legalMinimumWeeks, MANDATE_TEXT_FIELDS, PHASE_ORDER, phaseOf } from './mandate.ts'
import * as service from './service.ts'
import {
  ContributionPage,
  DialogPage,
  type DialogPageProps,
  emptyReply,
  HvidbogPage,
  type ListedDialog,
  ListPage,
  type ReplyValues,
} from './views/PublicPages.tsx'
import { EditPage, type EditValues, InputPage, OverviewPage, type TextValues } from './views/StaffPages.tsx'

const INPUT_RATE_LIMIT = { max: 20, timeWindow: '1 minute' }
/** Replies or ideas per page of a dialog. */
const PAGE_SIZE = 50
const Params = Type.Object({ m: Type.String({ maxLength: 64 }) })
const Id = Type.String({ pattern: '^[0-9a-f-]{36}$' })
const DialogParams = Type.Object({ m: Type.String({ maxLength: 64 }), id: Id })
const ContributionParams = Type.Object({ m: Type.String({ maxLength: 64 }), id: Id, cid: Id })
const FileParams = Type.Object({ m: Type.String({ maxLength: 64 }), id: Id, cid: Id, fid: Id })
const DocumentParams = Type.Object({ m: Type.String({ maxLength: 64 }), id: Id, did: Id })
const Form = Type.Record(Type.String(), Type.Unknown())

type P = { m: string; id: string; cid: string; fid: string; did: string }
type Req = FastifyRequest<{ Params: P; Body: Record<string, unknown>; Querystring: Record<string, string> }>

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const int = (value: unknown): number => {
  const raw = text(value).replace(/[\s.]/g, '')
  return raw === '' ? 0 : /^\d+$/.test(raw) ? Number(raw) : Number.NaN
}
const isErrorWithFields = (e: unknown): e is AppError => e instanceof AppError && (e.status === 400 || e.status === 409)
const asFieldErrors = (e: AppError): FieldErrors =>
  e.fields && Object.keys(e.fields).length ? e.fields : { form: { key: e.code, ...(e.vars ? { vars: e.vars } : {}) } }

function contextOf(req: FastifyRequest): service.DialogContext {
  const municipality = municipalityOf(req)
  const actor = req.staff ? userActor(req) : ({ type: 'citizen' } as const)
  return { municipality, actor, baseUrl: req.server.config.baseUrl, mailDomain: req.server.config.mailDomain }
}

function editValues(body: Record<string, unknown>, dialog?: DialogRow): EditValues {
  const texts = Object.fromEntries(
    LANGUAGES.map((l) => [l, Object.fromEntries(MANDATE_TEXT_FIELDS.map((f) => [f, text(body[`${f}_${l}`])]))]),
  ) as TextValues
  return {
    kind: dialog?.kind ?? text(body.kind),
    moderation_mode: text(body.moderation_mode) || 'pre',
    department_id: text(body.department_id),
    contact_name: text(body.contact_name),
    contact_email: text(body.contact_email),
    starts_on: text(body.starts_on),
    ends_on: text(body.ends_on),
    feedback_due_on: text(body.feedback_due_on),
    consultation_type: text(body.consultation_type),
    location: text(body.location),
    support_threshold: text(body.support_threshold),
    budget_total: text(body.budget_total),
    ballot_method: text(body.ballot_method) || 'knapsack',
    max_choices: text(body.max_choices),
    pledges_enabled: text(body.pledges_enabled) === '1',
    texts,
  }
}

function valuesOf(dialog: DialogRow, rows: Awaited<ReturnType<typeof service.listTexts>>): EditValues {
  const body: Record<string, unknown> = {
    ...dialog,
    support_threshold: String(dialog.support_threshold),
    budget_total: String(dialog.budget_total),
    max_choices: String(dialog.max_choices),
    pledges_enabled: dialog.pledges_enabled ? '1' : '',
  }
  for (const row of rows) for (const f of MANDATE_TEXT_FIELDS) body[`${f}_${row.language}`] = row[f]
  for (const key of Object.keys(body)) if (body[key] === null) body[key] = ''
  return editValues(body, dialog)
}

function inputOf(values: EditValues): service.DialogInput {
  return {
    kind: values.kind as service.DialogInput['kind'],
    moderationMode: values.moderation_mode as service.DialogInput['moderationMode'],
    departmentId: values.department_id,
    contactName: values.contact_name,
    contactEmail: values.contact_email,
    startsOn: values.starts_on,
    endsOn: values.ends_on,
    feedbackDueOn: values.feedback_due_on,
    consultationType: values.consultation_type,
    location: values.location,
    supportThreshold: int(values.support_threshold),
    budgetTotal: int(values.budget_total),
    ballotMethod: values.ballot_method as service.DialogInput['ballotMethod'],
    maxChoices: int(values.max_choices),
    pledgesEnabled: values.pledges_enabled,
    texts: values.texts,
  }
}

export async function dialogsRoutes(app: FastifyInstance): Promise<void> {
  await registerMultipart(app)
  await app.register(dialogsApiRoutes)

  const listed = async (
    municipalityId: string,
    lang: Language,
    fallback: Language,
    tz: string,
    publicOnly: boolean,
  ) => {
    const { dialogs, texts } = await service.listDialogsWithTexts(app.db, municipalityId, publicOnly)
    const day = service.today({ time_zone: tz })
    const items: ListedDialog[] = dialogs.map((dialog) => ({
      dialog,
      texts: service.textsIn(
        texts.filter((t) => t.dialog_id === dialog.id),
        lang,
        fallback,
      ),
      phase: phaseOf(dialog, day),
      overdue: isOverdue(dialog, day),
    }))
    return items.sort((a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] || Number(b.overdue) - Number(a.overdue))
  }

  app.get('/:m/dialogs', { schema: { params: Params, hide: true } }, async (req, reply) => {
    const m = municipalityOf(req)
    const items = await listed(m.id, req.lang, m.default_language, m.time_zone, true)
    return html(reply, <ListPage ctx={viewContext(req, reply)} items={items} />)
  })

  /** Everything the dialog page shows, for the public page, the preview and a re-rendered form. */
  const renderDialog = async (
    req: Req,
    reply: FastifyReply,
    extra: Partial<DialogPageProps> = {},
    status = 200,
    preview = false,
  ) => {
    const m = municipalityOf(req)
    const dialog = await service.findDialog(app.db, m.id, req.params.id, !preview)
    const citizen = preview ? undefined : await currentCitizen(req)
    const page = Math.max(1, Math.min(10_000, Number.parseInt(req.query?.page ?? '1', 10) || 1))
    const [textRows, documents, listed, departments] = await Promise.all([
      service.listTexts(app.db, [dialog.id]),
      service.listDocuments(app.db, dialog.id),
      dialog.kind === 'budget'
        ? contributions
            .listContributions(app.db, dialog.id, { kinds: ['project'], publishedOnly: true })
            .then((rows) => ({ rows, total: rows.length }))
        : contributions.pagePublished(
            app.db,
            dialog.id,
            dialog.kind === 'consultation' ? 'reply' : 'idea',
            page,
            PAGE_SIZE,
          ),
      listDepartments(app.db, m.id),
    ])
    const all = listed.rows
    const ids = all.map((c) => c.id)
    const [attachments, supported, voted, follower, pledges, results] = await Promise.all([
      contributions.listAttachments(app.db, ids),
      citizen ? contributions.supportedBy(app.db, ids, citizen.id) : Promise.resolve(new Set<string>()),
      citizen && dialog.kind === 'budget' ? budget.hasVoted(app.db, dialog.id, citizen.id) : Promise.resolve(false),
      citizen ? digest.findFollower(app.db, dialog.id, citizen.id) : Promise.resolve(undefined),
      dialog.kind === 'budget' ? budget.pledgeTotals(app.db, ids) : Promise.resolve(new Map<string, number>()),
      dialog.kind === 'budget' && (dialog.results_published_at || dialog.state === 'concluded')
        ? budget.resultsOf(app.db, dialog)
        : Promise.resolve(undefined),
    ])
    const department = departments.find((d) => d.id === dialog.department_id)
    const notice = req.query?.done ? req.t(`dialogs.notice.${req.query.done}` as MessageKey) : undefined
    reply.header('cache-control', 'no-store')
    return html(
      reply,
      <DialogPage
        ctx={viewContext(req, reply)}
        dialog={dialog}
        texts={service.textsIn(textRows, req.lang, m.default_language)}
        phase={phaseOf(dialog, service.today(m))}
        department={department ? departmentName(department, req.lang) : ''}
        documents={documents}
        contributions={all}
        total={listed.total}
        page={page}
        pageSize={PAGE_SIZE}
        attachments={attachments}
        signedIn={citizen ? { name: citizen.display_name } : undefined}
        supported={supported}
        voted={voted}
        following={follower?.frequency}
        results={results}
        pledges={pledges}
        notice={notice && !notice.startsWith('dialogs.notice.') ? notice : undefined}
        preview={preview}
        {...extra}
      />,
      status,
    )
  }

  app.get('/:m/dialogs/:id', { schema: { params: DialogParams, hide: true } }, async (req, reply) =>
    renderDialog(req as Req, reply),
  )

  app.get('/:m/dialogs/:id/documents/:did', { schema: { params: DocumentParams, hide: true } }, async (req, reply) => {
    const r = req as Req
    const m = municipalityOf(req)
    const dialog = await service.findDialog(app.db, m.id, r.params.id, rolesHere(req).length === 0)
    const doc = await service.findDocument(app.db, dialog.id, r.params.did)
    if (!doc) throw NotFound()
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${encodeURIComponent(doc.file_name)}"`)
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(doc.body))
  })

  app.get(
    '/:m/dialogs/:id/contributions/:cid/attachments/:fid',
    { schema: { params: FileParams, hide: true } },
    async (req, reply) => {
      const r = req as Req
      const m = municipalityOf(req)
      const dialog = await service.findDialog(app.db, m.id, r.params.id, true)
      await contributions.findPublicContribution(app.db, dialog, r.params.cid)
      const file = await contributions.findAttachment(app.db, r.params.cid, r.params.fid)
      if (!file) throw NotFound()
      return reply
        .type(file.content_type)
        .header('content-disposition', `attachment; filename="${encodeURIComponent(file.file_name)}"`)
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(file.body))
    },
  )

  const renderContribution = async (req: Req, reply: FastifyReply, commentErrors?: FieldErrors, status = 200) => {
    const m = municipalityOf(req)
    const dialog = await service.findDialog(app.db, m.id, req.params.id, true)
    const contribution = await contributions.findPublicContribution(app.db, dialog, req.params.cid)
    const [textRows, comments, citizen] = await Promise.all([
      service.listTexts(app.db, [dialog.id]),
      contributions.listContributions(app.db, dialog.id, { kinds: ['comment'], publishedOnly: true }),
      currentCitizen(req),
    ])
    return html(
      reply,
      <ContributionPage
        ctx={viewContext(req, reply)}
        dialog={dialog}
        texts={service.textsIn(textRows, req.lang, m.default_language)}
        contribution={contribution}
        comments={comments.filter((c) => c.parent_id === contribution.id)}
        signedIn={Boolean(citizen)}
        commentErrors={commentErrors}
        phase={phaseOf(dialog, service.today(m))}
      />,
      status,
    )
  }

  app.get(
    '/:m/dialogs/:id/contributions/:cid',
    { schema: { params: ContributionParams, hide: true } },
    async (req, reply) => renderContribution(req as Req, reply),
  )

  const hvidbogData = async (req: Req) => {
    const m = municipalityOf(req)
    const dialog = await service.findDialog(app.db, m.id, req.params.id, true)
    if (dialog.kind !== 'consultation' || !dialog.feedback_published_at) throw NotFound('dialogs.hvidbog.not_yet')
    const [textRows, all] = await Promise.all([
      service.listTexts(app.db, [dialog.id]),
      contributions.listContributions(app.db, dialog.id, { kinds: ['reply'] }),
    ])
    const replies = all.filter((r) => r.state === 'published')
    return {
      m,
      dialog,
      texts: service.textsIn(textRows, req.lang, m.default_language),
      replies,
      withheld: all.length - replies.length,
    }
  }

  app.get('/:m/dialogs/:id/hvidbog', { schema: { params: DialogParams, hide: true } }, async (req, reply) => {
    const data = await hvidbogData(req as Req)
    return html(
      reply,
      <HvidbogPage
        ctx={viewContext(req, reply)}
        dialog={data.dialog}
        texts={data.texts}
        replies={data.replies}
        withheld={data.withheld}
      />,
    )
  })

  app.get('/:m/dialogs/:id/hvidbog.pdf', { schema: { params: DialogParams, hide: true } }, async (req, reply) => {
    const data = await hvidbogData(req as Req)
    const pdf = await renderHvidbog(data.m, data.dialog, data.texts, data.replies, data.withheld, req.lang)
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="hvidbog-${data.dialog.id}.pdf"`)
      .send(pdf)
  })

  // Consultation replies: multipart with attachments, checked up front like the contact form.
  app.post(
    '/:m/dialogs/:id/replies',
    { schema: { params: DialogParams, hide: true }, config: { rateLimit: INPUT_RATE_LIMIT } },
    async (req, reply) => {
      const r = req as Req
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>
      const values: ReplyValues = {
        ...emptyReply(),
        name: text(body.name),
        email: text(body.email),
        represents: text(body.represents) || 'self',
        organisation: text(body.organisation),
        address: text(body.address),
        hide_address: text(body.hide_address) === '1',
        text: text(body.text),
      }
      const { accepted, refused } = await checkFiles([], req.incomingFiles ?? [])
      const errors: FieldErrors = contributions.replyErrors({
        ...values,
        hideAddress: values.hide_address,
        language: req.lang,
      })
      refused.forEach((f, i) => {
        errors[i === 0 ? 'attachments' : `attachments-${i + 1}`] = {
          key: `inquiries.attachment.refused_${f.reason}`,
          vars: { file: f.fileName },
        }
      })
      if (Object.keys(errors).length) return renderDialog(r, reply, { reply: { values, errors }, errors }, 400)
      try {
        const saved = await contributions.submitReply(
          app.db,
          contextOf(req),
          r.params.id,
          { ...values, hideAddress: values.hide_address, language: req.lang },
          accepted,
        )
        const done = saved.state === 'published' ? 'reply_published' : 'reply_pending'
        return reply.redirect(`/${r.params.m}/dialogs/${r.params.id}?done=${done}`, 303)
      } catch (e) {
        if (!isErrorWithFields(e)) throw e
        return renderDialog(r, reply, { reply: { values, errors: e.fields }, errors: asFieldErrors(e) }, e.status)
      }
    },
  )

  /** A citizen's action: signed in (else to the sign-in page and back), errors shown on the dialog page. */
  const citizenAction = (
    path: string,
    act: (req: Req, citizen: contributions.Participant) => Promise<string>,
    onError?: (req: Req, reply: FastifyReply, e: AppError) => Promise<FastifyReply>,
  ) => {
    app.post(
      path,
      {
        schema: { params: path.includes(':cid') ? ContributionParams : DialogParams, body: Form, hide: true },
        config: { rateLimit: INPUT_RATE_LIMIT },
      },
      async (req, reply) => {
        const r = req as Req
        const citizen = await currentCitizen(req)
        const back = `/${r.params.m}/dialogs/${r.params.id}`
        if (!citizen) return reply.redirect(`/${r.params.m}/sign-in?next=${encodeURIComponent(back)}`, 303)
        try {
          const done = await act(r, citizen)
          return reply.redirect(`${done.startsWith('/') ? done : `${back}?done=${done}`}`, 303)
        } catch (e) {
          if (!isErrorWithFields(e)) throw e
          if (onError) return onError(r, reply, e)
          return renderDialog(r, reply, { errors: asFieldErrors(e) }, e.status)
        }
      },
    )
  }

  citizenAction(
    '/:m/dialogs/:id/ideas',
    async (req, citizen) => {
      const idea = await contributions.proposeIdea(app.db, contextOf(req), citizen, req.params.id, {
        title: text(req.body.title),
        body: text(req.body.body),
        language: req.lang,
      })
      return idea.state === 'published' ? 'idea_published' : 'idea_pending'
    },
    (req, reply, e) =>
      renderDialog(
        req,
        reply,
        {
          idea: { values: { title: text(req.body.title), body: text(req.body.body) }, errors: e.fields },
          errors: asFieldErrors(e),
        },
        e.status,
      ),
  )

  citizenAction(
    '/:m/dialogs/:id/ideas/:cid/comments',
    async (req, citizen) => {
      await contributions.commentOnIdea(app.db, contextOf(req), citizen, req.params.id, req.params.cid, {
        body: text(req.body.body),
        language: req.lang,
      })
      return `/${req.params.m}/dialogs/${req.params.id}/contributions/${req.params.cid}`
    },
    (req, reply, e) => renderContribution(req, reply, asFieldErrors(e), e.status),
  )

  citizenAction('/:m/dialogs/:id/ideas/:cid/support', async (req, citizen) => {
    await contributions.supportIdea(app.db, contextOf(req), citizen, req.params.id, req.params.cid)
    return 'supported'
  })

  citizenAction('/:m/dialogs/:id/ballot', async (req, citizen) => {
    const raw = req.body.projects
    const choices = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string')
    await budget.castBallot(app.db, contextOf(req), citizen, req.params.id, choices)
    return 'voted'
  })

  citizenAction('/:m/dialogs/:id/pledges', async (req, citizen) => {
    await budget.pledge(app.db, contextOf(req), citizen, req.params.id, text(req.body.project), int(req.body.amount))
    return 'pledged'
  })

  citizenAction('/:m/dialogs/:id/follow', async (req, citizen) => {
    const frequency = text(req.body.frequency)
    if (frequency === 'none') {
      await digest.unfollow(app.db, contextOf(req).municipality, citizen, req.params.id)
      return 'unfollowed'
    }
    await digest.follow(app.db, contextOf(req), citizen, req.params.id, frequency)
    return 'followed'
  })

  // Staff.
  app.get(
    '/:m/staff/dialogs',
    { schema: { params: Params, hide: true }, config: { policy: 'dialogs.overview' } },
    async (req, reply) => {
      const m = municipalityOf(req)
      const items = await listed(m.id, req.lang, m.default_language, m.time_zone, false)
      const canEdit = rolesHere(req).some((role) => PERMISSIONS['dialogs.edit'].includes(role))
      return html(reply, <OverviewPage ctx={viewContext(req, reply)} items={items} canEdit={canEdit} />)
    },
  )

  const renderEdit = async (
    req: Req,
    reply: FastifyReply,
    dialog: DialogRow | undefined,
    values: EditValues,
    errors?: FieldErrors,
    status = 200,
  ) => {
    const m = municipalityOf(req)
    const [departments, documents] = await Promise.all([
      listDepartments(app.db, m.id),
      dialog ? service.listDocuments(app.db, dialog.id) : Promise.resolve([]),
    ])
    const warning = dialog
      ? legalMinimumWeeks({
          kind: dialog.kind,
          consultation_type: (values.consultation_type || null) as DialogRow['consultation_type'],
          starts_on: values.starts_on,
          ends_on: values.ends_on,
        })
      : undefined
    const notice = req.query?.done ? req.t(`dialogs.notice.${req.query.done}` as MessageKey) : undefined
    reply.header('cache-control', 'no-store')
    return html(
      reply,
      <EditPage
        ctx={viewContext(req, reply)}
        dialog={dialog}
        values={values}
        errors={errors}
        departments={departments}
        documents={documents}
        warning={warning}
        phase={dialog ? phaseOf(dialog, service.today(municipalityOf(req))) : 'draft'}
        notice={notice && !notice.startsWith('dialogs.notice.') ? notice : undefined}
      />,
      status,
    )
  }

  const blankValues = (req: FastifyRequest): EditValues => ({
    ...editValues({}),
    kind: 'consultation',
    contact_name: req.staff?.name ?? '',
    contact_email: req.staff?.email ?? '',
    max_choices: '3',
    support_threshold: '0',
    budget_total: '0',
  })

  app.get(
    '/:m/staff/dialogs/new',
    { schema: { params: Params, hide: true }, config: { policy: 'dialogs.edit' } },
    async (req, reply) => renderEdit(req as Req, reply, undefined, blankValues(req)),
  )

  app.post(
    '/:m/staff/dialogs/new',
    { schema: { params: Params, body: Form, hide: true }, config: { policy: 'dialogs.edit' } },
    async (req, reply) => {
      const r = req as Req
      const values = editValues(r.body)
      try {
        const dialog = await service.createDialog(app.db, contextOf(req), inputOf(values))
        return reply.redirect(`/${r.params.m}/staff/dialogs/${dialog.id}?done=saved`, 303)
      } catch (e) {
        if (!isErrorWithFields(e)) throw e
        return renderEdit(r, reply, undefined, values, asFieldErrors(e), e.status)
      }
    },
  )

  const staffDialog = async (req: Req) => service.findDialog(app.db, municipalityOf(req).id, req.params.id, false)

  app.get(
    '/:m/staff/dialogs/:id',
    { schema: { params: DialogParams, hide: true }, config: { policy: 'dialogs.edit' } },
    async (req, reply) => {
      const r = req as Req
      const dialog = await staffDialog(r)
      return renderEdit(r, reply, dialog, valuesOf(dialog, await service.listTexts(app.db, [dialog.id])))
    },
  )

  app.post(
    '/:m/staff/dialogs/:id',
    { schema: { params: DialogParams, body: Form, hide: true }, config: { policy: 'dialogs.edit' } },
    async (req, reply) => {
      const r = req as Req
      const dialog = await staffDialog(r)
      const values = editValues(r.body, dialog)
      try {
        await service.updateDialog(app.db, contextOf(req), dialog.id, inputOf(values))
        return reply.redirect(`/${r.params.m}/staff/dialogs/${dialog.id}?done=saved`, 303)
      } catch (e) {
        if (!isErrorWithFields(e)) throw e
        return renderEdit(r, reply, dialog, values, asFieldErrors(e), e.status)
      }
    },
  )

  app.post(
    '/:m/staff/dialogs/:id/publish',
    { schema: { params: DialogParams, body: Form, hide: true }, config: { policy: 'dialogs.edit' } },
    async (req, reply) => {
      const r = req as Req
      const dialog = await staffDialog(r)
      try {
        await service.publishDialog(app.db, contextOf(req), dialog.id)
        return reply.redirect(`/${r.params.m}/staff/dialogs/${dialog.id}?done=published`, 303)
      } catch (e) {
        if (!isErrorWithFields(e)) throw e
        const values = valuesOf(dialog, await service.listTexts(app.db, [dialog.id]))
        return renderEdit(r, reply, dialog, values, asFieldErrors(e), e.status)
      }
    },
  )

  app.post(
    '/:m/staff/dialogs/:id/documents',
    { schema: { params: DialogParams, hide: true }, config: { policy: 'dialogs.edit' } },
    async (req, reply) => {
      const r = req as Req
      const dialog = await staffDialog(r)
      const file = (req.incomingFiles ?? [])[0]
      let error: FieldErrors | undefined
      if (!file) error = { document: { key: 'web.validation.required' } }
      else if (file.truncated || file.skipped || file.bytes.byteLength > service.MAX_DOCUMENT_BYTES)
        error = { document: { key: 'inquiries.attachment.refused_size', vars: { file: cleanFileName(file.fileName) } } }
      else if ((await sniffContentType(file.bytes)) !== 'application/pdf')
        error = { document: { key: 'dialogs.documents.not_pdf', vars: { file: cleanFileName(file.fileName) } } }
      if (error || !file) {
        const values = valuesOf(dialog, await service.listTexts(app.db, [dialog.id]))
        return renderEdit(r, reply, dialog, values, error, 400)
      }
      await service.addDocument(app.db, contextOf(req), dialog.id, {
        fileName: cleanFileName(file.fileName),
        bytes: file.bytes,
      })
      return reply.redirect(`/${r.params.m}/staff/dialogs/${dialog.id}?done=document`, 303)
    },
  )

  app.get(
    '/:m/staff/dialogs/:id/preview',
    { schema: { params: DialogParams, hide: true }, config: { policy: 'dialogs.edit' } },
    async (req, reply) => {
      const r = req as Req
      await staffDialog(r)
      return renderDialog(r, reply, {}, 200, true)
    },
  )

  const renderInput = async (
    req: Req,
    reply: FastifyReply,
    errors?: FieldErrors,
    status = 200,
    typed?: Record<string, unknown>,
  ) => {
    const m = municipalityOf(req)
    const dialog = await staffDialog(req)
    const [textRows, all] = await Promise.all([
      service.listTexts(app.db, [dialog.id]),
      contributions.listContributions(app.db, dialog.id),
    ])
    const phase = phaseOf(dialog, service.today(m))
    const feedbackTexts = Object.fromEntries(
      LANGUAGES.map((l) => [
        l,
        typed ? text(typed[`feedback_${l}`]) : (textRows.find((t) => t.language === l)?.feedback ?? ''),
      ]),
    ) as Record<Language, string>
    const notice = req.query?.done ? req.t(`dialogs.notice.${req.query.done}` as MessageKey) : undefined
    reply.header('cache-control', 'no-store')
    return html(
      reply,
      <InputPage
        ctx={viewContext(req, reply)}
        dialog={dialog}
        title={service.textsIn(textRows, req.lang, m.default_language).title}
        contributions={all.filter((c) => c.state !== 'pending' || c.kind === 'project')}
        pending={all.filter((c) => c.state === 'pending').length}
        feedbackTexts={feedbackTexts}
        errors={errors}
        notice={notice && !notice.startsWith('dialogs.notice.') ? notice : undefined}
        canConclude={phase === 'closed' || phase === 'awaiting_feedback'}
      />,
      status,
    )
  }

  app.get(
    '/:m/staff/dialogs/:id/input',
    { schema: { params: DialogParams, hide: true }, config: { policy: 'dialogs.edit' } },
    async (req, reply) => renderInput(req as Req, reply),
  )

  const staffAction = (path: string, act: (req: Req) => Promise<string>) => {
    app.post(
      path,
      {
        schema: { params: path.includes(':cid') ? ContributionParams : DialogParams, body: Form, hide: true },
        config: { policy: 'dialogs.edit' },
      },
      async (req, reply) => {
        const r = req as Req
        try {
          const done = await act(r)
          return reply.redirect(`/${r.params.m}/staff/dialogs/${r.params.id}/input?done=${done}`, 303)
        } catch (e) {
          if (!isErrorWithFields(e)) throw e
          return renderInput(r, reply, asFieldErrors(e), e.status, r.body)
        }
      },
    )
  }

  staffAction('/:m/staff/dialogs/:id/contributions/:cid', async (req) => {
    const status = text(req.body.status)
    await feedback.respondTo(app.db, contextOf(req), req.params.id, req.params.cid, {
      response: text(req.body[`response-${req.params.cid}`]),
      ...(status ? { status, statusNote: text(req.body[`status_note-${req.params.cid}`]) } : {}),
    })
    return 'response'
  })

  staffAction('/:m/staff/dialogs/:id/projects', async (req) => {
    await budget.addProject(app.db, contextOf(req), req.params.id, {
      title: text(req.body.title),
      body: text(req.body.body),
      cost: int(req.body.cost),
      pledgeGoal: int(req.body.pledge_goal),
    })
    return 'project'
  })

  staffAction('/:m/staff/dialogs/:id/feedback', async (req) => {
    const texts = Object.fromEntries(LANGUAGES.map((l) => [l, text(req.body[`feedback_${l}`])]))
    await feedback.publishFeedback(app.db, contextOf(req), req.params.id, texts)
    return 'feedback'
  })
}
