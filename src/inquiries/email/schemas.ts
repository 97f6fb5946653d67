/** Request and response shapes of the e-mail channel's routes. */
import { type Static, Type } from '@sinclair/typebox'

export const SettingsParams = Type.Object({ m: Type.String({ maxLength: 64 }) })

const field = (maxLength: number) => Type.Optional(Type.String({ maxLength }))

/** The settings form; all text, checkboxes send `on` when ticked. */
export const SettingsBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  inboundAddress: field(254),
  topic: field(64),
  imapEnabled: field(8),
  imapHost: field(255),
  imapPort: field(8),
  imapSecure: field(8),
  imapUser: field(254),
  imapPassword: field(1024),
  imapMailbox: field(255),
  imapPollMinutes: field(8),
})
export type SettingsBody = Static<typeof SettingsBody>

export const SettingsQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 4 })) })

export const InboundRaw = Type.String({
  description: 'The raw RFC 822 message, byte for byte, as received (`Content-Type: message/rfc822`).',
})

export const InboundAccepted = Type.Object({
  id: Type.String({ description: 'The inbound mail record (UUID).' }),
  outcome: Type.String({
    description:
      'What became of the message: `created` (a new inquiry), `appended` (a reply added to its inquiry), `noted` (an automatic reply noted on its inquiry), `bounce` (a delivery report marked our message undelivered), `kept` (bulk or unmatched, not an inquiry), `dropped` (a mail loop), `duplicate` (delivered before; nothing changed).',
  }),
  inquiryId: Type.Union([Type.String(), Type.Null()], { description: 'The inquiry it created or joined.' }),
  class: Type.Union([Type.String(), Type.Null()], {
    description: '`human`, `auto_reply`, `bulk`, `bounce` or `loop`; null when the message could not be read.',
  }),
  thread: Type.String({
    description: 'How it was threaded: `token`, `in-reply-to`, `references`, `subject-tag`, `new`, `bounce` or `none`.',
  }),
  parseError: Type.Union([Type.String(), Type.Null()], {
    description: 'Why the message could not be read (`too_large`, `binary`, …); it is kept raw and flagged for staff.',
  }),
})
