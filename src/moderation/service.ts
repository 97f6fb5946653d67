/**
 * Moderation of public posts, for every feature that publishes citizens' words (the board's questions
 * and answers, later dialog replies). A source feature hands each new post to `submitForModeration` in
 * its own transaction and keeps its own public copy; moderators' decisions come back to it through the
 * `ModerationSource` it registered for its kind.
 *
 * CONTRACT (other features build on these names; keep them, extend as needed): `ModerationMode`,
 * `ModerationState`, `SubmitInput`, `SubmitResult`, `submitForModeration`, `ModerationSource`,
 * `registerModerationSource`, `currentHouseRules`, `reportPath`.
 */
import { createHash } from 'node:crypto'
import type { Executor, Trx } from '../db/index.ts'
import { newId } from '../db/index.ts'
import type { Language } from '../db/schema.ts'
import { record } from '../journal/service.ts'
import { AppError, TooManyRequests } from '../web/errors.ts'
import { checkText, type Finding, hasNeverPublic } from './checks.ts'
import type { ModerationMode } from './modes.ts'
import { currentHouseRules as currentRules, type HouseRules, moderationSettings, parseBlocklist } from './rules.ts'
import * as store from './store.ts'

export { appealItem, appealPath } from './appeals.ts'
export { BLOCK_DAYS, blockAuthor, liftBlock, listActiveBlocks } from './blocks.ts'
export { checkText, type Finding, HOUSE_RULE_CODES, type HouseRuleCode } from './checks.ts'
export {
  type BulkResult,
  type DecisionInput,
  decideItem,
  decideItems,
  type ModeratorContext,
} from './decisions.ts'
export { MODERATION_MODES, type ModerationMode } from './modes.ts'
export { type ReportInput, reportItem } from './reports.ts'
export { houseRulesVersion, moderationSettings } from './rules.ts'
// The registry of sources, decisions, reports and appeals live in their own modules; other features
// import them from here.
export {
  announceModerationChange,
  kindLabel,
  type ModeratedItemRef,
  type ModerationSource,
  type ModerationState,
  moderationSource,
  registerModerationSource,
} from './sources.ts'

export interface SubmitInput {
  municipalityId: string
  /** The source's kind, dotted: 'board.question', 'board.answer', 'dialog.reply'… */
  kind: string
  /** The source's own id of the post. */
  subjectId: string
  text: string
  language: Language
  mode: ModerationMode
  /** key: a stable id of the author (a citizen's id), for repeats, rate and blocks; email only for notices. */
  author: { key: string; name: string; email?: string | null }
  maxLength?: number
  /** Where the post is shown, for the moderator (a path like `/demo-kommune/questions/…`). */
  path: string
}

export interface SubmitResult {
  /** The moderation item; the source keeps it (report links, the moderation log). */
  itemId: string
  /** published: the source may show the post now; pending: not until a decision says so. */
  state: 'pending' | 'published'
  findings: Finding[]
}

const minutesAgo = (minutes: number, now = Date.now()) => new Date(now - minutes * 60_000).toISOString()

export const textHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/** The state a new post gets: a post with an identity number is never shown, whatever the mode. */
export function initialState(mode: ModerationMode, findings: readonly Finding[]): SubmitResult['state'] {
  if (hasNeverPublic(findings)) return 'pending'
  if (mode === 'pre') return 'pending'
  if (mode === 'flagged') return findings.length > 0 ? 'pending' : 'published'
  return 'published'
}

/**
 * Runs every automatic check, records the item and the `moderation.item.submitted` journal entry in the
 * caller's transaction, and says whether the post may be shown. Throws AppError 403
 * `moderation.author_blocked` for a blocked author and 429 `moderation.rate_limited` past the posting rate.
 * After the caller's transaction commits, call `announceModerationChange(db, municipalityId)` so open
 * moderation queues refresh.
 */
export async function submitForModeration(trx: Trx, input: SubmitInput): Promise<SubmitResult> {
  const now = Date.now()
  const at = new Date(now).toISOString()
  const block = await store.findActiveBlock(trx, input.municipalityId, input.author.key, at)
  if (block) throw new AppError(403, 'moderation.author_blocked', undefined, { until: block.until.slice(0, 10) })
  const settings = await moderationSettings(trx, input.municipalityId)
  const recent = await store.countAuthorPosts(
    trx,
    input.municipalityId,
    input.author.key,
    minutesAgo(settings.rateLimitMinutes, now),
  )
  if (recent >= settings.rateLimitPosts) {
    throw TooManyRequests('moderation.rate_limited', { minutes: settings.rateLimitMinutes })
  }
  const findings = checkText(input.text, {
    language: input.language,
    maxLength: input.maxLength ?? settings.defaultMaxLength,
    blocklist: parseBlocklist(settings.blocklists[input.language]),
  })
  const hash = textHash(input.text)
  const repeats = await store.countAuthorPosts(
    trx,
    input.municipalityId,
    input.author.key,
    minutesAgo(settings.repeatWindowMinutes, now),
    hash,
  )
  if (repeats > 0) findings.push({ check: 'repeated', rule: 'concise', neverPublic: false })
  const state = initialState(input.mode, findings)
  const id = newId()
  await store.insertItem(trx, {
    id,
    municipality_id: input.municipalityId,
    kind: input.kind,
    subject_id: input.subjectId,
    author_key: input.author.key,
    author_name: input.author.name,
    author_email: input.author.email ?? null,
    language: input.language,
    path: input.path,
    text: input.text,
    text_hash: hash,
    edited_text: null,
    state,
    findings: JSON.stringify(findings),
    mode: input.mode,
    reports_count: 0,
    rule: null,
    rule_version: null,
    decided_by: null,
    decided_at: null,
    hidden_by: null,
    appeal_token_hash: null,
    appeal_state: null,
    appeal_text: null,
    appealed_at: null,
    revision: 0,
    created_at: at,
    updated_at: at,
  })
  const checks = [...new Set(findings.map((f) => f.check))].join(', ') || 'none'
  await record(trx, {
    municipalityId: input.municipalityId,
    actor: { type: 'citizen', id: input.author.key },
    action: 'moderation.item.submitted',
    subject: { type: 'moderation_item', id },
    summary: `${input.kind} ${input.subjectId} submitted in mode ${input.mode}: ${state}; findings: ${checks}`,
    documents: [{ body: input.text, mediaType: 'text/plain; charset=utf-8' }],
  })
  return { itemId: id, state, findings }
}

export type { HouseRules }

/** The municipality's house rules in force, in the language asked (falling back to its default). */
export async function currentHouseRules(db: Executor, municipalityId: string, language: Language): Promise<HouseRules> {
  return currentRules(db, municipalityId, language)
}

export { houseRulesPath, moderationLogPath, reportPath } from './paths.ts'
