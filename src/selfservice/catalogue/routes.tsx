/** The catalogue, a service's page, and starting a form (a new draft on the current version). */
import type { FastifyInstance } from 'fastify'
import { municipalityOf } from '../../identity/actor.ts'
import { viewContext } from '../../web/context.ts'
import { html } from '../../web/reply.ts'
import { activeCampaigns } from '../campaigns/service.ts'
import { draftPath, startDraft } from '../forms/drafts.ts'
import { CatalogueQuery, MunicipalityParams, ServiceParams } from '../schemas.ts'
import { CataloguePage, ServicePage } from '../views/CataloguePages.tsx'
import { findService, listServices, searchServices } from './service.ts'

export async function catalogueRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { m: string }; Querystring: { q?: string } }>(
    '/:m/services',
    { schema: { params: MunicipalityParams, querystring: CatalogueQuery, hide: true } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const query = (req.query.q ?? '').trim()
      const [services, results, banners] = await Promise.all([
        listServices(app.db, municipality.id),
        query ? searchServices(app.db, municipality.id, query) : undefined,
        activeCampaigns(app.db, municipality),
      ])
      return html(
        reply,
        <CataloguePage
          ctx={viewContext(req, reply)}
          services={services}
          query={query}
          results={results}
          banners={banners}
        />,
      )
    },
  )

  app.get<{ Params: { m: string; service: string } }>(
    '/:m/services/:service',
    { schema: { params: ServiceParams, hide: true } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const service = await findService(app.db, municipality.id, req.params.service)
      const banners = (await activeCampaigns(app.db, municipality)).filter(
        (b) => b.campaign.service_id !== service.row.id,
      )
      return html(reply, <ServicePage ctx={viewContext(req, reply)} service={service} banners={banners} />)
    },
  )

  app.post<{ Params: { m: string; service: string } }>(
    '/:m/services/:service/start',
    { schema: { params: ServiceParams, hide: true } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const service = await findService(app.db, municipality.id, req.params.service)
      const { token } = await startDraft(app.db, service, { language: req.lang })
      return reply.redirect(`${draftPath(municipality.slug, token)}/steps/1`, 303)
    },
  )
}
