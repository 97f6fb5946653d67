/**
 * Routing: which queue a new inquiry lands in. A municipality's rules are tried in order; the first whose
 * topic (if it names one) and keywords (if it has any) match sends the inquiry to its department (or the
 * contact centre). When no rule matches, the topic's department takes it, else the contact centre.
 * Admins keep the rules; each change is journaled, and saving a rule shows what it would have done to the
 * last 100 inquiries.
 */
import type { Db, Executor, Trx } from '../../db/index.ts'
import { newId, nowIso } from '../../db/index.ts'
import type { InquiryTopicRow, RoutingRuleRow } from '../../db/schema.ts'
import { type Actor, record } from '../../journal/service.ts'
import { listDepartments } from '../../municipalities/service.ts'
import { BadRequest, type FieldErrors, NotFound } from '../../web/errors.ts'
import * as inquiries from '../store.ts'
import { matchKeyword, parseKeywords } from './keywords.ts'
import * as store from './store.ts'

/** How many recent inquiries a saved rule is tried against. */
export const PREVIEW_SIZE = 100
export const MAX_KEYWORDS_LENGTH = 2000

export interface RouteDecision {
  /** The queue: a department, or null for the contact centre. */
  departmentId: string | null
  by: 'rule' | 'topic' | 'default'
  ruleId?: string
  /** The keyword that matched, when a rule's keywords decided. */
  keyword?: string
}

interface Routable {
  topicId: string | null
  text: string
}

/** What routing needs of a new inquiry: its topic (with the topic's department) and its text. */
interface NewInquiry {
  topic: Pick<InquiryTopicRow, 'id' | 'department_id'>
  text: string
}

/** The first rule that matches, with the keyword that did it; undefined when none does. */
function firstMatch(rules: readonly RoutingRuleRow[], inquiry: Routable) {
  for (const rule of rules) {
    if (rule.topic_id && rule.topic_id !== inquiry.topicId) continue
    const keywords = parseKeywords(rule.keywords)
    if (keywords.length === 0) return { rule }
    const keyword = matchKeyword(inquiry.text, keywords)
    if (keyword) return { rule, keyword }
  }
  return undefined
}

/**
 * The queue for a new inquiry, in the intake's transaction.
 * @example await routeInquiry(trx, municipality.id, { topic, text: input.message })
 *   // { departmentId: '…', by: 'rule', ruleId: '…', keyword: 'skrald' }
 */
export async function routeInquiry(trx: Executor, municipalityId: string, inquiry: NewInquiry): Promise<RouteDecision> {
  const match = firstMatch(await store.listRules(trx, municipalityId), {
    topicId: inquiry.topic.id,
    text: inquiry.text,
  })
  if (match) {
    return {
      departmentId: match.rule.department_id,
      by: 'rule',
      ruleId: match.rule.id,
      ...(match.keyword ? { keyword: match.keyword } : {}),
    }
  }
  if (inquiry.topic.department_id) return { departmentId: inquiry.topic.department_id, by: 'topic' }
  return { departmentId: null, by: 'default' }
}

export const listRules = store.listRules

export interface RuleInput {
  /** A topic id, or '' for any topic. */
  topic: string
  keywords: string
  /** A department id, or '' for the contact centre. */
  department: string
}

/** Field errors of a rule, beyond the request schema. */
async function checkRule(db: Executor, municipalityId: string, input: RuleInput): Promise<FieldErrors> {
  const errors: FieldErrors = {}
  if (input.topic) {
    const topic = await inquiries.findTopicById(db, input.topic)
    if (topic?.municipality_id !== municipalityId) errors.topic = { key: 'inquiries.form.topic_unknown' }
  }
  if (input.department) {
    const departments = await listDepartments(db, municipalityId)
    if (!departments.some((d) => d.id === input.department))
      errors.department = { key: 'routing.rule.department_unknown' }
  }
  if (input.keywords.length > MAX_KEYWORDS_LENGTH)
    errors.keywords = { key: 'web.validation.max_length', vars: { limit: MAX_KEYWORDS_LENGTH } }
  else if (input.keywords.includes('\u0000')) errors.keywords = { key: 'web.validation.invalid' }
  else if (!input.topic && parseKeywords(input.keywords).length === 0)
    errors.keywords = { key: 'routing.rule.needs_condition' }
  return errors
}

const describe = (rule: Pick<RoutingRuleRow, 'position' | 'topic_id' | 'keywords' | 'department_id'>) =>
  `rule ${rule.position}: ${rule.topic_id ? `topic ${rule.topic_id}` : 'any topic'}, ` +
  `${parseKeywords(rule.keywords).length} keyword(s), to ${rule.department_id ? `department ${rule.department_id}` : 'the contact centre'}`

const columns = (input: RuleInput) => ({
  topic_id: input.topic || null,
  keywords: parseKeywords(input.keywords).join('\n'),
  department_id: input.department || null,
})

