import { definePolicy } from '../../identity/policy-kit.ts'

/** The roles that work the contact centre's inquiries. */
const HANDLERS = ['agent', 'caseworker', 'admin'] as const

export const inquiryCasePolicy = definePolicy({
  /** See an inquiry: its thread, attachments, history and the citizen's earlier inquiries. */
  'inquiries.read': HANDLERS,
  /** Act on an inquiry: take, assign, route, answer, add a note, close, reopen. */
  'inquiries.handle': HANDLERS,
  /** Keep the municipality's canned answers. */
  'canned.manage': ['admin'],
})
