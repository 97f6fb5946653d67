/**
 * The self-service API: the catalogue, a service's form definition, and submitting answers (with
 * attachments as base64) through the same validation, decision and receipt as the web form. A staff
 * token of the service's municipality submits on a citizen's behalf (assisted digital).
 */
import type { FastifyInstance } from 'fastify'
import { userActor } from '../identity/actor.ts'
import { checkFiles, MAX_FILE_BYTES } from '../inquiries/service.ts'
import type { Actor } from '../journal/service.ts'
import { findMunicipalityById, findMunicipalityBySlug } from '../municipalities/service.ts'
import { rolesHere } from '../web/context.ts'
import { BadRequest, Conflict, type FieldErrors, NotFound } from '../web/errors.ts'
import { findServiceById, listServices } from './catalogue/service.ts'
import type { Text } from './forms/definition.ts'
import {
  ApiServiceDefinition,
  ApiServiceList,
  ApiServiceParams,
  ApiServicesQuery,
  ApiSubmissionBody,
  ApiSubmissionCreated,
  Problem,
} from './schemas.ts'
import { statusPath, submitApplication } from './submissions/service.ts'

const SUBMISSION_RATE_LIMIT = { max: 20, timeWindow: '1 minute' }

export async function apiRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { municipality?: string } }>(
    '/api/v1/services',
    {
      schema: {
        summary: 'List self-services',
        description: "The municipality's self-service catalogue in the request's language (Accept-Language or ?lang=).",
        tags: ['self-service'],
        querystring: ApiServicesQuery,
        response: { 200: ApiServiceList, 400: Problem, 404: Problem },
      },
    },
    async (req) => {
      const municipality = req.query.municipality
        ? await findMunicipalityBySlug(app.db, req.query.municipality)
        : req.municipality
      if (!municipality) {
        throw BadRequest('web.error.bad_request', {
          municipality: {
            key: req.query.municipality ? 'selfservice.api.municipality_unknown' : 'web.validation.required',
          },
        })
      }
      const lang = req.lang
      const services = await listServices(app.db, municipality.id)
      return {
        services: services.map((s) => ({
          id: s.row.id,
          slug: s.row.slug,
          version: s.version,
          title: s.definition.title[lang],
          summary: s.definition.summary[lang],
          lifeSituation: s.definition.lifeSituation,
          topic: s.definition.topic[lang],
          handling: s.definition.handling,
          processing: s.definition.processing,
          legalBasis: s.definition.legalBasis[lang],
        })),
      }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/services/:id',
    {
      schema: {
        summary: "A self-service's form definition",
        description:
          'The current version of the form: steps, fields with their types, help texts and validation, and the decision rules.',
        tags: ['self-service'],
        params: ApiServiceParams,
        response: { 200: ApiServiceDefinition, 404: Problem },
      },
    },
    async (req) => {
      const service = await findServiceById(app.db, req.params.id)
      if (!service?.row.active) throw NotFound('selfservice.service.not_found')
      const municipality = await findMunicipalityById(app.db, service.row.municipality_id)
      return {
        id: service.row.id,
        slug: service.row.slug,
        municipality: municipality?.slug ?? '',
        version: service.version,
        definition: service.definition,
      }
    },
  )

  app.post<{ Params: { id: string }; Body: ApiSubmissionBody }>(
    '/api/v1/services/:id/submissions',
    {
      bodyLimit: 40 * 1024 * 1024,
      schema: {
        summary: 'Submit a self-service form',
        description:
          'Answers for every step at once, checked like the web form: unknown fields and out-of-range values are refused ' +
          'with field errors, attachments are checked by content, size and count. An instant decision is made at once; ' +
          'otherwise the application goes to the department’s queue. The receipt e-mail goes to the `email` answer; the ' +
          'PDF receipt appears on the status page shortly after. With a staff token of the municipality the submission is ' +
          'recorded as assisted (made on the citizen’s behalf).',
        tags: ['self-service'],
        params: ApiServiceParams,
        body: ApiSubmissionBody,
        response: { 201: ApiSubmissionCreated, 400: Problem, 404: Problem, 409: Problem, 413: Problem, 429: Problem },
      },
      config: { rateLimit: SUBMISSION_RATE_LIMIT },
    },
    async (req, reply) => {
      const service = await findServiceById(app.db, req.params.id)
      if (!service?.row.active) throw NotFound('selfservice.service.not_found')
      if (req.body.version !== undefined && req.body.version !== service.version)
        throw Conflict('selfservice.form.version_mismatch')
      const municipality =
        req.municipality?.id === service.row.municipality_id
          ? req.municipality
          : await findMunicipalityById(app.db, service.row.municipality_id)
      if (!municipality) throw NotFound('selfservice.service.not_found')
      const staffHere = req.municipality?.id === municipality.id && rolesHere(req).length > 0
      const actor: Actor = staffHere ? userActor(req) : { type: 'citizen' }
      const sent = req.body.attachments ?? []
      const { accepted, refused } = await checkFiles(
        [],
        sent.map((a) => {
          const bytes = Buffer.from(a.content, 'base64')
          return { fileName: a.fileName, bytes, truncated: bytes.byteLength > MAX_FILE_BYTES, skipped: false }
        }),
      )
      if (refused.length) {
        const errors: FieldErrors = {}
        refused.forEach((r, i) => {
          errors[`attachments.${i}`] = { key: `selfservice.attachment.refused_${r.reason}`, vars: { file: r.fileName } }
        })
        throw BadRequest('web.error.bad_request', errors)
      }
      const language = req.body.language ?? municipality.default_language
      const { submission, decision, statusToken } = await submitApplication(
        app.db,
        {
          municipality,
          actor,
          assistedBy: staffHere ? (req.staff?.userId ?? null) : null,
          baseUrl: app.config.baseUrl,
          mailDomain: app.config.mailDomain,
        },
        service,
        req.body.answers,
        accepted.map((f, i) => ({ ...f, field: (sent[i] as { field: string }).field })),
        { language },
      )
      return reply.code(201).send({
        id: submission.id,
        reference: submission.reference,
        version: submission.version,
        channel: submission.channel,
        outcome: submission.outcome,
        reasons: decision ? (JSON.parse(decision.reasons) as Text[]).map((r) => r[language]) : [],
        expectedBy: submission.expected_by,
        caseReference: submission.inquiry_reference,
        statusUrl: `${app.config.baseUrl}${statusPath(municipality.slug, statusToken)}`,
      })
    },
  )
}
