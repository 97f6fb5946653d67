/**
 * Staff administration for a municipality's administrators: invite people, change their roles here, and
 * disable or enable accounts. Guards keep a municipality from losing its last administrator, and keep one
 * municipality's administrator from disabling an account another municipality also relies on.
 */
import type { Db, Trx } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { Role, UserRow } from '../db/schema.ts'
import { type Actor, record } from '../journal/service.ts'
import { BadRequest, Conflict, type FieldErrors, NotFound } from '../web/errors.ts'
import { staffAccountFor } from './staff-account.ts'
import * as store from './store.ts'
import { newSecret, secretHash } from './tokens.ts'

/** How long an invitation link works. */
export const INVITATION_DAYS = 7
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export interface StaffMember {
  id: string
  email: string
  name: string
  disabled: boolean
  roles: Role[]
}

/** Everyone with a role in the municipality, with all their roles there, by name. */
export async function listStaff(db: Db, municipalityId: string): Promise<StaffMember[]> {
  const people = new Map<string, StaffMember>()
  for (const row of await store.listStaffRows(db, municipalityId)) {
    const person = people.get(row.id) ?? {
      id: row.id,
      email: row.email,
      name: row.name,
      disabled: row.disabled_at !== null,
      roles: [],
    }
    person.roles.push(row.role)
    people.set(row.id, person)
  }
  return [...people.values()]
}

/** One staff member of this municipality; other municipalities' people are not found here. */
export async function findStaffMember(db: Db, municipalityId: string, userId: string): Promise<StaffMember> {
  const person = (await listStaff(db, municipalityId)).find((p) => p.id === userId)
  if (!person) throw NotFound('identity.staff.not_found')
  return person
}

export interface InviteInput {
  email: string
  name: string
  roles: readonly Role[]
}

export interface InviteResult {
  user: UserRow
  /** The secret for the invitation link; absent when the person already has an account with a password. */
  token?: string
  expiresAt?: string
}

function checkInvite(input: InviteInput): FieldErrors {
  const errors: FieldErrors = {}
  if (!input.name.trim()) errors.name = { key: 'web.validation.required' }
  if (!input.email.trim()) errors.email = { key: 'web.validation.required' }
  else if (!EMAIL.test(input.email.trim())) errors.email = { key: 'web.validation.email' }
  if (input.roles.length === 0) errors.roles = { key: 'identity.users.roles_required' }
  return errors
}

/**
 * Invite a person: an account without a password, roles here, and a single-use link valid for
 * INVITATION_DAYS. A person who already has an account (in another municipality) just gets the roles:
 * an invitation must never let one municipality set the password of another's staff member.
 */
export async function inviteStaff(
  db: Db,
  actor: Actor,
  municipalityId: string,
  input: InviteInput,
): Promise<InviteResult> {
  const errors = checkInvite(input)
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  const email = input.email.trim().toLowerCase()
  const roles = [...new Set(input.roles)]
  return db.transaction().execute(async (trx) => {
    const user = await staffAccountFor(trx, municipalityId, { email, name: input.name, passwordHash: null })
    await store.replaceRoles(trx, municipalityId, user.id, roles, nowIso())
    const result: InviteResult = { user }
    if (user.password_hash === null) {
      result.token = newSecret()
      result.expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000).toISOString()
      await store.insertInvitation(trx, {
        id: newId(),
        municipality_id: municipalityId,
        user_id: user.id,
        token_hash: secretHash(result.token),
        invited_by: actor.id ?? null,
        created_at: nowIso(),
        expires_at: result.expiresAt,
        accepted_at: null,
      })
    }
    await record(trx, {
      municipalityId,
      actor,
      action: 'identity.staff.invited',
      subject: { type: 'user', id: user.id },
      summary: `${result.token ? 'Invited' : 'Existing account added'} with roles: ${roles.join(', ')}`,
    })
    return result
  })
}

/** Refuse a change that would leave the municipality without an enabled administrator. */
async function keepAnAdmin(trx: Trx, municipalityId: string, userId: string): Promise<void> {
  const admins = await store.lockEnabledAdmins(trx, municipalityId)
  if (admins.includes(userId) && admins.length === 1) throw Conflict('identity.staff.last_admin')
}

/**
 * Set a staff member's roles in this municipality (none removes them from it). Changes who may do what,
 * so it is journaled with the roles before and after.
 */
export async function setRoles(db: Db, actor: Actor, municipalityId: string, userId: string, roles: readonly Role[]) {
  const wanted = [...new Set(roles)]
  await db.transaction().execute(async (trx) => {
    const before = await store.rolesIn(trx, municipalityId, userId)
    if (before.length === 0) throw NotFound('identity.staff.not_found')
    if (before.includes('admin') && !wanted.includes('admin')) await keepAnAdmin(trx, municipalityId, userId)
    await store.replaceRoles(trx, municipalityId, userId, wanted, nowIso())
    await record(trx, {
      municipalityId,
      actor,
      action: 'identity.roles.changed',
      subject: { type: 'user', id: userId },
      summary: `Roles changed from ${before.sort().join(', ')} to ${wanted.sort().join(', ') || 'none'}`,
    })
  })
}

/** The checks disabling and enabling share: someone of this municipality, whose account is theirs alone. */
async function ownAccount(trx: Trx, municipalityId: string, userId: string): Promise<Role[]> {
  const roles = await store.rolesIn(trx, municipalityId, userId)
  if (roles.length === 0) throw NotFound('identity.staff.not_found')
  if ((await store.otherMunicipalitiesOf(trx, municipalityId, userId)) > 0) {
    throw Conflict('identity.staff.shared_account')
  }
  return roles
}

/**
 * Disable an account: its sessions end and its API tokens are revoked in the same transaction,
 * so it stops working at once. An administrator cannot disable themself.
 */
export async function disableStaff(db: Db, actor: Actor, municipalityId: string, userId: string): Promise<void> {
  if (actor.type === 'user' && actor.id === userId) throw Conflict('identity.staff.disable_self')
  await db.transaction().execute(async (trx) => {
    const roles = await ownAccount(trx, municipalityId, userId)
    if (roles.includes('admin')) await keepAnAdmin(trx, municipalityId, userId)
    const now = nowIso()
    await store.updateUser(trx, userId, { disabled_at: now })
    await store.deleteSessionsOf(trx, userId)
    await store.revokeTokensOf(trx, userId, now)
    await record(trx, {
      municipalityId,
      actor,
      action: 'identity.staff.disabled',
      subject: { type: 'user', id: userId },
      summary: 'Account disabled; sessions ended and API tokens revoked',
    })
  })
}

export async function enableStaff(db: Db, actor: Actor, municipalityId: string, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await ownAccount(trx, municipalityId, userId)
    await store.updateUser(trx, userId, { disabled_at: null })
    await record(trx, {
      municipalityId,
      actor,
      action: 'identity.staff.enabled',
      subject: { type: 'user', id: userId },
      summary: 'Account enabled',
    })
  })
}
