/**
 * What other features may use of self-service: the campaigns running today and their banner, for the
 * municipality's front page.
 */
export { activeCampaigns } from './campaigns/service.ts'
export { CampaignBanners } from './views/CampaignBanners.tsx'
