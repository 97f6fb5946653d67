/**
 * Reading outgoing mail back for staff: the list, and one message as it left (the captured bytes when the
 * development capture took it, otherwise the composed message kept in the journal), parsed for display.
 */
import { type ParsedMail, simpleParser } from 'mailparser'
import type { Executor } from '../../db/index.ts'
import type { MailOutboxRow } from '../../db/schema.ts'
import { findDocument } from '../../journal/service.ts'
import { findOutboxMessage } from '../outbox/service.ts'
import * as captures from './store.ts'

export interface MailForDisplay {
  row: MailOutboxRow
  capturedAt: string | null
  /** Undefined when the journal document was purged and no capture holds the message. */
  parsed: ParsedMail | undefined
}

export async function readMessage(
  db: Executor,
  municipalityId: string,
  id: string,
): Promise<MailForDisplay | undefined> {
  const row = await findOutboxMessage(db, id)
  if (!row || row.municipality_id !== municipalityId) return undefined
  const capture = await captures.findCaptureByMessageId(db, row.message_id)
  const raw = capture?.raw ?? (await findDocument(db, municipalityId, row.document_hash))?.body ?? undefined
  return {
    row,
    capturedAt: capture?.captured_at ?? null,
    parsed: raw ? await simpleParser(Buffer.from(raw), { skipHtmlToText: true, skipTextLinks: true }) : undefined,
  }
}
