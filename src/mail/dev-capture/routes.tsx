/**
 * Staff administrators' view of outgoing mail at `/:m/staff/mail`. Without SMTP_URL (development) this
 * is where mail ends up: the capture transport keeps it in the database instead of delivering it.
 */
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { viewContext } from '../../web/context.ts'
import { NotFound } from '../../web/errors.ts'
import { html } from '../../web/reply.ts'
import { listOutbox } from '../outbox/service.ts'
import { MailListParams, MailListQuery, MailMessageParams, MailMessageQuery } from './schemas.ts'
import { readMessage } from './service.ts'
import { MailListPage } from './views/MailListPage.tsx'
import { MailMessagePage } from './views/MailMessagePage.tsx'

export const MAIL_PAGE_SIZE = 50

export async function mailCaptureRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: Static<typeof MailListParams>; Querystring: Static<typeof MailListQuery> }>(
    '/:m/staff/mail',
    { schema: { params: MailListParams, querystring: MailListQuery, hide: true }, config: { policy: 'mail.read' } },
    async (req, reply) => {
      const municipality = req.municipality
      if (!municipality) throw NotFound()
      const page = req.query.page ?? 1
      const { rows, total } = await listOutbox(app.db, municipality.id, {
        limit: MAIL_PAGE_SIZE,
        offset: (page - 1) * MAIL_PAGE_SIZE,
      })
      return html(
        reply,
        <MailListPage
          ctx={viewContext(req, reply)}
          rows={rows}
          total={total}
          page={page}
          pageSize={MAIL_PAGE_SIZE}
          capturing={!app.config.smtpUrl}
        />,
      )
    },
  )

  app.get<{ Params: Static<typeof MailMessageParams>; Querystring: Static<typeof MailMessageQuery> }>(
    '/:m/staff/mail/:id',
    {
      schema: { params: MailMessageParams, querystring: MailMessageQuery, hide: true },
      config: { policy: 'mail.read' },
    },
    async (req, reply) => {
      const municipality = req.municipality
      if (!municipality) throw NotFound()
      const mail = await readMessage(app.db, municipality.id, req.params.id)
      if (!mail) throw NotFound()
      return html(reply, <MailMessagePage ctx={viewContext(req, reply)} mail={mail} />)
    },
  )
}
