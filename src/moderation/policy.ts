import { definePolicy } from '../identity/policy-kit.ts'

/** Who may do what in moderation (house rules, automatic checks, moderation queue). */
export const moderationPolicy = definePolicy({
  /** The moderation queue: approve, hide, edit out personal data, hand off, block; appeals; the records export. */
  'moderation.moderate': ['moderator', 'admin'],
  /** Publish a new version of the house rules; the blocklists, report threshold and posting rate. */
  'moderation.settings': ['admin'],
  /** The automatic checks as an API, for every channel and staff tool. */
  'moderation.check': ['admin', 'agent', 'caseworker', 'moderator', 'editor', 'politician'],
})
