/** The shape of one inbound message on its way through ingest.ts and actions.ts, and its stored row. */
import { newId, nowIso } from '../../db/index.ts'
import type { InboundMailRow, MunicipalityRow } from '../../db/schema.ts'
import type { Classification, ParsedMail, ThreadDecision } from '../../mail/inbound/index.ts'

export const INBOUND_SOURCES = ['smtp', 'api', 'imap'] as const
export type InboundSource = (typeof INBOUND_SOURCES)[number]

export interface InboundEnvelope {
  source: InboundSource
  /** MAIL FROM, when known. */
  from?: string
  /** RCPT TO addresses, when known. */
  to?: string[]
  /** Set when the way in already belongs to one municipality (an API token, a polled mailbox). */
  municipalityId?: string
}

// PostgreSQL text cannot hold NUL; a mail that carries one keeps it in the raw evidence only.
export const clean = (value: string) => value.replaceAll('\u0000', '')

export interface Inbound {
  municipality: MunicipalityRow
  raw: Buffer
  mail: ParsedMail
  envelope: InboundEnvelope
  ours: string[]
}

/** What was decided about a message: its class (null when unreadable), its thread, whether it earns a receipt. */
export interface Decided {
  classification: Classification | null
  thread: ThreadDecision
  receipt: boolean
}

/** The inbound row for a decision; the caller fills in what became of it. */
export function inboundRow(
  inbound: Inbound,
  decided: { classification: Classification | null; thread: ThreadDecision },
  fields: Pick<InboundMailRow, 'raw_hash' | 'outcome' | 'inquiry_id' | 'inquiry_message_id'>,
): InboundMailRow {
  const { mail, envelope } = inbound
  return {
    id: newId(),
    municipality_id: inbound.municipality.id,
    dedupe_key: mail.dedupeKey,
    message_id: mail.messageId,
    source: envelope.source,
    envelope_from: envelope.from ? clean(envelope.from) : null,
    envelope_to: JSON.stringify((envelope.to ?? []).map(clean)),
    from_address: mail.from ? clean(mail.from.address) : null,
    subject: clean(mail.subject).slice(0, 998),
    size: inbound.raw.length,
    class: decided.classification?.kind ?? null,
    class_reason: decided.classification ? clean(decided.classification.reason).slice(0, 200) : null,
    thread_by: decided.thread.by,
    parse_error: mail.parseError?.code ?? null,
    received_at: nowIso(),
    ...fields,
  }
}
