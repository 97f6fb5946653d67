/**
 * The staff inbox: every queue's inquiries, filtered by what the query string asks, ordered by due date
 * (or newest first), 25 to a page, with counts per queue. What the list shows of a citizen's words (the
 * name, the first line of the first message) has identity numbers masked: a list is not a private place.
 */
import type { Db } from '../../db/index.ts'
import type { DepartmentRow, InquiryTopicRow, Language, MunicipalityRow } from '../../db/schema.ts'
import { allows } from '../../identity/permissions.ts'
import { listStaff, type StaffMember } from '../../identity/service.ts'
import { departmentName, listDepartments } from '../../municipalities/service.ts'
import { BadRequest } from '../../web/errors.ts'
import { maskIdentityNumbers } from '../../web/identity-numbers.ts'
import { topicName } from '../service.ts'
import { firstMessages } from '../store.ts'
import type { InboxQuery, InboxSort, StatusFilter } from './schemas.ts'
import * as store from './store.ts'

export const INBOX_PAGE_SIZE = 25
/** How much of the first line a row shows. */
const EXCERPT_LENGTH = 120
/** Characters a word needs to be searched inside the text (the trigram index's unit). */
export const MIN_TERM_LENGTH = 3
const MAX_TERMS = 8

/**
 * Split what staff typed into search terms: words of three or more characters are found anywhere in the
 * text; a query of only shorter words looks for references and names that start with it.
 * @example parseSearch('  Storskr  ved ') // { kind: 'text', terms: ['storskr', 'ved'] }
 */
export function parseSearch(query: string | undefined): store.Search | undefined {
  const text = (query ?? '').normalize('NFC').trim().toLowerCase()
  if (!text) return undefined
  const long = text.split(/\s+/).filter((word) => [...word].length >= MIN_TERM_LENGTH)
  if (long.length) return { kind: 'text', terms: [...new Set(long)].slice(0, MAX_TERMS) }
  return { kind: 'prefix', prefix: text }
}

export interface InboxOptions {
  municipalityId: string
  /** The signed-in staff member, for "assigned to me". */
  userId: string
  now: Date
}

/** The store's filter for a query string; refuses what no database could take (NUL). */
export function filterFrom(query: InboxQuery, options: InboxOptions): store.InboxFilter {
  if (query.q?.includes('\u0000')) throw BadRequest('web.error.bad_request', { q: { key: 'web.validation.invalid' } })
  const assignee = query.assignee || undefined
  const queue = query.queue || undefined
  return {
    municipalityId: options.municipalityId,
    status: (query.status || 'active') as StatusFilter,
    channel: query.channel || undefined,
    topicId: query.topic || undefined,
    departmentId: queue === 'centre' ? null : queue,
    assigneeId: assignee === 'me' ? options.userId : assignee === 'none' ? null : assignee,
    overdueBefore: query.overdue === '1' ? options.now.toISOString() : undefined,
    search: parseSearch(query.q),
  }
}

export interface InboxItem extends store.InboxRow {
  overdue: boolean
  /** The first line of the citizen's first message, shortened, identity numbers masked. */
  excerpt: string
  citizenName: string
  topicName: string
  queueName: string
}

export interface QueueSummary {
  /** `centre` for the contact centre, else the department's id: the value of the `queue` filter. */
  value: string
  name: string
  open: number
  overdue: number
}

export interface Inbox {
  items: InboxItem[]
  total: number
  page: number
  pageSize: number
  sort: InboxSort
  queues: QueueSummary[]
  topics: InquiryTopicRow[]
  departments: DepartmentRow[]
  /** People who can hold an inquiry, for the assignee filter. */
  assignees: StaffMember[]
}

export function excerpt(body: string | undefined): string {
  const line = (body ?? '').split(/\r?\n/).find((l) => l.trim() !== '') ?? ''
  const masked = maskIdentityNumbers(line.trim())
  return masked.length > EXCERPT_LENGTH ? `${masked.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…` : masked
}

/** Everything the inbox page shows, for one page of one filter. */
export async function loadInbox(
  db: Db,
  municipality: MunicipalityRow,
  language: Language,
  query: InboxQuery,
  options: InboxOptions,
): Promise<Inbox> {
  const filter = filterFrom(query, options)
  const sort: InboxSort = query.sort || 'due'
  const page = query.page ?? 1
  const [rows, total, counts, topics, departments, staff] = await Promise.all([
    store.listInbox(db, filter, sort, { limit: INBOX_PAGE_SIZE, offset: (page - 1) * INBOX_PAGE_SIZE }),
    store.countInbox(db, filter),
    store.countQueues(db, municipality.id, options.now.toISOString()),
    store.listAllTopics(db, municipality.id),
    listDepartments(db, municipality.id),
    listStaff(db, municipality.id),
  ])
  const texts = await firstMessages(
    db,
    rows.map((r) => r.id),
  )
  const topicById = new Map(topics.map((t) => [t.id, topicName(t, language)]))
  const departmentById = new Map(departments.map((d) => [d.id, departmentName(d, language)]))
  const now = options.now.toISOString()
  const items = rows.map((row) => ({
    ...row,
    overdue: store.AWAITING.includes(row.status as (typeof store.AWAITING)[number]) && row.due_at < now,
    excerpt: excerpt(texts.get(row.id)),
    citizenName: maskIdentityNumbers(row.citizen_name),
    topicName: (row.topic_id && topicById.get(row.topic_id)) || '',
    queueName: row.department_id ? (departmentById.get(row.department_id) ?? '') : '',
  }))
  const countOf = (id: string | null) => counts.find((c) => c.departmentId === id) ?? { open: 0, overdue: 0 }
  const queues: QueueSummary[] = [
    { value: 'centre', name: '', ...pick(countOf(null)) },
    ...departments.map((d) => ({ value: d.id, name: departmentName(d, language), ...pick(countOf(d.id)) })),
  ]
  return {
    items,
    total,
    page,
    pageSize: INBOX_PAGE_SIZE,
    sort,
    queues,
    topics: topics.filter((t) => t.active === 1),
    departments,
    assignees: staff.filter((p) => !p.disabled && allows('inquiries.read', p.roles)),
  }
}

const pick = ({ open, overdue }: { open: number; overdue: number }) => ({ open, overdue })
