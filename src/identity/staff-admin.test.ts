import { escapeHtml } from '@kitajs/html'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEMO_PASSWORD, demoEmail } from '../demo/data.ts'
import { translator } from '../i18n/index.ts'
import { DK, SE, seededApp, signedInAs, TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { SESSION_COOKIE } from './authenticate.ts'
import { createApiToken } from './service.ts'
import { invitationLinkIn, journalActions, municipalityIdOf, rolesOf, userIdOf } from './testing.ts'
import { secretHash } from './tokens.ts'

const en = translator('en')
const has = (body: string, text: string) => expect(body).toContain(escapeHtml(text))

forEachDialect('staff administration', (current) => {
  let app: FastifyInstance
  let admin: TestBrowser
  let dkId: string
  const users = `/${DK.slug}/staff/users`
  beforeAll(async () => {
    app = await seededApp(current().db, { RATE_LIMITS: 'off' })
    dkId = await municipalityIdOf(current().db, DK)
    admin = await signedInAs(app, 'admin', DK)
    await admin.get('/?lang=en')
  })
  afterAll(() => app.close())

  for (const lang of ['da', 'sv', 'en'] as const) {
    it(`shows the staff pages and the profile in ${lang}`, async () => {
      const t = translator(lang)
      const editor = await userIdOf(current().db, demoEmail(DK, 'editor'))
      const pages = {
        [users]: t('identity.users.title'),
        [`${users}/invite`]: t('identity.invite.title'),
        [`${users}/${editor}`]: t('identity.member.title', { name: 'Rasmus Redaktør' }),
        [`/${DK.slug}/staff/profile`]: t('identity.profile.title'),
      }
      for (const [url, title] of Object.entries(pages)) {
        const res = await admin.get(`${url}?lang=${lang}`)
        expect(res.statusCode, url).toBe(200)
        expect(res.body).toContain(`<html lang="${lang}"`)
        has(res.body, title)
      }
      await admin.get('/?lang=en')
    })
  }

  it('lists the tools each role may use on the staff front page', async () => {
    const home = (await admin.get(`/${DK.slug}/staff`)).body
    expect(home).toContain(`href="${users}"`)
    expect(home).toContain(`href="/${DK.slug}/staff/profile"`)
    const agentHome = (await (await signedInAs(app, 'agent', DK)).get(`/${DK.slug}/staff`)).body
    expect(agentHome).not.toContain(`href="${users}"`)
    expect(agentHome).toContain(`href="/${DK.slug}/staff/profile"`)
  })

  it("lists the municipality's staff with their roles, and only theirs", async () => {
    const res = await admin.get(users)
    expect(res.statusCode).toBe(200)
    for (const member of DK.staff) has(res.body, member.name)
    has(res.body, en('identity.role.caseworker'))
    for (const member of SE.staff) expect(res.body).not.toContain(escapeHtml(member.name))
  })

  it('invites a person: account without password, hashed single-use link for 7 days, journaled', async () => {
    const { db } = current()
    expect((await admin.get(`${users}/invite`)).statusCode).toBe(200)
    const res = await admin.post(`${users}/invite`, {
      name: 'Ida Inviteret',
      email: 'Ida@Demo-Kommune.test',
      roles: ['agent', 'caseworker'],
    })
    expect(res.statusCode).toBe(201)
    has(res.body, en('identity.invite.no_mail'))
    const link = invitationLinkIn(res.body)
    expect(link).toMatch(/^\/invite\/[\w-]{40,}$/)
    const token = (link as string).slice('/invite/'.length)

    const userId = await userIdOf(db, 'ida@demo-kommune.test')
    const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow()
    expect(user.password_hash).toBeNull()
    expect(await rolesOf(db, dkId, userId)).toEqual(['agent', 'caseworker'])
    const invitation = await db
      .selectFrom('staff_invitations')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
    expect(invitation.token_hash).toBe(secretHash(token))
    const days = (Date.parse(invitation.expires_at) - Date.parse(invitation.created_at)) / 86_400_000
    expect(days).toBeCloseTo(7, 3)
    expect(await journalActions(db, dkId, userId)).toEqual(['identity.staff.invited'])

    // The invitee cannot sign in before choosing a password.
    expect((await new TestBrowser(app).signIn('ida@demo-kommune.test', '')).statusCode).toBe(400)

    const invitee = new TestBrowser(app)
    const page = await invitee.get(`${link}?lang=en`)
    expect(page.statusCode).toBe(200)
    has(page.body, 'Ida Inviteret')

    const short = await invitee.post(link as string, { password: 'too short', confirm: 'too short' })
    expect(short.statusCode).toBe(400)
    has(short.body, en('web.validation.min_length', { limit: 12 }))
    const mismatch = await invitee.post(link as string, {
      password: 'lang nok adgangskode',
      confirm: 'noget andet helt',
    })
    expect(mismatch.statusCode).toBe(400)
    has(mismatch.body, en('identity.invitation.mismatch'))

    const accepted = await invitee.post(link as string, {
      password: 'lang nok adgangskode',
      confirm: 'lang nok adgangskode',
    })
    expect(accepted.statusCode).toBe(303)
    expect(accepted.headers.location).toBe(`/${DK.slug}/staff`)
    expect(accepted.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ httpOnly: true })
    expect((await invitee.get(`/${DK.slug}/staff`)).statusCode).toBe(200)
    expect(await journalActions(db, dkId, userId)).toEqual(['identity.staff.invited', 'identity.invitation.accepted'])

    // Single use: the link is spent, and the new password works.
    const again = await new TestBrowser(app).get(link as string)
    expect(again.statusCode).toBe(404)
    has(again.body, translator('da')('identity.invitation.invalid'))
    expect((await new TestBrowser(app).signIn('ida@demo-kommune.test', 'lang nok adgangskode')).statusCode).toBe(303)
  })

  it('refuses an expired invitation link', async () => {
    const { db } = current()
    const res = await admin.post(`${users}/invite`, {
      name: 'Ole Udløbet',
      email: 'ole@demo-kommune.test',
      roles: 'agent',
    })
    expect(res.statusCode).toBe(201)
    const link = invitationLinkIn(res.body) as string
    await db
      .updateTable('staff_invitations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('token_hash', '=', secretHash(link.slice('/invite/'.length)))
      .execute()
    const browser = new TestBrowser(app)
    expect((await browser.get(link)).statusCode).toBe(404)
    await browser.get('/login')
    const post = await browser.post(link, { password: 'lang nok adgangskode', confirm: 'lang nok adgangskode' })
    expect(post.statusCode).toBe(404)
  })

  it('re-renders the invitation form with every problem and the values kept', async () => {
    await admin.get(`${users}/invite`)
    const res = await admin.post(`${users}/invite`, { name: '', email: 'not-an-address' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('data-error-summary')
    has(res.body, en('web.validation.required'))
    has(res.body, en('web.validation.email'))
    has(res.body, en('identity.users.roles_required'))
    expect(res.body).toContain('value="not-an-address"')

    const taken = await admin.post(`${users}/invite`, {
      name: 'Karen Igen',
      email: demoEmail(DK, 'agent'),
      roles: ['editor'],
    })
    expect(taken.statusCode).toBe(409)
    has(taken.body, en('identity.staff.exists'))
    expect(taken.body).toContain('value="Karen Igen"')
    expect(taken.body).toMatch(/value="editor"\s+checked/)
  })

  it('gives an existing account from another municipality roles here without a link that could reset its password', async () => {
    const { db } = current()
    const seAgent = await userIdOf(db, demoEmail(SE, 'agent'))
    const res = await admin.post(`${users}/invite`, { name: 'Karin', email: demoEmail(SE, 'agent'), roles: ['agent'] })
    expect(res.statusCode).toBe(201)
    expect(invitationLinkIn(res.body)).toBeUndefined()
    has(res.body, en('identity.invite.existing', { name: 'Karin Kontaktcenter' }))
    expect(await db.selectFrom('staff_invitations').select('id').where('user_id', '=', seAgent).execute()).toEqual([])
    expect(await journalActions(db, dkId, seAgent)).toEqual(['identity.staff.invited'])

    // A shared account is not disabled by one of its municipalities; removing the roles here is the way.
    const disable = await admin.post(`${users}/${seAgent}/disable`, {})
    expect(disable.statusCode).toBe(409)
    has(disable.body, en('identity.staff.shared_account'))
    const removed = await admin.post(`${users}/${seAgent}/roles`, {})
    expect(removed.statusCode).toBe(303)
    expect(await rolesOf(db, dkId, seAgent)).toEqual([])
    expect((await signedInAs(app, 'agent', SE)).cookies).toContain(SESSION_COOKIE)
  })

  it("changes a person's roles and journals it", async () => {
    const { db } = current()
    const editor = await userIdOf(db, demoEmail(DK, 'editor'))
    const page = await admin.get(`${users}/${editor}`)
    expect(page.statusCode).toBe(200)
    const res = await admin.post(`${users}/${editor}/roles`, { roles: ['editor', 'moderator'] })
    expect(res.statusCode).toBe(303)
    expect(await rolesOf(db, dkId, editor)).toEqual(['editor', 'moderator'])
    expect(await journalActions(db, dkId, editor)).toContain('identity.roles.changed')
    const after = await admin.get(res.headers.location as string)
    has(after.body, en('web.saved'))
  })

  it('keeps the last administrator', async () => {
    const { db } = current()
    const me = await userIdOf(db, demoEmail(DK, 'admin'))
    const before = await journalActions(db, dkId, me)
    const res = await admin.post(`${users}/${me}/roles`, { roles: ['agent'] })
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('data-error-summary')
    has(res.body, en('identity.staff.last_admin'))
    expect(res.body).toMatch(/value="agent"\s+checked/)
    expect(await rolesOf(db, dkId, me)).toEqual(['admin'])
    expect(await journalActions(db, dkId, me)).toEqual(before)
  })

  it('does not let an administrator disable themself', async () => {
    const { db } = current()
    const me = await userIdOf(db, demoEmail(DK, 'admin'))
    const res = await admin.post(`${users}/${me}/disable`, {})
    expect(res.statusCode).toBe(409)
    has(res.body, en('identity.staff.disable_self'))
    expect((await admin.get(users)).statusCode).toBe(200)
  })

  it('disables an account at once (sessions and tokens) and enables it again, journaling both', async () => {
    const { db } = current()
    const caseworkerId = await userIdOf(db, demoEmail(DK, 'caseworker'))
    const caseworker = await signedInAs(app, 'caseworker', DK)
    const { secret } = await createApiToken(db, { type: 'system' }, dkId, caseworkerId, 'integration')
    const bearer = { authorization: `Bearer ${secret}` }
    expect((await app.inject({ url: '/api/v1/me', headers: bearer })).statusCode).toBe(200)

    expect((await admin.post(`${users}/${caseworkerId}/disable`, {})).statusCode).toBe(303)
    const cut = await caseworker.get(`/${DK.slug}/staff`)
    expect(cut.statusCode).toBe(303)
    expect(cut.headers.location).toMatch(/^\/login/)
    const api = await app.inject({ url: '/api/v1/me', headers: bearer })
    expect(api.statusCode).toBe(401)
    expect(api.headers['content-type']).toContain('application/problem+json')
    expect((await new TestBrowser(app).signIn(demoEmail(DK, 'caseworker'))).statusCode).toBe(401)
    has((await admin.get(users)).body, en('identity.users.disabled'))

    expect((await admin.post(`${users}/${caseworkerId}/enable`, {})).statusCode).toBe(303)
    expect((await new TestBrowser(app).signIn(demoEmail(DK, 'caseworker'), DEMO_PASSWORD)).statusCode).toBe(303)
    expect(await journalActions(db, dkId, caseworkerId)).toEqual(
      expect.arrayContaining(['identity.staff.disabled', 'identity.staff.enabled']),
    )
  })

  it("cannot reach another municipality's staff through its own routes", async () => {
    const { db } = current()
    const seEditor = await userIdOf(db, demoEmail(SE, 'editor'))
    const seId = await municipalityIdOf(db, SE)
    expect((await admin.get(`${users}/${seEditor}`)).statusCode).toBe(404)
    expect((await admin.post(`${users}/${seEditor}/roles`, { roles: ['admin'] })).statusCode).toBe(404)
    expect((await admin.post(`${users}/${seEditor}/disable`, {})).statusCode).toBe(404)
    expect(await rolesOf(db, dkId, seEditor)).toEqual([])
    expect(await rolesOf(db, seId, seEditor)).toEqual(['editor'])
    expect(await journalActions(db, dkId, seEditor)).toEqual([])
  })
})
