/**
 * Campaigns: an editor promotes a service over a period (the EU card before summer) with a banner on
 * the municipality's front page and catalogue. Uptake is the service's submissions during the campaign
 * per channel, beside the same number of days just before it. Several municipalities run a campaign
 * together by creating it for each one they are editor or admin of; the copies share a group key, and
 * each campaign page shows the group's uptake municipality by municipality (counts only, no persons).
 */
import { endOfLocalDay, localDate } from '../../calendar/business-days.ts'
import type { Db, Executor } from '../../db/index.ts'
import { newId, nowIso } from '../../db/index.ts'
import type { Language, MunicipalityRow } from '../../db/schema.ts'
import type { CampaignRow, SubmissionChannel } from '../../db/tables/selfservice.ts'
import { type Actor, record } from '../../journal/service.ts'
import { findMunicipalityById } from '../../municipalities/service.ts'
import { BadRequest, type FieldErrors, NotFound } from '../../web/errors.ts'
import type { Text } from '../forms/definition.ts'
import { parseDate } from '../forms/validate.ts'
import * as store from '../store.ts'

export interface CampaignInput {
  service: string
  title: Partial<Text>
  message: Partial<Text>
  startsOn: string
  endsOn: string
}

export const campaignText = (json: string, language: Language, fallback: Language): string => {
  const text = JSON.parse(json) as Partial<Text>
  return text[language] || text[fallback] || Object.values(text).find(Boolean) || ''
}

const MAX_DAYS = 366

function checkInput(input: CampaignInput, defaultLanguage: Language): FieldErrors {
  const errors: FieldErrors = {}
  if (!input.title[defaultLanguage]?.trim()) errors[`title_${defaultLanguage}`] = { key: 'web.validation.required' }
  if (!input.message[defaultLanguage]?.trim()) errors[`message_${defaultLanguage}`] = { key: 'web.validation.required' }
  for (const [name, text] of [...Object.entries(input.title), ...Object.entries(input.message)])
    if ((text ?? '').length > 300) errors[name] = { key: 'web.validation.max_length', vars: { limit: 300 } }
  const start = parseDate(input.startsOn)
  const end = parseDate(input.endsOn)
  if (!start) errors.starts_on = { key: 'selfservice.form.date' }
  if (!end) errors.ends_on = { key: 'selfservice.form.date' }
  if (start && end && (end < start || (end.getTime() - start.getTime()) / 86_400_000 > MAX_DAYS))
    errors.ends_on = { key: 'selfservice.campaign.period_invalid', vars: { limit: MAX_DAYS } }
  return errors
}

/**
 * Create a campaign in each of the given municipalities (the first is the editor's own); the service is
 * named by its slug, which each municipality must have. One group key ties the copies together.
 */
export async function createCampaign(
  db: Db,
  actor: Actor & { type: 'user' },
  municipalities: readonly MunicipalityRow[],
  input: CampaignInput,
): Promise<CampaignRow[]> {
  const home = municipalities[0]
  if (!home) throw BadRequest('web.error.bad_request')
  const errors = checkInput(input, home.default_language)
  const services = await Promise.all(municipalities.map((m) => store.findService(db, m.id, input.service)))
  if (!services[0]) errors.service = { key: 'selfservice.service.not_found' }
  const missing = municipalities.filter((_, i) => !services[i]).map((m) => m.name)
  if (services[0] && missing.length)
    errors.together = { key: 'selfservice.campaign.missing_service', vars: { municipalities: missing.join(', ') } }
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  const groupKey = newId()
  const rows: CampaignRow[] = []
  await db.transaction().execute(async (trx) => {
    for (const [i, municipality] of municipalities.entries()) {
      const service = services[i] as NonNullable<(typeof services)[number]>
      const row: CampaignRow = {
        id: newId(),
        municipality_id: municipality.id,
        service_id: service.id,
        group_key: groupKey,
        title: JSON.stringify(input.title),
        message: JSON.stringify(input.message),
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        created_by: actor.id,
        created_at: nowIso(),
      }
      await store.insertCampaign(trx, row)
      await record(trx, {
        municipalityId: municipality.id,
        actor,
        action: 'selfservice.campaign.created',
        subject: { type: 'selfservice_campaign', id: row.id },
        summary: `Campaign for ${service.slug} from ${row.starts_on} to ${row.ends_on}${municipalities.length > 1 ? ` with ${municipalities.length - 1} other municipalities` : ''}`,
      })
      rows.push(row)
    }
  })
  return rows
}

export const listCampaigns = store.listCampaigns

export async function findCampaign(db: Executor, municipalityId: string, id: string): Promise<CampaignRow> {
  const campaign = await store.findCampaign(db, municipalityId, id)
  if (!campaign) throw NotFound('selfservice.campaign.not_found')
  return campaign
}

export interface Uptake {
  during: Record<SubmissionChannel, number>
  before: Record<SubmissionChannel, number>
  days: number
  /** The period before, as local dates. */
  beforeFrom: string
  beforeTo: string
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** Submissions during the campaign per channel, and during the same number of days just before it. */
export async function campaignUptake(db: Executor, campaign: CampaignRow, timeZone: string): Promise<Uptake> {
  const days = Math.round((Date.parse(campaign.ends_on) - Date.parse(campaign.starts_on)) / 86_400_000) + 1
  const beforeFrom = addDays(campaign.starts_on, -days)
  const startOf = (day: string) => endOfLocalDay(addDays(day, -1), timeZone).toISOString()
  const [during, before] = await Promise.all([
    store.countByChannel(
      db,
      campaign.municipality_id,
      campaign.service_id,
      startOf(campaign.starts_on),
      endOfLocalDay(campaign.ends_on, timeZone).toISOString(),
    ),
    store.countByChannel(
      db,
      campaign.municipality_id,
      campaign.service_id,
      startOf(beforeFrom),
      startOf(campaign.starts_on),
    ),
  ])
  return { during, before, days, beforeFrom, beforeTo: addDays(campaign.starts_on, -1) }
}

/** The uptake of every campaign in the group, municipality by municipality. */
export async function groupUptake(db: Executor, campaign: CampaignRow) {
  const group = await store.listCampaignGroup(db, campaign.group_key)
  return Promise.all(
    group.map(async (c) => {
      const municipality = await findMunicipalityById(db, c.municipality_id)
      return {
        municipality: municipality?.name ?? '',
        uptake: await campaignUptake(db, c, municipality?.time_zone ?? 'UTC'),
      }
    }),
  )
}

/** Campaigns running today in the municipality, for its banner. */
export async function activeCampaigns(db: Executor, municipality: MunicipalityRow, now = new Date()) {
  const today = localDate(now, municipality.time_zone)
  const campaigns = await store.listActiveCampaigns(db, municipality.id, today)
  if (campaigns.length === 0) return []
  const services = await store.listServices(db, municipality.id)
  const slugs = new Map(services.map((s) => [s.id, s.slug]))
  return campaigns.map((c) => ({ campaign: c, serviceSlug: slugs.get(c.service_id) ?? '' }))
}
