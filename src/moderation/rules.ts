/**
 * House rules and moderation settings of a municipality. House rules are versioned: publishing a new
 * version adds a new set of rows (the old ones stay readable on the public page), and every decision
 * names the version it applied. Settings hold the blocklists per language, the report threshold and
 * the posting rate.
 */
import type { Db, Executor } from '../db/index.ts'
import { nowIso } from '../db/index.ts'
import { LANGUAGES, type Language } from '../db/schema.ts'
import type { ModerationSettingsTable } from '../db/tables/moderation.ts'
import { type Actor, record } from '../journal/service.ts'
import { findMunicipalityById } from '../municipalities/service.ts'
import { BadRequest } from '../web/errors.ts'
import { type BlocklistEntry, HOUSE_RULE_CODES, type HouseRuleCode, isHouseRuleCode } from './checks.ts'
import * as store from './store.ts'

export interface HouseRule {
  code: HouseRuleCode
  title: string
  text: string
}

export interface HouseRules {
  /** 0 when the municipality has published no rules yet. */
  version: number
  language: Language
  /** ISO time the version was published; null for version 0. */
  publishedAt: string | null
  rules: HouseRule[]
}

const toRules = (rows: { code: string; title: string; text: string }[]): HouseRule[] =>
  rows.flatMap((r) => (isHouseRuleCode(r.code) ? [{ code: r.code, title: r.title, text: r.text }] : []))

/** One version of the rules in a language, falling back to the municipality's language, then any. */
export async function houseRulesVersion(
  db: Executor,
  municipalityId: string,
  version: number,
  language: Language,
): Promise<HouseRules | undefined> {
  const head = await store.findRuleVersion(db, municipalityId, version)
  if (!head) return undefined
  const municipality = await findMunicipalityById(db, municipalityId)
  const order = [language, municipality?.default_language ?? 'da', ...LANGUAGES].filter(
    (l, i, all) => all.indexOf(l) === i,
  ) as Language[]
  for (const l of order) {
    const rows = await store.listRules(db, municipalityId, version, l)
    if (rows.length > 0) return { version, language: l, publishedAt: head.published_at, rules: toRules(rows) }
  }
  return { version, language, publishedAt: head.published_at, rules: [] }
}

/** The municipality's house rules in force, in the language asked (falling back to its default). */
export async function currentHouseRules(db: Executor, municipalityId: string, language: Language): Promise<HouseRules> {
  const latest = await store.latestRuleVersion(db, municipalityId)
  if (!latest) return { version: 0, language, publishedAt: null, rules: [] }
  return (await houseRulesVersion(db, municipalityId, latest.version, language)) as HouseRules
}

export const listHouseRuleVersions = (db: Executor, municipalityId: string) =>
  store.listRuleVersions(db, municipalityId)

/** The title of a rule in the version a decision cited, for the author's notice and the log. */
export async function ruleTitle(
  db: Executor,
  municipalityId: string,
  code: string,
  version: number | null,
  language: Language,
): Promise<string | undefined> {
  const rules = version
    ? await houseRulesVersion(db, municipalityId, version, language)
    : await currentHouseRules(db, municipalityId, language)
  return rules?.rules.find((r) => r.code === code)?.title
}

export type RulesInput = Partial<Record<Language, { code: HouseRuleCode; title: string; text: string }[]>>

/**
 * Publish a new version of the house rules (all languages at once); the previous version stays as it was.
 * @example await publishHouseRules(db, actor, municipalityId, { da: [{ code: 'concise', title: 'Skriv kort', text: '…' }] })
 */
export async function publishHouseRules(
  db: Db,
  actor: Actor,
  municipalityId: string,
  rules: RulesInput,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const latest = await store.latestRuleVersion(trx, municipalityId)
    const version = (latest?.version ?? 0) + 1
    const rows = LANGUAGES.flatMap((language) =>
      (rules[language] ?? []).map((rule, position) => ({
        municipality_id: municipalityId,
        version,
        language,
        code: rule.code,
        position,
        title: rule.title.trim(),
        text: rule.text.trim(),
      })),
    )
    await store.insertRuleVersion(trx, municipalityId, version, actor.type === 'user' ? actor.id : null, nowIso(), rows)
    await record(trx, {
      municipalityId,
      actor,
      action: 'moderation.rules.published',
      subject: { type: 'house_rules', id: String(version) },
      summary: `House rules version ${version} published (${rows.length} rules)`,
      documents: [{ body: JSON.stringify(rules), mediaType: 'application/json' }],
    })
    return version
  })
}

