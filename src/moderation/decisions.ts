/**
 * Moderators' decisions on posts: approve, hide under a house rule, edit out personal data (the original
 * stays a journal document), hand off to a private inquiry; appeals (once per post, to a different
 * moderator) and author blocks. Each decision locks the item and checks the revision its moderator saw,
 * so two moderators deciding at once get one decision and one clear refusal (409), never two.
 */
import { randomBytes } from 'node:crypto'
import type { Db } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import type { DecisionAction, ModerationItemRow } from '../db/tables/moderation.ts'
import { type Actor, record } from '../journal/service.ts'
import { AppError, BadRequest, Conflict, Forbidden, NotFound } from '../web/errors.ts'
import { appealPath, tokenHash } from './appeals.ts'
import { checkText, type Finding, type HouseRuleCode, hasNeverPublic } from './checks.ts'
import { queueAppealOutcomeMail, queueHiddenMail } from './notices.ts'
import { houseRulesPath } from './paths.ts'
import { currentHouseRules } from './rules.ts'
import { announceModerationChange, type ModeratedItemRef, type ModerationState, moderationSource } from './service.ts'
import * as store from './store.ts'

export const DECISION_INPUT_ACTIONS = ['approve', 'hide', 'edit', 'hand_off'] as const
export type DecisionInputAction = (typeof DECISION_INPUT_ACTIONS)[number]

export interface DecisionInput {
  action: DecisionInputAction
  /** The item's revision the moderator saw; a decision made since then refuses this one (409). */
  revision: number
  rule?: HouseRuleCode
  /** Words to the author (hide); staff-only, never in the public log. */
  reason?: string
  /** The text with personal data edited out (edit). */
  text?: string
}

export interface ModeratorContext {
  municipality: MunicipalityRow
  actor: Actor & { type: 'user'; id: string }
  baseUrl: string
  mailDomain: string
}

export const itemFindings = (item: Pick<ModerationItemRow, 'findings'>): Finding[] => JSON.parse(item.findings)
export const itemRef = (item: ModerationItemRow): ModeratedItemRef => ({
  municipalityId: item.municipality_id,
  kind: item.kind,
  subjectId: item.subject_id,
  itemId: item.id,
})

export const sourceOf = (kind: string) => {
  const source = moderationSource(kind)
  if (!source) throw Conflict('moderation.decision.no_source')
  return source
}

interface Outcome {
  action: DecisionAction
  state: ModerationState
  rule: HouseRuleCode | null
  text?: string
}

/** What a decision does to the item, or why it may not be made. */
function outcomeOf(item: ModerationItemRow, input: DecisionInput): Outcome {
  const appeal = item.appeal_state === 'open'
  switch (input.action) {
    case 'approve': {
      if (hasNeverPublic(checkText(item.edited_text ?? item.text, { language: item.language }))) {
        throw Conflict('moderation.decision.identity_number')
      }
      return {
        action: appeal ? 'appeal_granted' : 'approved',
        state: 'published',
        rule: appeal ? (item.rule as HouseRuleCode) : null,
      }
    }
    case 'hide': {
      const rule = input.rule ?? (appeal ? (item.rule as HouseRuleCode | null) : undefined)
      if (!rule)
        throw BadRequest('moderation.decision.rule_required', { rule: { key: 'moderation.decision.rule_required' } })
      return { action: appeal ? 'appeal_upheld' : 'hidden', state: 'hidden', rule }
    }
    case 'edit': {
      const text = input.text?.trim() ?? ''
      if (!text)
        throw BadRequest('moderation.decision.text_required', { text: { key: 'moderation.decision.text_required' } })
      if (hasNeverPublic(checkText(text, { language: item.language }))) {
        throw BadRequest('moderation.decision.identity_number', {
          text: { key: 'moderation.decision.identity_number' },
        })
      }
      return { action: 'edited', state: 'published', rule: input.rule ?? 'no-personal-data', text }
    }
    case 'hand_off':
      return { action: 'handed_off', state: 'handed_off', rule: input.rule ?? 'case-matter' }
  }
}

/**
 * Decide on one item in its own transaction: lock it, check the revision, tell the source, journal it,
 * and tell the author by e-mail when it is hidden. Returns the item as it is now.
 */
