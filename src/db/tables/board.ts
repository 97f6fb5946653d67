/** Row types of the public Q&A board (migration `0012_board`); `Database` in `../schema.ts` extends this. */
import type { Selectable } from 'kysely'
import type { Language } from '../schema.ts'

/** unverified: waits for the author's e-mail link; the others follow the moderation states. */
export const BOARD_POST_STATES = ['unverified', 'pending', 'published', 'hidden', 'handed_off'] as const
export type BoardPostState = (typeof BOARD_POST_STATES)[number]

export interface BoardSettingsTable {
  municipality_id: string
  /** A `ModerationMode` of the moderation feature: pre, post or flagged. */
  moderation_mode: string
  /** Characters per question or answer. */
  max_length: number
  updated_at: string
}

export interface BoardQuestionTable {
  id: string
  municipality_id: string
  citizen_id: string
  author_name: string
  topic_id: string
  title: string
  body: string
  language: Language
  state: BoardPostState
  moderation_item_id: string | null
  inquiry_id: string | null
  private_inquiry_id: string | null
  /** Published answers and replies. */
  answer_count: number
  has_official: number
  created_at: string
  updated_at: string
}

export interface BoardAnswerTable {
  id: string
  municipality_id: string
  question_id: string
  parent_id: string | null
  citizen_id: string | null
  staff_user_id: string | null
  author_name: string
  official: number
  department_id: string | null
  body: string
  state: BoardPostState
  moderation_item_id: string | null
  private_inquiry_id: string | null
  created_at: string
  updated_at: string
}

export interface BoardFollowTable {
  question_id: string
  citizen_id: string
  created_at: string
}

export type BoardSettingsRow = Selectable<BoardSettingsTable>
export type BoardQuestionRow = Selectable<BoardQuestionTable>
export type BoardAnswerRow = Selectable<BoardAnswerTable>

export type BoardTables = {
  board_settings: BoardSettingsTable
  board_questions: BoardQuestionTable
  board_answers: BoardAnswerTable
  board_follows: BoardFollowTable
}
