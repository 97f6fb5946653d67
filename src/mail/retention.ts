/**
 * Forgetting who mail went to, for retention (a citizen who never confirmed their address is forgotten, see
 * citizens/service.ts). The outbox rows stay, for the counts and the Message-IDs the journal names, with the
 * recipient blanked; the development capture's copies go. The composed message itself is a journal document,
 * purged by the journal's own means (journal/purge.ts). Mail still on its way keeps its address.
 */
import type { Trx } from '../db/index.ts'
import { deleteCaptures } from './dev-capture/store.ts'
import { blankRecipients } from './outbox/store.ts'

/** Blank the recipients of the sent mail about `regarding` and drop its captured copies; returns how many. */
export async function forgetRecipients(trx: Trx, regarding: { type: string; id: string }): Promise<number> {
  const messageIds = await blankRecipients(trx, regarding)
  await deleteCaptures(trx, messageIds)
  return messageIds.length
}
