/**
 * Scheduling a live chat: an editor names the title, topic, time, the panel (politicians with party and
 * committee), the moderators, and the length limits; the house rules in force are pinned to the chat.
 */
import type { Db, Executor } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { Language, MunicipalityRow } from '../db/schema.ts'
import type { ChatSessionRow, ChatStaffTable } from '../db/tables/chats.ts'
import { listStaff as listMunicipalityStaff, type StaffMember } from '../identity/service.ts'
import { type Actor, record } from '../journal/service.ts'
import { currentHouseRules, type HouseRules } from '../moderation/service.ts'
import { BadRequest, type FieldErrors, NotFound } from '../web/errors.ts'
import * as store from './store.ts'
import { localToUtc } from './time.ts'

export const DEFAULT_QUESTION_MAX = 500
export const DEFAULT_ANSWER_MAX = 1500
export const LIMIT_RANGE = { min: 50, max: 5000 } as const

export interface PanelInput {
  userId: string
  party: string
  committee: string
}

export interface ScheduleInput {
  title: string
  topic: string
  language: Language
  /** Wall-clock times in the municipality's zone, as `datetime-local` sends them. */
  startsAt: string
  endsAt: string
  questionMaxLength: number
  answerMaxLength: number
  moderators: readonly string[]
  panel: readonly PanelInput[]
}

export interface ChatView {
  chat: ChatSessionRow
  politicians: store.PanelMember[]
  moderators: store.PanelMember[]
}

/** The municipality's house rules, or none while it has not written any (the moderation feature keeps them). */
export async function houseRulesOf(
  db: Executor,
  municipalityId: string,
  language: Language,
): Promise<HouseRules | undefined> {
  try {
    return await currentHouseRules(db, municipalityId, language)
  } catch {
    return undefined
  }
}

/** Who may sit on a panel or moderate: active staff with the politician or the moderator role. */
export async function staffChoices(db: Db, municipalityId: string) {
  const staff = (await listMunicipalityStaff(db, municipalityId)).filter((s) => !s.disabled)
  const withRole = (role: StaffMember['roles'][number]) => staff.filter((s) => s.roles.includes(role))
  return { politicians: withRole('politician'), moderators: withRole('moderator') }
}

const blank = (value: string | undefined) => !value || value.trim() === ''

/** Check a schedule; the field errors, and the times as UTC when they are valid. */
export async function checkSchedule(db: Db, municipality: MunicipalityRow, input: ScheduleInput, now = new Date()) {
  const errors: FieldErrors = {}
  if (blank(input.title)) errors.title = { key: 'web.validation.required' }
  if (blank(input.topic)) errors.topic = { key: 'web.validation.required' }
  const startsAt = localToUtc(input.startsAt, municipality.time_zone)
  const endsAt = localToUtc(input.endsAt, municipality.time_zone)
  if (!startsAt) errors.startsAt = { key: 'chats.schedule.time_invalid' }
  if (!endsAt) errors.endsAt = { key: 'chats.schedule.time_invalid' }
  else if (startsAt && endsAt <= startsAt) errors.endsAt = { key: 'chats.schedule.ends_before_start' }
  else if (endsAt <= now) errors.endsAt = { key: 'chats.schedule.ends_in_past' }
  for (const field of ['questionMaxLength', 'answerMaxLength'] as const) {
    const value = input[field]
    if (!Number.isInteger(value) || value < LIMIT_RANGE.min || value > LIMIT_RANGE.max) {
      errors[field] = { key: 'chats.schedule.limit_range', vars: { min: LIMIT_RANGE.min, max: LIMIT_RANGE.max } }
    }
  }
  const choices = await staffChoices(db, municipality.id)
  const politicianIds = new Set(choices.politicians.map((p) => p.id))
  const moderatorIds = new Set(choices.moderators.map((p) => p.id))
  if (input.panel.length === 0) errors.panel = { key: 'chats.schedule.panel_required' }
  else if (input.panel.some((p) => !politicianIds.has(p.userId)))
    errors.panel = { key: 'chats.schedule.not_politician' }
  else if (input.panel.some((p) => blank(p.party))) errors.panel = { key: 'chats.schedule.party_required' }
  if (input.moderators.length === 0) errors.moderators = { key: 'chats.schedule.moderator_required' }
  else if (input.moderators.some((id) => !moderatorIds.has(id)))
    errors.moderators = { key: 'chats.schedule.not_moderator' }
  return { errors, startsAt, endsAt }
}

/** Schedule a chat and journal it; throws BadRequest with field errors. */
export async function scheduleChat(
  db: Db,
  actor: Actor & { type: 'user' },
  municipality: MunicipalityRow,
  input: ScheduleInput,
  now = new Date(),
): Promise<ChatSessionRow> {
  const { errors, startsAt, endsAt } = await checkSchedule(db, municipality, input, now)
  if (Object.keys(errors).length || !startsAt || !endsAt) throw BadRequest('web.error.bad_request', errors)
  const rules = await houseRulesOf(db, municipality.id, input.language)
  return db.transaction().execute(async (trx) => {
    const at = nowIso()
    const chat: ChatSessionRow = {
      id: newId(),
      municipality_id: municipality.id,
      title: input.title.trim(),
      topic: input.topic.trim(),
      language: input.language,
      starts_at: startsAt.toISOString(),
      ends_at: endsAt.toISOString(),
      house_rules_version: rules?.version ?? null,
      question_max_length: input.questionMaxLength,
      answer_max_length: input.answerMaxLength,
      event_seq: 0,
      question_seq: 0,
      created_by: actor.id,
      created_at: at,
      updated_at: at,
    }
    await store.insertSession(trx, chat)
    const staff: ChatStaffTable[] = [
      ...input.panel.map((p, i) => ({
        chat_id: chat.id,
        user_id: p.userId,
        role: 'politician' as const,
        party: p.party.trim(),
        committee: p.committee.trim() || null,
        position: i,
      })),
      ...[...new Set(input.moderators)].map((userId, i) => ({
        chat_id: chat.id,
        user_id: userId,
        role: 'moderator' as const,
        party: null,
        committee: null,
        position: i,
      })),
    ]
    await store.insertStaff(trx, staff)
    await record(trx, {
      municipalityId: municipality.id,
      actor,
      action: 'chats.session.scheduled',
      subject: { type: 'chat', id: chat.id },
      summary: `Live chat scheduled from ${chat.starts_at} to ${chat.ends_at} with ${input.panel.length} politicians`,
      documents: [
        {
          body: JSON.stringify({ title: chat.title, topic: chat.topic, panel: input.panel }),
          mediaType: 'application/json',
        },
      ],
    })
    return chat
  })
}

export async function loadChat(db: Executor, municipalityId: string, id: string): Promise<ChatView> {
  const chat = await store.findSession(db, municipalityId, id)
  if (!chat) throw NotFound('chats.not_found')
  const staff = await store.listStaff(db, chat.id)
  return {
    chat,
    politicians: staff.filter((s) => s.role === 'politician'),
    moderators: staff.filter((s) => s.role === 'moderator'),
  }
}

export const listChats = (db: Executor, municipalityId: string) => store.listSessions(db, municipalityId)
