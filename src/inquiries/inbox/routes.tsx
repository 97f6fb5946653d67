/**
 * The staff inbox over HTTP: the list page (filters in the query string, works without JavaScript) and
 * its live-update stream (Server-Sent Events on the `inquiries` topic, ids only, never personal data).
 */
import type { FastifyInstance } from 'fastify'
import { municipalityOf } from '../../identity/actor.ts'
import { viewContext } from '../../web/context.ts'
import { AppError, Unauthorized } from '../../web/errors.ts'
import { streamEvents } from '../../web/live.ts'
import { html } from '../../web/reply.ts'
import { InboxParams, InboxQuery } from './schemas.ts'
import { loadInbox } from './service.ts'
import { InboxPage } from './views/InboxPage.tsx'

export async function inboxRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: InboxParams; Querystring: InboxQuery }>(
    '/:m/staff/inbox',
    { schema: { params: InboxParams, querystring: InboxQuery, hide: true }, config: { policy: 'inquiries.read' } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      if (!req.staff) throw Unauthorized()
      const inbox = await loadInbox(app.db, municipality, req.lang, req.query, {
        municipalityId: municipality.id,
        userId: req.staff.userId,
        now: new Date(),
      })
      reply.header('cache-control', 'no-store')
      return html(
        reply,
        <InboxPage ctx={viewContext(req, reply)} inbox={inbox} query={req.query} userId={req.staff.userId} />,
      )
    },
  )

  app.get<{ Params: InboxParams }>(
    '/:m/staff/inbox/events',
    { schema: { params: InboxParams, hide: true }, config: { policy: 'inquiries.read' } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      // Only an EventSource asks for a stream; anything else would wait on an answer that never ends.
      if (!req.headers.accept?.includes('text/event-stream')) throw new AppError(406, 'inquiries.inbox.events_accept')
      streamEvents(req, reply, municipality.id, 'inquiries')
    },
  )
}
