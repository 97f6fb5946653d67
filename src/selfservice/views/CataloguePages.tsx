/**
 * The catalogue (`/:m/services`): a search that forgives typing errors, then the services grouped by
 * life situation, each with what you need, processing times (digital first), legal basis and a start
 * button; and a service's own page with the same facts in full.
 */

import type { MunicipalityRow } from '../../db/schema.ts'
import { CsrfField } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import { Layout } from '../../web/layout.tsx'
import type { Service } from '../catalogue/service.ts'
import { LIFE_SITUATIONS } from '../forms/definition.ts'
import { type Banner, CampaignBanners } from './CampaignBanners.tsx'

export const servicesPath = (slug: string) => `/${slug}/services`
export const servicePath = (slug: string, service: string) => `/${slug}/services/${service}`

export function StartButton({ ctx, service, label }: { ctx: ViewContext; service: Service; label?: string }) {
  const m = ctx.municipality as MunicipalityRow
  return (
    <form method="post" action={`${servicePath(m.slug, service.row.slug)}/start`} class="inline-form">
      <CsrfField token={ctx.csrfToken} />
      <button type="submit" class="button button-primary" safe>
        {label ?? ctx.t('selfservice.catalogue.start', { service: service.definition.title[ctx.lang] })}
      </button>
    </form>
  )
}

function Facts({ ctx, service }: { ctx: ViewContext; service: Service }) {
  const { t, lang } = ctx
  const d = service.definition
  return (
    <dl class="receipt-facts">
      <dt safe>{t('selfservice.catalogue.needs')}</dt>
      <dd>
        {d.needs.length ? (
          <ul>
            {d.needs.map((n) => (
              <li safe>{n[lang]}</li>
            ))}
          </ul>
        ) : (
          <span safe>{t('selfservice.catalogue.needs_nothing')}</span>
        )}
      </dd>
      <dt safe>{t('selfservice.catalogue.processing')}</dt>
      <dd safe>
        {t('selfservice.catalogue.processing_text', {
          digital: d.processing.digitalDays,
          other: d.processing.otherDays,
        })}
      </dd>
      <dt safe>{t('selfservice.catalogue.decision')}</dt>
      <dd safe>
        {d.handling === 'instant' ? t('selfservice.catalogue.instant') : t('selfservice.catalogue.by_person')}
      </dd>
      <dt safe>{t('selfservice.catalogue.legal_basis')}</dt>
      <dd safe>{d.legalBasis[lang]}</dd>
    </dl>
  )
}

function ServiceCard({
  ctx,
  service,
  headingLevel,
}: {
  ctx: ViewContext
  service: Service
  headingLevel: 'h2' | 'h3'
}) {
  const m = ctx.municipality as MunicipalityRow
  const d = service.definition
  const Heading = headingLevel
  return (
    <li class="service-card">
      <Heading class="h4">
        <a href={servicePath(m.slug, service.row.slug)} safe>
          {d.title[ctx.lang]}
        </a>
      </Heading>
      <p class="form-hint" safe>
        {d.topic[ctx.lang]}
      </p>
      <p safe>{d.summary[ctx.lang]}</p>
      <Facts ctx={ctx} service={service} />
      <StartButton ctx={ctx} service={service} />
    </li>
  )
}

export function CataloguePage({
  ctx,
  services,
  query,
  results,
  banners,
}: {
  ctx: ViewContext
  services: Service[]
  query: string
  results: Service[] | undefined
  banners: Banner[]
}) {
  const { t } = ctx
  const m = ctx.municipality as MunicipalityRow
  const title = t('selfservice.catalogue.title')
  return (
    <Layout ctx={ctx} title={results ? t('selfservice.catalogue.results_title', { query }) : title}>
      <h1 safe>{title}</h1>
      <p class="font-lead" safe>
        {t('selfservice.catalogue.lead', { municipality: m.name })}
      </p>
      <CampaignBanners ctx={ctx} banners={banners} />
      <form method="get" action={servicesPath(m.slug)} role="search" class="catalogue-search">
        <div class="form-group">
          <label class="form-label" for="field-q" safe>
            {t('selfservice.catalogue.search_label')}
          </label>
          <span class="form-hint" id="field-q-hint" safe>
            {t('selfservice.catalogue.search_hint')}
          </span>
          <input
            class="form-input"
            type="search"
            id="field-q"
            name="q"
            value={query}
            aria-describedby="field-q-hint"
            maxlength="200"
          />
        </div>
        <button type="submit" class="button button-secondary" safe>
          {t('selfservice.catalogue.search')}
        </button>
      </form>
      {results ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" safe>
            {t('selfservice.catalogue.results', { count: results.length, query })}
          </h2>
          {results.length ? (
            <ul class="nobullet-list service-list">
              {results.map((s) => (
                <ServiceCard ctx={ctx} service={s} headingLevel="h3" />
              ))}
            </ul>
          ) : (
            <p safe>{t('selfservice.catalogue.no_results')}</p>
          )}
          <p>
            <a href={servicesPath(m.slug)} safe>
              {t('selfservice.catalogue.all')}
            </a>
          </p>
        </section>
      ) : (
        LIFE_SITUATIONS.map((situation) => {
          const here = services.filter((s) => s.definition.lifeSituation === situation)
          if (here.length === 0) return ''
          return (
            <section aria-labelledby={`life-${situation}`}>
              <h2 id={`life-${situation}`} safe>
                {t(`selfservice.life.${situation}`)}
              </h2>
              <ul class="nobullet-list service-list">
                {here.map((s) => (
                  <ServiceCard ctx={ctx} service={s} headingLevel="h3" />
                ))}
              </ul>
            </section>
          )
        })
      )}
    </Layout>
  )
}

export function ServicePage({ ctx, service, banners }: { ctx: ViewContext; service: Service; banners: Banner[] }) {
  const { t, lang } = ctx
  const m = ctx.municipality as MunicipalityRow
  const d = service.definition
  return (
    <Layout ctx={ctx} title={d.title[lang]}>
      <p>
        <a href={servicesPath(m.slug)} safe>
          {t('selfservice.catalogue.back')}
        </a>
      </p>
      <h1 safe>{d.title[lang]}</h1>
      <p class="font-lead" safe>
        {d.summary[lang]}
      </p>
      <CampaignBanners ctx={ctx} banners={banners} />
      <Facts ctx={ctx} service={service} />
      <h2 safe>{t('selfservice.catalogue.steps')}</h2>
      <ol>
        {d.steps.map((s) => (
          <li safe>{s.title[lang]}</li>
        ))}
        <li safe>{t('selfservice.check.title')}</li>
      </ol>
      <p safe>{t('selfservice.catalogue.draft_hint')}</p>
      <StartButton ctx={ctx} service={service} label={t('selfservice.catalogue.start_now')} />
      <h2 safe>{t('selfservice.catalogue.other_ways')}</h2>
      <p safe>{t('selfservice.catalogue.other_ways_text', { days: d.processing.otherDays })}</p>
    </Layout>
  )
}
