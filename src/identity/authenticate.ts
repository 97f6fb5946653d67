/** Who is calling: a browser session (cookie) or an API token (`Authorization: Bearer`), or nobody. */
import type { Db } from '../db/index.ts'
import { nowIso } from '../db/index.ts'
import type { StaffPrincipal } from '../web/context.ts'
import * as store from './store.ts'
import { API_TOKEN_PREFIX, secretHash } from './tokens.ts'

export const SESSION_COOKIE = 'radhus_session'

export async function authenticate(
  db: Db,
  sessionSecret: string | undefined,
  authorization: string | undefined,
): Promise<StaffPrincipal | undefined> {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]
  if (bearer?.startsWith(API_TOKEN_PREFIX)) {
    const token = await store.findLiveToken(db, secretHash(bearer))
    if (!token || token.disabled_at) return undefined
    const now = nowIso()
    await store.touchToken(db, token.id, now, new Date(Date.parse(now) - 60_000).toISOString())
    return {
      userId: token.user_id,
      email: token.email,
      name: token.name,
      via: 'token',
      tokenMunicipalityId: token.municipality_id,
      memberships: (await store.membershipsOf(db, token.user_id)).filter(
        (m) => m.municipalityId === token.municipality_id,
      ),
    }
  }
  if (!sessionSecret) return undefined
  const session = await store.findLiveSession(db, secretHash(sessionSecret), nowIso())
  if (!session || session.disabled_at) return undefined
  return {
    userId: session.user_id,
    email: session.email,
    name: session.name,
    via: 'session',
    sessionId: session.id,
    memberships: await store.membershipsOf(db, session.user_id),
  }
}
