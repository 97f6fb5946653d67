/**
 * Intake over HTTP: the citizen's contact form, the staff's phone and desk registration, the receipt
 * and status pages behind the unguessable link, and `POST /api/v1/inquiries`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Language, MunicipalityRow } from '../db/schema.ts'
import { isLanguage } from '../i18n/index.ts'
import { userActor } from '../identity/actor.ts'
import type { Actor } from '../journal/service.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { rolesHere, viewContext } from '../web/context.ts'
import { BadRequest, type FieldErrors, fieldErrorsFromSchema, NotFound, type SchemaIssue } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { checkFiles } from './attachments.ts'
import { registerMultipart } from './multipart.ts'
import { ApiInquiryBody, ApiInquiryCreated, ContactBody, MunicipalityParams, Problem, StatusParams } from './schemas.ts'
import * as service from './service.ts'
import { ContactPage, type ContactValues } from './views/ContactPage.tsx'
import { ReceiptPage, StatusPage } from './views/ReceiptPage.tsx'

/** Submissions per address and minute: enough for a shared library computer, too few for a flood. */
const INTAKE_RATE_LIMIT = { max: 10, timeWindow: '1 minute' }

type Mode = 'citizen' | 'staff'

function municipalityOf(req: FastifyRequest): MunicipalityRow {
  if (!req.municipality) throw NotFound()
  return req.municipality
}

const formPath = (slug: string, mode: Mode) => (mode === 'staff' ? `/${slug}/staff/inquiries/new` : `/${slug}/contact`)

// With attachValidation the handler also sees bodies that failed the schema: take only what has the right shape.
const text = (value: unknown): string => (typeof value === 'string' ? value : '')

function valuesFrom(body: ContactBody, fallback: Language): ContactValues {
  return {
    topic: text(body.topic),
    message: text(body.message),
    name: text(body.name),
    email: text(body.email),
    phone: text(body.phone),
    language: isLanguage(body.language) ? body.language : fallback,
    channel: body.channel === 'phone' || body.channel === 'desk' ? body.channel : '',
  }
}

function keptIds(body: ContactBody): string[] {
  const kept: unknown = body.kept
  const ids = Array.isArray(kept) ? kept : [kept]
  return ids.filter((id): id is string => typeof id === 'string' && /^[A-Za-z0-9_-]{20,64}$/.test(id))
}

