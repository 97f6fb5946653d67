import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mailsTo } from '../board/testing.ts'
import type { Db } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { seededWorld } from '../inquiries/testing.ts'
import { sha256Hex } from '../journal/hash.ts'
import { forEachDialect } from '../testing/db.ts'
import { AppError } from '../web/errors.ts'
import {
  citizenCookieOptions,
  onCitizenVerified,
  requestSignInLink,
  SIGN_IN_LINK_MINUTES,
  sendLink,
  startCitizen,
  VERIFY_LINK_HOURS,
  verifyLink,
} from './service.ts'

const context = (municipality: MunicipalityRow) => ({
  municipality,
  baseUrl: 'http://localhost:3000',
  mailDomain: 'radhus.test',
})
const tokenIn = (text: string) => text.match(/\/link\/([A-Za-z0-9_-]+)/)?.[1] as string

forEachDialect('citizens', (current) => {
  let db: Db
  let dk: MunicipalityRow
  let close: () => Promise<void>
  beforeAll(async () => {
    db = current().db
    const world = await seededWorld(db)
    dk = world.dk
    close = () => world.app.close()
  })
  afterAll(() => close())

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => (error instanceof AppError ? { status: error.status, code: error.code } : error),
    )

  it('keeps the session in an HttpOnly, SameSite=Lax cookie, Secure when the site is served over https', () => {
    expect(citizenCookieOptions('https://kommune.example')).toMatchObject({
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/',
    })
    expect(citizenCookieOptions('http://localhost:3000').secure).toBe(false)
  })

  describe('links', () => {
    it('verifies once: the address, the hooks, a session stored by hash only; the same link again is refused', async () => {
      const heard: string[] = []
      onCitizenVerified(async (_trx, citizen) => {
        heard.push(citizen.id)
      })
      const citizen = await db.transaction().execute(async (trx) => {
        const c = await startCitizen(trx, dk, { email: ' Ida@Example.DK ', name: 'Ida', language: 'da' })
        await sendLink(trx, context(dk), c, 'verify', '/demo-kommune/questions')
        return c
      })
      expect(citizen.email).toBe('ida@example.dk')
      expect(citizen.verified_at).toBeNull()
      const [mail] = await mailsTo(db, 'ida@example.dk')
      const token = tokenIn(mail?.text ?? '')
      const link = await db
        .selectFrom('citizen_links')
        .selectAll()
        .where('citizen_id', '=', citizen.id)
        .executeTakeFirstOrThrow()
      expect(link.token_hash).toBe(sha256Hex(token))
      expect(Date.parse(link.expires_at) - Date.parse(link.created_at)).toBe(VERIFY_LINK_HOURS * 3600_000)

      const used = await verifyLink(db, dk, token)
      expect(used.citizen.verified_at).toBeTruthy()
      expect(used.nextPath).toBe('/demo-kommune/questions')
      expect(heard).toContain(citizen.id)
      const session = await db
        .selectFrom('citizen_sessions')
        .selectAll()
        .where('citizen_id', '=', citizen.id)
        .executeTakeFirstOrThrow()
      expect(session.id).toBe(sha256Hex(used.sessionSecret))
      expect(await refusal(verifyLink(db, dk, token))).toEqual({ status: 410, code: 'citizens.link.used' })
      expect(await refusal(verifyLink(db, dk, 'x'.repeat(43)))).toEqual({ status: 404, code: 'citizens.link.unknown' })
    })

    it('signs in by a link that lasts an hour and expires; nothing is sent for an unknown address', async () => {
      await requestSignInLink(db, context(dk), { email: 'IDA@example.dk', nextPath: null, language: 'da' })
      await requestSignInLink(db, context(dk), { email: 'stranger@example.dk', nextPath: null, language: 'da' })
      expect(await mailsTo(db, 'stranger@example.dk')).toEqual([])
      const mail = (await mailsTo(db, 'ida@example.dk')).at(-1)
      expect(mail?.purpose).toBe('citizen.sign_in')
      const token = tokenIn(mail?.text ?? '')
      const link = await db
        .selectFrom('citizen_links')
        .selectAll()
        .where('token_hash', '=', sha256Hex(token))
        .executeTakeFirstOrThrow()
      expect(Date.parse(link.expires_at) - Date.parse(link.created_at)).toBe(SIGN_IN_LINK_MINUTES * 60_000)
      await db
        .updateTable('citizen_links')
        .set({ expires_at: new Date(Date.now() - 1).toISOString() })
        .where('token_hash', '=', link.token_hash)
        .execute()
      expect(await refusal(verifyLink(db, dk, token))).toEqual({ status: 410, code: 'citizens.link.expired' })
    })

    it('keeps a link to its municipality', async () => {
      const se = (await db
        .selectFrom('municipalities')
        .selectAll()
        .where('slug', '=', 'demo-kommun')
        .executeTakeFirstOrThrow()) as MunicipalityRow
      await requestSignInLink(db, context(dk), { email: 'ida@example.dk', nextPath: null, language: 'da' })
      const token = tokenIn((await mailsTo(db, 'ida@example.dk')).at(-1)?.text ?? '')
      expect(await refusal(verifyLink(db, se, token))).toEqual({ status: 404, code: 'citizens.link.unknown' })
    })
  })
})
