/**
 * What the inquiry page shows: the inquiry with its topic, queue and handler, the thread (messages in and
 * out and internal notes, with their attachments), the history from the journal, and the citizen's
 * earlier inquiries here; plus what its forms offer (handlers, departments, canned answers).
 */
import type { Db } from '../../db/index.ts'
import type {
  CannedAnswerRow,
  DepartmentRow,
  InquiryAttachmentRow,
  InquiryMessageRow,
  InquiryRow,
  JournalRow,
  Language,
  MunicipalityRow,
} from '../../db/schema.ts'
import { listStaff, type StaffMember } from '../../identity/service.ts'
import { findDocument, listEntries } from '../../journal/service.ts'
import { departmentName, listDepartments } from '../../municipalities/service.ts'
import { NotFound } from '../../web/errors.ts'
import { findInquiry, findTopicById, topicName } from '../service.ts'
import { listAttachments } from '../store.ts'
import { fillPlaceholders, placeholderValues } from './canned.ts'
import { listHandlers } from './service.ts'
import * as store from './store.ts'

/** The history shows at most this many journal entries (an inquiry rarely has more than a few dozen). */
const HISTORY_LIMIT = 500

export interface ThreadItem {
  message: InquiryMessageRow
  authorName: string | undefined
  attachments: InquiryAttachmentRow[]
}

export interface HistoryItem {
  entry: JournalRow
  /** The staff member's name; undefined for the citizen, the system or someone no longer on staff. */
  actorName: string | undefined
}

export interface EarlierInquiry {
  inquiry: InquiryRow
  topicName: string | undefined
}

export interface CaseView {
  inquiry: InquiryRow
  topicName: string | undefined
  department: DepartmentRow | undefined
  assigneeName: string | undefined
  thread: ThreadItem[]
  history: HistoryItem[]
  earlier: EarlierInquiry[]
  handlers: StaffMember[]
  departments: DepartmentRow[]
  /** Canned answers in the citizen's language, for the picker. */
  canned: CannedAnswerRow[]
  hasAnswer: boolean
}

async function topicNames(db: Db, ids: readonly (string | null)[], language: Language) {
  const names = new Map<string, string>()
  for (const id of new Set(ids.filter((i): i is string => i !== null))) {
    const topic = await findTopicById(db, id)
    if (topic) names.set(id, topicName(topic, language))
  }
  return names
}

export async function loadCase(
  db: Db,
  municipality: MunicipalityRow,
  id: string,
  language: Language,
): Promise<CaseView> {
  const inquiry = await findInquiry(db, municipality.id, id)
  if (!inquiry) throw NotFound('inquiries.case.not_found')
  const [messages, attachments, staff, handlers, departments, history, earlier, canned] = await Promise.all([
    store.listThread(db, inquiry.id),
    listAttachments(db, inquiry.id),
    listStaff(db, municipality.id),
    listHandlers(db, municipality.id),
    listDepartments(db, municipality.id),
    listEntries(
      db,
      municipality.id,
      { subjectType: 'inquiry', subjectId: inquiry.id },
      { limit: HISTORY_LIMIT, offset: 0 },
    ),
    store.listEarlierInquiries(db, inquiry),
    store.listCannedAnswers(db, municipality.id, inquiry.language),
  ])
  const names = new Map(staff.map((p) => [p.id, p.name]))
  const topics = await topicNames(db, [inquiry.topic_id, ...earlier.map((e) => e.topic_id)], language)
  const nameOf = (userId: string | null) => (userId ? names.get(userId) : undefined)
  return {
    inquiry,
    topicName: inquiry.topic_id ? topics.get(inquiry.topic_id) : undefined,
    department: departments.find((d) => d.id === inquiry.department_id),
    assigneeName: nameOf(inquiry.assignee_id),
    thread: messages.map((message) => ({
      message,
      authorName: nameOf(message.author_id),
      attachments: attachments.filter((a) => a.message_id === message.id),
    })),
    // The journal lists newest first; a history reads oldest first.
    history: [...history.rows].reverse().map((entry) => ({
      entry,
      actorName: entry.actor_type === 'user' ? nameOf(entry.actor_id) : undefined,
    })),
    earlier: earlier.map((e) => ({ inquiry: e, topicName: e.topic_id ? topics.get(e.topic_id) : undefined })),
    handlers,
    departments,
    canned,
    hasAnswer: messages.some((m) => m.direction === 'out'),
  }
}

/** A canned answer of this municipality filled in for the inquiry; undefined when there is no such answer. */
export async function cannedAnswerFor(
  db: Db,
  municipality: MunicipalityRow,
  inquiry: InquiryRow,
  cannedId: string,
  staffName: string,
): Promise<string | undefined> {
  const row = await store.findCannedAnswer(db, municipality.id, cannedId)
  if (!row) return undefined
  return fillPlaceholders(row.body, placeholderValues(inquiry, staffName, municipality.time_zone))
}

/** An attachment of the inquiry with its bytes from the journal's documents. */
export async function attachmentBody(db: Db, municipalityId: string, inquiryId: string, attachmentId: string) {
  const attachment = await store.findAttachment(db, municipalityId, inquiryId, attachmentId)
  if (!attachment) throw NotFound('inquiries.case.attachment_not_found')
  const document = await findDocument(db, municipalityId, attachment.sha256)
  if (!document?.body) throw NotFound('inquiries.case.attachment_purged')
  return { attachment, body: document.body }
}

export { departmentName }