/** Add a rule after the others. Throws BadRequest with field errors. */
export async function createRule(db: Db, actor: Actor, municipalityId: string, input: RuleInput) {
  const errors = await checkRule(db, municipalityId, input)
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  return db.transaction().execute(async (trx) => {
    const rules = await store.lockRules(trx, municipalityId)
    const at = nowIso()
    const row: RoutingRuleRow = {
      id: newId(),
      municipality_id: municipalityId,
      position: rules.length + 1,
      ...columns(input),
      created_at: at,
      updated_at: at,
    }
    await store.insertRule(trx, row)
    await record(trx, {
      municipalityId,
      actor,
      action: 'inquiry.routing_rule.created',
      subject: { type: 'routing_rule', id: row.id },
      summary: `Routing ${describe(row)} created`,
    })
    return row
  })
}

async function lockRule(trx: Trx, municipalityId: string, id: string) {
  const rules = await store.lockRules(trx, municipalityId)
  const rule = rules.find((r) => r.id === id)
  if (!rule) throw NotFound('routing.rule.not_found')
  return { rules, rule }
}

export async function findRule(db: Executor, municipalityId: string, id: string): Promise<RoutingRuleRow> {
  const rule = await store.findRule(db, municipalityId, id)
  if (!rule) throw NotFound('routing.rule.not_found')
  return rule
}

export async function updateRule(db: Db, actor: Actor, municipalityId: string, id: string, input: RuleInput) {
  await findRule(db, municipalityId, id)
  const errors = await checkRule(db, municipalityId, input)
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  return db.transaction().execute(async (trx) => {
    const { rule } = await lockRule(trx, municipalityId, id)
    const changed = { ...rule, ...columns(input), updated_at: nowIso() }
    await store.updateRule(trx, id, { ...columns(input), updated_at: changed.updated_at })
    await record(trx, {
      municipalityId,
      actor,
      action: 'inquiry.routing_rule.changed',
      subject: { type: 'routing_rule', id },
      summary: `Routing ${describe(changed)} changed`,
    })
    return changed
  })
}

/** Renumber 1, 2, 3 … in the given order, writing only the rules whose position changes. */
async function renumber(trx: Trx, ordered: readonly RoutingRuleRow[]): Promise<void> {
  for (const [index, rule] of ordered.entries()) {
    if (rule.position !== index + 1) await store.updateRule(trx, rule.id, { position: index + 1 })
  }
}

/** Move a rule one place earlier or later; at either end nothing changes and nothing is journaled. */
export async function moveRule(db: Db, actor: Actor, municipalityId: string, id: string, direction: 'up' | 'down') {
  await db.transaction().execute(async (trx) => {
    const { rules } = await lockRule(trx, municipalityId, id)
    const from = rules.findIndex((r) => r.id === id)
    const to = direction === 'up' ? from - 1 : from + 1
    if (to < 0 || to >= rules.length) return
    const ordered = [...rules]
    ordered.splice(to, 0, ...ordered.splice(from, 1))
    await renumber(trx, ordered)
    await record(trx, {
      municipalityId,
      actor,
      action: 'inquiry.routing_rule.moved',
      subject: { type: 'routing_rule', id },
      summary: `Routing rule moved from position ${from + 1} to ${to + 1}`,
    })
  })
}

export async function deleteRule(db: Db, actor: Actor, municipalityId: string, id: string) {
  await db.transaction().execute(async (trx) => {
    const { rules, rule } = await lockRule(trx, municipalityId, id)
    await store.deleteRule(trx, id)
    await renumber(
      trx,
      rules.filter((r) => r.id !== id),
    )
    await record(trx, {
      municipalityId,
      actor,
      action: 'inquiry.routing_rule.deleted',
      subject: { type: 'routing_rule', id },
      summary: `Routing ${describe(rule)} deleted`,
    })
  })
}

export interface RulePreview {
  /** How many inquiries were tried (at most PREVIEW_SIZE). */
  tried: number
  /** How many this rule would have routed, with the rules before it taking theirs first. */
  routed: number
  /** Where those inquiries actually went: a department id or null (contact centre), with counts. */
  actual: { departmentId: string | null; count: number }[]
}

/** What a rule would have done to the last 100 inquiries, in its place among the current rules. */
export async function previewRule(db: Executor, municipalityId: string, id: string): Promise<RulePreview> {
  const rules = await store.listRules(db, municipalityId)
  const recent = await store.recentInquiries(db, municipalityId, PREVIEW_SIZE)
  const actual = new Map<string | null, number>()
  let routed = 0
  for (const inquiry of recent) {
    if (firstMatch(rules, { topicId: inquiry.topic_id, text: inquiry.text })?.rule.id !== id) continue
    routed++
    actual.set(inquiry.department_id, (actual.get(inquiry.department_id) ?? 0) + 1)
  }
  return {
    tried: recent.length,
    routed,
    actual: [...actual].map(([departmentId, count]) => ({ departmentId, count })).sort((a, b) => b.count - a.count),
  }
}