export async function decideItem(
  db: Db,
  ctx: ModeratorContext,
  itemId: string,
  input: DecisionInput,
): Promise<ModerationItemRow> {
  const municipalityId = ctx.municipality.id
  const decided = await db.transaction().execute(async (trx) => {
    // Lock the row: two moderators may decide at once, and only the first decision may be applied.
    const item = await store.lockItem(trx, municipalityId, itemId)
    if (!item) throw NotFound('moderation.item.not_found')
    if (item.revision !== input.revision || item.state === 'handed_off') {
      throw Conflict('moderation.decision.already_decided')
    }
    if (item.appeal_state === 'open' && item.hidden_by === ctx.actor.id) {
      throw Forbidden('moderation.appeal.same_moderator')
    }
    const outcome = outcomeOf(item, input)
    const source = sourceOf(item.kind)
    const rules = await currentHouseRules(trx, municipalityId, item.language)
    const version = outcome.rule ? rules.version : null
    const at = nowIso()
    const appealDecided = item.appeal_state === 'open'
    const changes: Partial<ModerationItemRow> = {
      state: outcome.state,
      rule: outcome.rule,
      rule_version: version,
      decided_by: ctx.actor.id,
      decided_at: at,
      updated_at: at,
      // A decision is the review the reports asked for.
      reports_count: 0,
      ...(outcome.text ? { edited_text: outcome.text } : {}),
      ...(outcome.action === 'hidden' ? { hidden_by: ctx.actor.id } : {}),
      ...(appealDecided ? { appeal_state: 'decided' as const } : {}),
    }
    let appealToken: string | undefined
    if (outcome.action === 'hidden' && item.appeal_state === null && item.author_email) {
      appealToken = randomBytes(24).toString('base64url')
      changes.appeal_token_hash = tokenHash(appealToken)
    }
    if (!(await store.updateItem(trx, item.id, item.revision, changes))) {
      throw Conflict('moderation.decision.already_decided')
    }
    await store.insertDecision(trx, {
      id: newId(),
      municipality_id: municipalityId,
      item_id: item.id,
      kind: item.kind,
      action: outcome.action,
      state: outcome.state,
      rule: outcome.rule,
      rule_version: version,
      reason: input.reason?.trim() || null,
      decided_by: ctx.actor.id,
      decided_at: at,
    })
    if (outcome.action === 'handed_off') {
      if (!source.handOff) throw Conflict('moderation.decision.no_hand_off')
      await source.handOff(trx, itemRef(item), {
        actor: ctx.actor,
        baseUrl: ctx.baseUrl,
        mailDomain: ctx.mailDomain,
      })
    } else {
      await source.applyDecision(trx, itemRef(item), {
        state: outcome.state,
        ...(outcome.text ? { text: outcome.text } : {}),
      })
    }
    await record(trx, {
      municipalityId,
      actor: ctx.actor,
      action: `moderation.item.${outcome.action}`,
      subject: { type: 'moderation_item', id: item.id },
      summary: `${item.kind} ${item.subject_id}: ${outcome.action}${outcome.rule ? ` under rule ${outcome.rule} (version ${version})` : ''}`,
      documents: [
        {
          body: JSON.stringify({ rule: outcome.rule, version, reason: input.reason?.trim() || null }),
          mediaType: 'application/json',
        },
        ...(outcome.text ? [{ body: outcome.text, mediaType: 'text/plain; charset=utf-8' }] : []),
      ],
    })
    const now = { ...item, ...changes, revision: item.revision + 1 } as ModerationItemRow
    const mail = {
      municipality: ctx.municipality,
      item: now,
      mailDomain: ctx.mailDomain,
      reason: input.reason,
      rulesUrl: `${ctx.baseUrl}${houseRulesPath(ctx.municipality.slug)}${outcome.rule ? `#rule-${outcome.rule}` : ''}`,
    }
    if (appealToken) {
      await queueHiddenMail(trx, {
        ...mail,
        appealUrl: `${ctx.baseUrl}${appealPath(ctx.municipality.slug, appealToken)}`,
      })
    } else if (outcome.action === 'hidden') {
      await queueHiddenMail(trx, mail)
    }
    if (appealDecided) await queueAppealOutcomeMail(trx, { ...mail, granted: outcome.state === 'published' })
    return now
  })
  await announceModerationChange(db, municipalityId, itemId)
  return decided
}

export interface BulkResult {
  decided: number
  /** Items another moderator decided first, or that this decision may not apply to. */
  refused: { itemId: string; code: string }[]
}

/** The same decision on several items, each in its own transaction, so one refusal leaves the others decided. */
export async function decideItems(
  db: Db,
  ctx: ModeratorContext,
  items: readonly { id: string; revision: number }[],
  input: Omit<DecisionInput, 'revision'> & { action: 'approve' | 'hide' },
): Promise<BulkResult> {
  const result: BulkResult = { decided: 0, refused: [] }
  for (const item of items) {
    try {
      await decideItem(db, ctx, item.id, { ...input, revision: item.revision })
      result.decided++
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error
      // A missing rule is the whole form's mistake, not one item's.
      if (error.code === 'moderation.decision.rule_required') throw error
      result.refused.push({ itemId: item.id, code: error.code })
    }
  }
  return result
}
