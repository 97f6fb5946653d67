/** The staff view of a municipality's journal: newest first, paged, filterable by subject type and subject id. */
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { viewContext } from '../web/context.ts'
import { NotFound } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { JournalParams, JournalQuery } from './schemas.ts'
import * as journal from './service.ts'
import { JournalPage } from './views/JournalPage.tsx'

export const JOURNAL_PAGE_SIZE = 50

export async function journalRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: Static<typeof JournalParams>; Querystring: Static<typeof JournalQuery> }>(
    '/:m/staff/journal',
    { schema: { params: JournalParams, querystring: JournalQuery, hide: true }, config: { policy: 'journal.read' } },
    async (req, reply) => {
      const municipality = req.municipality
      if (!municipality) throw NotFound()
      const page = req.query.page ?? 1
      const subject = req.query.subject || undefined
      const subjectId = req.query.subjectId || undefined
      const [{ rows, total }, subjectTypes] = await Promise.all([
        journal.listEntries(
          app.db,
          municipality.id,
          { subjectType: subject, subjectId },
          { limit: JOURNAL_PAGE_SIZE, offset: (page - 1) * JOURNAL_PAGE_SIZE },
        ),
        journal.listSubjectTypes(app.db, municipality.id),
      ])
      return html(
        reply,
        <JournalPage
          ctx={viewContext(req, reply)}
          rows={rows}
          total={total}
          page={page}
          pageSize={JOURNAL_PAGE_SIZE}
          subject={subject}
          subjectId={subjectId}
          subjectTypes={subjectTypes}
        />,
      )
    },
  )
}
