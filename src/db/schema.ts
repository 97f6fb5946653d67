/**
 * Row types for every table. One schema for SQLite and PostgreSQL, so the column types are the
 * common ground: ids are text (UUIDs), times are ISO-8601 UTC text (their text order is time order),
 * flags are integers 0/1, and binary bodies are Uint8Array (BLOB / BYTEA).
 */
import type { Insertable, Selectable } from 'kysely'

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

export interface Database {
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
