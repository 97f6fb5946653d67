/**
 * SQL for the inbox: one filtered, ordered, paged list of a municipality's inquiries, its count, the
 * counts per queue, and the first line of each listed inquiry. Full-text search reads the trigram index
 * of migration 0006 (FTS5 on SQLite, pg_trgm on PostgreSQL), which triggers keep up to date.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import { isPostgres } from '../../db/dialect.ts'
import type { Executor } from '../../db/index.ts'
import type { Database, InquiryChannel, InquiryRow, InquiryTopicRow } from '../../db/schema.ts'
import type { InboxSort, StatusFilter } from './schemas.ts'

/** Statuses that still wait for an answer: only these can be overdue. */
export const AWAITING = ['new', 'open'] as const
const ACTIVE = ['new', 'open', 'answered'] as const

/** Words of three characters or more are searched anywhere in the text; a shorter query only starts a reference or name. */
export type Search = { kind: 'text'; terms: string[] } | { kind: 'prefix'; prefix: string }

export interface InboxFilter {
  municipalityId: string
  status: StatusFilter
  channel?: InquiryChannel | undefined
  topicId?: string | undefined
  /** Undefined: every queue; null: the contact centre; else a department's id. */
  departmentId?: string | null | undefined
  /** Undefined: anyone; null: nobody; else a user's id. */
  assigneeId?: string | null | undefined
  /** Only inquiries awaiting an answer whose due time is before this instant. */
  overdueBefore?: string | undefined
  search?: Search | undefined
}

export type InboxRow = Pick<
  InquiryRow,
  | 'id'
  | 'reference'
  | 'channel'
  | 'topic_id'
  | 'department_id'
  | 'status'
  | 'citizen_name'
  | 'received_at'
  | 'due_at'
  | 'assignee_id'
> & { assignee_name: string | null }

type Eb = ExpressionBuilder<Database, 'inquiries'>

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

function searchCondition(db: Executor, eb: Eb, f: InboxFilter, search: Search): Expression<SqlBool> {
  if (search.kind === 'prefix') {
    const start = `${escapeLike(search.prefix.toLowerCase())}%`
    const wordStart = `% ${start}`
    return sql<SqlBool>`(lower(inquiries.reference) like ${start} escape '\\'
      or lower(inquiries.citizen_name) like ${start} escape '\\'
      or lower(inquiries.citizen_name) like ${wordStart} escape '\\')`
  }
  if (isPostgres(db)) {
    // The indexed text is lower-cased and so are the terms (parseSearch): LIKE, not ILIKE, which would fold
    // every candidate row's whole text again when the trigram index's matches are checked.
    const patterns = search.terms.map((t) => sql`s.text like ${`%${escapeLike(t)}%`}`)
    return eb(
      'inquiries.id',
      'in',
      sql<string>`(select s.inquiry_id from inquiry_search s where ${sql.join(patterns, sql` and `)})`,
    )
  }
  return eb(
    'inquiries.id',
    'in',
    sql<string>`(select k.inquiry_id from inquiry_search_keys k where ${keyConditions(f, search.terms)})`,
  )
}

/**
 * SQLite: the search keys of a text search, narrowed by what they carry (migration 0015: municipality,
 * status, due and received time), so a broad search never reads `inquiries` for hits it will not show.
 * Each term is a quoted FTS5 phrase: with the trigram tokenizer, a phrase matches any substring of the text.
 */
function keyConditions(f: InboxFilter, terms: readonly string[]) {
  const match = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ')
  const all = [
    sql`k.id in (select rowid from inquiry_search where inquiry_search match ${match})`,
    sql`k.municipality_id = ${f.municipalityId}`,
  ]
  if (f.overdueBefore) all.push(sql`k.status in (${sql.join(AWAITING)})`, sql`k.due_at < ${f.overdueBefore}`)
  if (f.status === 'active') all.push(sql`k.status in (${sql.join(ACTIVE)})`)
  else if (f.status !== 'all') all.push(sql`k.status = ${f.status}`)
  return sql.join(all, sql` and `)
}

/** SQLite text search narrowed only by what the search keys carry: count and page come from the keys alone. */
function keysOnly(db: Executor, f: InboxFilter): f is InboxFilter & { search: { kind: 'text'; terms: string[] } } {
  return (
    !isPostgres(db) &&
    f.search?.kind === 'text' &&
    f.channel === undefined &&
    f.topicId === undefined &&
    f.departmentId === undefined &&
    f.assigneeId === undefined
  )
}

/**
 * SQLite's planner has no statistics, and left alone it walks the municipality's whole due-date index
 * (closed inquiries first, the oldest being closed) or probes every row against the search. `+column`
 * keeps an index out of the choice: the list is read from the search hits when only a search narrows it,
 * and from the status index (then sorted) when a status narrows it. PostgreSQL plans well from its statistics.
 */
const plain = (db: Executor, column: string) => (isPostgres(db) ? sql.ref(column) : sql`+${sql.ref(column)}`)
const searchLeads = (f: InboxFilter) => f.search?.kind === 'text' && f.status === 'all' && !f.overdueBefore

