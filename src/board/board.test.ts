import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { demoEmail } from '../demo/data.ts'
import { findUserByEmail } from '../identity/service.ts'
import { answerInquiry } from '../inquiries/case/service.ts'
import { seededWorld } from '../inquiries/testing.ts'
import { decideItem } from '../moderation/decisions.ts'
import { DK, SE, signedInAs } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { CitizenBrowser, confirmLink, lastLinkTo, mailsTo, runDueJobs } from './testing.ts'

const CPR = '070761-4285'
let seq = 0
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${seq++}`

forEachDialect('the public Q&A board', (current) => {
  let app: FastifyInstance
  let db: Db
  let dk: MunicipalityRow
  let se: MunicipalityRow
  beforeAll(async () => {
    db = current().db
    ;({ app, dk, se } = await seededWorld(db))
  })
  afterAll(() => app.close())

  const topicOf = async (m: MunicipalityRow) =>
    (await db.selectFrom('inquiry_topics').select('id').where('municipality_id', '=', m.id).executeTakeFirstOrThrow())
      .id
  const question = (id: string) =>
    db.selectFrom('board_questions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const setMode = (m: MunicipalityRow, mode: string) =>
    db
      .insertInto('board_settings')
      .values({ municipality_id: m.id, moderation_mode: mode, max_length: 2000, updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('municipality_id').doUpdateSet({ moderation_mode: mode }))
      .execute()
  const moderator = async (m: MunicipalityRow) => {
    const user = await findUserByEmail(db, demoEmail(m.slug === DK.slug ? DK : SE, 'moderator'))
    return {
      municipality: m,
      actor: { type: 'user' as const, id: user?.id as string },
      baseUrl: 'http://localhost:3000',
      mailDomain: 'radhus.test',
    }
  }
  const decide = async (
    m: MunicipalityRow,
    itemId: string,
    action: 'approve' | 'hide' | 'hand_off' | 'edit',
    text?: string,
  ) => {
    const item = await db.selectFrom('moderation_items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow()
    return decideItem(db, await moderator(m), itemId, {
      action,
      revision: item.revision,
      ...(action === 'hide' ? { rule: 'no-personal-data' as const, reason: 'Personal data' } : {}),
      ...(text ? { text } : {}),
    })
  }

  /** Ask as a new citizen, confirm the mailed link; returns the signed-in browser and the question id. */
  async function askAndVerify(
    m: MunicipalityRow,
    fields: { title: string; body: string },
    email = `${unique('c')}@example.dk`,
  ) {
    const browser = new CitizenBrowser(app)
    await browser.get(`/${m.slug}/questions/ask`)
    const res = await browser.post(`/${m.slug}/questions/ask`, {
      topic: await topicOf(m),
      ...fields,
      name: 'Mette',
      email,
      confirmed: '1',
    })
    expect(res.statusCode).toBe(200)
    const id = (
      await db.selectFrom('board_questions').select('id').where('title', '=', fields.title).executeTakeFirstOrThrow()
    ).id
    const confirmed = await confirmLink(browser, db, email)
    expect(confirmed.statusCode).toBe(303)
    return { browser, id, email }
  }

  describe('citizens: verification and sign-in by link', () => {
    it('holds a first post until the e-mailed link is used, then publishes it; the link works once', async () => {
      await setMode(dk, 'flagged')
      const email = `${unique('jens')}@example.dk`
      const browser = new CitizenBrowser(app)
      const form = await browser.get('/demo-kommune/questions/ask')
      expect(form.body).toContain('name="email"')
      const res = await browser.post('/demo-kommune/questions/ask', {
        topic: await topicOf(dk),
        title: 'Hvornår tømmes glascontainerne?',
        body: 'Containerne ved skolen er fyldte.',
        name: 'Jens',
        email,
      })
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('Se din e-mail')
      const q = await db
        .selectFrom('board_questions')
        .selectAll()
        .where('title', '=', 'Hvornår tømmes glascontainerne?')
        .executeTakeFirstOrThrow()
      expect(q.state).toBe('unverified')
      expect((await app.inject('/demo-kommune/questions')).body).not.toContain('glascontainerne')
      expect((await app.inject(`/demo-kommune/questions/${q.id}`)).statusCode).toBe(404)

      const [mail] = await mailsTo(db, email)
      expect(mail?.purpose).toBe('citizen.verify')
      expect(mail?.text).toContain('24 timer')
      const path = await lastLinkTo(db, email)
      // A GET (a mail scanner) shows a button and uses nothing.
      expect((await browser.get(path)).body).toContain('Bekræft og log ind')
      expect((await browser.get(path)).statusCode).toBe(200)
      const used = await browser.post(path, {})
      expect(used.statusCode).toBe(303)
      expect(used.headers.location).toBe(`/demo-kommune/questions/${q.id}`)
      const cookie = used.cookies.find((c) => c.name === 'radhus_citizen')
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
      expect(cookie?.secure).toBeFalsy()
      const sessions = await db.selectFrom('citizen_sessions').select('id').execute()
      expect(sessions.map((s) => s.id)).not.toContain(cookie?.value)

      const published = await question(q.id)
      expect(published.state).toBe('published')
      expect(published.inquiry_id).toBeTruthy()
      const inquiry = await db
        .selectFrom('inquiries')
        .selectAll()
        .where('id', '=', published.inquiry_id as string)
        .executeTakeFirstOrThrow()
      expect(inquiry).toMatchObject({ channel: 'board', citizen_email: email })
      // No receipt mail for a board question: the board is its own receipt.
      expect((await mailsTo(db, email)).map((m) => m.purpose)).toEqual(['citizen.verify'])
      const page = await app.inject(`/demo-kommune/questions/${q.id}`)
      expect(page.body).toContain('glascontainerne')
      expect(page.body).not.toContain(email)
      expect((await app.inject('/demo-kommune/questions')).body).toContain('glascontainerne')

      // Single use: the same link again is refused.
      const again = await new CitizenBrowser(app).post(path, {})
      expect([403, 410]).toContain(again.statusCode)
      const againPage = await new CitizenBrowser(app).get(path)
      expect(againPage.statusCode).toBe(410)
      expect(againPage.body).toContain('allerede brugt')
      // The session shows the citizen's page, never the address.
      const me = await browser.get('/demo-kommune/me')
      expect(me.statusCode).toBe(200)
      expect(me.body).toContain('Hvornår tømmes glascontainerne?')
      expect(me.body).not.toContain(email)
    })

    it('signs a known citizen in with a new link, says the same for an unknown address, and refuses an expired link', async () => {
      const { email } = await askAndVerify(dk, {
        title: unique('Spørgsmål om parkering'),
        body: 'Hvor må jeg parkere?',
      })
      const browser = new CitizenBrowser(app)
      await browser.get('/demo-kommune/sign-in')
      const known = await browser.post('/demo-kommune/sign-in', { email, next: '/demo-kommune/me' })
      expect(known.statusCode).toBe(200)
      const unknownEmail = `${unique('nobody')}@example.dk`
      const unknown = await browser.post('/demo-kommune/sign-in', { email: unknownEmail, next: '/demo-kommune/me' })
      expect(unknown.body).toBe(known.body.replace(/name="_csrf" value="[^"]*"/, (x) => x))
      expect(await mailsTo(db, unknownEmail)).toEqual([])
      const mails = await mailsTo(db, email)
      expect(mails.at(-1)?.purpose).toBe('citizen.sign_in')
      expect(mails.at(-1)?.text).toContain('60 minutter')
      const path = await lastLinkTo(db, email)
      const token = path.split('/').at(-1) as string
      const { sha256Hex } = await import('../journal/hash.ts')
      await db
        .updateTable('citizen_links')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('token_hash', '=', sha256Hex(token))
        .execute()
      expect((await browser.get(path)).statusCode).toBe(410)
      expect((await browser.get(path)).body).toContain('udløbet')
      expect((await browser.get('/demo-kommune/me')).statusCode).toBe(303)
    })
  })

  describe('posting through each moderation mode', () => {
    it('pre: waits for a moderator; approved, it is published and filed as an inquiry', async () => {
      await setMode(dk, 'pre')
      const { id } = await askAndVerify(dk, {
        title: unique('Før-moderation'),
        body: 'Hvornår er der åbent på genbrugspladsen?',
      })
      let q = await question(id)
      expect(q.state).toBe('pending')
      expect(q.inquiry_id).toBeNull()
      expect((await app.inject('/demo-kommune/questions')).body).not.toContain(q.title)
      await decide(dk, q.moderation_item_id as string, 'approve')
      q = await question(id)
      expect(q.state).toBe('published')
      expect(q.inquiry_id).toBeTruthy()
      expect((await app.inject('/demo-kommune/questions')).body).toContain(q.title)
      await setMode(dk, 'flagged')
    })

    it('post: shown at once; a moderator can hide it afterwards', async () => {
      await setMode(se, 'post')
      const { id } = await askAndVerify(se, { title: unique('Efter publicering'), body: 'När töms soptunnorna?' })
      expect((await question(id)).state).toBe('published')
      await decide(se, (await question(id)).moderation_item_id as string, 'hide')
      expect((await question(id)).state).toBe('hidden')
      expect((await app.inject(`/demo-kommun/questions/${id}`)).statusCode).toBe(404)
      await setMode(se, 'flagged')
    })

    it('never shows a post with a CPR number, whatever the mode; it lands in the queue with its finding', async () => {
      await setMode(dk, 'post')
      const browser = new CitizenBrowser(app)
      await browser.get('/demo-kommune/questions/ask')
      const title = unique('Mit CPR')
      const fields = {
        topic: await topicOf(dk),
        title,
        body: `Mit CPR-nummer er ${CPR}, hvad skal jeg gøre?`,
        name: 'Ib',
        email: `${unique('ib')}@example.dk`,
      }
      const warned = await browser.post('/demo-kommune/questions/ask', fields)
      expect(warned.statusCode).toBe(200)
      expect(warned.body).toContain('ser ud til at indeholde et CPR-nummer')
      expect(warned.body).toContain('Send alligevel')
      expect(await db.selectFrom('board_questions').select('id').where('title', '=', title).execute()).toEqual([])
      await browser.post('/demo-kommune/questions/ask', { ...fields, confirmed: '1' })
      await confirmLink(browser, db, fields.email)
      const q = await db.selectFrom('board_questions').selectAll().where('title', '=', title).executeTakeFirstOrThrow()
      expect(q.state).toBe('pending')
      const item = await db
        .selectFrom('moderation_items')
        .selectAll()
        .where('id', '=', q.moderation_item_id as string)
        .executeTakeFirstOrThrow()
      expect(item.findings).toContain('identity_number')
      expect((await app.inject('/demo-kommune/questions')).body).not.toContain(CPR)
      expect((await app.inject(`/demo-kommune/questions/${q.id}`)).statusCode).toBe(404)
      expect((await app.inject('/api/v1/boards/demo-kommune/questions?perPage=200')).body).not.toContain(CPR)
      // Its author sees it waiting, with the number masked.
      const own = await browser.get(`/demo-kommune/questions/${q.id}`)
      expect(own.statusCode).toBe(200)
      expect(own.body).toContain('venter på en moderator')
      expect(own.body).not.toContain(CPR)
      expect(own.headers['cache-control']).toBe('no-store')
      await setMode(dk, 'flagged')
    })
  })

  describe('official answers', () => {
    it('a caseworker answers on the board: shown first with department and first name, the inquiry is answered, followers are e-mailed', async () => {
      const { id } = await askAndVerify(dk, {
        title: unique('Storskrald'),
        body: 'Hvornår henter I storskrald i Nordby?',
      })
      // Another citizen answers and follows.
      const { browser: other, email: otherEmail } = await askAndVerify(dk, {
        title: unique('Andet'),
        body: 'Et andet spørgsmål om veje.',
      })
      const answered = await other.post(`/demo-kommune/questions/${id}/answers`, {
        body: 'Jeg tror, det er hver anden torsdag.',
      })
      expect(answered.statusCode).toBe(303)
      const followed = await other.post(`/demo-kommune/questions/${id}/follow`, { action: 'follow' })
      expect(followed.statusCode).toBe(303)

      const caseworker = await signedInAs(app, 'caseworker')
      const page = await caseworker.get(`/demo-kommune/questions/${id}`)
      expect(page.body).toContain('Giv det officielle svar')
      const res = await caseworker.post(`/demo-kommune/questions/${id}/official`, {
        official: 'Vi henter storskrald første mandag i måneden.',
      })
      expect(res.statusCode).toBe(303)

      const q = await question(id)
      expect(q.has_official).toBe(1)
      expect(q.answer_count).toBe(2)
      const inquiry = await db
        .selectFrom('inquiries')
        .selectAll()
        .where('id', '=', q.inquiry_id as string)
        .executeTakeFirstOrThrow()
      expect(inquiry.status).toBe('answered')
      const shown = (await app.inject(`/demo-kommune/questions/${id}`)).body
      expect(shown.indexOf('første mandag')).toBeGreaterThan(0)
      expect(shown.indexOf('første mandag')).toBeLessThan(shown.indexOf('hver anden torsdag'))
      expect(shown).toContain('Officielt svar')
      const department = await db
        .selectFrom('departments')
        .select('name_da')
        .where('id', '=', inquiry.department_id as string)
        .executeTakeFirst()
      if (department) expect(shown).toContain(department.name_da)

      expect((await mailsTo(db, otherEmail)).some((m) => m.purpose === 'board.official_answer')).toBe(false)
      await runDueJobs(db)
      const mail = (await mailsTo(db, otherEmail)).find((m) => m.purpose === 'board.official_answer')
      expect(mail?.subject).toContain('Officielt svar')
      expect(mail?.text).toContain('første mandag')
      expect(mail?.text).toContain(`/demo-kommune/questions/${id}`)

      // The e-mail stops the following with one click, from its link or the mail program's button (RFC 8058).
      expect(mail?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click')
      const link = mail?.headers['list-unsubscribe']?.match(
        /^<http:\/\/localhost:3000(\/demo-kommune\/unsubscribe\/\S+)>$/,
      )?.[1]
      expect(mail?.text).toContain(`http://localhost:3000${link}`)
      expect((await app.inject(link as string)).body).toContain(q.title)
      expect((await other.get(`/demo-kommune/questions/${id}`)).body).toContain('Følg ikke længere')
      const stopped = await app.inject({
        method: 'POST',
        url: link as string,
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      expect(stopped.statusCode).toBe(200)
      expect((await other.get(`/demo-kommune/questions/${id}`)).body).not.toContain('Følg ikke længere')
      const unfollowed = await db
        .selectFrom('journal')
        .select('actor_id')
        .where('subject_id', '=', id)
        .where('action', '=', 'board.question.unfollowed')
        .execute()
      expect(unfollowed).toHaveLength(1)
    })

    it('an answer given in the inbox appears on the board as the official answer', async () => {
      const { id } = await askAndVerify(se, { title: unique('Bygglov'), body: 'Behöver jag bygglov för ett förråd?' })
      const q = await question(id)
      const user = await findUserByEmail(db, demoEmail(SE, 'caseworker'))
      await answerInquiry(
        db,
        { municipality: se, userId: user?.id as string, baseUrl: 'http://localhost:3000', mailDomain: 'radhus.test' },
        q.inquiry_id as string,
        'Ett förråd under 15 kvadratmeter behöver inget bygglov.',
      )
      const shown = (await app.inject(`/demo-kommun/questions/${id}`)).body
      expect(shown).toContain('15 kvadratmeter')
      expect(shown).toContain('Officiellt svar')
      expect(shown).toContain((user?.name ?? '').split(' ')[0] as string)
      expect((await question(id)).has_official).toBe(1)
    })
  })

  describe('answers and replies', () => {
    it('shows one level of replies under an answer, refuses a reply to a reply, and keeps an official answer with a CPR number off the page', async () => {
      await setMode(dk, 'post')
      const { browser, id } = await askAndVerify(dk, {
        title: unique('Svar og kommentarer'),
        body: 'Hvem tømmer skraldespandene i parken?',
      })
      await browser.post(`/demo-kommune/questions/${id}/answers`, { body: 'Det gør kommunens parkafdeling.' })
      const answer = await db
        .selectFrom('board_answers')
        .selectAll()
        .where('question_id', '=', id)
        .executeTakeFirstOrThrow()
      const replied = await browser.post(`/demo-kommune/questions/${id}/answers`, {
        body: 'Tak for svaret!',
        parent: answer.id,
      })
      expect(replied.statusCode).toBe(303)
      const reply = await db
        .selectFrom('board_answers')
        .selectAll()
        .where('parent_id', '=', answer.id)
        .executeTakeFirstOrThrow()
      expect(reply.state).toBe('published')
      const page = (await app.inject(`/demo-kommune/questions/${id}`)).body
      expect(page).toContain('Tak for svaret!')
      expect(page.indexOf('Tak for svaret!')).toBeGreaterThan(page.indexOf('parkafdeling'))
      const nested = await browser.post(`/demo-kommune/questions/${id}/answers`, {
        body: 'Svar på svar',
        parent: reply.id,
      })
      expect(nested.statusCode).toBe(400)
      expect((await question(id)).answer_count).toBe(2)

      const caseworker = await signedInAs(app, 'caseworker')
      await caseworker.get(`/demo-kommune/questions/${id}`)
      await caseworker.post(`/demo-kommune/questions/${id}/official`, {
        official: `Vi har noteret borgerens CPR ${CPR}.`,
      })
      expect((await app.inject(`/demo-kommune/questions/${id}`)).body).not.toContain(CPR)
      expect((await question(id)).has_official).toBe(0)
      // A moderator edits the number out: the edited text is shown, it counts, and the followers' e-mail is queued.
      const official = await db
        .selectFrom('board_answers')
        .selectAll()
        .where('question_id', '=', id)
        .where('official', '=', 1)
        .executeTakeFirstOrThrow()
      expect(official.state).toBe('pending')
      await decide(dk, official.moderation_item_id as string, 'edit', 'Vi har noteret borgerens oplysninger.')
      expect((await question(id)).has_official).toBe(1)
      const edited = (await app.inject(`/demo-kommune/questions/${id}`)).body
      expect(edited).toContain('Vi har noteret borgerens oplysninger.')
      expect(edited).not.toContain(CPR)
      const jobs = await db
        .selectFrom('jobs')
        .select('dedupe_key')
        .where('kind', '=', 'board.notify_followers')
        .execute()
      expect(jobs.map((j) => j.dedupe_key)).toContain(`board.notify_followers:${official.id}`)
      // A citizen's answer handed off: off the board, into a private inquiry for its author.
      await decide(dk, answer.moderation_item_id as string, 'hand_off')
      const moved = await db
        .selectFrom('board_answers')
        .selectAll()
        .where('id', '=', answer.id)
        .executeTakeFirstOrThrow()
      expect(moved.state).toBe('handed_off')
      expect(moved.private_inquiry_id).toBeTruthy()
      expect((await app.inject(`/demo-kommune/questions/${id}`)).body).not.toContain('parkafdeling')
      await setMode(dk, 'flagged')
    })
  })

  describe('hand-off to a private inquiry', () => {
    it('moves the question off the board, files a private inquiry, mails the author its status link, closes the public inquiry', async () => {
      const { id, email } = await askAndVerify(dk, {
        title: unique('Min sag om boligstøtte'),
        body: 'Hvorfor er min boligstøtte sat ned?',
      })
      const before = await question(id)
      await decide(dk, before.moderation_item_id as string, 'hand_off')
      const q = await question(id)
      expect(q.state).toBe('handed_off')
      expect(q.private_inquiry_id).toBeTruthy()
      const page = await app.inject(`/demo-kommune/questions/${id}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('behandles privat')
      expect(page.body).not.toContain('boligstøtte sat ned')
      expect((await app.inject('/demo-kommune/questions')).body).not.toContain('boligstøtte')
      await runDueJobs(db) // the private inquiry's receipt is composed by a job
      const receipt = (await mailsTo(db, email)).find((m) => m.purpose === 'inquiry.receipt')
      expect(receipt?.text).toMatch(/\/demo-kommune\/inquiries\/s\/[A-Za-z0-9_-]+/)
      const priv = await db
        .selectFrom('inquiries')
        .selectAll()
        .where('id', '=', q.private_inquiry_id as string)
        .executeTakeFirstOrThrow()
      expect(priv.channel).toBe('board')
      await runDueJobs(db)
      const pub = await db
        .selectFrom('inquiries')
        .selectAll()
        .where('id', '=', before.inquiry_id as string)
        .executeTakeFirstOrThrow()
      expect(pub).toMatchObject({ status: 'closed', resolution: 'referred' })
    })
  })

  describe('bad input', () => {
    it('shows HTML as text: common XSS payloads come back escaped', async () => {
      await setMode(dk, 'post')
      const payloads = ['<b>fed</b> tekst', '"><img src=x>', '</textarea><h1>overskrift</h1>', "'';!--\"<XSS>=&{()}"]
      const { browser, id } = await askAndVerify(dk, {
        title: unique('XSS <i>kursiv</i>'),
        body: payloads.join('\n\n'),
      })
      const page = (await app.inject(`/demo-kommune/questions/${id}`)).body
      for (const p of payloads) expect(page).not.toContain(p)
      expect(page).toContain('&lt;b>fed&lt;/b> tekst')
      expect(page).toContain('&lt;/textarea>&lt;h1>overskrift&lt;/h1>')
      expect(page).toContain('XSS &lt;i>kursiv&lt;/i>')
      await browser.post(`/demo-kommune/questions/${id}/answers`, { body: '<img src=x alt="svar">' })
      expect((await app.inject(`/demo-kommune/questions/${id}`)).body).toContain('&lt;img src=x alt=&#34;svar&#34;>')
      await setMode(dk, 'flagged')
    })

    it('refuses empty, oversized, binary and script-laden posts with a 4xx, keeps the form, stores nothing', async () => {
      const browser = new CitizenBrowser(app)
      await browser.get('/demo-kommune/questions/ask')
      const count = async () => (await db.selectFrom('board_questions').select('id').execute()).length
      const before = await count()
      const base = { topic: await topicOf(dk), title: 'Et spørgsmål', name: 'Ole', email: 'ole@example.dk' }
      const empty = await browser.post('/demo-kommune/questions/ask', { ...base, body: '   ' })
      expect(empty.statusCode).toBe(400)
      expect(empty.body).toContain('value="ole@example.dk"')
      const long = await browser.post('/demo-kommune/questions/ask', { ...base, body: 'a'.repeat(2001) })
      expect(long.statusCode).toBe(400)
      expect(long.body).toContain('2000')
      const binary = await browser.post('/demo-kommune/questions/ask', { ...base, body: 'hej\u0001\u0002med binært' })
      expect(binary.statusCode).toBe(400)
      expect(binary.body).toContain('tegn, der ikke kan vises')
      const nul = await browser.post('/demo-kommune/questions/ask', { ...base, body: 'hej\u0000' })
      expect(nul.statusCode).toBe(400)
      const script = await browser.post('/demo-kommune/questions/ask', {
        ...base,
        body: 'Hej <script>alert(1)</script>',
      })
      expect(script.statusCode).toBe(400)
      expect(script.body).toContain('må ikke indeholde scripts')
      expect(script.body).toContain('&lt;script>alert(1)&lt;/script>')
      expect(script.body).not.toContain('<script>alert(1)')
      const handler = await browser.post('/demo-kommune/questions/ask', {
        ...base,
        body: '<a href="#" onclick="x()">klik</a>',
      })
      expect(handler.statusCode).toBe(400)
      expect(await count()).toBe(before)
    })
  })

  describe('open data', () => {
    it('gives published questions and answers as JSON and CSV, paged, and is in the OpenAPI document', async () => {
      const { id } = await askAndVerify(se, {
        title: unique('Öppna data'),
        body: 'Finns det, "med citat", och =formel?',
      })
      const json = await app.inject('/api/v1/boards/demo-kommun/questions?perPage=2')
      expect(json.statusCode).toBe(200)
      const body = json.json()
      expect(body).toMatchObject({ municipality: 'demo-kommun', page: 1, perPage: 2 })
      expect(body.questions.length).toBeLessThanOrEqual(2)
      expect(body.questions[0].id).toBe(id)
      expect(JSON.stringify(body)).not.toContain('@example')
      const csv = await app.inject('/api/v1/boards/demo-kommun/questions?format=csv&perPage=1')
      expect(csv.headers['content-type']).toContain('text/csv')
      const lines = csv.body.split('\r\n')
      expect(lines[0]).toBe('question_id,post_id,type,parent_id,topic,author,department,created_at,title,body')
      expect(lines[1]).toContain('"Finns det, ""med citat"", och =formel?"')
      const accept = await app.inject({ url: '/api/v1/boards/demo-kommun/questions', headers: { accept: 'text/csv' } })
      expect(accept.headers['content-type']).toContain('text/csv')
      expect((await app.inject('/api/v1/boards/nowhere/questions')).statusCode).toBe(404)
      expect((await app.inject('/api/v1/boards/demo-kommun/questions?perPage=1000')).statusCode).toBe(400)
      const doc = (await app.inject('/api/openapi.json')).json()
      expect(doc.paths['/api/v1/boards/{m}/questions']).toBeDefined()
    })
  })

  describe('the board page', () => {
    it('says who runs it, that it is apolitical, links house rules, the log and report links; linked from the home page', async () => {
      const home = await app.inject('/demo-kommune')
      expect(home.body).toContain('href="/demo-kommune/questions"')
      const page = await app.inject('/demo-kommune/questions')
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('upolitisk')
      expect(page.body).toContain('href="/demo-kommune/house-rules"')
      expect(page.body).toContain('href="/demo-kommune/moderation-log"')
      const sv = await app.inject('/demo-kommun/questions')
      expect(sv.body).toContain('opolitisk')
      expect(sv.body).toContain('<html lang="sv"')
      // Listing pages are kept in memory for anonymous readers; a new question shows at once all the same.
      const topicSlug = (
        await db
          .selectFrom('inquiry_topics')
          .select('slug')
          .where('id', '=', await topicOf(dk))
          .executeTakeFirstOrThrow()
      ).slug
      const before = await app.inject(`/demo-kommune/questions?topic=${topicSlug}&sort=unanswered`)
      const { id } = await askAndVerify(dk, { title: unique('Rapport'), body: 'Kan man anmelde?' })
      const title = (await question(id)).title
      expect(before.body).not.toContain(title)
      expect((await app.inject(`/demo-kommune/questions?topic=${topicSlug}&sort=unanswered`)).body).toContain(title)
      const q = await question(id)
      expect((await app.inject(`/demo-kommune/questions/${id}`)).body).toContain(
        `/demo-kommune/report/${q.moderation_item_id}`,
      )
      const searched = await app.inject(`/demo-kommune/questions?q=${encodeURIComponent('anmelde')}`)
      expect(searched.body).toContain(q.title)
      const none = await app.inject(`/demo-kommune/questions?q=${encodeURIComponent('zzqqxx')}`)
      expect(none.body).not.toContain(q.title)
      const unanswered = await app.inject('/demo-kommune/questions?sort=unanswered')
      expect(unanswered.body).toContain(q.title)
    })

    it('lets an admin set the moderation mode and length limit, refusing a bad limit with the form kept', async () => {
      const admin = await signedInAs(app, 'admin')
      const form = await admin.get('/demo-kommune/staff/board')
      expect(form.body).toContain('value="flagged"')
      const bad = await admin.post('/demo-kommune/staff/board', { mode: 'pre', max_length: '5' })
      expect(bad.statusCode).toBe(400)
      expect(bad.body).toContain('value="5"')
      const ok = await admin.post('/demo-kommune/staff/board', { mode: 'pre', max_length: '1500' })
      expect(ok.statusCode).toBe(303)
      expect(
        (
          await db
            .selectFrom('board_settings')
            .selectAll()
            .where('municipality_id', '=', dk.id)
            .executeTakeFirstOrThrow()
        ).max_length,
      ).toBe(1500)
      await setMode(dk, 'flagged')
      await db.updateTable('board_settings').set({ max_length: 2000 }).where('municipality_id', '=', dk.id).execute()
    })
  })
})
