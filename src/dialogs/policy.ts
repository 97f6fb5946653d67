import { definePolicy } from '../identity/policy-kit.ts'

/** Who may do what in dialogs with a mandate. */
export const dialogsPolicy = definePolicy({
  /** Write and publish dialogs, add documents and projects, give statuses and responses, publish the feedback. */
  'dialogs.edit': ['editor', 'admin'],
  /** The staff overview of every dialog with its phase and feedback status (overdue ones flagged). */
  'dialogs.overview': ['editor', 'admin', 'moderator', 'agent', 'caseworker'],
})
