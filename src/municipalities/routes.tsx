/** The front page, each municipality's home, its about pages, and the admin's page editor. */
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { LANGUAGES, type PageKind } from '../db/schema.ts'
import { userActor } from '../identity/actor.ts'
import { activeCampaigns } from '../selfservice/service.ts'
import { viewContext } from '../web/context.ts'
import { NotFound } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { municipalityPagePath } from './paths.ts'
import { PageBody, PageParams, SlugParams } from './schemas.ts'
import * as service from './service.ts'
import { AboutPage, EditPage } from './views/AboutPage.tsx'
import { HomePage } from './views/HomePage.tsx'
import { IndexPage } from './views/IndexPage.tsx'

export async function municipalityRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', async (req, reply) => {
    const municipalities = await service.listMunicipalities(app.db)
    if (municipalities.length === 1 && municipalities[0]) return reply.redirect(`/${municipalities[0].slug}`, 302)
    return html(reply, <IndexPage ctx={viewContext(req, reply)} municipalities={municipalities} />)
  })

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/:m',
    { schema: { params: SlugParams, hide: true } },
    async (req, reply) => {
      const municipality = req.municipality ?? throwNotFound()
      const [departments, banners] = await Promise.all([
        service.listDepartments(app.db, municipality.id),
        activeCampaigns(app.db, municipality),
      ])
      return html(reply, <HomePage ctx={viewContext(req, reply)} departments={departments} banners={banners} />)
    },
  )

  app.get<{ Params: Static<typeof PageParams> }>(
    '/:m/about/:kind',
    { schema: { params: PageParams, hide: true } },
    async (req, reply) => {
      const municipality = req.municipality ?? throwNotFound()
      const page = await service.getPage(app.db, municipality.id, req.params.kind, req.lang)
      return html(reply, <AboutPage ctx={viewContext(req, reply)} kind={req.params.kind} page={page} />)
    },
  )

  app.get<{ Params: Static<typeof PageParams> }>(
    '/:m/staff/pages/:kind',
    { schema: { params: PageParams, hide: true }, config: { policy: 'pages.edit' } },
    async (req, reply) => {
      const municipality = req.municipality ?? throwNotFound()
      const bodies = await pageBodies(app, municipality.id, req.params.kind)
      return html(reply, <EditPage ctx={viewContext(req, reply)} kind={req.params.kind} bodies={bodies} />)
    },
  )

  app.post<{ Params: Static<typeof PageParams>; Body: Static<typeof PageBody> }>(
    '/:m/staff/pages/:kind',
    { schema: { params: PageParams, body: PageBody, hide: true }, config: { policy: 'pages.edit' } },
    async (req, reply) => {
      const municipality = req.municipality ?? throwNotFound()
      const { da, sv, en } = req.body
      await service.savePages(app.db, userActor(req), municipality.id, req.params.kind, { da, sv, en })
      return reply.redirect(municipalityPagePath(municipality.slug, req.params.kind), 303)
    },
  )
}

async function pageBodies(app: FastifyInstance, municipalityId: string, kind: PageKind) {
  const entries = await Promise.all(
    LANGUAGES.map(async (l) => [l, (await service.getPage(app.db, municipalityId, kind, l))?.body ?? ''] as const),
  )
  return Object.fromEntries(entries) as Record<(typeof LANGUAGES)[number], string>
}

function throwNotFound(): never {
  throw NotFound()
}
