/**
 * Accepting an invitation: the invitee opens the single-use link, chooses a password and is signed in.
 * A link works once, for INVITATION_DAYS, and only for an account that has no password yet.
 */
import type { Db } from '../db/index.ts'
import { nowIso } from '../db/index.ts'
import { record } from '../journal/service.ts'
import { BadRequest, type FieldErrors, NotFound } from '../web/errors.ts'
import { hashPassword } from './password.ts'
import { openSession } from './sessions.ts'
import * as store from './store.ts'
import { secretHash } from './tokens.ts'

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 1024

type InvitationRow = NonNullable<Awaited<ReturnType<typeof store.findInvitationByHash>>>

const usable = (inv: InvitationRow | undefined, now: string): inv is InvitationRow =>
  inv !== undefined && !inv.accepted_at && inv.expires_at > now && !inv.disabled_at && inv.password_hash === null

/** The invitation behind a link, if it can still be used; otherwise 404 with one message for every reason. */
export async function findInvitation(db: Db, token: string) {
  const inv = await store.findInvitationByHash(db, secretHash(token))
  if (!usable(inv, nowIso())) throw NotFound('identity.invitation.invalid')
  return { email: inv.email, name: inv.name, municipalitySlug: inv.slug }
}

function checkPassword(password: string, confirm: string): FieldErrors {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return { password: { key: 'web.validation.min_length', vars: { limit: MIN_PASSWORD_LENGTH } } }
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return { password: { key: 'web.validation.max_length', vars: { limit: MAX_PASSWORD_LENGTH } } }
  }
  if (password !== confirm) return { confirm: { key: 'identity.invitation.mismatch' } }
  return {}
}

/** Set the invitee's password, use up the link, and open a session; returns the cookie secret. */
export async function acceptInvitation(db: Db, token: string, password: string, confirm: string) {
  const errors = checkPassword(password, confirm)
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  // Hashing is slow on purpose; do it before the transaction so no lock is held meanwhile.
  const passwordHash = await hashPassword(password)
  return db.transaction().execute(async (trx) => {
    const now = nowIso()
    const inv = await store.findInvitationByHash(trx, secretHash(token))
    // The conditional update makes the link single-use even when two requests race.
    if (!usable(inv, now) || !(await store.markInvitationAccepted(trx, inv.id, now))) {
      throw NotFound('identity.invitation.invalid')
    }
    await store.updateUser(trx, inv.user_id, { password_hash: passwordHash })
    await record(trx, {
      municipalityId: inv.municipality_id,
      actor: { type: 'user', id: inv.user_id },
      action: 'identity.invitation.accepted',
      subject: { type: 'user', id: inv.user_id },
      summary: 'Invitation accepted and password chosen',
    })
    return { sessionSecret: await openSession(trx, inv.user_id), municipalitySlug: inv.slug }
  })
}
