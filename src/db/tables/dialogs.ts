/** Row types of dialogs with a mandate (migration `0016_dialogs`); `Database` in `../schema.ts` extends this. */
import type { Selectable } from 'kysely'
import type { Language } from '../schema.ts'

export const DIALOG_KINDS = ['consultation', 'idea_storm', 'budget'] as const
export type DialogKind = (typeof DIALOG_KINDS)[number]

/** draft: being written, staff only; published: public, its phase follows the dates; concluded: feedback is out. */
export const DIALOG_STATES = ['draft', 'published', 'concluded'] as const
export type DialogState = (typeof DIALOG_STATES)[number]

/** The consultation's type, which sets its legal minimum period (planloven § 24 for the Danish plans). */
export const CONSULTATION_TYPES = ['municipal_plan', 'local_plan', 'minor_local_plan', 'other'] as const
export type ConsultationType = (typeof CONSULTATION_TYPES)[number]

export const BALLOT_METHODS = ['knapsack', 'approval'] as const
export type BallotMethod = (typeof BALLOT_METHODS)[number]

export const CONTRIBUTION_KINDS = ['reply', 'idea', 'comment', 'project'] as const
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number]

/** The moderation states, as on the board. */
export const CONTRIBUTION_STATES = ['pending', 'published', 'hidden', 'handed_off'] as const
export type ContributionState = (typeof CONTRIBUTION_STATES)[number]

/** An idea's status, given by an editor with an explanation. */
export const IDEA_STATUSES = ['new', 'under_consideration', 'accepted', 'rejected', 'done'] as const
export type IdeaStatus = (typeof IDEA_STATUSES)[number]

export const DIGEST_FREQUENCIES = ['daily', 'weekly'] as const
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number]

export interface DialogTable {
  id: string
  municipality_id: string
  kind: DialogKind
  state: DialogState
  /** A `ModerationMode`: pre, post or flagged. */
  moderation_mode: string
  department_id: string | null
  contact_name: string
  contact_email: string
  /** Dates (YYYY-MM-DD, the municipality's local calendar): input is open from `starts_on` to `ends_on` inclusive. */
  starts_on: string | null
  ends_on: string | null
  /** The date by which "what happened with your input" is published. */
  feedback_due_on: string | null
  consultation_type: ConsultationType | null
  /** An area name or "lat,lon" coordinates; no map tiles are served. */
  location: string
  /** Idea storm: supports an idea needs to be taken up by the committee (0: no threshold). */
  support_threshold: number
  /** Budget: the total in whole currency units; the ballot method and, for approval, the most projects a ballot may pick. */
  budget_total: number
  ballot_method: BallotMethod
  max_choices: number
  /** Budget: whether projects take crowd-funding pledges toward their goal. */
  pledges_enabled: number
  created_by: string | null
  created_at: string
  updated_at: string
  published_at: string | null
  feedback_published_at: string | null
  feedback_mailed_at: string | null
  results_published_at: string | null
  /** When the department was told that the feedback date passed without feedback (once). */
  overdue_flagged_at: string | null
}

/** The mandate's texts per language; the municipality's default language must be complete to publish. */
export interface DialogTextTable {
  dialog_id: string
  language: Language
  title: string
  summary: string
  purpose: string
  decides: string
  open_for: string
  not_open_for: string
  input_use: string
  /** The overall "what happened with your input". */
  feedback: string
}

export interface DialogDocumentTable {
  id: string
  dialog_id: string
  file_name: string
  content_type: string
  size: number
  body: Uint8Array
  created_at: string
}

export interface DialogContributionTable {
  id: string
  dialog_id: string
  municipality_id: string
  kind: ContributionKind
  /** A comment's idea. */
  parent_id: string | null
  citizen_id: string | null
  author_name: string
  /** Never shown publicly; receipts and the feedback e-mail go here. */
  author_email: string | null
  /** Replies: whether the author writes for themselves or an organisation, and which. */
  represents: string
  organisation: string
  /** Replies: the address given, shown only when `hide_address` is 0. */
  address: string
  hide_address: number
  language: Language
  title: string
  /** As submitted (kept for the records). */
  body: string
  /** What the public sees: personal data masked, or a moderator's edit. */
  public_body: string
  state: ContributionState
  moderation_item_id: string | null
  status: IdeaStatus
  status_note: string
  /** The municipality's response, part of the feedback. */
  response: string
  /** Budget projects: cost; crowd-funding goal (0: none). */
  cost: number
  pledge_goal: number
  supports_count: number
  created_at: string
  updated_at: string
}

export interface DialogAttachmentTable {
  id: string
  contribution_id: string
  file_name: string
  content_type: string
  size: number
  body: Uint8Array
}

/** One support per verified citizen per idea (the primary key says so). */
export interface DialogSupportTable {
  contribution_id: string
  citizen_id: string
  created_at: string
}

/** Who voted, apart from what: the ballots below carry no voter, so the ballot file can be handed out for a recount. */
export interface DialogVoterTable {
  dialog_id: string
  citizen_id: string
  /** Only for the feedback e-mail that points the voter to the results; never tied to a ballot. */
  email: string
  language: Language
  voted_at: string
}

export interface DialogBallotTable {
  id: string
  dialog_id: string
  /** JSON array of project ids. */
  choices: string
}

export interface DialogPledgeTable {
  id: string
  contribution_id: string
  citizen_id: string
  amount: number
  created_at: string
}

export interface DialogFollowerTable {
  dialog_id: string
  citizen_id: string
  email: string
  language: Language
  frequency: DigestFrequency
  last_sent_at: string
  created_at: string
}

/** What followers' digests are made of: new replies and ideas, statuses, results and feedback. */
export interface DialogEventTable {
  id: string
  dialog_id: string
  municipality_id: string
  kind: string
  /** A contribution's title or a short text, already fit to publish. */
  label: string
  at: string
}

export type DialogRow = Selectable<DialogTable>
export type DialogTextRow = Selectable<DialogTextTable>
export type DialogDocumentRow = Selectable<DialogDocumentTable>
export type DialogContributionRow = Selectable<DialogContributionTable>
export type DialogFollowerRow = Selectable<DialogFollowerTable>
export type DialogEventRow = Selectable<DialogEventTable>

export interface DialogsTables {
  dialogs: DialogTable
  dialog_texts: DialogTextTable
  dialog_documents: DialogDocumentTable
  dialog_contributions: DialogContributionTable
  dialog_attachments: DialogAttachmentTable
  dialog_supports: DialogSupportTable
  dialog_voters: DialogVoterTable
  dialog_ballots: DialogBallotTable
  dialog_pledges: DialogPledgeTable
  dialog_followers: DialogFollowerTable
  dialog_events: DialogEventTable
}