export async function inquiryRoutes(app: FastifyInstance): Promise<void> {
  await registerMultipart(app)

  const renderForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    mode: Mode,
    form: { values: ContactValues; kept?: Awaited<ReturnType<typeof service.keepUploads>>; errors?: FieldErrors },
    status = 200,
  ) => {
    const municipality = municipalityOf(req)
    const topics = await service.listTopics(app.db, municipality.id)
    reply.header('cache-control', 'no-store')
    return html(
      reply,
      <ContactPage
        ctx={viewContext(req, reply)}
        mode={mode}
        action={formPath(municipality.slug, mode)}
        topics={topics}
        values={form.values}
        kept={form.kept ?? []}
        errors={form.errors}
      />,
      status,
    )
  }

  /** One flow for both forms: check fields and files, keep accepted files when something must be corrected. */
  const submit = async (req: FastifyRequest, reply: FastifyReply, mode: Mode) => {
    const municipality = municipalityOf(req)
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as ContactBody
    const values = valuesFrom(body, req.lang)
    const kept = await service.findKeptUploads(app.db, municipality.id, keptIds(body))
    const { accepted, refused } = await checkFiles(kept, req.incomingFiles ?? [])
    const input: service.IntakeInput = {
      ...values,
      channel: mode === 'staff' && values.channel ? values.channel : mode === 'staff' ? 'phone' : 'web',
    }
    const errors: FieldErrors = {
      ...(await service.checkIntake(app.db, municipality.id, input)).errors,
      ...(req.validationError
        ? fieldErrorsFromSchema((req.validationError as { validation?: SchemaIssue[] }).validation ?? [])
        : {}),
    }
    if (mode === 'staff' && !values.channel) errors.channel = { key: 'inquiries.register.channel_required' }
    refused.forEach((r, i) => {
      errors[`attachments-${i + 1}`] = { key: `inquiries.attachment.refused_${r.reason}`, vars: { file: r.fileName } }
    })
    if (Object.keys(errors).length) {
      const newlyKept = await service.keepUploads(app.db, municipality.id, accepted)
      return renderForm(req, reply, mode, { values, kept: [...kept, ...newlyKept], errors }, 400)
    }
    const actor: Actor = mode === 'staff' ? userActor(req) : { type: 'citizen' }
    const received = await service.receiveInquiry(
      app.db,
      {
        municipality,
        actor,
        registeredBy: mode === 'staff' ? (req.staff?.userId ?? null) : null,
        baseUrl: app.config.baseUrl,
        mailDomain: app.config.mailDomain,
      },
      input,
      { accepted, keptIds: kept.map((k) => k.id) },
    )
    return reply.redirect(`${service.statusPath(municipality.slug, received.statusToken)}/receipt`, 303)
  }

  app.get('/:m/contact', { schema: { params: MunicipalityParams, hide: true } }, async (req, reply) =>
    renderForm(req, reply, 'citizen', { values: valuesFrom({}, req.lang) }),
  )

  app.post(
    '/:m/contact',
    {
      schema: { params: MunicipalityParams, body: ContactBody, hide: true },
      attachValidation: true,
      config: { rateLimit: INTAKE_RATE_LIMIT },
    },
    async (req, reply) => submit(req, reply, 'citizen'),
  )

  app.get(
    '/:m/staff/inquiries/new',
    { schema: { params: MunicipalityParams, hide: true }, config: { policy: 'inquiries.register' } },
    async (req, reply) =>
      renderForm(req, reply, 'staff', { values: valuesFrom({}, municipalityOf(req).default_language) }),
  )

  app.post(
    '/:m/staff/inquiries/new',
    {
      schema: { params: MunicipalityParams, body: ContactBody, hide: true },
      attachValidation: true,
      config: { policy: 'inquiries.register' },
    },
    async (req, reply) => submit(req, reply, 'staff'),
  )

  const statusOf = async (req: FastifyRequest<{ Params: { m: string; token: string } }>) => {
    const status = await service.findByStatusToken(app.db, municipalityOf(req).id, req.params.token)
    if (!status) throw NotFound('inquiries.status.not_found')
    return status
  }

  app.get<{ Params: { m: string; token: string } }>(
    '/:m/inquiries/s/:token/receipt',
    { schema: { params: StatusParams, hide: true } },
    async (req, reply) => {
      const status = await statusOf(req)
      const statusUrl = `${app.config.baseUrl}${service.statusPath(req.params.m, req.params.token)}`
      reply.header('cache-control', 'no-store')
      return html(reply, <ReceiptPage ctx={viewContext(req, reply)} status={status} statusUrl={statusUrl} />)
    },
  )

  app.get<{ Params: { m: string; token: string } }>(
    '/:m/inquiries/s/:token',
    { schema: { params: StatusParams, hide: true } },
    async (req, reply) => {
      const status = await statusOf(req)
      reply.header('cache-control', 'no-store')
      return html(reply, <StatusPage ctx={viewContext(req, reply)} status={status} />)
    },
  )

  app.post<{ Body: ApiInquiryBody }>(
    '/api/v1/inquiries',
    {
      schema: {
        summary: 'Submit an inquiry',
        description:
          "The contact form as JSON: a citizen's question to a municipality, with a topic, the message and a way to answer " +
          '(e-mail and/or phone). The inquiry gets a reference and a due date in business days; when an e-mail address is ' +
          'given, a receipt is sent to it. No token is needed (rate-limited per address); with a staff token the ' +
          'municipality may be left out. Identity numbers in the message are accepted and masked wherever it is shown.',
        tags: ['inquiries'],
        body: ApiInquiryBody,
        response: { 201: ApiInquiryCreated, 400: Problem, 429: Problem },
      },
      config: { rateLimit: INTAKE_RATE_LIMIT },
    },
    async (req, reply) => {
      const municipality = req.body.municipality
        ? await findMunicipalityBySlug(app.db, req.body.municipality)
        : req.municipality
      if (!municipality) {
        const key = req.body.municipality ? 'inquiries.api.municipality_unknown' : 'web.validation.required'
        throw BadRequest('web.error.bad_request', { municipality: { key } })
      }
      // A staff token of this municipality registers on the staff member's behalf; anyone else is a citizen.
      const isStaffHere = req.municipality?.id === municipality.id && rolesHere(req).length > 0
      const actor: Actor = isStaffHere ? userActor(req) : { type: 'citizen' }
      const { inquiry, statusToken } = await service.receiveInquiry(
        app.db,
        { municipality, actor, baseUrl: app.config.baseUrl, mailDomain: app.config.mailDomain },
        { ...req.body, language: req.body.language ?? municipality.default_language, channel: 'api' },
      )
      return reply.code(201).send({
        id: inquiry.id,
        reference: inquiry.reference,
        status: inquiry.status,
        receivedAt: inquiry.received_at,
        dueAt: inquiry.due_at,
        statusUrl: `${app.config.baseUrl}${service.statusPath(municipality.slug, statusToken)}`,
      })
    },
  )
}
