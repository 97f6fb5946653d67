/** Row types of moderated live chats with politicians (migration `0014_chats`); `Database` in `../schema.ts` extends this. */
import type { Selectable } from 'kysely'

export const CHAT_QUESTION_STATES = ['pending', 'assigned', 'published', 'rejected', 'merged'] as const
/** pending: waits for the moderator; assigned: a politician is to answer; published: the pair is public; rejected and merged: kept, never shown. */
export type ChatQuestionState = (typeof CHAT_QUESTION_STATES)[number]

export const CHAT_STAFF_ROLES = ['politician', 'moderator'] as const
export type ChatStaffRole = (typeof CHAT_STAFF_ROLES)[number]

export interface ChatSessionTable {
  id: string
  municipality_id: string
  title: string
  topic: string
  /** The language the chat is held in (da, sv, en). */
  language: 'da' | 'sv' | 'en'
  starts_at: string
  ends_at: string
  /** The house rules version in force when the chat was scheduled; null when the municipality has none yet. */
  house_rules_version: number | null
  question_max_length: number
  answer_max_length: number
  /** The last public event's number: claimed by UPDATE so publishes in one chat are strictly ordered. */
  event_seq: number
  /** The last question's number in this chat (the "#12" the moderator sees). */
  question_seq: number
  created_by: string | null
  created_at: string
  updated_at: string
}

/** The panel: politicians (with party and committee) and the moderators of one chat. */
export interface ChatStaffTable {
  chat_id: string
  user_id: string
  role: ChatStaffRole
  party: string | null
  committee: string | null
  position: number
}

export interface ChatQuestionTable {
  id: string
  chat_id: string
  municipality_id: string
  number: number
  author_name: string
  author_email: string | null
  body: string
  /** JSON array of automatic check codes found at intake, e.g. `["identity_number"]`. */
  findings: string
  state: ChatQuestionState
  /** The moderator's queue order (lower first). */
  rank: number
  /** Bumped by every moderator decision; a decision made on an older version is refused. */
  version: number
  received_at: string
  assigned_to: string | null
  decided_by: string | null
  decided_at: string | null
  reject_rule: string | null
  reject_reason: string | null
  merged_into: string | null
  answer: string | null
  answered_by: string | null
  published_at: string | null
  /** The public event that published it: the pair's place in the published order. */
  publish_seq: number | null
  updated_at: string
}

/** The public stream of a chat, kept so a viewer who reconnects (or is served by another process) misses nothing. */
export interface ChatEventTable {
  chat_id: string
  seq: number
  kind: string
  question_id: string | null
  /** The event's public JSON payload. */
  data: string
  created_at: string
}

export type ChatsTables = {
  chat_sessions: ChatSessionTable
  chat_staff: ChatStaffTable
  chat_questions: ChatQuestionTable
  chat_events: ChatEventTable
}

export type ChatSessionRow = Selectable<ChatSessionTable>
export type ChatStaffRow = Selectable<ChatStaffTable>
export type ChatQuestionRow = Selectable<ChatQuestionTable>
export type ChatEventRow = Selectable<ChatEventTable>
