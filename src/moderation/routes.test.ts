import type { FastifyInstance } from 'fastify'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { MunicipalityRow } from '../db/schema.ts'
import { demoEmail } from '../demo/data.ts'
import { createApiToken } from '../identity/service.ts'
import { journalActions, userIdOf } from '../identity/testing.ts'
import { seededWorld } from '../inquiries/testing.ts'
import { DK, SE, signedInAs, TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { callsFor, registerTestSource, submission, submit } from './testing.ts'

registerTestSource()

let address = 1
const freshIp = () => `10.9.${Math.floor(address / 250)}.${(address++ % 250) + 1}`

forEachDialect('moderation over HTTP', (ctx) => {
  let app: FastifyInstance
  let dk: MunicipalityRow
  let se: MunicipalityRow
  beforeAll(async () => {
    ;({ app, dk, se } = await seededWorld(ctx().db))
  })
  afterAll(async () => {
    await app.close()
  })

  const pending = async (text = 'Ring til mig på 20 30 40 50, eller skriv til anna@example.dk') => {
    const input = submission(dk.id, { text })
    const result = await submit(ctx().db, input)
    return { ...result, subjectId: input.subjectId }
  }
  const published = async (text = 'Hvornår tømmes containerne ved skolen?') => {
    const input = submission(dk.id, { text, mode: 'post' })
    const result = await submit(ctx().db, input)
    expect(result.state).toBe('published')
    return { ...result, subjectId: input.subjectId }
  }

  it('shows the house rules in force with their version and date, the footer text as introduction, and older versions', async () => {
    const da = await app.inject('/demo-kommune/house-rules')
    expect(da.statusCode).toBe(200)
    expect(da.body).toContain('<html lang="da"')
    expect(da.body).toContain('<h1>Husregler</h1>')
    expect(da.body).toContain('Version 1, gældende fra')
    expect(da.body).toContain('Skriv ikke med store bogstaver')
    expect(da.body).toContain('Siden er upolitisk.')
    expect(da.body).toContain('href="/demo-kommune/moderation-log"')
    const sv = await app.inject('/demo-kommun/house-rules')
    expect(sv.body).toContain('<h1>Ordningsregler</h1>')
    expect(sv.body).toContain('Undvik versaler')
    expect((await app.inject('/demo-kommune/house-rules?version=7')).statusCode).toBe(404)
    expect((await app.inject('/demo-kommune/house-rules?version=x')).statusCode).toBe(400)
    // Every footer links the structured page.
    expect((await app.inject('/demo-kommune')).body).toContain('href="/demo-kommune/house-rules"')
  })

  it('lets an administrator publish a new version; the old one stays readable and marked as such', async () => {
    const admin = await signedInAs(app, 'admin', SE)
    const page = await admin.get('/demo-kommun/staff/moderation/settings')
    expect(page.statusCode).toBe(200)
    const form: Record<string, string> = {}
    for (const [, name, value] of page.body.matchAll(/name="(title-[a-z]{2}-[a-z-]+)"[^>]*value="([^"]*)"/g)) {
      form[name as string] = value as string
    }
    expect(Object.keys(form)).toHaveLength(39)
    const refused = await admin.post('/demo-kommun/staff/moderation/rules', { 'text-sv-concise': 'utan titel' })
    expect(refused.statusCode).toBe(400)
    const res = await admin.post('/demo-kommun/staff/moderation/rules', {
      ...form,
      'title-sv-concise': 'Var kortfattad',
    })
    expect(res.statusCode).toBe(303)
    const now = await app.inject('/demo-kommun/house-rules')
    expect(now.body).toContain('Version 2, gäller från')
    expect(now.body).toContain('Var kortfattad')
    expect(now.body).toContain('href="/demo-kommun/house-rules?version=1"')
    const old = await app.inject('/demo-kommun/house-rules?version=1')
    expect(old.body).toContain('Det här är version 1, som inte längre gäller.')
    expect(old.body).toContain('Skriv kort och sakligt')
  })

  it('saves the moderation settings, refusing numbers out of range with the values kept', async () => {
    const admin = await signedInAs(app, 'admin', SE)
    await admin.get('/demo-kommun/staff/moderation/settings')
    const base = {
      reportThreshold: '4',
      rateLimitPosts: '5',
      rateLimitMinutes: '30',
      repeatWindowMinutes: '60',
      defaultMaxLength: '1500',
      blocklist_da: '',
      blocklist_sv: 'dumbom\nköp nu | no-commercial',
      blocklist_en: '',
    }
    const bad = await admin.post('/demo-kommun/staff/moderation/settings', {
      ...base,
      reportThreshold: '0',
      blocklist_en: 'x | nope',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Skriv ett heltal från 1 till 100.')
    expect(bad.body).toContain('dumbom')
    const ok = await admin.post('/demo-kommun/staff/moderation/settings', base)
    expect(ok.statusCode).toBe(303)
    const checked = await submit(ctx().db, submission(se.id, { language: 'sv', text: 'Din dumbom!' }))
    expect(checked.findings).toContainEqual(expect.objectContaining({ check: 'blocklist' }))
  })

  it('shows the queue to moderators with findings marked in words, and approves through a real form', async () => {
    const post = await pending()
    const moderator = await signedInAs(app, 'moderator')
    const queue = await moderator.get('/demo-kommune/staff/moderation')
    expect(queue.statusCode).toBe(200)
    expect(queue.body).toContain(`id="item-${post.itemId}"`)
    expect(queue.body).toMatch(/<mark id="item-[^"]+-mark-1"><span>20 30 40 50<\/span>/)
    expect(queue.body).toContain('Telefonnummer')
    expect(queue.body).toContain('E-mailadresse')
    expect(queue.body).toContain('Ingen personoplysninger')
    expect(queue.body).toContain('/assets/app/moderation-queue.js')
    expect(queue.body).toContain('data-events="/demo-kommune/staff/moderation/events"')
    const res = await moderator.post(`/demo-kommune/staff/moderation/${post.itemId}/decide`, {
      action: 'approve',
      revision: '0',
    })
    expect(res.statusCode).toBe(303)
    expect(callsFor(post.subjectId).at(-1)).toMatchObject({ state: 'published' })
    // The same form again: someone (here, the same moderator in another tab) already decided.
    const again = await moderator.post(`/demo-kommune/staff/moderation/${post.itemId}/decide`, {
      action: 'approve',
      revision: '0',
    })
    expect(again.statusCode).toBe(409)
    expect(again.body).toContain('En anden moderator har truffet afgørelse om indlægget')
    expect(callsFor(post.subjectId)).toHaveLength(1)
  })

  it('masks identity numbers in the queue and refuses to hide without a rule, showing why at the field', async () => {
    const post = await pending('Mit CPR er 070761-4285')
    const moderator = await signedInAs(app, 'moderator')
    const queue = await moderator.get('/demo-kommune/staff/moderation')
    expect(queue.body).not.toContain('070761-4285')
    expect(queue.body).toContain('••••••-••••')
    expect(queue.body).toContain('dansk CPR-nummer')
    const res = await moderator.post(`/demo-kommune/staff/moderation/${post.itemId}/decide`, {
      action: 'hide',
      revision: '0',
      rule: '',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain(`href="#field-rule-${post.itemId}"`)
    expect(res.body).toContain('Vælg den husregel, afgørelsen bygger på.')
  })

  /** A moderator hides a pending post under a rule; the notice e-mailed to its author, parsed. */
  async function hideAndReadNotice() {
    const post = await pending()
    const moderator = await signedInAs(app, 'moderator')
    await moderator.get('/demo-kommune/staff/moderation')
    const hidden = await moderator.post(`/demo-kommune/staff/moderation/${post.itemId}/decide`, {
      action: 'hide',
      revision: '0',
      rule: 'no-personal-data',
      reason: 'Skriv ikke dit telefonnummer.',
    })
    expect(hidden.statusCode).toBe(303)
    const mail = await ctx()
      .db.selectFrom('mail_outbox')
      .innerJoin('documents', 'documents.hash', 'mail_outbox.document_hash')
      .select(['documents.body', 'mail_outbox.to_address'])
      .where('subject_id', '=', post.itemId)
      .executeTakeFirstOrThrow()
    const parsed = await simpleParser(Buffer.from(mail.body as Uint8Array))
    const link = parsed.text?.match(/http:\/\/localhost:3000(\/demo-kommune\/appeal\/[A-Za-z0-9_-]+)/)?.[1] as string
    return { post, moderator, parsed, link }
  }

  it('hides with a rule, tells the author by e-mail with an appeal link; the appeal goes to another moderator', async () => {
    const { post, moderator, parsed, link } = await hideAndReadNotice()
    expect(parsed.subject).toBe('Dit indlæg er blevet skjult')
    expect(parsed.text).toContain('husreglen “Ingen personoplysninger”')
    expect(parsed.text).toContain('Skriv ikke dit telefonnummer.')
    expect(parsed.text).toContain('http://localhost:3000/demo-kommune/house-rules#rule-no-personal-data')
    expect(link).toBeTruthy()

    const author = new TestBrowser(app)
    const form = await author.get(link)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Ingen personoplysninger')
    expect((await author.post(link, { text: '' })).statusCode).toBe(400)
    const appealed = await author.post(link, { text: 'Det var mit arbejdsnummer.' })
    expect(appealed.statusCode).toBe(200)
    expect(appealed.body).toContain('En anden moderator afgør den')
    expect((await author.post(link, { text: 'Igen' })).statusCode).toBe(409)
    expect((await author.get('/demo-kommune/appeal/not-a-real-token')).statusCode).toBe(404)

    const queue = await moderator.get('/demo-kommune/staff/moderation')
    expect(queue.body).toContain('Du skjulte selv indlægget')
    const mine = await moderator.post(`/demo-kommune/staff/moderation/${post.itemId}/decide`, {
      action: 'approve',
      revision: '2',
    })
    expect(mine.statusCode).toBe(403)
    const admin = await signedInAs(app, 'admin')
    const adminQueue = await admin.get('/demo-kommune/staff/moderation')
    expect(adminQueue.body).toContain('Imødekom klagen og vis')
    const granted = await admin.post(`/demo-kommune/staff/moderation/${post.itemId}/decide`, {
      action: 'approve',
      revision: '2',
    })
    expect(granted.statusCode).toBe(303)
    expect(callsFor(post.subjectId).at(-1)).toMatchObject({ state: 'published' })
  })

  it('takes an appeal for four weeks after the decision, says until when, and then says the time has run out', async () => {
    const { post, parsed, link } = await hideAndReadNotice()
    const decidedAt = (
      await ctx()
        .db.selectFrom('moderation_items')
        .select('decided_at')
        .where('id', '=', post.itemId)
        .executeTakeFirstOrThrow()
    ).decided_at as string
    const deadline = new Intl.DateTimeFormat('da-DK', { dateStyle: 'long', timeZone: DK.timeZone }).format(
      new Date(Date.parse(decidedAt) + 28 * 86_400_000),
    )
    expect(parsed.text).toContain(`Du kan klage indtil ${deadline}.`)
    const author = new TestBrowser(app)
    expect((await author.get(link)).body).toContain(`Du kan klage indtil ${deadline}.`)

    const tooLate = new Date(Date.parse(decidedAt) - 29 * 86_400_000).toISOString()
    await ctx().db.updateTable('moderation_items').set({ decided_at: tooLate }).where('id', '=', post.itemId).execute()
    const page = await author.get(link)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Fristen for at klage er udløbet')
    expect(page.body).not.toContain('name="text"')
    const late = await author.post(link, { text: 'Det var mit arbejdsnummer.' })
    expect(late.statusCode).toBe(409)
    expect(late.body).toContain('Fristen for at klage er udløbet')
  })

  it('decides in bulk with one rule', async () => {
    const a = await pending()
    const b = await pending()
    const moderator = await signedInAs(app, 'moderator')
    await moderator.get('/demo-kommune/staff/moderation')
    const none = await moderator.post('/demo-kommune/staff/moderation/bulk', { action: 'hide', rule: 'no-commercial' })
    expect(none.statusCode).toBe(400)
    const res = await moderator.post('/demo-kommune/staff/moderation/bulk', {
      action: 'hide',
      rule: 'no-commercial',
      items: [`${a.itemId}:0`, `${b.itemId}:0`],
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toContain('done=bulk&count=2&refused=0')
    expect(callsFor(a.subjectId).at(-1)).toMatchObject({ state: 'hidden' })
    expect(callsFor(b.subjectId).at(-1)).toMatchObject({ state: 'hidden' })
  })

  it('blocks an author, who is then refused with 403; the block is listed and can be lifted early', async () => {
    const input = submission(dk.id)
    const post = await submit(ctx().db, input)
    const moderator = await signedInAs(app, 'moderator')
    await moderator.get('/demo-kommune/staff/moderation')
    const res = await moderator.post(`/demo-kommune/staff/moderation/${post.itemId}/block`, {
      days: '7',
      rule: 'no-threats',
      reason: 'Truede en medarbejder.',
    })
    expect(res.statusCode).toBe(303)
    await expect(submit(ctx().db, submission(dk.id, { author: input.author }))).rejects.toMatchObject({
      status: 403,
      code: 'moderation.author_blocked',
    })

    const list = await moderator.get('/demo-kommune/staff/moderation/blocks')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('<h1>Blokerede forfattere</h1>')
    expect(list.body).toContain(input.author.name)
    expect(list.body).toContain('Truede en medarbejder.')
    const lift = list.body.match(/action="(\/demo-kommune\/staff\/moderation\/blocks\/[0-9a-f-]{36}\/lift)"/)?.[1]
    expect(lift).toBeTruthy()
    // The other municipality's moderators neither see nor lift it.
    const other = await signedInAs(app, 'moderator', SE)
    await other.get('/demo-kommun/staff/moderation/blocks')
    const foreign = await other.post((lift as string).replace('/demo-kommune/', '/demo-kommun/'), {})
    expect(foreign.statusCode).toBe(404)

    const lifted = await moderator.post(lift as string, {})
    expect(lifted.statusCode).toBe(303)
    expect(lifted.headers.location).toBe('/demo-kommune/staff/moderation/blocks?done=lifted')
    const after = await moderator.get(lifted.headers.location as string)
    expect(after.body).toContain('Blokeringen er ophævet')
    expect(after.body).not.toContain(lift as string)
    expect((await moderator.post(lift as string, {})).statusCode).toBe(404)
    expect(await journalActions(ctx().db, dk.id, post.itemId)).toContain('moderation.author.unblocked')
    const again = await submit(ctx().db, submission(dk.id, { author: input.author }))
    expect(again.itemId).toBeTruthy()
  })

  it('reports: a form with the rules as reasons, CSRF-checked, and enough reports take the post down', async () => {
    const post = await published()
    const path = `/demo-kommune/report/${post.itemId}`
    const reporters = [new TestBrowser(app), new TestBrowser(app), new TestBrowser(app)]
    const ips = reporters.map(() => freshIp())
    const first = reporters[0] as TestBrowser
    const form = await first.get(path)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('<option value="no-gossip">Ingen sladder</option>')
    const noToken = await app.inject({
      method: 'POST',
      url: path,
      payload: 'rule=no-gossip',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: first.cookies },
    })
    expect(noToken.statusCode).toBe(403)
    const missing = await first.post(path, { rule: '' }, { 'x-forwarded-for': ips[0] as string })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('Vælg den husregel, du mener, indlægget bryder.')
    for (const [i, reporter] of reporters.entries()) {
      await reporter.get(path)
      const res = await app.inject({
        method: 'POST',
        url: path,
        remoteAddress: ips[i] as string,
        payload: new URLSearchParams({ _csrf: reporter.csrf, rule: 'no-gossip', note: 'Rygter' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: reporter.cookies },
      })
      expect(res.statusCode).toBe(200)
    }
    expect(callsFor(post.subjectId).at(-1)).toMatchObject({ state: 'pending' })
    expect((await app.inject(path)).statusCode).toBe(404)
    expect((await app.inject('/demo-kommune/report/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
  })

  it('publishes the moderation log: counts per rule and month and the decisions, without text or names', async () => {
    const post = await pending('Hemmeligt navn: Karl Kildevæld ringer på 20 30 40 50')
    const moderator = await signedInAs(app, 'moderator')
    await moderator.get('/demo-kommune/staff/moderation')
    await moderator.post(`/demo-kommune/staff/moderation/${post.itemId}/decide`, {
      action: 'hide',
      revision: '0',
      rule: 'no-gossip',
      reason: 'Sladder om Karl',
    })
    const log = await app.inject('/demo-kommune/moderation-log')
    expect(log.statusCode).toBe(200)
    expect(log.body).toContain('Skjulte indlæg pr. måned og regel')
    expect(log.body).toContain('Ingen sladder')
    expect(log.body).toContain('Testindlæg')
    expect(log.body).not.toContain('Karl')
    expect(log.body).not.toContain('Anna Borger')
    expect(log.body).not.toContain('20 30 40 50')
    const filtered = await app.inject('/demo-kommune/moderation-log?source=test')
    expect(filtered.body).toContain('Viser: Testindlæg.')
    const other = await app.inject('/demo-kommune/moderation-log?source=board')
    expect(other.body).not.toContain('Testindlæg</td>')
    expect((await app.inject('/demo-kommune/moderation-log?source=%3Cscript%3E')).statusCode).toBe(400)
  })

  it('exports every moderated post as CSV for staff, identity numbers masked', async () => {
    await pending('Mit CPR er 070761-4285')
    const moderator = await signedInAs(app, 'moderator')
    const res = await moderator.get('/demo-kommune/staff/moderation/export.csv')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/csv')
    expect(res.body).toContain('Mit CPR er ••••••-••••')
    expect(res.body).not.toContain('070761-4285')
    expect(res.body.split('\r\n')[0]).toContain('Forfatter')
    const agent = await signedInAs(app, 'agent')
    expect((await agent.get('/demo-kommune/staff/moderation/export.csv')).statusCode).toBe(403)
  })

  it('POST /api/v1/moderation/checks returns each finding with its rule and position, and problem+json on bad input', async () => {
    const db = ctx().db
    const userId = await userIdOf(db, demoEmail(DK, 'caseworker'))
    const { secret } = await createApiToken(db, { type: 'user', id: userId }, dk.id, userId, 'checks')
    const call = (payload: unknown, token: string | undefined = secret) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/moderation/checks',
        payload: payload as string,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      })
    const text = 'Mit CPR er 070761-4285, køb nu på www.tilbud.dk'
    const res = await call({ text, language: 'da' })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ language: 'da', rulesVersion: 1, maxLength: 2000 })
    expect(body.findings).toEqual([
      expect.objectContaining({
        check: 'identity_number',
        rule: 'no-personal-data',
        index: 11,
        length: 11,
        neverPublic: true,
        detail: 'cpr',
        ruleTitle: 'Ingen personoplysninger',
      }),
      expect.objectContaining({
        check: 'blocklist',
        rule: 'no-commercial',
        index: 24,
        length: 6,
        ruleTitle: 'Ingen reklame',
      }),
      expect.objectContaining({ check: 'link', rule: 'no-commercial', index: 34, length: 13 }),
    ])
    const english = (await call({ text: 'Call 20 30 40 50', language: 'en' })).json()
    expect(english.findings[0]).toMatchObject({ check: 'phone', ruleTitle: 'No personal data', reason: 'Phone number' })
    const bad = await call({ language: 'da' })
    expect(bad.statusCode).toBe(400)
    expect(bad.headers['content-type']).toContain('application/problem+json')
    const wrongType = await call({ text: { nested: true } })
    expect(wrongType.statusCode).toBe(400)
    expect((await call({ text: 'x', extra: 1 })).statusCode).toBe(400)
    expect((await call('{not json')).statusCode).toBe(400)
    expect((await call({ text: 'hej' }, '')).statusCode).toBe(401)
    const spec = await app.inject('/api/openapi.json')
    expect(spec.json().paths['/api/v1/moderation/checks']?.post?.security).toEqual([{ bearer: [] }])
  })

  it('shows posts and authors’ names as text, never as markup', async () => {
    const payload = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    const input = submission(dk.id, {
      text: `Hej ${payload} 20 30 40 50`,
      author: { key: 'xss-author', name: payload },
    })
    const post = await submit(ctx().db, input)
    const moderator = await signedInAs(app, 'moderator')
    const queue = await moderator.get('/demo-kommune/staff/moderation')
    expect(queue.body).toContain(`id="item-${post.itemId}"`)
    expect(queue.body).not.toContain('<script>alert(1)')
    expect(queue.body).not.toContain('<img src=x')
    expect(queue.body).toContain('&lt;script>alert(1)&lt;/script>')
  })

  it('keeps each municipality’s posts to itself', async () => {
    const post = await published()
    const se = await signedInAs(app, 'moderator', SE)
    expect((await app.inject(`/demo-kommun/report/${post.itemId}`)).statusCode).toBe(404)
    await se.get('/demo-kommun/staff/moderation')
    const res = await se.post(`/demo-kommun/staff/moderation/${post.itemId}/decide`, {
      action: 'approve',
      revision: '0',
    })
    expect(res.statusCode).toBe(404)
    expect(callsFor(post.subjectId)).toEqual([])
  })

  it('links the queue and the settings from the staff page for the roles that may use them', async () => {
    const moderator = await signedInAs(app, 'moderator')
    const page = await moderator.get('/demo-kommune/staff')
    expect(page.body).toContain('href="/demo-kommune/staff/moderation"')
    expect(page.body).not.toContain('href="/demo-kommune/staff/moderation/settings"')
    const admin = await signedInAs(app, 'admin')
    expect((await admin.get('/demo-kommune/staff')).body).toContain('href="/demo-kommune/staff/moderation/settings"')
  })
})
