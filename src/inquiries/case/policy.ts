import { definePolicy } from '../../identity/policy-kit.ts'

// Reading an inquiry (`inquiries.read`) is the inbox's permission: see ../inbox/policy.ts.
export const inquiryCasePolicy = definePolicy({
  /** Act on an inquiry: take, assign, route, answer, add a note, close, reopen. */
  'inquiries.handle': ['agent', 'caseworker', 'admin'],
  /** Keep the municipality's canned answers. */
  'canned.manage': ['admin'],
})
