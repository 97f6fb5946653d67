/** The banner of each campaign running today, on the municipality's front page and in the catalogue. */
import type { MunicipalityRow } from '../../db/schema.ts'
import type { CampaignRow } from '../../db/tables/selfservice.ts'
import type { ViewContext } from '../../web/context.ts'
import { campaignText } from '../campaigns/service.ts'

export interface Banner {
  campaign: CampaignRow
  serviceSlug: string
}

export function CampaignBanners({ ctx, banners }: { ctx: ViewContext; banners: readonly Banner[] }): JSX.Element {
  const m = ctx.municipality as MunicipalityRow | undefined
  if (!m || banners.length === 0) return ''
  return (
    <>
      {banners.map(({ campaign, serviceSlug }) => (
        <div
          class="alert alert-info campaign-banner"
          role="region"
          aria-label={ctx.t('selfservice.campaign.banner_label')}
        >
          <div class="alert-body">
            <p class="alert-heading" safe>
              {campaignText(campaign.title, ctx.lang, m.default_language)}
            </p>
            <p class="alert-text" safe>
              {campaignText(campaign.message, ctx.lang, m.default_language)}
            </p>
            <p class="alert-text">
              <a href={`/${m.slug}/services/${serviceSlug}`} safe>
                {ctx.t('selfservice.campaign.banner_link')}
              </a>
            </p>
          </div>
        </div>
      ))}
    </>
  )
}
