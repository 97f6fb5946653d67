import { definePolicy } from '../identity/policy-kit.ts'

export const journalPolicy = definePolicy({
  /** The journal is the public record; every role that handles citizens' matters may read it. */
  'journal.read': ['admin', 'agent', 'caseworker', 'moderator', 'editor'],
})
