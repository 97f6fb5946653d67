/** SQL for the board: settings, questions, answers, follows, the listing and its search. */
import { type Expression, type SqlBool, sql } from 'kysely'
import { isPostgres } from '../db/dialect.ts'
import type { Executor, Trx } from '../db/index.ts'
import type {
  BoardAnswerRow,
  BoardAnswerTable,
  BoardPostState,
  BoardQuestionRow,
  BoardQuestionTable,
  BoardSettingsRow,
} from '../db/tables/board.ts'

export const findSettings = (db: Executor, municipalityId: string): Promise<BoardSettingsRow | undefined> =>
  db.selectFrom('board_settings').selectAll().where('municipality_id', '=', municipalityId).executeTakeFirst()

export async function saveSettings(trx: Trx, row: BoardSettingsRow): Promise<void> {
  await trx
    .insertInto('board_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('municipality_id').doUpdateSet({
        moderation_mode: row.moderation_mode,
        max_length: row.max_length,
        updated_at: row.updated_at,
      }),
    )
    .execute()
}

export async function insertQuestion(trx: Trx, row: BoardQuestionTable): Promise<void> {
  await trx.insertInto('board_questions').values(row).execute()
}

export async function updateQuestion(
  trx: Trx,
  id: string,
  changes: Partial<Omit<BoardQuestionTable, 'id' | 'municipality_id'>>,
): Promise<void> {
  await trx.updateTable('board_questions').set(changes).where('id', '=', id).execute()
}

export const findQuestion = (db: Executor, municipalityId: string, id: string): Promise<BoardQuestionRow | undefined> =>
  db
    .selectFrom('board_questions')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .executeTakeFirst()

export const findQuestionById = (db: Executor, id: string): Promise<BoardQuestionRow | undefined> =>
  db.selectFrom('board_questions').selectAll().where('id', '=', id).executeTakeFirst()

/** Lock the question's row (PostgreSQL; SQLite's writer lock covers it): answers and decisions recount it. */
export function lockQuestion(trx: Trx, id: string): Promise<BoardQuestionRow | undefined> {
  const query = trx.selectFrom('board_questions').selectAll().where('id', '=', id)
  return (isPostgres(trx) ? query.forUpdate() : query).executeTakeFirst()
}

export const findQuestionByInquiry = (db: Executor, inquiryId: string): Promise<BoardQuestionRow | undefined> =>
  db.selectFrom('board_questions').selectAll().where('inquiry_id', '=', inquiryId).executeTakeFirst()

export async function insertAnswer(trx: Trx, row: BoardAnswerTable): Promise<void> {
  await trx.insertInto('board_answers').values(row).execute()
}

export async function updateAnswer(
  trx: Trx,
  id: string,
  changes: Partial<Omit<BoardAnswerTable, 'id' | 'municipality_id' | 'question_id'>>,
): Promise<void> {
  await trx.updateTable('board_answers').set(changes).where('id', '=', id).execute()
}

export const findAnswer = (db: Executor, id: string): Promise<BoardAnswerRow | undefined> =>
  db.selectFrom('board_answers').selectAll().where('id', '=', id).executeTakeFirst()

/** Published answers and replies of some questions: official first, then oldest first. */
export const listPublishedAnswers = (db: Executor, questionIds: readonly string[]): Promise<BoardAnswerRow[]> =>
  questionIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('board_answers')
        .selectAll()
        .where('question_id', 'in', questionIds)
        .where('state', '=', 'published')
        .orderBy('official', 'desc')
        .orderBy('created_at')
        .orderBy('id')
        .execute()

/** Keep the question's listing facts (published answers, official answer or not) in step with its answers. */
export async function recount(trx: Trx, questionId: string, now: string): Promise<void> {
  const row = await trx
    .selectFrom('board_answers')
    .select((eb) => [
      eb.fn.countAll<string | number>().as('n'),
      eb.fn.max<string | number | null>('official').as('official'),
    ])
    .where('question_id', '=', questionId)
    .where('state', '=', 'published')
    .executeTakeFirstOrThrow()
  await trx
    .updateTable('board_questions')
    .set({ answer_count: Number(row.n), has_official: Number(row.official ?? 0) ? 1 : 0, updated_at: now })
    .where('id', '=', questionId)
    .execute()
}

/** Posts in `table` still waiting for their author's confirmation, written before `before` (retention.ts). */
export const unconfirmedBefore = (db: Executor, table: 'board_questions' | 'board_answers', before: string) =>
  db
    .selectFrom(table)
    .select(['id', 'municipality_id', 'citizen_id'])
    .where('state', '=', 'unverified')
    .where('created_at', '<', before)
    .execute()

