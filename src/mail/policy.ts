import { definePolicy } from '../identity/policy-kit.ts'

export const mailPolicy = definePolicy({
  /** Outgoing mail holds citizens' addresses and words: administrators only. */
  'mail.read': ['admin'],
})
