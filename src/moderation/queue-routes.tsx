/** The moderation queue (moderators and administrators): decisions, bulk decisions, author blocks, live events and the records export. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Language } from '../db/schema.ts'
import { municipalityOf, userActor } from '../identity/actor.ts'
import { EmptyBody } from '../identity/schemas.ts'
import { viewContext } from '../web/context.ts'
import { AppError, type FieldErrors } from '../web/errors.ts'
import { streamEvents } from '../web/live.ts'
import { html } from '../web/reply.ts'
import { blockAuthor, liftBlock, listActiveBlocks } from './blocks.ts'
import { type DecisionInput, decideItem, decideItems, type ModeratorContext } from './decisions.ts'
import { exportCsv } from './log.ts'
import { countWaiting, moderationQueue } from './queue.ts'
import { currentHouseRules } from './rules.ts'
import {
  BlockBody,
  BlockParams,
  BlocksQuery,
  BulkBody,
  DecideBody,
  ItemParams,
  MunicipalityParams,
  QueueQuery,
} from './schemas.ts'
import { kindLabel, moderationSource } from './sources.ts'
import { BlocksPage } from './views/BlocksPage.tsx'
import { type QueueNotice, QueuePage } from './views/QueuePage.tsx'

const moderate = { policy: 'moderation.moderate' } as const

const labelFor = (language: Language) => (kind: string) => kindLabel(kind, language)

export async function queueRoutes(app: FastifyInstance): Promise<void> {
  const moderator = (req: FastifyRequest): ModeratorContext => ({
    municipality: municipalityOf(req),
    actor: userActor(req) as ModeratorContext['actor'],
    baseUrl: app.config.baseUrl,
    mailDomain: app.config.mailDomain,
  })

  // Staff: the queue ------------------------------------------------------------------------------------------

  const renderQueue = async (
    req: FastifyRequest,
    reply: FastifyReply,
    notice?: QueueNotice,
    errors?: FieldErrors,
    status = 200,
  ) => {
    const municipality = municipalityOf(req)
    const items = await moderationQueue(app.db, municipality.id)
    const total = await countWaiting(app.db, municipality.id)
    const rules = await currentHouseRules(app.db, municipality.id, req.lang)
    reply.header('cache-control', 'no-store')
    const page = (
      <QueuePage
        ctx={viewContext(req, reply)}
        items={items}
        total={total}
        rules={rules}
        kindLabel={labelFor(req.lang)}
        canHandOff={(kind) => Boolean(moderationSource(kind)?.handOff)}
        notice={notice ?? {}}
        errors={errors}
      />
    )
    return html(reply, page, status)
  }

  app.get<{ Querystring: QueueQuery }>(
    '/:m/staff/moderation',
    { schema: { params: MunicipalityParams, querystring: QueueQuery, hide: true }, config: moderate },
    async (req, reply) =>
      renderQueue(req, reply, {
        done: req.query.done,
        count: Number(req.query.count ?? 0),
        refused: Number(req.query.refused ?? 0),
      }),
  )

  app.get(
    '/:m/staff/moderation/events',
    { schema: { params: MunicipalityParams, hide: true }, config: moderate },
    async (req, reply) => {
      // Only an EventSource asks for a stream; anything else would wait on an answer that never ends.
      if (!req.headers.accept?.includes('text/event-stream')) throw new AppError(406, 'moderation.queue.events_accept')
      streamEvents(req, reply, municipalityOf(req).id, 'moderation')
    },
  )

  /** A refused decision shows the queue again with the reason at the item's field (or at the top). */
  const refusedDecision = (req: FastifyRequest, reply: FastifyReply, itemId: string, error: unknown) => {
    if (!(error instanceof AppError) || error.status >= 500) throw error
    const field = Object.keys(error.fields ?? {})[0]
    const key = field ? `${field}-${itemId}` : `item-${itemId}`
    const errors: FieldErrors = {
      [key]: error.fields?.[field ?? ''] ?? { key: error.code, ...(error.vars ? { vars: error.vars } : {}) },
    }
    return renderQueue(req, reply, {}, errors, error.status)
  }

  app.post<{ Params: ItemParams; Body: DecideBody }>(
    '/:m/staff/moderation/:itemId/decide',
    { schema: { params: ItemParams, body: DecideBody, hide: true }, config: moderate },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const input: DecisionInput = {
        action: req.body.action,
        revision: Number(req.body.revision),
        ...(req.body.rule ? { rule: req.body.rule } : {}),
        ...(req.body.reason ? { reason: req.body.reason } : {}),
        ...(req.body.text !== undefined ? { text: req.body.text } : {}),
      }
      try {
        await decideItem(app.db, moderator(req), req.params.itemId, input)
      } catch (error) {
        return refusedDecision(req, reply, req.params.itemId, error)
      }
      return reply.redirect(`/${municipality.slug}/staff/moderation?done=decided`, 303)
    },
  )

  app.post<{ Params: ItemParams; Body: BlockBody }>(
    '/:m/staff/moderation/:itemId/block',
    { schema: { params: ItemParams, body: BlockBody, hide: true }, config: moderate },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      await blockAuthor(app.db, moderator(req), req.params.itemId, {
        days: Number(req.body.days),
        rule: req.body.rule,
        ...(req.body.reason ? { reason: req.body.reason } : {}),
      })
      return reply.redirect(`/${municipality.slug}/staff/moderation?done=blocked`, 303)
    },
  )

  app.get<{ Querystring: BlocksQuery }>(
    '/:m/staff/moderation/blocks',
    { schema: { params: MunicipalityParams, querystring: BlocksQuery, hide: true }, config: moderate },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const blocks = await listActiveBlocks(app.db, municipality.id)
      const rules = await currentHouseRules(app.db, municipality.id, req.lang)
      reply.header('cache-control', 'no-store')
      const page = (
        <BlocksPage
          ctx={viewContext(req, reply)}
          blocks={blocks}
          rules={rules}
          kindLabel={labelFor(req.lang)}
          lifted={req.query.done === 'lifted'}
        />
      )
      return html(reply, page)
    },
  )

  app.post<{ Params: BlockParams }>(
    '/:m/staff/moderation/blocks/:blockId/lift',
    { schema: { params: BlockParams, body: EmptyBody, hide: true }, config: moderate },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      await liftBlock(app.db, moderator(req), req.params.blockId)
      return reply.redirect(`/${municipality.slug}/staff/moderation/blocks?done=lifted`, 303)
    },
  )

  app.post<{ Body: BulkBody }>(
    '/:m/staff/moderation/bulk',
    { schema: { params: MunicipalityParams, body: BulkBody, hide: true }, config: moderate },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const chosen = [req.body.items ?? []].flat().map((value) => {
        const [id = '', revision = '0'] = value.split(':')
        return { id, revision: Number(revision) }
      })
      if (chosen.length === 0) {
        return renderQueue(req, reply, {}, { 'bulk-rule': { key: 'moderation.queue.bulk_none' } }, 400)
      }
      try {
        const result = await decideItems(app.db, moderator(req), chosen, {
          action: req.body.action,
          ...(req.body.rule ? { rule: req.body.rule } : {}),
          ...(req.body.reason ? { reason: req.body.reason } : {}),
        })
        return reply.redirect(
          `/${municipality.slug}/staff/moderation?done=bulk&count=${result.decided}&refused=${result.refused.length}`,
          303,
        )
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error
        return renderQueue(req, reply, {}, { 'bulk-rule': { key: error.code } }, error.status)
      }
    },
  )

  app.get(
    '/:m/staff/moderation/export.csv',
    { schema: { params: MunicipalityParams, hide: true }, config: moderate },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const csv = await exportCsv(app.db, municipality.id, req.t)
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="moderation-${municipality.slug}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv)
    },
  )
}
