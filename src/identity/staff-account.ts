/** The account behind a new staff member, shared by seeding (createStaff) and inviting (inviteStaff). */
import type { Trx } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { UserRow } from '../db/schema.ts'
import { Conflict } from '../web/errors.ts'
import * as store from './store.ts'

/**
 * The account with this e-mail (already trimmed and lower-cased), made now if there is none. Refuses a
 * person who already has a role in the municipality: adding them again would silently replace their roles.
 */
export async function staffAccountFor(
  trx: Trx,
  municipalityId: string,
  input: { email: string; name: string; passwordHash: string | null },
): Promise<UserRow> {
  const existing = await store.findUserByEmail(trx, input.email)
  if (existing && (await store.rolesIn(trx, municipalityId, existing.id)).length > 0) {
    throw Conflict('identity.staff.exists', { email: { key: 'identity.staff.exists' } })
  }
  if (existing) return existing
  const user: UserRow = {
    id: newId(),
    email: input.email,
    name: input.name.trim(),
    password_hash: input.passwordHash,
    created_at: nowIso(),
    disabled_at: null,
  }
  await store.insertUser(trx, user)
  return user
}
