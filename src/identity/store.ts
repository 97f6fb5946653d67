/** SQL for staff users, their roles per municipality, sessions, API tokens and failed sign-ins. */
import type { Executor, Trx } from '../db/index.ts'
import type { Role, UserRow } from '../db/schema.ts'
import type { StaffMembership } from '../web/context.ts'

export const findUserByEmail = (db: Executor, email: string): Promise<UserRow | undefined> =>
  db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()

export const findUserById = (db: Executor, id: string): Promise<UserRow | undefined> =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()

export const insertUser = (trx: Trx, row: UserRow) => trx.insertInto('users').values(row).execute()

export const updateUser = (trx: Trx, id: string, changes: Partial<Omit<UserRow, 'id'>>) =>
  trx.updateTable('users').set(changes).where('id', '=', id).execute()

export async function membershipsOf(db: Executor, userId: string): Promise<StaffMembership[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('municipalities', 'municipalities.id', 'memberships.municipality_id')
    .select(['memberships.municipality_id', 'municipalities.slug', 'municipalities.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('municipalities.name')
    .execute()
  return rows.map((r) => ({ municipalityId: r.municipality_id, slug: r.slug, name: r.name, role: r.role }))
}

export const rolesIn = async (db: Executor, municipalityId: string, userId: string): Promise<Role[]> =>
  (
    await db
      .selectFrom('memberships')
      .select('role')
      .where('municipality_id', '=', municipalityId)
      .where('user_id', '=', userId)
      .execute()
  ).map((r) => r.role)

export async function replaceRoles(
  trx: Trx,
  municipalityId: string,
  userId: string,
  roles: readonly Role[],
  at: string,
): Promise<void> {
  await trx
    .deleteFrom('memberships')
    .where('municipality_id', '=', municipalityId)
    .where('user_id', '=', userId)
    .execute()
  if (roles.length === 0) return
  await trx
    .insertInto('memberships')
    .values(roles.map((role) => ({ municipality_id: municipalityId, user_id: userId, role, created_at: at })))
    .execute()
}

export interface StaffListRow {
  id: string
  email: string
  name: string
  disabled_at: string | null
  role: Role
}

export const listStaffRows = (db: Executor, municipalityId: string): Promise<StaffListRow[]> =>
  db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.disabled_at', 'memberships.role'])
    .where('memberships.municipality_id', '=', municipalityId)
    .orderBy('users.name')
    .execute()

export const insertSession = (
  db: Executor,
  row: { id: string; user_id: string; created_at: string; expires_at: string },
) => db.insertInto('sessions').values(row).execute()

export const findLiveSession = (db: Executor, id: string, now: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.user_id', 'users.email', 'users.name', 'users.disabled_at'])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst()

export const deleteSession = (db: Executor, id: string) => db.deleteFrom('sessions').where('id', '=', id).execute()

export const deleteSessionsOf = (trx: Trx, userId: string) =>
  trx.deleteFrom('sessions').where('user_id', '=', userId).execute()

export const findLiveToken = (db: Executor, tokenHash: string) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.municipality_id',
      'api_tokens.user_id',
      'users.email',
      'users.name',
      'users.disabled_at',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst()

export const recordLoginFailure = (db: Executor, key: string, at: string) =>
  db.insertInto('login_failures').values({ key, at }).execute()

export async function countLoginFailures(db: Executor, key: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', '=', key)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export const clearLoginFailures = (db: Executor, key: string) =>
  db.deleteFrom('login_failures').where('key', '=', key).execute()
