/**
 * Row types for every table. One schema for SQLite and PostgreSQL, so the column types are the
 * common ground: ids are text (UUIDs), times are ISO-8601 UTC text (their text order is time order),
 * flags are integers 0/1, and binary bodies are Uint8Array (BLOB / BYTEA).
 */
import type { Insertable, Selectable } from 'kysely'
import type { BoardTables } from './tables/board.ts'
import type { ChatsTables } from './tables/chats.ts'
import type { CitizensTables } from './tables/citizens.ts'
import type { DialogsTables } from './tables/dialogs.ts'
import type { ModerationTables } from './tables/moderation.ts'
import type { SelfserviceTables } from './tables/selfservice.ts'

export const COUNTRIES = ['DK', 'SE'] as const
export type Country = (typeof COUNTRIES)[number]

export const LANGUAGES = ['da', 'sv', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

export const ROLES = ['admin', 'agent', 'caseworker', 'moderator', 'editor', 'politician'] as const
export type Role = (typeof ROLES)[number]

export const PAGE_KINDS = ['accessibility', 'privacy', 'house-rules', 'contact'] as const
export type PageKind = (typeof PAGE_KINDS)[number]

export interface MunicipalityTable {
  id: string
  slug: string
  name: string
  country: Country
  default_language: Language
  time_zone: string
  created_at: string
}

export interface DepartmentTable {
  id: string
  municipality_id: string
  slug: string
  name_da: string
  name_sv: string
  name_en: string
  email: string
  created_at: string
}

export interface PageTable {
  municipality_id: string
  kind: PageKind
  language: Language
  body: string
  updated_at: string
}

export interface UserTable {
  id: string
  email: string
  name: string
  password_hash: string | null
  created_at: string
  disabled_at: string | null
}

export interface MembershipTable {
  municipality_id: string
  user_id: string
  role: Role
  created_at: string
}

export interface SessionTable {
  id: string
  user_id: string
  created_at: string
  expires_at: string
}

export interface ApiTokenTable {
  id: string
  municipality_id: string
  user_id: string
  name: string
  token_hash: string
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
}

export interface StaffInvitationTable {
  id: string
  municipality_id: string
  user_id: string
  token_hash: string
  invited_by: string | null
  created_at: string
  expires_at: string
  accepted_at: string | null
}

export interface LoginFailureTable {
  key: string
  at: string
}

export interface JournalTable {
  municipality_id: string
  seq: number
  at: string
  actor_type: 'user' | 'citizen' | 'system'
  actor_id: string | null
  action: string
  subject_type: string
  subject_id: string
  summary: string
  documents: string
  prev_hash: string
  hash: string
}

export interface JournalHeadTable {
  municipality_id: string
  seq: number
  hash: string
}

export interface DocumentTable {
  municipality_id: string
  hash: string
  media_type: string
  size: number
  body: Uint8Array | null
  created_at: string
  purged_at: string | null
}

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

export interface JobTable {
  id: string
  municipality_id: string | null
  kind: string
  payload: string
  status: JobStatus
  run_at: string
  attempts: number
  max_attempts: number
  locked_until: string | null
  last_error: string | null
  dedupe_key: string | null
  created_at: string
  finished_at: string | null
}

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'bounced'] as const
export type MailStatus = (typeof MAIL_STATUSES)[number]

export interface MailOutboxTable {
  id: string
  municipality_id: string
  /** With angle brackets, as in the header: `<uuid@mail-domain>`. */
  message_id: string
  purpose: string
  subject_type: string
  subject_id: string
  from_address: string
  to_address: string
  to_name: string | null
  subject_line: string
  auto_submitted: string | null
  /** The composed RFC 822 message, a journal document. */
  document_hash: string
  status: MailStatus
  attempts: number
  last_error: string | null
  smtp_response: string | null
  bounce_details: string | null
  queued_at: string
  sending_at: string | null
  sent_at: string | null
  failed_at: string | null
  bounced_at: string | null
}

