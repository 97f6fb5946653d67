import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { freshAddress, seededWorld } from '../inquiries/testing.ts'
import { TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { seedVerifiedCitizen } from './service.ts'
import {
  configureUnsubscribeLinks,
  readUnsubscribeToken,
  registerSubscriptionKind,
  type Subscription,
  unsubscribePath,
  unsubscribeToken,
} from './subscriptions.ts'

describe('unsubscribe links', () => {
  it('name what they stop, and any change to them, or another instance’s secret, makes them invalid', () => {
    configureUnsubscribeLinks('one instance')
    const subscription = { kind: 'testing', subjectId: newId(), citizenId: newId() }
    const token = unsubscribeToken(subscription)
    expect(token).toMatch(/^testing\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/)
    expect(readUnsubscribeToken(token)).toEqual(subscription)
    const [kind, subject, citizen, signature] = token.split('.') as [string, string, string, string]
    const other = unsubscribeToken({ ...subscription, citizenId: newId(), subjectId: newId() }).split('.')
    for (const changed of [
      [kind, subject, other[2], signature],
      [kind, other[1], citizen, signature],
      ['board', subject, citizen, signature],
      [kind, subject, citizen, signature.slice(0, -2)],
      [kind, subject, citizen, `${signature.slice(0, -1)}${signature.endsWith('A') ? 'Q' : 'A'}`],
      // The same bytes spelt otherwise: the last character's unused bits.
      [kind, subject, citizen, `${signature.slice(0, -1)}${String.fromCharCode(signature.charCodeAt(21) + 1)}`],
      [kind, subject, citizen],
      [kind, subject, citizen, signature, 'x'],
    ])
      expect(readUnsubscribeToken(changed.join('.'))).toBeUndefined()
    expect(() => unsubscribeToken({ ...subscription, subjectId: 'not-a-uuid' })).toThrow()
    configureUnsubscribeLinks('another instance')
    expect(readUnsubscribeToken(token)).toBeUndefined()
  })
})

// A kind of this test's own: the mechanism, whatever feature owns the subscription. Registered once for both
// databases' apps (a kind is registered per process, as the features do).
const active = new Set<string>()
const subjects = new Set<string>()
const stopped: string[] = []
const key = (subjectId: string, citizenId: string) => `${subjectId}:${citizenId}`
registerSubscriptionKind('testing', {
  async find(_db, _municipality, { subjectId, citizenId }, language) {
    if (!subjects.has(subjectId)) return undefined
    return { title: `${subjectId} (${language})`, active: active.has(key(subjectId, citizenId)) }
  },
  async stop(_db, _municipality, citizen, subjectId) {
    active.delete(key(subjectId, citizen.id))
    stopped.push(key(subjectId, citizen.id))
  },
})

forEachDialect('one-click unsubscribe', (current) => {
  let app: FastifyInstance
  let dk: MunicipalityRow
  let se: MunicipalityRow
  beforeAll(async () => {
    ;({ app, dk, se } = await seededWorld(current().db))
  })
  afterAll(() => app.close())

  /** A citizen of `dk` following a new subject; returns the link's path. */
  async function following(): Promise<{ path: string; subscription: Subscription }> {
    const citizen = await current()
      .db.transaction()
      .execute((trx) =>
        seedVerifiedCitizen(trx, dk, { email: `${newId().slice(-12)}@example.dk`, name: 'Ulla', language: 'da' }),
      )
    const subscription = { kind: 'testing', subjectId: newId(), citizenId: citizen.id }
    subjects.add(subscription.subjectId)
    active.add(key(subscription.subjectId, citizen.id))
    return { path: unsubscribePath(dk.slug, subscription), subscription }
  }
  const isActive = (s: Subscription) => active.has(key(s.subjectId, s.citizenId))
  const oneClick = (path: string, headers: Record<string, string> = {}, payload = 'List-Unsubscribe=One-Click') =>
    app.inject({
      method: 'POST',
      url: path,
      payload,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': freshAddress(), ...headers },
    })

  it('shows what a link stops and a button, and stops it only when the button is pressed', async () => {
    const { path, subscription } = await following()
    const browser = new TestBrowser(app)
    const page = await browser.get(path)
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(page.body).toContain(`fordi du følger “${subscription.subjectId} (da)”`)
    expect(page.body).toContain(`<form method="post" action="${path}">`)
    expect(isActive(subscription)).toBe(true)

    const done = await browser.post(path, {}, { 'x-forwarded-for': freshAddress() })
    expect(done.statusCode).toBe(200)
    expect(done.body).toContain(`Du får ikke længere e-mails om “${subscription.subjectId} (da)”`)
    expect(done.body).toContain('href="/demo-kommune/me"')
    expect(isActive(subscription)).toBe(false)
    // Opened again: already stopped, no button.
    const again = await browser.get(path)
    expect(again.body).toContain('Du får ikke længere e-mails')
    expect(again.body).not.toContain('<form method="post" action="/demo-kommune/unsubscribe/')
  })

  it('takes a mail program’s one-click POST without cookies, urlencoded or multipart; again changes nothing', async () => {
    const first = await following()
    const res = await oneClick(first.path)
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe('Unsubscribed')
    expect(isActive(first.subscription)).toBe(false)
    const before = stopped.length
    expect((await oneClick(first.path)).statusCode).toBe(200)
    expect(stopped.length).toBe(before)

    const second = await following()
    const boundary = 'radhus-test-boundary'
    const multipart = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="List-Unsubscribe"',
      '',
      'One-Click',
      `--${boundary}--`,
      '',
    ].join('\r\n')
    const viaMultipart = await oneClick(
      second.path,
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
      multipart,
    )
    expect(viaMultipart.statusCode).toBe(200)
    expect(isActive(second.subscription)).toBe(false)
  })

  it('keeps CSRF for anything but the one-click body', async () => {
    const { path, subscription } = await following()
    const forged = await oneClick(path, {}, 'List-Unsubscribe=Other')
    expect(forged.statusCode).toBe(403)
    expect(isActive(subscription)).toBe(true)
  })

  it('refuses a changed link, a link under another municipality and a malformed one, in the reader’s language', async () => {
    const { path, subscription } = await following()
    const tampered = `${path.slice(0, -3)}${path.endsWith('AAA') ? 'BBB' : 'AAA'}`
    const changed = await app.inject(tampered)
    expect(changed.statusCode).toBe(404)
    expect(changed.body).toContain('Linket er ikke gyldigt her')
    expect(changed.body).toContain('href="/demo-kommune/me"')
    expect((await oneClick(tampered)).statusCode).toBe(404)

    const elsewhere = path.replace(`/${dk.slug}/`, `/${se.slug}/`)
    const swedish = await app.inject(elsewhere)
    expect(swedish.statusCode).toBe(404)
    expect(swedish.body).toContain('Länken gäller inte här')
    expect((await oneClick(elsewhere)).statusCode).toBe(404)
    expect(isActive(subscription)).toBe(true)

    expect((await app.inject(`/${dk.slug}/unsubscribe/not<a>token-at-all-here`)).statusCode).toBe(400)
    const english = await app.inject(`${path}?lang=en`)
    expect(english.body).toContain(`because you follow “${subscription.subjectId} (en)”`)
  })
})
