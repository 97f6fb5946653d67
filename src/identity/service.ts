/**
 * Staff identity: accounts, roles per municipality, sign-in with throttling, sessions and API tokens.
 * Every change to who may do what is journaled in the municipality it concerns.
 */
import type { Db, Executor } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { Role, UserRow } from '../db/schema.ts'
import { type Actor, record } from '../journal/service.ts'
import { NotFound, TooManyRequests } from '../web/errors.ts'
import { decoy, hashPassword, verifyPassword } from './password.ts'
import { openSession } from './sessions.ts'
import { staffAccountFor } from './staff-account.ts'
import * as store from './store.ts'
import { newApiToken, secretHash } from './tokens.ts'

/** Failed sign-ins allowed per account, and per address, in the window before further tries are refused. */
export const MAX_FAILURES = 5
export const FAILURE_WINDOW_MINUTES = 15

export const findUserByEmail = (db: Executor, email: string) => store.findUserByEmail(db, email)
export const membershipsOf = (db: Executor, userId: string) => store.membershipsOf(db, userId)
export const rolesIn = store.rolesIn
export const findUserById = (db: Executor, id: string) => store.findUserById(db, id)
export * from './invitations.ts'
export { openSession, SESSION_HOURS } from './sessions.ts'
export * from './staff-admin.ts'

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
    const user = await staffAccountFor(trx, municipalityId, { email, name: input.name, passwordHash })
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
  return { user, sessionSecret: await openSession(db, user.id) }
}

export const signOut = (db: Db, sessionId: string) => store.deleteSession(db, sessionId)

/** Create an API token for a staff member in one municipality; the secret is returned once and never stored. */
export async function createApiToken(db: Db, actor: Actor, municipalityId: string, userId: string, name: string) {
  const secret = newApiToken()
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await store.insertApiToken(trx, {
      id,
      municipality_id: municipalityId,
      user_id: userId,
      name,
      token_hash: secretHash(secret),
      created_at: nowIso(),
      last_used_at: null,
      revoked_at: null,
    })
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

/** A staff member's live API tokens in one municipality, newest first. */
export const listApiTokens = (db: Db, municipalityId: string, userId: string) =>
  store.listTokensOf(db, municipalityId, userId)

/** Revoke one of a staff member's own tokens in this municipality; it stops working on the next request. */
export async function revokeApiToken(db: Db, actor: Actor, municipalityId: string, userId: string, tokenId: string) {
  await db.transaction().execute(async (trx) => {
    const token = await store.findLiveTokenById(trx, municipalityId, userId, tokenId)
    if (!token) throw NotFound('identity.token.not_found')
    await store.revokeToken(trx, token.id, nowIso())
    await record(trx, {
      municipalityId,
      actor,
      action: 'identity.token.revoked',
      subject: { type: 'api_token', id: token.id },
      summary: `API token "${token.name}" revoked`,
    })
  })
}
