/** SQL for citizens, their one-time links and their sessions. */
import type { Executor, Trx } from '../db/index.ts'
import type { CitizenLinkRow, CitizenLinkTable, CitizenRow, NewCitizenRow } from '../db/tables/citizens.ts'

export const findCitizenByEmail = (db: Executor, municipalityId: string, email: string) =>
  db
    .selectFrom('citizens')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('email', '=', email)
    .executeTakeFirst()

export const findCitizen = (db: Executor, id: string): Promise<CitizenRow | undefined> =>
  db.selectFrom('citizens').selectAll().where('id', '=', id).executeTakeFirst()

export async function insertCitizen(trx: Trx, row: NewCitizenRow): Promise<void> {
  await trx.insertInto('citizens').values(row).execute()
}

export async function setVerified(trx: Trx, id: string, at: string): Promise<void> {
  await trx
    .updateTable('citizens')
    .set({ verified_at: at })
    .where('id', '=', id)
    .where('verified_at', 'is', null)
    .execute()
}

export async function insertLink(trx: Trx, row: CitizenLinkTable): Promise<void> {
  await trx.insertInto('citizen_links').values(row).execute()
}

export const findLink = (
  db: Executor,
  municipalityId: string,
  tokenHash: string,
): Promise<CitizenLinkRow | undefined> =>
  db
    .selectFrom('citizen_links')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst()

/**
 * Use a link: one UPDATE that only succeeds while the link is unused and unexpired, so two clicks at
 * once (or a retried request) cannot both sign in.
 */
export async function useLink(trx: Trx, tokenHash: string, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('citizen_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function insertSession(
  db: Executor,
  row: { id: string; citizen_id: string; created_at: string; expires_at: string },
): Promise<void> {
  await db.insertInto('citizen_sessions').values(row).execute()
}

export const findLiveSession = (db: Executor, id: string, now: string) =>
  db
    .selectFrom('citizen_sessions as s')
    .innerJoin('citizens as c', 'c.id', 's.citizen_id')
    .selectAll('c')
    .where('s.id', '=', id)
    .where('s.expires_at', '>', now)
    .executeTakeFirst()

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('citizen_sessions').where('id', '=', id).execute()
}

/**
 * Remove a citizen who never confirmed their address, with their links (sessions begin only when an address is
 * confirmed); false when verified (or gone).
 */
export async function deleteUnverifiedCitizen(trx: Trx, id: string): Promise<boolean> {
  const citizen = await findCitizen(trx, id)
  if (!citizen || citizen.verified_at) return false
  await trx.deleteFrom('citizen_links').where('citizen_id', '=', id).execute()
  await trx.deleteFrom('citizens').where('id', '=', id).execute()
  return true
}
