/** SQL of live chats: sessions and their panel, questions in the moderator's queue, the public event stream. */
import { sql } from 'kysely'
import type { Executor, Trx } from '../db/index.ts'
import type {
  ChatEventRow,
  ChatEventTable,
  ChatQuestionRow,
  ChatQuestionState,
  ChatQuestionTable,
  ChatSessionRow,
  ChatSessionTable,
  ChatStaffRow,
  ChatStaffTable,
} from '../db/tables/chats.ts'

export const insertSession = (trx: Trx, row: ChatSessionTable) => trx.insertInto('chat_sessions').values(row).execute()

export const insertStaff = (trx: Trx, rows: ChatStaffTable[]) =>
  rows.length ? trx.insertInto('chat_staff').values(rows).execute() : Promise.resolve([])

export const findSession = (db: Executor, municipalityId: string, id: string): Promise<ChatSessionRow | undefined> =>
  db
    .selectFrom('chat_sessions')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .executeTakeFirst()

/** Upcoming and running chats first (soonest first), then past ones (latest first), as the list shows them. */
export const listSessions = (db: Executor, municipalityId: string): Promise<ChatSessionRow[]> =>
  db
    .selectFrom('chat_sessions')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('starts_at', 'desc')
    .limit(500)
    .execute()

export interface PanelMember extends ChatStaffRow {
  name: string
}

export const listStaff = (db: Executor, chatId: string): Promise<PanelMember[]> =>
  db
    .selectFrom('chat_staff')
    .innerJoin('users', 'users.id', 'chat_staff.user_id')
    .selectAll('chat_staff')
    .select('users.name')
    .where('chat_staff.chat_id', '=', chatId)
    .orderBy('chat_staff.role')
    .orderBy('chat_staff.position')
    .execute()

/** Claim the next question number; the UPDATE also locks the chat row until the transaction ends. */
export async function claimQuestionNumber(trx: Trx, chatId: string): Promise<number> {
  const row = await trx
    .updateTable('chat_sessions')
    .set((eb) => ({ question_seq: eb('question_seq', '+', 1) }))
    .where('id', '=', chatId)
    .returning('question_seq')
    .executeTakeFirstOrThrow()
  return Number(row.question_seq)
}

/** Claim the next public event number; publishes in one chat queue here, so their order is the number order. */
export async function claimEventSeq(trx: Trx, chatId: string): Promise<number> {
  const row = await trx
    .updateTable('chat_sessions')
    .set((eb) => ({ event_seq: eb('event_seq', '+', 1) }))
    .where('id', '=', chatId)
    .returning('event_seq')
    .executeTakeFirstOrThrow()
  return Number(row.event_seq)
}

export const insertQuestion = (trx: Trx, row: ChatQuestionTable) =>
  trx.insertInto('chat_questions').values(row).execute()

export const findQuestion = (db: Executor, chatId: string, id: string): Promise<ChatQuestionRow | undefined> =>
  db.selectFrom('chat_questions').selectAll().where('chat_id', '=', chatId).where('id', '=', id).executeTakeFirst()

export const findQuestionByNumber = (
  db: Executor,
  chatId: string,
  number: number,
): Promise<ChatQuestionRow | undefined> =>
  db
    .selectFrom('chat_questions')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('number', '=', number)
    .executeTakeFirst()

/**
 * Apply a decision only if the question is still in one of the states `from` and at the version the
 * moderator saw; false when someone else got there first (nothing is changed then).
 */
export async function decideQuestion(
  trx: Trx,
  question: Pick<ChatQuestionRow, 'id' | 'version'>,
  from: readonly ChatQuestionState[],
  changes: Partial<ChatQuestionTable>,
): Promise<boolean> {
  const result = await trx
    .updateTable('chat_questions')
    .set({ ...changes, version: question.version + 1 })
    .where('id', '=', question.id)
    .where('version', '=', question.version)
    .where('state', 'in', from)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export const setRank = (trx: Trx, id: string, rank: number) =>
  trx.updateTable('chat_questions').set({ rank }).where('id', '=', id).execute()

/** The neighbour in the pending queue above (`up`) or below a rank. */
export const neighbourInQueue = (trx: Trx, chatId: string, rank: number, direction: 'up' | 'down') =>
  trx
    .selectFrom('chat_questions')
    .select(['id', 'rank'])
    .where('chat_id', '=', chatId)
    .where('state', '=', 'pending')
    .where('rank', direction === 'up' ? '<' : '>', rank)
    .orderBy('rank', direction === 'up' ? 'desc' : 'asc')
    .limit(1)
    .executeTakeFirst()

export async function minRank(trx: Trx, chatId: string): Promise<number> {
  const row = await trx
    .selectFrom('chat_questions')
    .select((eb) => eb.fn.min<number>('rank').as('rank'))
    .where('chat_id', '=', chatId)
    .where('state', '=', 'pending')
    .executeTakeFirst()
  return Number(row?.rank ?? 0)
}

export const listQuestions = (db: Executor, chatId: string): Promise<ChatQuestionRow[]> =>
  db.selectFrom('chat_questions').selectAll().where('chat_id', '=', chatId).orderBy('number').execute()

export const listByState = (db: Executor, chatId: string, state: ChatQuestionState, limit = 1000) =>
  db
    .selectFrom('chat_questions')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('state', '=', state)
    .orderBy(state === 'pending' ? 'rank' : state === 'published' ? 'publish_seq' : 'number')
    .limit(limit)
    .execute()

export const listAssignedTo = (db: Executor, chatId: string, userId: string) =>
  db
    .selectFrom('chat_questions')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('assigned_to', '=', userId)
    .where('state', '=', 'assigned')
    .orderBy('decided_at')
    .execute()

export async function countByState(db: Executor, chatId: string): Promise<Record<ChatQuestionState, number>> {
  const rows = await db
    .selectFrom('chat_questions')
    .select(['state', sql<number>`count(*)`.as('n')])
    .where('chat_id', '=', chatId)
    .groupBy('state')
    .execute()
  const counts = { pending: 0, assigned: 0, published: 0, rejected: 0, merged: 0 }
  for (const row of rows) counts[row.state] = Number(row.n)
  return counts
}

export const insertEvent = (trx: Trx, row: ChatEventTable) => trx.insertInto('chat_events').values(row).execute()

/** The chat's public events after `afterSeq`, in order. */
export const eventsAfter = (db: Executor, chatId: string, afterSeq: number, limit = 1000): Promise<ChatEventRow[]> =>
  db
    .selectFrom('chat_events')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute()
