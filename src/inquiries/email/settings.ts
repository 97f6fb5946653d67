/**
 * A municipality's e-mail settings: its inbound address (default `<slug>@<MAIL_DOMAIN>`, which stays
 * accepted when another is set, since receipts carry it as Reply-To), the topic new e-mail inquiries
 * get, and an optional IMAP mailbox to poll. Saving is an administrator's act, journaled; the IMAP
 * password is sealed (secret-box.ts) and never shown again or journaled.
 */
import type { Config } from '../../config.ts'
import type { Db, Executor } from '../../db/index.ts'
import { nowIso } from '../../db/index.ts'
import type { EmailSettingsRow, MunicipalityRow } from '../../db/schema.ts'
import { type Actor, record } from '../../journal/service.ts'
import { baseAddress } from '../../mail/inbound/index.ts'
import { findMunicipalityBySlug } from '../../municipalities/service.ts'
import { BadRequest, type FieldErrors } from '../../web/errors.ts'
import { listTopics } from '../service.ts'
import { defaultInboundAddress } from './addresses.ts'
import { scheduleImapPoll } from './imap-job.ts'
import { seal } from './secret-box.ts'
import * as store from './store.ts'

export const DEFAULT_POLL_MINUTES = 5
export const DEFAULT_MAILBOX = 'INBOX'

export { defaultInboundAddress } from './addresses.ts'

export const findSettings = store.findSettings

/** The municipality's own addresses: the configured inbound address and the default, lower-cased. */
export async function ownAddresses(db: Executor, config: Config, municipality: MunicipalityRow): Promise<string[]> {
  const settings = await store.findSettings(db, municipality.id)
  const fallback = defaultInboundAddress(municipality.slug, config.mailDomain)
  return settings?.inbound_address ? [settings.inbound_address, fallback] : [fallback]
}

/** The address shown to citizens and staff: the configured one, else the default. */
export const inboundAddressOf = (
  settings: EmailSettingsRow | undefined,
  municipality: MunicipalityRow,
  config: Config,
) => settings?.inbound_address ?? defaultInboundAddress(municipality.slug, config.mailDomain)

/**
 * The municipality an address (or a plus-address of it) belongs to: a configured inbound address, or
 * `<slug>@<MAIL_DOMAIN>`. Undefined for anyone else's address.
 */
export async function findMunicipalityForAddress(
  db: Executor,
  config: Config,
  address: string,
): Promise<MunicipalityRow | undefined> {
  const base = baseAddress(address)
  const configured = await store.findMunicipalityByInboundAddress(db, base)
  if (configured) return configured
  const at = base.lastIndexOf('@')
  if (at <= 0 || base.slice(at + 1) !== config.mailDomain.toLowerCase()) return undefined
  const slug = base.slice(0, at)
  return /^[a-z0-9][a-z0-9-]{0,63}$/.test(slug) ? findMunicipalityBySlug(db, slug) : undefined
}

export interface SettingsInput {
  inboundAddress: string
  topic: string
  imapEnabled: boolean
  imapHost: string
  imapPort: string
  imapSecure: boolean
  imapUser: string
  /** Blank keeps the stored password. */
  imapPassword: string
  imapMailbox: string
  imapPollMinutes: string
}

const ADDRESS = /^[^\s@<>()",;:\\[\]+]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/
const HOST = /^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]+\]$/

function whole(value: string, min: number, max: number): number | undefined {
  const n = Number(value.trim())
  return /^\d+$/.test(value.trim()) && n >= min && n <= max ? n : undefined
}

/** Check the form; the row to store when all is well. */
async function checkSettings(
  db: Executor,
  config: Config,
  municipality: MunicipalityRow,
  current: EmailSettingsRow | undefined,
  input: SettingsInput,
): Promise<{ row?: EmailSettingsRow; errors: FieldErrors }> {
  const errors: FieldErrors = {}
  const address = input.inboundAddress.trim().toLowerCase()
  if (address && !ADDRESS.test(address)) errors.inboundAddress = { key: 'inquiries.email.settings.address_invalid' }
  else if (address) {
    const owner = await findMunicipalityForAddress(db, config, address)
    if (owner && owner.id !== municipality.id) errors.inboundAddress = { key: 'inquiries.email.settings.address_taken' }
  }
  const topics = await listTopics(db, municipality.id)
  const topic = input.topic ? topics.find((t) => t.id === input.topic) : undefined
  if (input.topic && !topic) errors.topic = { key: 'web.validation.enum' }
  const port = input.imapPort.trim() ? whole(input.imapPort, 1, 65535) : 993
  const minutes = input.imapPollMinutes.trim() ? whole(input.imapPollMinutes, 1, 1440) : DEFAULT_POLL_MINUTES
  if (port === undefined) errors.imapPort = { key: 'web.validation.maximum', vars: { limit: 65535 } }
  if (minutes === undefined) errors.imapPollMinutes = { key: 'inquiries.email.settings.minutes_invalid' }
  const host = input.imapHost.trim()
  if (host && !HOST.test(host)) errors.imapHost = { key: 'web.validation.format' }
  if (input.imapEnabled) {
    if (!host) errors.imapHost = { key: 'web.validation.required' }
    if (!input.imapUser.trim()) errors.imapUser = { key: 'web.validation.required' }
    if (!input.imapPassword && !current?.imap_password) errors.imapPassword = { key: 'web.validation.required' }
  }
  if (Object.keys(errors).length) return { errors }
  return {
    errors,
    row: {
      municipality_id: municipality.id,
      inbound_address: address || null,
      topic_id: topic?.id ?? null,
      imap_enabled: input.imapEnabled ? 1 : 0,
      imap_host: host || null,
      imap_port: port ?? 993,
      imap_secure: input.imapSecure ? 1 : 0,
      imap_user: input.imapUser.trim() || null,
      imap_password: input.imapPassword ? seal(input.imapPassword, config.secret) : (current?.imap_password ?? null),
      imap_mailbox: input.imapMailbox.trim() || DEFAULT_MAILBOX,
      imap_poll_minutes: minutes ?? DEFAULT_POLL_MINUTES,
      updated_at: nowIso(),
    },
  }
}

/** Save the settings (journaled); starts IMAP polling when it is switched on. Throws BadRequest with field errors. */
export async function saveSettings(
  db: Db,
  config: Config,
  actor: Actor,
  municipality: MunicipalityRow,
  input: SettingsInput,
): Promise<EmailSettingsRow> {
  return db.transaction().execute(async (trx) => {
    const current = await store.findSettings(trx, municipality.id)
    const { row, errors } = await checkSettings(trx, config, municipality, current, input)
    if (!row) throw BadRequest('web.error.bad_request', errors)
    await store.saveSettings(trx, row)
    const imap = row.imap_enabled ? `IMAP polling every ${row.imap_poll_minutes} min` : 'no IMAP polling'
    await record(trx, {
      municipalityId: municipality.id,
      actor,
      action: 'email.settings.changed',
      subject: { type: 'email_settings', id: municipality.id },
      // The password never enters the record, not even sealed.
      summary: `E-mail settings changed: inbound ${inboundAddressOf(row, municipality, config)}, ${imap}${input.imapPassword ? ', IMAP password replaced' : ''}`,
    })
    if (row.imap_enabled) await scheduleImapPoll(trx, municipality.id, new Date(), row.imap_poll_minutes ?? undefined)
    return row
  })
}
