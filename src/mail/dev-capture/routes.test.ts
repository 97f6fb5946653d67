import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runDueJobs } from '../../jobs/service.ts'
import { findMunicipalityBySlug } from '../../municipalities/service.ts'
import { DK, SE, seededApp, signedInAs, TestBrowser } from '../../testing/app.ts'
import { forEachDialect } from '../../testing/db.ts'
import { sendMailHandler } from '../outbox/send.ts'
import { municipalitySender, queueMail, SEND_JOB } from '../outbox/service.ts'
import { captureTransport } from '../transport.ts'

forEachDialect('outgoing mail pages', (current) => {
  let app: FastifyInstance
  let ids: { dk: string; se: string; failed: string }

  const queueFor = async (slug: string, subject: string, text: string) => {
    const town = await findMunicipalityBySlug(current().db, slug)
    if (!town) throw new Error(`no ${slug}`)
    return current()
      .db.transaction()
      .execute((trx) =>
        queueMail(trx, {
          municipalityId: town.id,
          to: { address: 'borger@example.dk', name: 'Åse <b>Ørsted</b>' },
          from: municipalitySender(town, 'radhus.test'),
          subject,
          text,
          inReplyTo: '<citizen-1@example.dk>',
          regarding: { type: 'inquiry', id: 'inq-1' },
          purpose: 'inquiry.receipt',
          autoSubmitted: 'auto-replied',
        }),
      )
  }

  beforeAll(async () => {
    app = await seededApp(current().db)
    const dk = await queueFor(DK.slug, 'Kvittering <script>alert(1)</script> æøå', 'Tak <img src=x onerror=alert(2)>')
    const se = await queueFor(SE.slug, 'Kvitto för ärendet', 'Tack')
    await runDueJobs(current().db, { [SEND_JOB]: sendMailHandler(captureTransport) })
    // Queued after the run: still waiting, and not captured.
    const failed = await queueFor(DK.slug, 'Venter stadig', 'Kø')
    ids = { dk: dk.id, se: se.id, failed: failed.id }
  })
  afterAll(() => app.close())

  it('lists the municipality’s mail newest first for an admin, with the dynamic text escaped', async () => {
    const admin = await signedInAs(app, 'admin', DK)
    const res = await admin.get('/demo-kommune/staff/mail?lang=en')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<h1>Outgoing e-mail</h1>')
    expect(res.body).toContain('No SMTP server is configured')
    expect(res.body).toContain('Kvittering &lt;script>alert(1)&lt;/script> æøå')
    expect(res.body).not.toContain('<script>alert(1)')
    expect(res.body).toContain('Åse &lt;b>Ørsted&lt;/b> &lt;borger@example.dk>')
    expect(res.body).toContain('inquiry.receipt')
    expect(res.body.indexOf('Venter stadig')).toBeLessThan(res.body.indexOf('Kvittering'))
    expect(res.body).toMatch(/Queued<\/td>[\s\S]*Sent<\/td>/)
    expect(res.body).not.toContain('Kvitto för ärendet')
    expect(res.body).toContain('<th scope="col">To</th>')
  })

  it('shows one message’s headers and text, escaped, in each language', async () => {
    const admin = await signedInAs(app, 'admin', DK)
    const da = await admin.get(`/demo-kommune/staff/mail/${ids.dk}?lang=da`)
    expect(da.statusCode).toBe(200)
    expect(da.body).toContain('<h2>Brevhoved</h2>')
    expect(da.body).toMatch(/<th scope="row">Message-ID<\/th>\s*<td>&lt;[0-9a-f-]{36}@radhus\.test><\/td>/)
    expect(da.body).toMatch(/<th scope="row">In-Reply-To<\/th>\s*<td>&lt;citizen-1@example\.dk><\/td>/)
    expect(da.body).toMatch(
      /<th scope="row">Subject<\/th>\s*<td>Kvittering &lt;script>alert\(1\)&lt;\/script> æøå<\/td>/,
    )
    expect(da.body).toMatch(/<th scope="row">Auto-Submitted<\/th>\s*<td>auto-replied<\/td>/)
    expect(da.body).toContain('Tak &lt;img src=x onerror=alert(2)>')
    expect(da.body).not.toContain('<img src=x')
    const sv = await admin.get(`/demo-kommune/staff/mail/${ids.dk}?lang=sv`)
    expect(sv.body).toContain('<h2>Brevhuvud</h2>')
    const en = await admin.get(`/demo-kommune/staff/mail/${ids.failed}?lang=en`)
    expect(en.statusCode).toBe(200)
    expect(en.body).toContain('<h2>Headers</h2>')
    expect(en.body).toContain('Venter stadig')
  })

  it('refuses other roles, other municipalities’ admins and anonymous visitors', async () => {
    const agent = await signedInAs(app, 'agent', DK)
    expect((await agent.get('/demo-kommune/staff/mail')).statusCode).toBe(403)
    expect((await agent.get(`/demo-kommune/staff/mail/${ids.dk}`)).statusCode).toBe(403)
    const foreign = await signedInAs(app, 'admin', SE)
    expect((await foreign.get('/demo-kommune/staff/mail')).statusCode).toBe(403)
    // Another municipality's message is not found under this one's address.
    expect((await foreign.get(`/demo-kommun/staff/mail/${ids.dk}`)).statusCode).toBe(404)
    expect((await foreign.get(`/demo-kommun/staff/mail/${ids.se}`)).statusCode).toBe(200)
    const anonymous = await new TestBrowser(app).get('/demo-kommune/staff/mail')
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toMatch(/^\/login\?next=/)
  })

  it('answers a malformed id with a translated 400 and an unknown one with 404', async () => {
    const admin = await signedInAs(app, 'admin', DK)
    const bad = await admin.get('/demo-kommune/staff/mail/not-an-id?lang=en')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('<html lang="en"')
    expect((await admin.get('/demo-kommune/staff/mail/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
    expect((await admin.get('/demo-kommune/staff/mail?page=0')).statusCode).toBe(400)
  })
})
