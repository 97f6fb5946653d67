/**
 * A question's life in a live chat: asked by anyone (automatic checks, refused after the end), picked by
 * a moderator (assigned to one politician, rejected citing a house rule, merged into a duplicate,
 * reordered), answered and published by that politician. Every step is journaled in its transaction;
 * a moderator's decision is applied only to the version of the question they saw, so two moderators
 * acting at once never both succeed. Published pairs become numbered public events (`chat_events`).
 */
import type { Db, Trx } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import type { ChatQuestionRow, ChatQuestionState, ChatSessionRow } from '../db/tables/chats.ts'
import { translator } from '../i18n/index.ts'
import { type Actor, record } from '../journal/service.ts'
import { municipalitySender, queueMail } from '../mail/outbox/service.ts'
import {
  type BlocklistEntry,
  type CheckCode,
  checkText,
  HOUSE_RULE_CODES,
  type HouseRuleCode,
} from '../moderation/checks.ts'
import { moderationSettings } from '../moderation/service.ts'
import { BadRequest, Conflict, type FieldErrors, Forbidden, NotFound } from '../web/errors.ts'
import { maskIdentityNumbers } from '../web/identity-numbers.ts'
import { publish } from '../web/live.ts'
import * as store from './store.ts'
import { acceptsQuestions } from './time.ts'

export const MAX_NAME_LENGTH = 80
export const MAX_REASON_LENGTH = 1000
/** Findings that send the question back to the asker to rewrite; the others queue it with the reason. */
const REFUSING_CHECKS: ReadonlySet<CheckCode> = new Set(['capitals', 'too_long'])

export type StaffActor = Actor & { type: 'user'; id: string }

/** What a viewer sees of a published pair; also the payload of its public event. */
export interface Pair {
  seq: number
  number: number
  asker: string
  question: string
  politician: string
  party: string
  answer: string
  publishedAt: string
}

/** The kernel topic of one chat: consoles refresh on any kind, public viewers fetch new events on `published`. */
export const chatTopic = (chatId: string) => `chat:${chatId}`

const announce = (db: Db, chat: Pick<ChatSessionRow, 'id' | 'municipality_id'>, kind: string, id?: string) =>
  publish(db, { municipalityId: chat.municipality_id, topic: chatTopic(chat.id), kind, ...(id ? { id } : {}) })

export interface AskInput {
  name: string
  email: string
  question: string
}

const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/
const blank = (value: string | undefined) => !value || value.trim() === ''

/** The automatic checks on a question: field errors that refuse it, and the findings a moderator is told of. */
export function checkQuestion(
  chat: ChatSessionRow,
  input: AskInput,
  blocklist: readonly BlocklistEntry[] = [],
): { errors: FieldErrors; findings: CheckCode[] } {
  const errors: FieldErrors = {}
  const text = input.question.trim()
  if (blank(input.name)) errors.name = { key: 'web.validation.required' }
  else if (input.name.trim().length > MAX_NAME_LENGTH)
    errors.name = { key: 'web.validation.max_length', vars: { limit: MAX_NAME_LENGTH } }
  if (!blank(input.email) && !EMAIL.test(input.email.trim())) errors.email = { key: 'web.validation.email' }
  if (!text) {
    errors.question = { key: 'web.validation.required' }
    return { errors, findings: [] }
  }
  if (text.length > chat.question_max_length) {
    errors.question = { key: 'chats.ask.too_long', vars: { limit: chat.question_max_length } }
  }
  const findings = checkText(text, { language: chat.language, maxLength: chat.question_max_length, blocklist })
  const refusing = findings.find((f) => REFUSING_CHECKS.has(f.check))
  if (refusing && !errors.question) {
    errors.question =
      refusing.check === 'capitals'
        ? { key: 'chats.ask.capitals' }
        : { key: 'chats.ask.too_long', vars: { limit: chat.question_max_length } }
  }
  return { errors, findings: [...new Set(findings.map((f) => f.check))] }
}

/**
 * The municipality's blocklist for the chat's language, as the moderation settings store it: one word or
 * phrase per line, optionally `| rule-code`.
 */
