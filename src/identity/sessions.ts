/** Browser sessions: a random secret in an HttpOnly cookie, only its SHA-256 in the database. */
import type { Executor } from '../db/index.ts'
import { nowIso } from '../db/index.ts'
import * as store from './store.ts'
import { newSecret, secretHash } from './tokens.ts'

export const SESSION_HOURS = 12

/** Open a session for a user (after sign-in or an accepted invitation); returns the secret for the cookie. */
export async function openSession(db: Executor, userId: string): Promise<string> {
  const sessionSecret = newSecret()
  await store.insertSession(db, {
    id: secretHash(sessionSecret),
    user_id: userId,
    created_at: nowIso(),
    expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString(),
  })
  return sessionSecret
}

/** The session cookie: HttpOnly, SameSite=Lax, whole site, and Secure whenever the site is served over https. */
export function sessionCookieOptions(baseUrl: string) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: baseUrl.startsWith('https://'),
    maxAge: SESSION_HOURS * 3600,
  }
}
