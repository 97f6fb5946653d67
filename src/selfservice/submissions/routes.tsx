/** The receipt, the status page and its PDF receipt behind the unguessable link, and asking for a human review. */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { municipalityOf } from '../../identity/actor.ts'
import { findDocument } from '../../journal/service.ts'
import { viewContext } from '../../web/context.ts'
import { NotFound } from '../../web/errors.ts'
import { html } from '../../web/reply.ts'
import { TokenParams } from '../schemas.ts'
import { ReceiptPage, StatusPage } from '../views/StatusPages.tsx'
import { findByStatusToken, requestReview, statusPath } from './service.ts'

type TokenRequest = FastifyRequest<{ Params: { m: string; token: string } }>

export async function submissionRoutes(app: FastifyInstance): Promise<void> {
  const statusOf = async (req: TokenRequest) => {
    const status = await findByStatusToken(app.db, municipalityOf(req).id, req.params.token)
    if (!status) throw NotFound('selfservice.status.not_found')
    return status
  }

  app.get<{ Params: { m: string; token: string } }>(
    '/:m/services/s/:token/receipt',
    { schema: { params: TokenParams, hide: true } },
    async (req, reply) => {
      const status = await statusOf(req)
      const path = statusPath(req.params.m, req.params.token)
      reply.header('cache-control', 'no-store')
      return html(
        reply,
        <ReceiptPage
          ctx={viewContext(req, reply)}
          status={status}
          statusPath={path}
          statusUrl={`${app.config.baseUrl}${path}`}
        />,
      )
    },
  )

  app.get<{ Params: { m: string; token: string } }>(
    '/:m/services/s/:token',
    { schema: { params: TokenParams, hide: true } },
    async (req, reply) => {
      const status = await statusOf(req)
      reply.header('cache-control', 'no-store')
      return html(
        reply,
        <StatusPage
          ctx={viewContext(req, reply)}
          status={status}
          statusPath={statusPath(req.params.m, req.params.token)}
        />,
      )
    },
  )

  app.get<{ Params: { m: string; token: string } }>(
    '/:m/services/s/:token/receipt.pdf',
    { schema: { params: TokenParams, hide: true } },
    async (req, reply) => {
      const { submission } = await statusOf(req)
      if (!submission.receipt_hash) throw NotFound('selfservice.receipt.pdf_pending')
      const doc = await findDocument(app.db, submission.municipality_id, submission.receipt_hash)
      if (!doc?.body) throw NotFound('selfservice.receipt.pdf_pending')
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${submission.reference}.pdf"`)
        .type('application/pdf')
        .send(Buffer.from(doc.body))
    },
  )

  app.post<{ Params: { m: string; token: string } }>(
    '/:m/services/s/:token/review',
    { schema: { params: TokenParams, hide: true } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      await requestReview(
        app.db,
        { municipality, baseUrl: app.config.baseUrl, mailDomain: app.config.mailDomain },
        req.params.token,
      )
      return reply.redirect(statusPath(municipality.slug, req.params.token), 303)
    },
  )
}
