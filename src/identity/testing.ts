/** Test helpers for identity: look people, municipalities and journal entries up directly in the database. */
import type { Db } from '../db/index.ts'
import type { DemoMunicipality } from '../demo/data.ts'

export async function userIdOf(db: Db, email: string): Promise<string> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()
  return row.id
}

export async function municipalityIdOf(db: Db, demo: DemoMunicipality): Promise<string> {
  const row = await db.selectFrom('municipalities').select('id').where('slug', '=', demo.slug).executeTakeFirstOrThrow()
  return row.id
}

/** The journal actions about one subject in one municipality, oldest first. */
export async function journalActions(db: Db, municipalityId: string, subjectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('journal')
    .select('action')
    .where('municipality_id', '=', municipalityId)
    .where('subject_id', '=', subjectId)
    .orderBy('seq')
    .execute()
  return rows.map((r) => r.action)
}

export const rolesOf = async (db: Db, municipalityId: string, userId: string): Promise<string[]> =>
  (
    await db
      .selectFrom('memberships')
      .select('role')
      .where('municipality_id', '=', municipalityId)
      .where('user_id', '=', userId)
      .orderBy('role')
      .execute()
  ).map((r) => r.role)

/** The invitation link shown to the administrator, from the page that shows it once. */
export const invitationLinkIn = (html: string): string | undefined =>
  html.match(/value="https?:\/\/[^"/]+(\/invite\/[^"]+)"/)?.[1]