export function blocklistEntries(text: string): BlocklistEntry[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.split('|').map((part) => part.trim()))
    .filter(([term]) => Boolean(term))
    .map(([term, rule]) => (rule && isHouseRule(rule) ? { term: term as string, rule } : (term as string)))
}

export interface AskContext {
  municipality: MunicipalityRow
  mailDomain: string
  now?: Date
}

/**
 * Take a citizen's question. Refused with 409 `chats.ask.closed` once the chat has ended, with 400 and
 * field errors when a check refuses it; otherwise queued (with any findings) for the moderator.
 */
export async function askQuestion(
  db: Db,
  context: AskContext,
  chat: ChatSessionRow,
  input: AskInput,
): Promise<ChatQuestionRow> {
  const now = context.now ?? new Date()
  if (!acceptsQuestions(chat, now)) throw Conflict('chats.ask.closed')
  const settings = await moderationSettings(db, chat.municipality_id)
  const { errors, findings } = checkQuestion(chat, input, blocklistEntries(settings.blocklists[chat.language] ?? ''))
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  const question = await db.transaction().execute(async (trx) => {
    // Checked again under the chat's lock: a question that arrives as the chat ends is refused, not kept.
    const number = await store.claimQuestionNumber(trx, chat.id)
    if (!acceptsQuestions(chat, new Date())) throw Conflict('chats.ask.closed')
    const at = now.toISOString()
    const row: ChatQuestionRow = {
      id: newId(),
      chat_id: chat.id,
      municipality_id: chat.municipality_id,
      number,
      author_name: input.name.trim(),
      author_email: blank(input.email) ? null : input.email.trim(),
      body: input.question.trim(),
      findings: JSON.stringify(findings),
      state: 'pending',
      rank: number * 1000,
      version: 1,
      received_at: at,
      assigned_to: null,
      decided_by: null,
      decided_at: null,
      reject_rule: null,
      reject_reason: null,
      merged_into: null,
      answer: null,
      answered_by: null,
      published_at: null,
      publish_seq: null,
      updated_at: at,
    }
    await store.insertQuestion(trx, row)
    await record(trx, {
      municipalityId: chat.municipality_id,
      actor: { type: 'citizen' },
      action: 'chats.question.received',
      subject: { type: 'chat_question', id: row.id },
      summary: `Question #${number} received for a live chat${findings.length ? `; checks: ${findings.join(', ')}` : ''}`,
      documents: [{ body: row.body, mediaType: 'text/plain; charset=utf-8' }],
    })
    if (row.author_email) await queueCopy(trx, context, chat, row)
    return row
  })
  await announce(db, chat, 'received', question.id)
  return question
}

/** The asker's copy of their question, masked like everything that leaves the town hall. */
async function queueCopy(trx: Trx, context: AskContext, chat: ChatSessionRow, q: ChatQuestionRow) {
  const t = translator(chat.language)
  await queueMail(trx, {
    municipalityId: chat.municipality_id,
    to: { address: q.author_email as string, name: q.author_name },
    from: municipalitySender(context.municipality, context.mailDomain),
    subject: t('chats.mail.subject', { title: chat.title }),
    text: [
      t('chats.mail.greeting', { name: q.author_name }),
      '',
      t('chats.mail.intro', { title: chat.title, number: q.number }),
      '',
      ...maskIdentityNumbers(q.body)
        .split(/\r?\n/)
        .map((line) => `> ${line}`),
      '',
      t('chats.mail.record'),
      '',
      context.municipality.name,
    ].join('\n'),
    regarding: { type: 'chat_question', id: q.id },
    purpose: 'chats.question.copy',
    autoSubmitted: 'auto-replied',
  })
}

async function requireModerator(trx: Trx, chat: ChatSessionRow, actor: StaffActor) {
  const staff = await store.listStaff(trx, chat.id)
  if (!staff.some((s) => s.role === 'moderator' && s.user_id === actor.id))
    throw Forbidden('chats.moderate.not_moderator')
  return staff
}

async function lockedQuestion(trx: Trx, chat: ChatSessionRow, questionId: string) {
  const q = await store.findQuestion(trx, chat.id, questionId)
  if (!q) throw NotFound('chats.question.not_found')
  return q
}

