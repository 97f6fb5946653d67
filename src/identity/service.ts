/**
 * Staff identity: accounts, roles per municipality, sign-in with throttling, sessions and API tokens.
 * Every change to who may do what is journaled in the municipality it concerns.
 */
import type { Db, Executor } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { Role, UserRow } from '../db/schema.ts'
import { type Actor, record } from '../journal/service.ts'
import { Conflict, TooManyRequests } from '../web/errors.ts'
import { decoy, hashPassword, verifyPassword } from './password.ts'
import * as store from './store.ts'
import { newApiToken, newSecret, secretHash } from './tokens.ts'

export const SESSION_HOURS = 12
/** Failed sign-ins allowed per account, and per address, in the window before further tries are refused. */
export const MAX_FAILURES = 5
export const FAILURE_WINDOW_MINUTES = 15

export const findUserByEmail = (db: Executor, email: string) => store.findUserByEmail(db, email)
export const membershipsOf = (db: Executor, userId: string) => store.membershipsOf(db, userId)
export const rolesIn = store.rolesIn

export interface NewStaff {
  email: string
  name: string
  roles: readonly Role[]
  password?: string
  /** Pre-computed hash (demo seeding hashes once for all demo users). */
  passwordHash?: string
}

/**
 * Create a staff account (or reuse the one with that e-mail) and give it roles in a municipality.
 * @example await createStaff(db, SYSTEM, municipality.id, { email: 'a@k.dk', name: 'Anna', roles: ['agent'], password })
 */
export async function createStaff(db: Db, actor: Actor, municipalityId: string, input: NewStaff): Promise<UserRow> {
  const email = input.email.trim().toLowerCase()
  const passwordHash = input.passwordHash ?? (input.password ? await hashPassword(input.password) : null)
  return db.transaction().execute(async (trx) => {
    let user = await store.findUserByEmail(trx, email)
    if (user && (await store.rolesIn(trx, municipalityId, user.id)).length > 0) {
      throw Conflict('identity.staff.exists', { email: { key: 'identity.staff.exists' } })
    }
    if (!user) {
      user = {
        id: newId(),
        email,
        name: input.name.trim(),
        password_hash: passwordHash,
        created_at: nowIso(),
        disabled_at: null,
      }
      await store.insertUser(trx, user)
    }
    await store.replaceRoles(trx, municipalityId, user.id, input.roles, nowIso())
    await record(trx, {
      municipalityId,
      actor,
      action: 'identity.staff.added',
      subject: { type: 'user', id: user.id },
      summary: `Staff member added with roles: ${input.roles.join(', ')}`,
    })
    return user
  })
}

export async function setRoles(db: Db, actor: Actor, municipalityId: string, userId: string, roles: readonly Role[]) {
  await db.transaction().execute(async (trx) => {
    await store.replaceRoles(trx, municipalityId, userId, roles, nowIso())
    await record(trx, {
      municipalityId,
      actor,
      action: 'identity.roles.changed',
      subject: { type: 'user', id: userId },
      summary: roles.length ? `Roles set to: ${roles.join(', ')}` : 'All roles removed',
    })
  })
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()

/**
 * Check a password and open a session. Refuses (429) once an account or an address has had too many
 * failures recently, even with the right password, so guessing cannot go on in the background.
 */
export async function signIn(
  db: Db,
  email: string,
  password: string,
  address: string,
): Promise<{ user: UserRow; sessionSecret: string } | undefined> {
  const keys = [`account:${email.trim().toLowerCase()}`, `address:${address}`]
  const since = minutesAgo(FAILURE_WINDOW_MINUTES)
  for (const key of keys) {
    if ((await store.countLoginFailures(db, key, since)) >= MAX_FAILURES) {
      throw TooManyRequests('identity.login.throttled', { minutes: FAILURE_WINDOW_MINUTES })
    }
  }
  const user = await store.findUserByEmail(db, email.trim())
  const ok = await verifyPassword(user?.password_hash ?? (await decoy()), password)
  if (!user || !ok || user.disabled_at) {
    for (const key of keys) await store.recordLoginFailure(db, key, nowIso())
    return undefined
  }
  await store.clearLoginFailures(db, keys[0] as string)
  const sessionSecret = newSecret()
  await store.insertSession(db, {
    id: secretHash(sessionSecret),
    user_id: user.id,
    created_at: nowIso(),
    expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString(),
  })
  return { user, sessionSecret }
}

export const signOut = (db: Db, sessionId: string) => store.deleteSession(db, sessionId)

/** Create an API token for a staff member in one municipality; the secret is returned once and never stored. */
export async function createApiToken(db: Db, actor: Actor, municipalityId: string, userId: string, name: string) {
  const secret = newApiToken()
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({
        id,
        municipality_id: municipalityId,
        user_id: userId,
        name,
        token_hash: secretHash(secret),
        created_at: nowIso(),
        last_used_at: null,
        revoked_at: null,
      })
      .execute()
    await record(trx, {
      municipalityId,
      actor,
      action: 'identity.token.created',
      subject: { type: 'api_token', id },
      summary: `API token "${name}" created`,
    })
  })
  return { id, secret }
}
