/** SQL for staff users, their roles per municipality, invitations, sessions, API tokens and failed sign-ins. */
import type { Kysely } from 'kysely'
import { isPostgres } from '../db/dialect.ts'
import type { Executor, Trx } from '../db/index.ts'
import type { ApiTokenRow, Role, StaffInvitationRow, UserRow } from '../db/schema.ts'
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

/** Municipalities other than this one where the user holds a role (an account shared between tenants). */
export async function otherMunicipalitiesOf(db: Executor, municipalityId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.count<number>('municipality_id').distinct().as('n'))
    .where('user_id', '=', userId)
    .where('municipality_id', '!=', municipalityId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * The enabled administrators of a municipality, read under a lock on PostgreSQL so two administrators
 * demoting each other at once cannot both pass the "not the last admin" check. (SQLite has one writer.)
 */
export async function lockEnabledAdmins(trx: Trx, municipalityId: string): Promise<string[]> {
  let query = trx
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.disabled_at'])
    .where('memberships.municipality_id', '=', municipalityId)
    .where('memberships.role', '=', 'admin')
  if (isPostgres(trx as unknown as Kysely<unknown>)) query = query.forUpdate()
  const rows = await query.execute()
  return rows.filter((r) => !r.disabled_at).map((r) => r.id)
}

export const insertInvitation = (trx: Trx, row: StaffInvitationRow) =>
  trx.insertInto('staff_invitations').values(row).execute()

export const findInvitationByHash = (db: Executor, tokenHash: string) =>
  db
    .selectFrom('staff_invitations')
    .innerJoin('users', 'users.id', 'staff_invitations.user_id')
    .innerJoin('municipalities', 'municipalities.id', 'staff_invitations.municipality_id')
    .select([
      'staff_invitations.id',
      'staff_invitations.municipality_id',
      'staff_invitations.user_id',
      'staff_invitations.expires_at',
      'staff_invitations.accepted_at',
      'users.email',
      'users.name',
      'users.password_hash',
      'users.disabled_at',
      'municipalities.slug',
    ])
    .where('staff_invitations.token_hash', '=', tokenHash)
    .executeTakeFirst()

/** Mark an invitation used; false when another request used it first (single use). */
export async function markInvitationAccepted(trx: Trx, id: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('staff_invitations')
    .set({ accepted_at: at })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export const insertApiToken = (trx: Trx, row: ApiTokenRow) => trx.insertInto('api_tokens').values(row).execute()

export const listTokensOf = (db: Executor, municipalityId: string, userId: string): Promise<ApiTokenRow[]> =>
  db
    .selectFrom('api_tokens')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute()

export const findLiveTokenById = (db: Executor, municipalityId: string, userId: string, id: string) =>
  db
    .selectFrom('api_tokens')
    .selectAll()
    .where('id', '=', id)
    .where('municipality_id', '=', municipalityId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()

export const revokeToken = (trx: Trx, id: string, at: string) =>
  trx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute()

export const revokeTokensOf = (trx: Trx, userId: string, at: string) =>
  trx
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute()

/** Note a token's use, at most once a minute, so a busy integration does not write on every call. */
export const touchToken = (db: Executor, id: string, at: string, notSince: string) =>
  db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notSince)]))
    .execute()

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
