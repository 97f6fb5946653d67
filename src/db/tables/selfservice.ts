/** Row types of self-service (catalogue, forms, submissions, decisions, campaigns) (migration `0013_selfservice`); `Database` in `../schema.ts` extends this. */
import type { Insertable, Selectable } from 'kysely'

export const SUBMISSION_CHANNELS = ['digital', 'assisted'] as const
export type SubmissionChannel = (typeof SUBMISSION_CHANNELS)[number]
export const SUBMISSION_OUTCOMES = ['approved', 'refused', 'case'] as const
export type SubmissionOutcome = (typeof SUBMISSION_OUTCOMES)[number]
export type CaseState = 'none' | 'opening' | 'open'

export interface SelfserviceServiceTable {
  id: string
  municipality_id: string
  slug: string
  current_version: number
  position: number
  active: number
  created_at: string
  updated_at: string
}

export interface SelfserviceVersionTable {
  service_id: string
  version: number
  municipality_id: string
  /** The form definition as JSON (see `src/selfservice/forms/definition.ts`). */
  definition: string
  created_by: string | null
  created_at: string
}

export interface SelfserviceDraftTable {
  id: string
  municipality_id: string
  service_id: string
  version: number
  token_hash: string
  /** Field id → value, as JSON. */
  answers: string
  language: 'da' | 'sv' | 'en'
  assisted_by: string | null
  created_at: string
  updated_at: string
  expires_at: string
}

export interface SelfserviceUploadTable {
  id: string
  draft_id: string
  field: string
  file_name: string
  content_type: string
  size: number
  body: Uint8Array
  created_at: string
}

export interface SelfserviceCounterTable {
  municipality_id: string
  year: number
  value: number
}

export interface SelfserviceSubmissionTable {
  id: string
  municipality_id: string
  service_id: string
  version: number
  reference: string
  channel: SubmissionChannel
  assisted_by: string | null
  status_token_hash: string
  answers: string
  answers_hash: string
  citizen_name: string
  citizen_email: string | null
  language: 'da' | 'sv' | 'en'
  submitted_at: string
  expected_by: string
  outcome: SubmissionOutcome
  case_state: CaseState
  inquiry_id: string | null
  inquiry_reference: string | null
  receipt_hash: string | null
  receipt_ready_at: string | null
}

export interface SelfserviceAttachmentTable {
  id: string
  submission_id: string
  municipality_id: string
  field: string
  file_name: string
  content_type: string
  size: number
  sha256: string
  position: number
}

export interface SelfserviceDecisionTable {
  id: string
  submission_id: string
  municipality_id: string
  outcome: 'approved' | 'refused'
  version: number
  rules: string
  reasons: string
  decided_at: string
  review_requested_at: string | null
}

export interface SelfserviceCampaignTable {
  id: string
  municipality_id: string
  service_id: string
  group_key: string
  title: string
  message: string
  starts_on: string
  ends_on: string
  created_by: string | null
  created_at: string
}

export type SelfserviceTables = {
  selfservice_services: SelfserviceServiceTable
  selfservice_versions: SelfserviceVersionTable
  selfservice_drafts: SelfserviceDraftTable
  selfservice_uploads: SelfserviceUploadTable
  selfservice_counters: SelfserviceCounterTable
  selfservice_submissions: SelfserviceSubmissionTable
  selfservice_attachments: SelfserviceAttachmentTable
  selfservice_decisions: SelfserviceDecisionTable
  selfservice_campaigns: SelfserviceCampaignTable
}

export type ServiceRow = Selectable<SelfserviceServiceTable>
export type VersionRow = Selectable<SelfserviceVersionTable>
export type DraftRow = Selectable<SelfserviceDraftTable>
export type UploadRow = Selectable<SelfserviceUploadTable>
export type SubmissionRow = Selectable<SelfserviceSubmissionTable>
export type NewSubmissionRow = Insertable<SelfserviceSubmissionTable>
export type AttachmentRow = Selectable<SelfserviceAttachmentTable>
export type DecisionRow = Selectable<SelfserviceDecisionTable>
export type CampaignRow = Selectable<SelfserviceCampaignTable>
