import type { DepartmentRow } from '../../db/schema.ts'
import { type activeCampaigns, CampaignBanners } from '../../selfservice/service.ts'
import type { ViewContext } from '../../web/context.ts'
import { Layout } from '../../web/layout.tsx'
import { departmentName } from '../service.ts'

type Banners = Awaited<ReturnType<typeof activeCampaigns>>

export function HomePage({
  ctx,
  departments,
  banners = [],
}: {
  ctx: ViewContext
  departments: DepartmentRow[]
  banners?: Banners
}) {
  const { t } = ctx
  const name = ctx.municipality?.name ?? ''
  return (
    <Layout ctx={ctx} title={name}>
      <h1 safe>{name}</h1>
      <p class="font-lead" safe>
        {t('municipality.home.lead', { name })}
      </p>
      <CampaignBanners ctx={ctx} banners={banners} />
      {ctx.municipality ? (
        <p>
          <a class="button button-primary" href={`/${ctx.municipality.slug}/services`} safe>
            {t('selfservice.home.link')}
          </a>
        </p>
      ) : (
        ''
      )}
      {ctx.municipality ? (
        <p>
          <a class="button button-primary" href={`/${ctx.municipality.slug}/contact`} safe>
            {t('inquiries.home.contact_link')}
          </a>
        </p>
      ) : (
        ''
      )}
      {ctx.municipality ? (
        <p>
          <a href={`/${ctx.municipality.slug}/questions`} safe>
            {t('board.home.link')}
          </a>
        </p>
      ) : (
        ''
      )}
      {ctx.municipality ? (
        <p>
          <a href={`/${ctx.municipality.slug}/answers`} safe>
            {t('bulk.public.title')}
          </a>
        </p>
      ) : (
        ''
      )}
      {ctx.municipality ? (
        <p>
          <a href={`/${ctx.municipality.slug}/live`} safe>
            {t('chats.list.title')}
          </a>
        </p>
      ) : (
        ''
      )}
      {ctx.municipality ? (
        <p>
          <a href={`/${ctx.municipality.slug}/dialogs`} safe>
            {t('dialogs.home.link')}
          </a>
        </p>
      ) : (
        ''
      )}
      <h2 safe>{t('municipality.home.departments')}</h2>
      <ul>
        {departments.map((d) => (
          <li safe>{departmentName(d, ctx.lang)}</li>
        ))}
      </ul>
    </Layout>
  )
}
