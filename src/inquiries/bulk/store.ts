/** SQL for one answer for many: open inquiries with their first message, and the public answers. */
import type { Executor, Trx } from '../../db/index.ts'
import type { InquiryRow, PublicAnswerRow } from '../../db/schema.ts'
import { firstMessages } from '../store.ts'

export type OpenInquiry = Pick<
  InquiryRow,
  'id' | 'reference' | 'topic_id' | 'status' | 'language' | 'received_at' | 'due_at' | 'citizen_name' | 'citizen_email'
> & { text: string }

/** Inquiries waiting for an answer (new or open), soonest due first, with the citizen's first message. */
export async function listOpen(
  db: Executor,
  municipalityId: string,
  filter: { topicId?: string | undefined; ids?: readonly string[] | undefined },
  limit: number,
): Promise<OpenInquiry[]> {
  let query = db
    .selectFrom('inquiries')
    .select([
      'id',
      'reference',
      'topic_id',
      'status',
      'language',
      'received_at',
      'due_at',
      'citizen_name',
      'citizen_email',
    ])
    .where('municipality_id', '=', municipalityId)
    .where('status', 'in', ['new', 'open'])
  if (filter.topicId) query = query.where('topic_id', '=', filter.topicId)
  if (filter.ids) query = query.where('id', 'in', filter.ids.length ? [...filter.ids] : [''])
  const rows = await query.orderBy('due_at').orderBy('reference').limit(limit).execute()
  if (rows.length === 0) return []
  const first = await firstMessages(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({ ...r, text: first.get(r.id) ?? '' }))
}

/** The inquiries among `ids` in this municipality, whatever their status. */
export const findInquiries = (db: Executor, municipalityId: string, ids: readonly string[]) =>
  db
    .selectFrom('inquiries')
    .select(['id', 'reference', 'status', 'language', 'topic_id'])
    .where('municipality_id', '=', municipalityId)
    .where('id', 'in', ids.length ? [...ids] : [''])
    .execute()

export async function insertPublicAnswer(trx: Trx, row: PublicAnswerRow): Promise<void> {
  await trx.insertInto('public_answers').values(row).execute()
}

export async function listPublicAnswers(
  db: Executor,
  municipalityId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: PublicAnswerRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('public_answers')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .orderBy('published_at', 'desc')
      .orderBy('id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('public_answers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('municipality_id', '=', municipalityId)
      .executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

export const findPublicAnswer = (db: Executor, municipalityId: string, id: string) =>
  db
    .selectFrom('public_answers')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .executeTakeFirst()
