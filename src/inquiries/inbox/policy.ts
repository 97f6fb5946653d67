import { definePolicy } from '../../identity/policy-kit.ts'

export const inboxPolicy = definePolicy({
  /** See the inbox: every queue's inquiries, their citizens and texts (identity numbers masked). */
  'inquiries.read': ['agent', 'caseworker', 'admin'],
})