/** One moderator decision: the state it may start from, the change, the journal entry. */
async function decide(
  db: Db,
  chat: ChatSessionRow,
  actor: StaffActor,
  questionId: string,
  seenVersion: number,
  from: readonly ChatQuestionState[],
  change: (
    q: ChatQuestionRow,
    trx: Trx,
    staff: store.PanelMember[],
  ) => Promise<{ changes: Partial<ChatQuestionRow>; action: string; summary: string }>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const staff = await requireModerator(trx, chat, actor)
    const q = await lockedQuestion(trx, chat, questionId)
    // The version and state are checked again by the UPDATE itself, so a decision racing this one loses there.
    if (q.version !== seenVersion || !from.includes(q.state)) throw Conflict('chats.moderate.already_handled')
    const { changes, action, summary } = await change(q, trx, staff)
    const at = nowIso()
    const applied = await store.decideQuestion(trx, { id: q.id, version: seenVersion }, from, {
      ...changes,
      decided_by: actor.id,
      decided_at: at,
      updated_at: at,
    })
    if (!applied) throw Conflict('chats.moderate.already_handled')
    await record(trx, {
      municipalityId: chat.municipality_id,
      actor,
      action,
      subject: { type: 'chat_question', id: q.id },
      summary: `Question #${q.number}: ${summary}`,
    })
  })
  await announce(db, chat, 'decided', questionId)
}

export function assignQuestion(
  db: Db,
  chat: ChatSessionRow,
  actor: StaffActor,
  questionId: string,
  input: { politicianId: string; version: number },
) {
  return decide(db, chat, actor, questionId, input.version, ['pending', 'assigned'], async (_q, _trx, staff) => {
    if (!staff.some((s) => s.role === 'politician' && s.user_id === input.politicianId)) {
      throw BadRequest('web.error.bad_request', { politician: { key: 'chats.moderate.not_on_panel' } })
    }
    return {
      changes: { state: 'assigned', assigned_to: input.politicianId },
      action: 'chats.question.assigned',
      summary: 'approved and assigned to a politician on the panel',
    }
  })
}

export function isHouseRule(value: string): value is HouseRuleCode {
  return (HOUSE_RULE_CODES as readonly string[]).includes(value)
}

export function rejectQuestion(
  db: Db,
  chat: ChatSessionRow,
  actor: StaffActor,
  questionId: string,
  input: { rule: string; reason: string; version: number },
) {
  return decide(db, chat, actor, questionId, input.version, ['pending', 'assigned'], async () => {
    const errors: FieldErrors = {}
    if (!isHouseRule(input.rule)) errors.rule = { key: 'chats.moderate.rule_required' }
    if (input.reason.trim().length > MAX_REASON_LENGTH)
      errors.reason = { key: 'web.validation.max_length', vars: { limit: MAX_REASON_LENGTH } }
    if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
    return {
      changes: { state: 'rejected', reject_rule: input.rule, reject_reason: input.reason.trim() || null },
      action: 'chats.question.rejected',
      summary: `rejected under the house rule ${input.rule}`,
    }
  })
}

export function mergeQuestion(
  db: Db,
  chat: ChatSessionRow,
  actor: StaffActor,
  questionId: string,
  input: { intoNumber: number; version: number },
) {
  return decide(db, chat, actor, questionId, input.version, ['pending', 'assigned'], async (q, trx) => {
    const target = await store.findQuestionByNumber(trx, chat.id, input.intoNumber)
    if (!target || target.id === q.id || target.state === 'rejected' || target.state === 'merged') {
      throw BadRequest('web.error.bad_request', { into: { key: 'chats.moderate.merge_target' } })
    }
    return {
      changes: { state: 'merged', merged_into: target.id },
      action: 'chats.question.merged',
      summary: `merged into question #${target.number} as a duplicate`,
    }
  })
}

