/**
 * The e-mail channel over HTTP: the raw-mail API with and without a token, and the administrator's
 * settings page in three languages, with its validation, its journal entry and the sealed password.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/index.ts'
import { demoEmail } from '../../demo/data.ts'
import { createApiToken } from '../../identity/service.ts'
import { journalActions, municipalityIdOf, userIdOf } from '../../identity/testing.ts'
import { SYSTEM } from '../../journal/service.ts'
import { fixture } from '../../mail/inbound/fixture-world.ts'
import { DK, SE, seededApp, signedInAs } from '../../testing/app.ts'
import { forEachDialect } from '../../testing/db.ts'
import { IMAP_POLL_JOB } from './imap-job.ts'
import { open } from './secret-box.ts'

const URL = '/api/v1/channels/email/inbound'

forEachDialect('e-mail channel routes', (current) => {
  let app: FastifyInstance
  let db: Db
  let dkId: string
  const tokens: Record<string, string> = {}

  beforeAll(async () => {
    db = current().db
    app = await seededApp(db, { RATE_LIMITS: 'off' })
    dkId = await municipalityIdOf(db, DK)
    for (const role of ['agent', 'caseworker'] as const) {
      const userId = await userIdOf(db, demoEmail(DK, role))
      tokens[role] = (await createApiToken(db, SYSTEM, dkId, userId, `mail pipe ${role}`)).secret
    }
  })
  afterAll(() => app.close())

  const post = (payload: Buffer | string, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: URL, payload, headers })

  describe('POST /api/v1/channels/email/inbound', () => {
    it("takes a raw message with an agent's token, for the token's municipality", async () => {
      const res = await post(fixture('02-multipart-alternative.eml'), {
        authorization: `Bearer ${tokens.agent}`,
        'content-type': 'message/rfc822',
      })
      expect(res.statusCode).toBe(202)
      const body = res.json()
      expect(body).toMatchObject({ outcome: 'created', class: 'human', thread: 'new', parseError: null })
      const inquiry = await db
        .selectFrom('inquiries')
        .selectAll()
        .where('id', '=', body.inquiryId)
        .executeTakeFirstOrThrow()
      expect(inquiry).toMatchObject({
        municipality_id: dkId,
        channel: 'email',
        citizen_email: 'asa.lindstrom@example.se',
      })
      const again = await post(fixture('02-multipart-alternative.eml'), {
        authorization: `Bearer ${tokens.agent}`,
        'content-type': 'message/rfc822',
      })
      expect(again.json()).toMatchObject({ outcome: 'duplicate', id: body.id, inquiryId: body.inquiryId })
    })

    it('refuses a caller without a token (401) and a caseworker (403), storing nothing', async () => {
      const raw = fixture('03-html-only.eml')
      expect((await post(raw, { 'content-type': 'message/rfc822' })).statusCode).toBe(401)
      const res = await post(raw, { authorization: `Bearer ${tokens.caseworker}`, 'content-type': 'message/rfc822' })
      expect(res.statusCode).toBe(403)
      expect(res.headers['content-type']).toContain('application/problem+json')
      const rows = await db
        .selectFrom('inbound_mails')
        .select('id')
        .where('dedupe_key', '=', '<b5e0c1d2.html-only.0003@example.net>')
        .execute()
      expect(rows).toEqual([])
    })

    it('answers a body that is not message/rfc822 with 415', async () => {
      const res = await post('{"raw":"x"}', {
        authorization: `Bearer ${tokens.agent}`,
        'content-type': 'application/json',
      })
      expect(res.statusCode).toBe(415)
      expect(res.json().code).toBe('inquiries.email.api.media_type')
    })

    it('is in the OpenAPI document', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
      const operation = doc.paths[URL]?.post
      expect(operation?.requestBody?.content).toHaveProperty(['message/rfc822'])
      expect(operation?.responses).toHaveProperty('202')
    })
  })

  describe('the settings page', () => {
    const page = `/${DK.slug}/staff/settings/email`

    it('shows the default inbound address in Danish, Swedish and English', async () => {
      const admin = await signedInAs(app, 'admin')
      const expected = { da: 'E-mailindstillinger', sv: 'E-postinställningar', en: 'E-mail settings' }
      for (const [lang, title] of Object.entries(expected)) {
        const res = await admin.get(`${page}?lang=${lang}`)
        expect(res.statusCode).toBe(200)
        expect(res.body).toContain(title)
        expect(res.body).toContain(`${DK.slug}@radhus.test`)
      }
    })

    it('refuses a bad address and a taken one with a translated message, keeping what was typed', async () => {
      const admin = await signedInAs(app, 'admin')
      await admin.get(`${page}?lang=en`)
      const bad = await admin.post(page, { inboundAddress: 'not an address', imapPollMinutes: '5' })
      expect(bad.statusCode).toBe(400)
      expect(bad.body).toContain('Enter one e-mail address')
      expect(bad.body).toContain('value="not an address"')
      const taken = await admin.post(page, { inboundAddress: `${SE.slug}@radhus.test` })
      expect(taken.statusCode).toBe(400)
      expect(taken.body).toContain('Another municipality receives mail at this address.')
      const noPassword = await admin.post(page, { imapEnabled: 'on', imapHost: 'imap.example.dk', imapUser: 'u' })
      expect(noPassword.statusCode).toBe(400)
    })

    it('saves the settings, journaled, with the IMAP password sealed, and starts polling', async () => {
      const admin = await signedInAs(app, 'admin')
      await admin.get(page)
      const res = await admin.post(page, {
        inboundAddress: 'Borgerservice@Kommune.example',
        imapEnabled: 'on',
        imapHost: 'imap.kommune.example',
        imapPort: '993',
        imapSecure: 'on',
        imapUser: 'borgerservice',
        imapPassword: 'hemmeligt-kodeord',
        imapMailbox: 'INBOX',
        imapPollMinutes: '10',
      })
      expect(res.statusCode).toBe(303)
      const row = await db
        .selectFrom('email_settings')
        .selectAll()
        .where('municipality_id', '=', dkId)
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({
        inbound_address: 'borgerservice@kommune.example',
        imap_enabled: 1,
        imap_poll_minutes: 10,
      })
      expect(row.imap_password).not.toContain('hemmeligt')
      expect(open(row.imap_password as string, app.config.secret)).toBe('hemmeligt-kodeord')
      expect(await journalActions(db, dkId, dkId)).toContain('email.settings.changed')
      const entries = await db
        .selectFrom('journal')
        .select('summary')
        .where('action', '=', 'email.settings.changed')
        .execute()
      expect(entries.map((e) => e.summary).join(' ')).not.toContain('hemmeligt')
      const jobs = await db.selectFrom('jobs').selectAll().where('kind', '=', IMAP_POLL_JOB).execute()
      expect(jobs).toHaveLength(1)
      // Saving again keeps the stored password and does not start a second polling chain.
      await admin.get(page)
      const again = await admin.post(page, {
        inboundAddress: 'borgerservice@kommune.example',
        imapEnabled: 'on',
        imapHost: 'imap.kommune.example',
        imapUser: 'borgerservice',
        imapPollMinutes: '10',
      })
      expect(again.statusCode).toBe(303)
      const kept = await db
        .selectFrom('email_settings')
        .select('imap_password')
        .where('municipality_id', '=', dkId)
        .executeTakeFirstOrThrow()
      expect(open(kept.imap_password as string, app.config.secret)).toBe('hemmeligt-kodeord')
      expect(await db.selectFrom('jobs').select('id').where('kind', '=', IMAP_POLL_JOB).execute()).toHaveLength(1)
      const shown = await admin.get(`${page}?saved=1&lang=en`)
      expect(shown.body).toContain('The e-mail settings are saved.')
      expect(shown.body).not.toContain('hemmeligt')
    })
  })
})
