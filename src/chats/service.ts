/**
 * Moderated live chats with politicians: the feature's public face for routes and other features.
 * Scheduling is in `sessions.ts`, a question's life in `questions.ts`, the public stream in `stream.ts`,
 * the full record in `export.ts`.
 */
import type { Db } from '../db/index.ts'
import type { ChatSessionRow } from '../db/tables/chats.ts'
import type { Language } from '../i18n/index.ts'
import { HOUSE_RULE_CODES } from '../moderation/checks.ts'
import { houseRulesOf } from './sessions.ts'
import * as store from './store.ts'
import type { RuleChoice } from './views/ConsolePages.tsx'

export * from './questions.ts'
export * from './sessions.ts'

/** The moderator's view of a chat's questions, each list in its own order. */
export async function moderationQueue(db: Db, chatId: string) {
  const [pending, assigned, published, rejected, merged] = await Promise.all([
    store.listByState(db, chatId, 'pending'),
    store.listByState(db, chatId, 'assigned'),
    store.listByState(db, chatId, 'published'),
    store.listByState(db, chatId, 'rejected'),
    store.listByState(db, chatId, 'merged'),
  ])
  const closed = [...rejected, ...merged].sort((a, b) => a.number - b.number)
  return { pending, assigned, published, closed }
}

export async function politicianQueue(db: Db, chatId: string, userId: string) {
  const mine = await store.listAssignedTo(db, chatId, userId)
  const published = (await store.listByState(db, chatId, 'published')).filter((q) => q.answered_by === userId)
  return { mine, published }
}

/** The chats a staff member sees, and which of them they moderate or sit on the panel of. */
export async function staffChatList(db: Db, municipalityId: string, userId: string) {
  const chats = await store.listSessions(db, municipalityId)
  return Promise.all(
    chats.map(async (chat: ChatSessionRow) => {
      const staff = await store.listStaff(db, chat.id)
      return {
        chat,
        moderating: staff.some((s) => s.role === 'moderator' && s.user_id === userId),
        onPanel: staff.some((s) => s.role === 'politician' && s.user_id === userId),
      }
    }),
  )
}

/** The house rules a rejection can cite, titled in the reader's language when the municipality has written them. */
export async function ruleChoices(db: Db, municipalityId: string, language: Language): Promise<RuleChoice[]> {
  const rules = await houseRulesOf(db, municipalityId, language)
  const titles = new Map((rules?.rules ?? []).map((r) => [r.code as string, r.title]))
  return HOUSE_RULE_CODES.map((code) => ({ code, title: titles.get(code) ?? code }))
}
