/** Staff routes: services and assisted digital, the form editor, and campaigns. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Language, MunicipalityRow } from '../db/schema.ts'
import { municipalityOf, userActor } from '../identity/actor.ts'
import { allows } from '../identity/permissions.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { rolesHere, viewContext } from '../web/context.ts'
import { AppError, type FieldErrors, NotFound } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { campaignUptake, createCampaign, findCampaign, groupUptake, listCampaigns } from './campaigns/service.ts'
import {
  createService,
  DefinitionError,
  findService,
  listServices,
  parseDefinition,
  saveDefinition,
} from './catalogue/service.ts'
import type { Definition, DefinitionProblem } from './forms/definition.ts'
import { draftPath, startDraft } from './forms/drafts.ts'
import { CampaignBody, EditorBody, MunicipalityParams, ServiceIdParams, ServiceParams } from './schemas.ts'
import {
  CampaignPage,
  CampaignsPage,
  type CampaignValues,
  EditorPage,
  NewCampaignPage,
  StaffServicesPage,
} from './views/StaffPages.tsx'

const CampaignParams = ServiceIdParams

export async function staffRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/:m/staff/services',
    { schema: { params: MunicipalityParams, hide: true }, config: { policy: 'selfservice.assist' } },
    async (req, reply) => {
      const services = await listServices(app.db, municipalityOf(req).id)
      const canEdit = allows('selfservice.manage', rolesHere(req))
      return html(reply, <StaffServicesPage ctx={viewContext(req, reply)} services={services} canEdit={canEdit} />)
    },
  )

  app.post<{ Params: { m: string; service: string } }>(
    '/:m/staff/services/:service/assist',
    { schema: { params: ServiceParams, hide: true }, config: { policy: 'selfservice.assist' } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const service = await findService(app.db, municipality.id, req.params.service)
      const { token } = await startDraft(app.db, service, { language: req.lang, assistedBy: req.staff?.userId ?? null })
      return reply.redirect(`${draftPath(municipality.slug, token)}/steps/1`, 303)
    },
  )

  // The form editor: the definition as JSON, checked against the schema; preview, then save a new version.

  const renderEditor = (
    req: FastifyRequest,
    reply: FastifyReply,
    props: Omit<Parameters<typeof EditorPage>[0], 'ctx'>,
    status = 200,
  ) => html(reply, <EditorPage ctx={viewContext(req, reply)} {...props} />, status)

  app.get(
    '/:m/staff/services/new',
    { schema: { params: MunicipalityParams, hide: true }, config: { policy: 'selfservice.manage' } },
    async (req, reply) => {
      const [template] = await listServices(app.db, municipalityOf(req).id)
      const json = template ? JSON.stringify(template.definition, null, 2) : '{}'
      return renderEditor(req, reply, {
        service: undefined,
        slug: '',
        json,
        basedOn: 0,
        problems: [],
        preview: undefined,
      })
    },
  )

  app.post<{ Params: { m: string }; Body: EditorBody }>(
    '/:m/staff/services/new',
    { schema: { params: MunicipalityParams, body: EditorBody, hide: true }, config: { policy: 'selfservice.manage' } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const json = req.body.definition
      const slug = (req.body.slug ?? '').trim()
      const base = { service: undefined, slug, json, basedOn: 0 }
      let definition: Definition
      try {
        definition = parseDefinition(json)
      } catch (error) {
        if (!(error instanceof DefinitionError)) throw error
        return renderEditor(req, reply, { ...base, problems: error.problems, preview: undefined }, 400)
      }
      if (req.body._action !== 'save') return renderEditor(req, reply, { ...base, problems: [], preview: definition })
      try {
        const row = await createService(app.db, userActor(req), municipality.id, {
          slug,
          definition,
          createdBy: req.staff?.userId ?? null,
        })
        return reply.redirect(`/${municipality.slug}/staff/services/${row.id}/edit?saved=1`, 303)
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error
        const errors: FieldErrors = error.fields ?? { slug: { key: error.code } }
        return renderEditor(req, reply, { ...base, problems: [], preview: definition, errors }, error.status)
      }
    },
  )

  app.get<{ Params: { m: string; id: string }; Querystring: { saved?: string } }>(
    '/:m/staff/services/:id/edit',
    { schema: { params: ServiceIdParams, hide: true }, config: { policy: 'selfservice.manage' } },
    async (req, reply) => {
      const service = await findService(app.db, municipalityOf(req).id, req.params.id)
      return renderEditor(req, reply, {
        service,
        slug: service.row.slug,
        json: JSON.stringify(service.definition, null, 2),
        basedOn: service.version,
        problems: [],
        preview: undefined,
        saved: req.query.saved ? service.version : undefined,
      })
    },
  )

  app.post<{ Params: { m: string; id: string }; Body: EditorBody }>(
    '/:m/staff/services/:id/edit',
    { schema: { params: ServiceIdParams, body: EditorBody, hide: true }, config: { policy: 'selfservice.manage' } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const service = await findService(app.db, municipality.id, req.params.id)
      const basedOn = Number(req.body.based_on) || service.version
      const json = req.body.definition
      const base = { service, slug: service.row.slug, json, basedOn }
      let definition: Definition
      let problems: DefinitionProblem[] = []
      try {
        definition = parseDefinition(json)
      } catch (error) {
        if (!(error instanceof DefinitionError)) throw error
        problems = error.problems
        return renderEditor(req, reply, { ...base, problems, preview: undefined }, 400)
      }
      if (req.body._action !== 'save') return renderEditor(req, reply, { ...base, problems, preview: definition })
      const actor = userActor(req) as { type: 'user'; id: string }
      await saveDefinition(app.db, actor, municipality.id, service.row.id, definition, basedOn)
      return reply.redirect(`/${municipality.slug}/staff/services/${service.row.id}/edit?saved=1`, 303)
    },
  )

  // Campaigns

  app.get(
    '/:m/staff/campaigns',
    { schema: { params: MunicipalityParams, hide: true }, config: { policy: 'selfservice.campaigns' } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const [campaigns, services] = await Promise.all([
        listCampaigns(app.db, municipality.id),
        listServices(app.db, municipality.id, { all: true }),
      ])
      return html(reply, <CampaignsPage ctx={viewContext(req, reply)} campaigns={campaigns} services={services} />)
    },
  )

  /** Other municipalities where this editor may run the same campaign. */
  const otherMunicipalities = (req: FastifyRequest) =>
    (req.staff?.memberships ?? []).filter(
      (m, i, all) =>
        m.municipalityId !== req.municipality?.id &&
        allows(
          'selfservice.campaigns',
          all.filter((x) => x.municipalityId === m.municipalityId).map((x) => x.role),
        ) &&
        all.findIndex((x) => x.municipalityId === m.municipalityId) === i,
    )

  const renderNew = async (req: FastifyRequest, reply: FastifyReply, values: CampaignValues, errors?: FieldErrors) => {
    const services = await listServices(app.db, municipalityOf(req).id)
    return html(
      reply,
      <NewCampaignPage
        ctx={viewContext(req, reply)}
        services={services}
        others={otherMunicipalities(req)}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    )
  }

  app.get(
    '/:m/staff/campaigns/new',
    { schema: { params: MunicipalityParams, hide: true }, config: { policy: 'selfservice.campaigns' } },
    async (req, reply) =>
      renderNew(req, reply, { service: '', title: {}, message: {}, startsOn: '', endsOn: '', together: [] }),
  )

  app.post<{ Params: { m: string }; Body: CampaignBody }>(
    '/:m/staff/campaigns/new',
    {
      schema: { params: MunicipalityParams, body: CampaignBody, hide: true },
      config: { policy: 'selfservice.campaigns' },
    },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const b = req.body
      const pick = (prefix: 'title' | 'message') =>
        Object.fromEntries(
          (['da', 'sv', 'en'] as Language[]).map((l) => [l, (b[`${prefix}_${l}`] ?? '').trim()]),
        ) as Record<Language, string>
      const together = (Array.isArray(b.together) ? b.together : b.together ? [b.together] : []).slice(0, 50)
      const values: CampaignValues = {
        service: b.service,
        title: pick('title'),
        message: pick('message'),
        startsOn: b.starts_on,
        endsOn: b.ends_on,
        together,
      }
      // Only municipalities where this person may run campaigns; anything else named is ignored.
      const allowed = new Set(otherMunicipalities(req).map((m) => m.slug))
      const others: MunicipalityRow[] = []
      for (const slug of together.filter((s) => allowed.has(s))) {
        const other = await findMunicipalityBySlug(app.db, slug)
        if (other) others.push(other)
      }
      try {
        const [campaign] = await createCampaign(
          app.db,
          userActor(req) as { type: 'user'; id: string },
          [municipality, ...others],
          {
            service: b.service,
            title: values.title,
            message: values.message,
            startsOn: b.starts_on,
            endsOn: b.ends_on,
          },
        )
        return reply.redirect(`/${municipality.slug}/staff/campaigns/${campaign?.id}`, 303)
      } catch (error) {
        if (error instanceof AppError && error.status === 400 && error.fields)
          return renderNew(req, reply, values, error.fields)
        throw error
      }
    },
  )

  app.get<{ Params: { m: string; id: string } }>(
    '/:m/staff/campaigns/:id',
    { schema: { params: CampaignParams, hide: true }, config: { policy: 'selfservice.campaigns' } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const campaign = await findCampaign(app.db, municipality.id, req.params.id)
      const [service, uptake, group] = await Promise.all([
        findService(app.db, municipality.id, campaign.service_id),
        campaignUptake(app.db, campaign, municipality.time_zone),
        groupUptake(app.db, campaign),
      ])
      if (!service) throw NotFound()
      return html(
        reply,
        <CampaignPage
          ctx={viewContext(req, reply)}
          campaign={campaign}
          service={service}
          uptake={uptake}
          group={group}
        />,
      )
    },
  )
}