/** Move a waiting question up, down or to the top of the moderator's queue. */
export async function moveQuestion(
  db: Db,
  chat: ChatSessionRow,
  actor: StaffActor,
  questionId: string,
  direction: 'up' | 'down' | 'top',
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await requireModerator(trx, chat, actor)
    const q = await lockedQuestion(trx, chat, questionId)
    if (q.state !== 'pending') throw Conflict('chats.moderate.already_handled')
    if (direction === 'top') {
      await store.setRank(trx, q.id, (await store.minRank(trx, chat.id)) - 1000)
    } else {
      const other = await store.neighbourInQueue(trx, chat.id, q.rank, direction)
      if (!other) return
      await store.setRank(trx, q.id, Number(other.rank))
      await store.setRank(trx, other.id, q.rank)
    }
    await record(trx, {
      municipalityId: chat.municipality_id,
      actor,
      action: 'chats.question.moved',
      subject: { type: 'chat_question', id: q.id },
      summary: `Question #${q.number} moved ${direction} in the moderator's queue`,
    })
  })
  await announce(db, chat, 'moved', questionId)
}

/**
 * A politician answers a question assigned to them, and the pair is published: it gets the chat's next
 * event number, which is its place in the public order. 403 for someone else's question, 409 when the
 * moderator has meanwhile taken it back.
 */
export async function publishAnswer(
  db: Db,
  chat: ChatSessionRow,
  actor: StaffActor,
  questionId: string,
  answer: string,
): Promise<Pair> {
  const text = answer.trim()
  if (!text) throw BadRequest('web.error.bad_request', { answer: { key: 'web.validation.required' } })
  if (text.length > chat.answer_max_length) {
    throw BadRequest('web.error.bad_request', {
      answer: { key: 'chats.answer.too_long', vars: { limit: chat.answer_max_length } },
    })
  }
  const pair = await db.transaction().execute(async (trx) => {
    const staff = await store.listStaff(trx, chat.id)
    const me = staff.find((s) => s.role === 'politician' && s.user_id === actor.id)
    const q = await lockedQuestion(trx, chat, questionId)
    if (!me || q.assigned_to !== actor.id) throw Forbidden('chats.answer.not_yours')
    if (q.state !== 'assigned') throw Conflict('chats.answer.not_assigned')
    // Claiming the number locks the chat: the next publish waits, so event order is publish order.
    const seq = await store.claimEventSeq(trx, chat.id)
    const at = nowIso()
    const applied = await store.decideQuestion(trx, q, ['assigned'], {
      state: 'published',
      answer: text,
      answered_by: actor.id,
      published_at: at,
      publish_seq: seq,
      updated_at: at,
    })
    if (!applied) throw Conflict('chats.answer.not_assigned')
    const published: Pair = {
      seq,
      number: q.number,
      asker: maskIdentityNumbers(q.author_name),
      question: maskIdentityNumbers(q.body),
      politician: me.name,
      party: me.party ?? '',
      answer: text,
      publishedAt: at,
    }
    await store.insertEvent(trx, {
      chat_id: chat.id,
      seq,
      kind: 'pair',
      question_id: q.id,
      data: JSON.stringify(published),
      created_at: at,
    })
    await record(trx, {
      municipalityId: chat.municipality_id,
      actor,
      action: 'chats.answer.published',
      subject: { type: 'chat_question', id: q.id },
      summary: `Question #${q.number} answered and published as number ${seq} in the live chat`,
      documents: [{ body: text, mediaType: 'text/plain; charset=utf-8' }],
    })
    return published
  })
  await announce(db, chat, 'published', questionId)
  return pair
}

/** The published pairs in publish order, from the public event stream. */
export async function publishedPairs(db: Db, chatId: string): Promise<Pair[]> {
  const pairs: Pair[] = []
  let after = 0
  for (;;) {
    const events = await store.eventsAfter(db, chatId, after)
    for (const e of events) if (e.kind === 'pair') pairs.push(JSON.parse(e.data) as Pair)
    if (events.length < 1000) return pairs
    after = Number(events[events.length - 1]?.seq)
  }
}

export const findingsOf = (q: Pick<ChatQuestionRow, 'findings'>): CheckCode[] => {
  try {
    return JSON.parse(q.findings) as CheckCode[]
  } catch {
    return []
  }
}