// Settings ------------------------------------------------------------------------------------------

export interface ModerationSettings {
  reportThreshold: number
  rateLimitPosts: number
  rateLimitMinutes: number
  repeatWindowMinutes: number
  defaultMaxLength: number
  /** One entry per line, as stored: a word or phrase, optionally `| rule-code`. */
  blocklists: Record<Language, string>
}

export const DEFAULT_SETTINGS: ModerationSettings = {
  reportThreshold: 3,
  rateLimitPosts: 10,
  rateLimitMinutes: 60,
  repeatWindowMinutes: 24 * 60,
  defaultMaxLength: 2000,
  blocklists: { da: '', sv: '', en: '' },
}

export async function moderationSettings(db: Executor, municipalityId: string): Promise<ModerationSettings> {
  const row = await store.findSettings(db, municipalityId)
  if (!row) return DEFAULT_SETTINGS
  return {
    reportThreshold: row.report_threshold,
    rateLimitPosts: row.rate_limit_posts,
    rateLimitMinutes: row.rate_limit_minutes,
    repeatWindowMinutes: row.repeat_window_minutes,
    defaultMaxLength: row.default_max_length,
    blocklists: { da: row.blocklist_da, sv: row.blocklist_sv, en: row.blocklist_en },
  }
}

/**
 * The blocklist as the checks take it. A line is a word or phrase, optionally followed by `| rule-code`
 * to cite another rule than `no-hate`; an unknown code is an error where the admin saves it.
 */
export function parseBlocklist(text: string): BlocklistEntry[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => {
      const bar = line.lastIndexOf('|')
      if (bar < 0) return line
      const term = line.slice(0, bar).trim()
      const code = line.slice(bar + 1).trim()
      return isHouseRuleCode(code) ? { term, rule: code } : term
    })
}

/** Lines whose `| rule-code` names no house rule (for the settings form). */
export const unknownBlocklistRules = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.includes('|') && !isHouseRuleCode(line.slice(line.lastIndexOf('|') + 1).trim()))

export async function saveModerationSettings(
  db: Db,
  actor: Actor,
  municipalityId: string,
  settings: ModerationSettings,
): Promise<void> {
  for (const language of LANGUAGES) {
    if (unknownBlocklistRules(settings.blocklists[language]).length > 0) {
      throw BadRequest('moderation.settings.blocklist_rule_unknown', {
        [`blocklist_${language}`]: { key: 'moderation.settings.blocklist_rule_unknown' },
      })
    }
  }
  const row: ModerationSettingsTable = {
    municipality_id: municipalityId,
    report_threshold: settings.reportThreshold,
    rate_limit_posts: settings.rateLimitPosts,
    rate_limit_minutes: settings.rateLimitMinutes,
    repeat_window_minutes: settings.repeatWindowMinutes,
    default_max_length: settings.defaultMaxLength,
    blocklist_da: settings.blocklists.da,
    blocklist_sv: settings.blocklists.sv,
    blocklist_en: settings.blocklists.en,
    updated_at: nowIso(),
  }
  await db.transaction().execute(async (trx) => {
    await store.upsertSettings(trx, row)
    await record(trx, {
      municipalityId,
      actor,
      action: 'moderation.settings.changed',
      subject: { type: 'moderation_settings', id: municipalityId },
      summary: `Moderation settings changed: ${settings.reportThreshold} reports hide a post; ${settings.rateLimitPosts} posts per ${settings.rateLimitMinutes} minutes`,
      documents: [{ body: JSON.stringify(row), mediaType: 'application/json' }],
    })
  })
}

export { HOUSE_RULE_CODES }
