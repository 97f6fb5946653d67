import { definePolicy } from '../identity/policy-kit.ts'

/** Who may do what in the public Q&A board. */
export const boardPolicy = definePolicy({
  /** Give the official answer on the board (it answers the question's inquiry too). */
  'board.answer': ['agent', 'caseworker', 'admin'],
  /** Moderation mode and length limit. */
  'board.settings': ['admin'],
})