export interface MailCaptureTable {
  id: string
  municipality_id: string
  message_id: string
  envelope_from: string
  /** JSON array of addresses. */
  envelope_to: string
  raw: Uint8Array
  captured_at: string
}

// board: a public question on the Q&A board; selfservice: a self-service submission that needs a person.
export const INQUIRY_CHANNELS = ['web', 'email', 'phone', 'desk', 'api', 'board', 'selfservice'] as const
export type InquiryChannel = (typeof INQUIRY_CHANNELS)[number]
/** new: not yet taken; open: someone works on it; answered: an answer went out; closed: resolved. */
export const INQUIRY_STATUSES = ['new', 'open', 'answered', 'closed'] as const
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number]
export const INQUIRY_RESOLUTIONS = ['answered', 'referred', 'duplicate', 'no_answer_needed'] as const
export type InquiryResolution = (typeof INQUIRY_RESOLUTIONS)[number]
export const MESSAGE_DIRECTIONS = ['in', 'out', 'note'] as const
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number]

export interface InquiryTopicTable {
  id: string
  municipality_id: string
  slug: string
  name_da: string
  name_sv: string
  name_en: string
  /** Null: the contact centre. */
  department_id: string | null
  /** Null: the default answer deadline. */
  answer_days: number | null
  position: number
  active: number
  created_at: string
}

export interface InquiryCounterTable {
  municipality_id: string
  year: number
  value: number
}

export interface InquiryTable {
  id: string
  municipality_id: string
  reference: string
  channel: InquiryChannel
  topic_id: string | null
  /** The queue: a department, or null for the contact centre. */
  department_id: string | null
  status: InquiryStatus
  citizen_name: string
  citizen_email: string | null
  citizen_phone: string | null
  language: Language
  received_at: string
  due_at: string
  status_token_hash: string
  reply_token: string
  assignee_id: string | null
  registered_by: string | null
  closed_at: string | null
  resolution: InquiryResolution | null
  resolution_reason: string | null
  updated_at: string
}

export interface InquiryMessageTable {
  id: string
  inquiry_id: string
  municipality_id: string
  direction: MessageDirection
  channel: InquiryChannel
  body: string
  author_id: string | null
  created_at: string
  document_hash: string
  email_message_id: string | null
  delivery: string | null
}

export interface InquiryAttachmentTable {
  id: string
  inquiry_id: string
  message_id: string
  municipality_id: string
  file_name: string
  content_type: string
  size: number
  sha256: string
  position: number
  created_at: string
}

export interface EmailSettingsTable {
  municipality_id: string
  /** Null: the default `<slug>@<MAIL_DOMAIN>` (always accepted too). */
  inbound_address: string | null
  /** The topic of new e-mail inquiries; null: the first active topic. */
  topic_id: string | null
  imap_enabled: number
  imap_host: string | null
  imap_port: number | null
  imap_secure: number
  imap_user: string | null
  /** Sealed with AES-256-GCM (`inquiries/email/secret-box.ts`). */
  imap_password: string | null
  imap_mailbox: string | null
  imap_poll_minutes: number | null
  updated_at: string
}

export interface InboundMailTable {
  id: string
  municipality_id: string
  /** Message-ID, or `sha256:<hex>` of the raw bytes: one row per message, however often delivered. */
  dedupe_key: string
  message_id: string | null
  source: string
  envelope_from: string | null
  /** JSON array of addresses. */
  envelope_to: string
  from_address: string | null
  subject: string
  size: number
  /** The raw message, a journal document. */
  raw_hash: string
  class: string | null
  class_reason: string | null
  thread_by: string
  outcome: string
  parse_error: string | null
  inquiry_id: string | null
  inquiry_message_id: string | null
  received_at: string
}

export interface InquiryUploadTable {
  id: string
  municipality_id: string
  file_name: string
  content_type: string
  size: number
  body: Uint8Array
  created_at: string
  expires_at: string
}

