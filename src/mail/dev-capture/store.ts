/** SQL for the development capture: what the capture transport "delivered", keyed by Message-ID. */
import type { Executor } from '../../db/index.ts'
import type { MailCaptureRow, MailCaptureTable } from '../../db/schema.ts'

/** Store a captured message; a second capture of the same Message-ID is ignored (delivery is idempotent). */
export async function insertCapture(db: Executor, row: MailCaptureTable): Promise<void> {
  await db
    .insertInto('mail_captures')
    .values(row)
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute()
}

export const findCaptureByMessageId = (db: Executor, messageId: string): Promise<MailCaptureRow | undefined> =>
  db.selectFrom('mail_captures').selectAll().where('message_id', '=', messageId).executeTakeFirst()

/** Drop the captured copies of these messages (retention: their recipient is being forgotten). */
export async function deleteCaptures(db: Executor, messageIds: readonly string[]): Promise<void> {
  if (messageIds.length) await db.deleteFrom('mail_captures').where('message_id', 'in', messageIds).execute()
}
