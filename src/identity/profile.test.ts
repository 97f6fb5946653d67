import { escapeHtml } from '@kitajs/html'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { demoEmail } from '../demo/data.ts'
import { translator } from '../i18n/index.ts'
import { DK, SE, seededApp, signedInAs, type TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { journalActions, municipalityIdOf, userIdOf } from './testing.ts'

const en = translator('en')
const has = (body: string, text: string) => expect(body).toContain(escapeHtml(text))
const secretIn = (html: string) => html.match(/id="new-token"[^>]*value="(rdh_[^"]+)"/)?.[1]

forEachDialect('profile and API tokens', (current) => {
  let app: FastifyInstance
  let agent: TestBrowser
  let dkId: string
  const profile = `/${DK.slug}/staff/profile`
  beforeAll(async () => {
    app = await seededApp(current().db, { RATE_LIMITS: 'off' })
    dkId = await municipalityIdOf(current().db, DK)
    agent = await signedInAs(app, 'agent', DK)
    await agent.get('/?lang=en')
  })
  afterAll(() => app.close())

  async function createToken(name: string): Promise<string> {
    await agent.get(profile)
    const res = await agent.post(`${profile}/tokens`, { name })
    expect(res.statusCode).toBe(201)
    const secret = secretIn(res.body)
    expect(secret).toBeDefined()
    return secret as string
  }

  it('shows your name and e-mail', async () => {
    const res = await agent.get(profile)
    expect(res.statusCode).toBe(200)
    has(res.body, 'Karen Kontaktcenter')
    has(res.body, demoEmail(DK, 'agent'))
    has(res.body, en('identity.profile.none'))
  })

  it('creates a token shown once, lists it, and notes when a bearer last used it', async () => {
    const { db } = current()
    const secret = await createToken('Sagssystem <integration>')
    const listed = await agent.get(profile)
    expect(listed.body).not.toContain(secret)
    has(listed.body, 'Sagssystem <integration>')
    expect(listed.body).not.toContain('<integration>')
    has(listed.body, en('identity.profile.never'))

    const row = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('name', '=', 'Sagssystem <integration>')
      .executeTakeFirstOrThrow()
    expect(row.last_used_at).toBeNull()
    expect(await journalActions(db, dkId, row.id)).toEqual(['identity.token.created'])

    const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({
      email: demoEmail(DK, 'agent'),
      municipality: { slug: DK.slug },
      roles: ['agent'],
    })
    const used = await db
      .selectFrom('api_tokens')
      .select('last_used_at')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow()
    expect(used.last_used_at).not.toBeNull()
    expect((await agent.get(profile)).body).not.toContain(escapeHtml(en('identity.profile.never')))
  })

  it('scopes a token to its municipality', async () => {
    const secret = await createToken('scoped')
    const bearer = { authorization: `Bearer ${secret}` }
    expect((await app.inject({ url: `/${DK.slug}/staff`, headers: bearer })).statusCode).toBe(200)
    expect((await app.inject({ url: `/${SE.slug}/staff`, headers: bearer })).statusCode).toBe(403)
    expect((await app.inject({ url: `/${SE.slug}/staff/profile`, headers: bearer })).statusCode).toBe(403)
  })

  it('revokes a token: journaled, and the API answers 401 problem+json', async () => {
    const { db } = current()
    const secret = await createToken('to revoke')
    const row = await db.selectFrom('api_tokens').select('id').where('name', '=', 'to revoke').executeTakeFirstOrThrow()
    await agent.get(profile)
    const res = await agent.post(`${profile}/tokens/${row.id}/revoke`, {})
    expect(res.statusCode).toBe(303)
    has((await agent.get(res.headers.location as string)).body, en('identity.profile.revoked'))
    expect(await journalActions(db, dkId, row.id)).toEqual(['identity.token.created', 'identity.token.revoked'])

    const api = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } })
    expect(api.statusCode).toBe(401)
    expect(api.headers['content-type']).toContain('application/problem+json')
    expect(api.json()).toMatchObject({ status: 401, code: 'web.error.unauthorized' })
  })

  it("cannot revoke someone else's token", async () => {
    const { db } = current()
    const editor = await signedInAs(app, 'editor', DK)
    await editor.get(`${profile}?lang=en`)
    expect((await editor.post(`${profile}/tokens`, { name: 'editor token' })).statusCode).toBe(201)
    const row = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('name', '=', 'editor token')
      .executeTakeFirstOrThrow()
    expect(row.user_id).toBe(await userIdOf(db, demoEmail(DK, 'editor')))
    await agent.get(profile)
    expect((await agent.post(`${profile}/tokens/${row.id}/revoke`, {})).statusCode).toBe(404)
    const after = await db
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow()
    expect(after.revoked_at).toBeNull()
  })

  it('re-renders the form when the token has no name', async () => {
    await agent.get(profile)
    const res = await agent.post(`${profile}/tokens`, { name: '   ' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('data-error-summary')
    has(res.body, en('web.validation.required'))
  })
})