export interface RoutingRuleTable {
  id: string
  municipality_id: string
  /** 1, 2, 3 … in the order the rules are tried; the first that matches routes the inquiry. */
  position: number
  /** Null: any topic. */
  topic_id: string | null
  /** Words or phrases, one per line, matched as whole words or word beginnings; empty: any text. */
  keywords: string
  /** Null: the contact centre. */
  department_id: string | null
  created_at: string
  updated_at: string
}

export interface DepartmentDeadlineTable {
  department_id: string
  municipality_id: string
  answer_days: number
  updated_at: string
}

export interface PublicAnswerTable {
  id: string
  municipality_id: string
  topic_id: string | null
  /** A summary of the question, written by staff: never a citizen's own words or name. */
  question: string
  answer_da: string | null
  answer_sv: string | null
  answer_en: string | null
  published_by: string | null
  published_at: string
}

/** A prepared answer in one language; placeholders are filled in per inquiry. */
export interface CannedAnswerTable {
  id: string
  municipality_id: string
  language: Language
  title: string
  body: string
  created_at: string
  updated_at: string
}

// Each feature added since the contact centre keeps its row types in `tables/<feature>.ts`.
export interface Database
  extends ModerationTables,
    CitizensTables,
    BoardTables,
    SelfserviceTables,
    ChatsTables,
    DialogsTables {
  municipalities: MunicipalityTable
  departments: DepartmentTable
  pages: PageTable
  users: UserTable
  memberships: MembershipTable
  sessions: SessionTable
  api_tokens: ApiTokenTable
  login_failures: LoginFailureTable
  staff_invitations: StaffInvitationTable
  journal: JournalTable
  journal_heads: JournalHeadTable
  documents: DocumentTable
  jobs: JobTable
  mail_outbox: MailOutboxTable
  mail_captures: MailCaptureTable
  inquiry_topics: InquiryTopicTable
  inquiry_counters: InquiryCounterTable
  inquiries: InquiryTable
  inquiry_messages: InquiryMessageTable
  inquiry_attachments: InquiryAttachmentTable
  inquiry_uploads: InquiryUploadTable
  email_settings: EmailSettingsTable
  inbound_mails: InboundMailTable
  canned_answers: CannedAnswerTable
  routing_rules: RoutingRuleTable
  department_deadlines: DepartmentDeadlineTable
  public_answers: PublicAnswerTable
}

export type MunicipalityRow = Selectable<MunicipalityTable>
export type NewMunicipalityRow = Insertable<MunicipalityTable>
export type DepartmentRow = Selectable<DepartmentTable>
export type UserRow = Selectable<UserTable>
export type ApiTokenRow = Selectable<ApiTokenTable>
export type StaffInvitationRow = Selectable<StaffInvitationTable>
export type JournalRow = Selectable<JournalTable>
export type DocumentRow = Selectable<DocumentTable>
export type JobRow = Selectable<JobTable>
export type MailOutboxRow = Selectable<MailOutboxTable>
export type MailCaptureRow = Selectable<MailCaptureTable>
export type InquiryTopicRow = Selectable<InquiryTopicTable>
export type InquiryRow = Selectable<InquiryTable>
export type InquiryMessageRow = Selectable<InquiryMessageTable>
export type InquiryAttachmentRow = Selectable<InquiryAttachmentTable>
export type InquiryUploadRow = Selectable<InquiryUploadTable>
export type EmailSettingsRow = Selectable<EmailSettingsTable>
export type InboundMailRow = Selectable<InboundMailTable>
export type CannedAnswerRow = Selectable<CannedAnswerTable>
export type RoutingRuleRow = Selectable<RoutingRuleTable>
export type DepartmentDeadlineRow = Selectable<DepartmentDeadlineTable>
export type PublicAnswerRow = Selectable<PublicAnswerTable>