function conditions(db: Executor, eb: Eb, f: InboxFilter): Expression<SqlBool> {
  const municipality = searchLeads(f)
    ? sql<SqlBool>`${plain(db, 'inquiries.municipality_id')} = ${f.municipalityId}`
    : eb('inquiries.municipality_id', '=', f.municipalityId)
  const all: Expression<SqlBool>[] = [municipality]
  if (f.overdueBefore) {
    all.push(eb('inquiries.status', 'in', AWAITING), eb('inquiries.due_at', '<', f.overdueBefore))
  }
  if (f.status === 'active') all.push(eb('inquiries.status', 'in', ACTIVE))
  else if (f.status !== 'all') all.push(eb('inquiries.status', '=', f.status))
  if (f.channel) all.push(eb('inquiries.channel', '=', f.channel))
  if (f.topicId) all.push(eb('inquiries.topic_id', '=', f.topicId))
  if (f.departmentId === null) all.push(eb('inquiries.department_id', 'is', null))
  else if (f.departmentId !== undefined) all.push(eb('inquiries.department_id', '=', f.departmentId))
  if (f.assigneeId === null) all.push(eb('inquiries.assignee_id', 'is', null))
  else if (f.assigneeId !== undefined) all.push(eb('inquiries.assignee_id', '=', f.assigneeId))
  if (f.search) all.push(searchCondition(db, eb, f, f.search))
  return eb.and(all)
}

interface Hit {
  id: string
  due_at: string
  received_at: string
}
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const soonestDue = (a: Hit, b: Hit) => byText(a.due_at, b.due_at) || byText(a.id, b.id)
const newestFirst = (a: Hit, b: Hit) => byText(b.received_at, a.received_at) || byText(b.id, a.id)

/**
 * SQLite: every hit of a keys-only search, read once per filter object: the inbox asks for the page and the
 * count with the same filter, and the full-text match with its thousands of key lookups is the cost of both.
 */
const hitsOf = new WeakMap<InboxFilter, Promise<Hit[]>>()
function searchHits(db: Executor, filter: InboxFilter & { search: { kind: 'text'; terms: string[] } }) {
  let hits = hitsOf.get(filter)
  if (!hits) {
    hits = sql<Hit>`select k.inquiry_id as id, k.due_at, k.received_at from inquiry_search_keys k
      where ${keyConditions(filter, filter.search.terms)}`
      .execute(db)
      .then((r) => r.rows)
    hitsOf.set(filter, hits)
  }
  return hits
}

export async function listInbox(
  db: Executor,
  filter: InboxFilter,
  sort: InboxSort,
  page: { limit: number; offset: number },
): Promise<InboxRow[]> {
  const base = db
    .selectFrom('inquiries')
    .leftJoin('users', 'users.id', 'inquiries.assignee_id')
    .select([
      'inquiries.id',
      'inquiries.reference',
      'inquiries.channel',
      'inquiries.topic_id',
      'inquiries.department_id',
      'inquiries.status',
      'inquiries.citizen_name',
      'inquiries.received_at',
      'inquiries.due_at',
      'inquiries.assignee_id',
      'users.name as assignee_name',
    ])
  if (keysOnly(db, filter)) {
    // The page's ids, ordered and cut from the search's hits; then only those inquiries are read.
    const hits = [...(await searchHits(db, filter))].sort(sort === 'newest' ? newestFirst : soonestDue)
    const ids = hits.slice(page.offset, page.offset + page.limit).map((h) => h.id)
    if (ids.length === 0) return []
    const paged = base.where('inquiries.id', 'in', ids)
    return (
      sort === 'newest'
        ? paged.orderBy(sql`+inquiries.received_at`, 'desc').orderBy('inquiries.id', 'desc')
        : paged.orderBy(sql`+inquiries.due_at`).orderBy('inquiries.id')
    ).execute()
  }
  let query = base.where((eb) => conditions(db, eb as unknown as Eb, filter))
  // With nothing but the municipality to narrow the list, the date index gives the first page at once.
  const narrowed = filter.status !== 'all' || filter.overdueBefore !== undefined || filter.search !== undefined
  const by = (column: string) => (narrowed ? plain(db, column) : sql.ref(column))
  query =
    sort === 'newest'
      ? query.orderBy(by('inquiries.received_at'), 'desc').orderBy('inquiries.id', 'desc')
      : query.orderBy(by('inquiries.due_at')).orderBy('inquiries.id')
  return query.limit(page.limit).offset(page.offset).execute()
}

export async function countInbox(db: Executor, filter: InboxFilter): Promise<number> {
  if (keysOnly(db, filter)) return (await searchHits(db, filter)).length
  const row = await db
    .selectFrom('inquiries')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where((eb) => conditions(db, eb, filter))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface QueueCount {
  departmentId: string | null
  open: number
  overdue: number
}

/** Per queue: inquiries not closed, and those overdue. Grouped by status first, so the status index answers alone. */
export async function countQueues(db: Executor, municipalityId: string, now: string): Promise<QueueCount[]> {
  const rows = await db
    .selectFrom('inquiries')
    .select((eb) => [
      'status',
      'department_id',
      eb.fn.countAll<number | string>().as('open'),
      eb.fn.sum<number | string | null>(eb.case().when('due_at', '<', now).then(1).else(0).end()).as('late'),
    ])
    .where('municipality_id', '=', municipalityId)
    .where('status', 'in', ACTIVE)
    .groupBy(['status', 'department_id'])
    .execute()
  const queues = new Map<string | null, QueueCount>()
  for (const r of rows) {
    const queue = queues.get(r.department_id) ?? { departmentId: r.department_id, open: 0, overdue: 0 }
    queue.open += Number(r.open)
    if ((AWAITING as readonly string[]).includes(r.status)) queue.overdue += Number(r.late ?? 0)
    queues.set(r.department_id, queue)
  }
  return [...queues.values()]
}

/** Every topic of the municipality, retired ones too: old inquiries still name them. */
export const listAllTopics = (db: Executor, municipalityId: string): Promise<InquiryTopicRow[]> =>
  db
    .selectFrom('inquiry_topics')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('position')
    .orderBy('slug')
    .execute()
