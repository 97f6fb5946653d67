/**
 * One way in for every inbound e-mail (SMTP listener, `POST /api/v1/channels/email/inbound`, IMAP
 * polling): find the municipality, keep the raw message as a journal document, parse, classify,
 * thread, and act (contract `shared/contracts/email.md` §4-5):
 *
 * - human, threaded: an incoming message on that inquiry (reopened when closed); no receipt;
 * - human, new (or unreadable): a new inquiry through the intake's `receiveInquiry`;
 * - auto-reply: a system note on its inquiry, never reopens, never answered;
 * - bulk: kept, not an inquiry; loop: dropped with a journal note;
 * - bounce: the outbox message and the inquiry's outgoing message marked undelivered, a note for staff.
 *
 * One `inbound_mails` row per dedupe key (Message-ID, or the raw bytes' SHA-256), written in the
 * same transaction as the effect, so a second delivery of the same message changes nothing.
 */
import type { Config } from '../../config.ts'
import type { Db } from '../../db/index.ts'
import type { InboundMailRow, MunicipalityRow } from '../../db/schema.ts'
import {
  type Classification,
  classify,
  isOurAddress,
  type ParsedMail,
  parseInbound,
  shouldSendReceipt,
  type ThreadDecision,
} from '../../mail/inbound/index.ts'
import { findMunicipalityById } from '../../municipalities/service.ts'
import { publish } from '../../web/live.ts'
import * as actions from './actions.ts'
import { clean, type Inbound, type InboundEnvelope } from './inbound.ts'

export type { InboundEnvelope, InboundSource } from './inbound.ts'

import { findMunicipalityForAddress, ownAddresses } from './settings.ts'
import * as store from './store.ts'
import { resolveThread } from './thread.ts'

export const INGEST_OUTCOMES = ['created', 'appended', 'noted', 'bounce', 'kept', 'dropped'] as const
export type IngestOutcome = (typeof INGEST_OUTCOMES)[number]

export type IngestResult =
  | { outcome: 'refused'; reason: 'unknown_recipient' }
  | {
      outcome: IngestOutcome | 'duplicate'
      inboundId: string
      municipalityId: string
      inquiryId: string | null
      class: string | null
      threadBy: string
      parseError: string | null
    }

/** The municipality the message is for: the way in's own, else the first recipient that is one of ours. */
async function findMunicipality(
  db: Db,
  config: Config,
  envelope: InboundEnvelope,
  mail: ParsedMail,
): Promise<MunicipalityRow | undefined> {
  if (envelope.municipalityId) return findMunicipalityById(db, envelope.municipalityId)
  const recipients = [...(envelope.to ?? []), ...mail.deliveredTo, ...[...mail.to, ...mail.cc].map((a) => a.address)]
  for (const address of recipients) {
    const municipality = await findMunicipalityForAddress(db, config, address)
    if (municipality) return municipality
  }
  return undefined
}

const resultOf = (row: InboundMailRow, duplicate = false): IngestResult => ({
  outcome: duplicate ? 'duplicate' : (row.outcome as IngestOutcome),
  inboundId: row.id,
  municipalityId: row.municipality_id,
  inquiryId: row.inquiry_id,
  class: row.class,
  threadBy: row.thread_by,
  parseError: row.parse_error,
})

/**
 * Receive one raw message. Resolves once the outcome is committed (the SMTP listener acknowledges
 * only then); `refused` when no recipient is a municipality's address.
 * @example await ingestRawMail(db, config, raw, { source: 'smtp', to: ['demo-kommune@radhus.test'] })
 */
export async function ingestRawMail(
  db: Db,
  config: Config,
  raw: Buffer,
  envelope: InboundEnvelope = { source: 'api' },
): Promise<IngestResult> {
  const parsed = await parseInbound(raw, {
    ourAddresses: [],
    maxBytes: config.smtpInboundMaxBytes,
    envelopeTo: envelope.to ?? [],
  })
  const municipality = await findMunicipality(db, config, envelope, parsed)
  if (!municipality) return { outcome: 'refused', reason: 'unknown_recipient' }
  const ours = await ownAddresses(db, config, municipality)
  const mail: ParsedMail = {
    ...parsed,
    dedupeKey: clean(parsed.dedupeKey),
    messageId: parsed.messageId === null ? null : clean(parsed.messageId),
    fromUs: parsed.from ? isOurAddress(parsed.from.address, ours) : false,
  }
  const existing = await store.findInboundByDedupeKey(db, municipality.id, mail.dedupeKey)
  if (existing) return resultOf(existing, true)
  try {
    const row = await act(db, config, { municipality, raw, mail, envelope, ours })
    await publish(db, {
      municipalityId: municipality.id,
      topic: 'inquiries',
      id: row.inquiry_id ?? row.id,
      kind: row.outcome,
    })
    return resultOf(row)
  } catch (error) {
    // Two deliveries at once: the unique dedupe key let one commit; the other changed nothing.
    const winner = await store.findInboundByDedupeKey(db, municipality.id, mail.dedupeKey)
    if (winner) return resultOf(winner, true)
    throw error
  }
}

/** Decide and do; returns the committed inbound row. */
async function act(db: Db, config: Config, inbound: Inbound): Promise<InboundMailRow> {
  const { mail, municipality } = inbound
  if (mail.parseError) {
    return actions.newInquiry(db, config, inbound, { classification: null, thread: { by: 'new' }, receipt: false })
  }
  const classification: Classification = classify(mail)
  const thread: ThreadDecision = await resolveThread(db, municipality.id, mail, classification, {
    secret: config.secret,
    ourAddresses: inbound.ours,
  })
  const decided = { classification, thread, receipt: shouldSendReceipt(classification, thread) }
  switch (classification.kind) {
    case 'loop':
      return actions.keep(db, inbound, decided, 'dropped')
    case 'bulk':
      return actions.keep(db, inbound, decided, 'kept')
    case 'bounce':
      return thread.inquiry ? actions.bounce(db, inbound, decided) : actions.keep(db, inbound, decided, 'kept')
    case 'auto_reply':
      return thread.inquiry ? actions.autoReply(db, inbound, decided) : actions.keep(db, inbound, decided, 'kept')
    case 'human':
      return thread.inquiry ? actions.append(db, inbound, decided) : actions.newInquiry(db, config, inbound, decided)
  }
}
