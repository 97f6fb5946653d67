import { definePolicy } from '../../identity/policy-kit.ts'

export const emailPolicy = definePolicy({
  /** The inbound address, the topic of e-mail inquiries, and the IMAP mailbox with its password. */
  'email.settings': ['admin'],
  /** Hand raw mail to `POST /api/v1/channels/email/inbound` (an MTA pipe runs with such a token). */
  'email.ingest': ['admin', 'agent'],
})
