/** Row types of moderation (house rules, automatic checks, moderation queue) (migration `0010_moderation`); `Database` in `../schema.ts` extends this. */
import type { Insertable, Selectable } from 'kysely'
import type { Language } from '../schema.ts'

export interface ModerationSettingsTable {
  municipality_id: string
  report_threshold: number
  rate_limit_posts: number
  rate_limit_minutes: number
  repeat_window_minutes: number
  default_max_length: number
  /** One entry per line: a word or phrase, optionally `| rule-code`. */
  blocklist_da: string
  blocklist_sv: string
  blocklist_en: string
  updated_at: string
}

export interface ModerationRuleVersionTable {
  municipality_id: string
  version: number
  published_at: string
  published_by: string | null
}

export interface ModerationRuleTable {
  municipality_id: string
  version: number
  language: Language
  /** A `HouseRuleCode`. */
  code: string
  position: number
  title: string
  text: string
}

export const MODERATION_ITEM_STATES = ['pending', 'published', 'hidden', 'handed_off'] as const
export const APPEAL_STATES = ['open', 'decided'] as const

export interface ModerationItemTable {
  id: string
  municipality_id: string
  kind: string
  subject_id: string
  author_key: string
  author_name: string
  author_email: string | null
  language: Language
  path: string
  text: string
  text_hash: string
  edited_text: string | null
  state: (typeof MODERATION_ITEM_STATES)[number]
  /** JSON array of `Finding`. */
  findings: string
  mode: string
  reports_count: number
  rule: string | null
  rule_version: number | null
  decided_by: string | null
  decided_at: string | null
  hidden_by: string | null
  appeal_token_hash: string | null
  appeal_state: (typeof APPEAL_STATES)[number] | null
  appeal_text: string | null
  appealed_at: string | null
  revision: number
  created_at: string
  updated_at: string
}

export const DECISION_ACTIONS = [
  'approved',
  'hidden',
  'edited',
  'handed_off',
  'reported',
  'appeal_upheld',
  'appeal_granted',
] as const
export type DecisionAction = (typeof DECISION_ACTIONS)[number]

export interface ModerationDecisionTable {
  id: string
  municipality_id: string
  item_id: string
  kind: string
  action: DecisionAction
  state: string
  rule: string | null
  rule_version: number | null
  reason: string | null
  decided_by: string | null
  decided_at: string
}

export interface ModerationReportTable {
  id: string
  municipality_id: string
  item_id: string
  rule: string
  note: string | null
  reporter_hash: string
  created_at: string
}

export interface ModerationBlockTable {
  id: string
  municipality_id: string
  author_key: string
  until: string
  rule: string
  reason: string | null
  item_id: string | null
  blocked_by: string | null
  created_at: string
}

export type ModerationItemRow = Selectable<ModerationItemTable>
export type NewModerationItemRow = Insertable<ModerationItemTable>
export type ModerationSettingsRow = Selectable<ModerationSettingsTable>
export type ModerationRuleRow = Selectable<ModerationRuleTable>
export type ModerationDecisionRow = Selectable<ModerationDecisionTable>

export type ModerationTables = {
  moderation_settings: ModerationSettingsTable
  moderation_rule_versions: ModerationRuleVersionTable
  moderation_rules: ModerationRuleTable
  moderation_items: ModerationItemTable
  moderation_decisions: ModerationDecisionTable
  moderation_reports: ModerationReportTable
  moderation_blocks: ModerationBlockTable
}