/** Delete a post that never went further than waiting for its author (nothing refers to it). */
export async function deleteUnconfirmed(trx: Trx, table: 'board_questions' | 'board_answers', id: string) {
  const result = await trx.deleteFrom(table).where('id', '=', id).where('state', '=', 'unverified').executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Whether the citizen has any post left on the board, in any state. */
export const hasPosts = async (db: Executor, citizenId: string) =>
  Boolean(
    (await db.selectFrom('board_questions').select('id').where('citizen_id', '=', citizenId).executeTakeFirst()) ??
      (await db.selectFrom('board_answers').select('id').where('citizen_id', '=', citizenId).executeTakeFirst()),
  )

/** Posts of one author waiting for their address to be verified. */
export const heldQuestions = (db: Executor, citizenId: string) =>
  db
    .selectFrom('board_questions')
    .selectAll()
    .where('citizen_id', '=', citizenId)
    .where('state', '=', 'unverified')
    .orderBy('created_at')
    .execute()

export const heldAnswers = (db: Executor, citizenId: string) =>
  db
    .selectFrom('board_answers')
    .selectAll()
    .where('citizen_id', '=', citizenId)
    .where('state', '=', 'unverified')
    .orderBy('created_at')
    .execute()

export const questionsOf = (db: Executor, citizenId: string) =>
  db
    .selectFrom('board_questions')
    .select(['id', 'title', 'state', 'created_at', 'answer_count', 'has_official'])
    .where('citizen_id', '=', citizenId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute()

export const answersOf = (db: Executor, citizenId: string) =>
  db
    .selectFrom('board_answers as a')
    .innerJoin('board_questions as q', 'q.id', 'a.question_id')
    .select(['a.id', 'a.question_id', 'q.title', 'a.state', 'a.created_at'])
    .where('a.citizen_id', '=', citizenId)
    .orderBy('a.created_at', 'desc')
    .limit(100)
    .execute()

export const followedBy = (db: Executor, citizenId: string) =>
  db
    .selectFrom('board_follows as f')
    .innerJoin('board_questions as q', 'q.id', 'f.question_id')
    .select(['q.id', 'q.title', 'q.state', 'q.has_official'])
    .where('f.citizen_id', '=', citizenId)
    .orderBy('f.created_at', 'desc')
    .limit(100)
    .execute()

export async function follow(db: Executor, questionId: string, citizenId: string, now: string): Promise<void> {
  await db
    .insertInto('board_follows')
    .values({ question_id: questionId, citizen_id: citizenId, created_at: now })
    .onConflict((oc) => oc.columns(['question_id', 'citizen_id']).doNothing())
    .execute()
}

export async function unfollow(db: Executor, questionId: string, citizenId: string): Promise<void> {
  await db
    .deleteFrom('board_follows')
    .where('question_id', '=', questionId)
    .where('citizen_id', '=', citizenId)
    .execute()
}

export const isFollowing = async (db: Executor, questionId: string, citizenId: string) =>
  Boolean(
    await db
      .selectFrom('board_follows')
      .select('question_id')
      .where('question_id', '=', questionId)
      .where('citizen_id', '=', citizenId)
      .executeTakeFirst(),
  )

export const followers = (db: Executor, questionId: string) =>
  db
    .selectFrom('board_follows as f')
    .innerJoin('citizens as c', 'c.id', 'f.citizen_id')
    .select(['c.id', 'c.email', 'c.display_name', 'c.language'])
    .where('f.question_id', '=', questionId)
    .where('c.verified_at', 'is not', null)
    .execute()

export type ListSort = 'newest' | 'unanswered'

export interface ListFilter {
  municipalityId: string
  sort: ListSort
  topicId?: string | undefined
  /** Lower-cased words; each must occur in the title or body. */
  terms?: readonly string[] | undefined
  limit: number
  offset: number
}

export type ListedQuestion = Pick<
  BoardQuestionRow,
  'id' | 'title' | 'body' | 'author_name' | 'topic_id' | 'answer_count' | 'has_official' | 'created_at'
>

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Questions whose text has every term: trigram index when every term has three characters or more. */
function searchCondition(db: Executor, terms: readonly string[]): Expression<SqlBool> {
  if (isPostgres(db)) {
    const patterns = terms.map((t) => sql`s.text like ${`%${escapeLike(t)}%`} escape '\\'`)
    return sql<SqlBool>`board_questions.id in (select s.question_id from board_search s where ${sql.join(patterns, sql` and `)})`
  }
  if (terms.every((t) => [...t].length >= 3)) {
    const match = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ')
    return sql<SqlBool>`board_questions.id in (select k.question_id from board_search_keys k
      where k.id in (select rowid from board_search where board_search match ${match}))`
  }
  const patterns = terms.map(
    (t) => sql`lower(board_questions.title || ' ' || board_questions.body) like ${`%${escapeLike(t)}%`} escape '\\'`,
  )
  return sql.join(patterns, sql` and `) as unknown as Expression<SqlBool>
}

/** One page of published questions and how many there are in all. */
export async function listQuestions(db: Executor, f: ListFilter): Promise<{ rows: ListedQuestion[]; total: number }> {
  const terms = f.terms?.length ? f.terms : undefined
  // The page walks the listing index in date order and probes the search hits; the count of a search is
  // cheaper from the hits (`+column` keeps the listing index out of SQLite's choice).
  const filtered = (fromHits: boolean) => {
    const plus = sql.raw(fromHits ? '+' : '')
    const published: BoardPostState = 'published'
    let query = db
      .selectFrom('board_questions')
      .where(sql<SqlBool>`${plus}board_questions.municipality_id = ${f.municipalityId}`)
      .where(sql<SqlBool>`${plus}board_questions.state = ${published}`)
    if (f.sort === 'unanswered') query = query.where('has_official', '=', 0)
    if (f.topicId) query = query.where('topic_id', '=', f.topicId)
    if (terms) query = query.where(() => searchCondition(db, terms))
    return query
  }
  const [rows, count] = await Promise.all([
    filtered(false)
      .select(['id', 'title', 'body', 'author_name', 'topic_id', 'answer_count', 'has_official', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    filtered(Boolean(terms) && !isPostgres(db))
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}
