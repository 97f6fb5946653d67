import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDate } from '../calendar/business-days.ts'
import type { Db } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { EXE, PNG, postMultipart, seededWorld } from '../inquiries/testing.ts'
import { JOB_HANDLERS } from '../jobs/registry.ts'
import { runDueJobs } from '../jobs/service.ts'
import { DK, SE, signedInAs, TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { findService } from './catalogue/service.ts'
import { EU_CARD_ANSWERS, pdfText, RATS_ANSWERS } from './testing.ts'

forEachDialect('self-service pages and API', (current) => {
  let app: FastifyInstance
  let db: Db
  let dk: MunicipalityRow
  beforeAll(async () => {
    db = current().db
    ;({ app, dk } = await seededWorld(db))
  })
  afterAll(() => app.close())

  /** Start a service's form as a citizen; the path of its draft. */
  async function start(browser: TestBrowser, service: string, m = DK.slug): Promise<string> {
    await browser.get(`/${m}/services/${service}`)
    const res = await browser.post(`/${m}/services/${service}/start`, {})
    expect(res.statusCode).toBe(303)
    const location = res.headers.location as string
    expect(location).toMatch(new RegExp(`^/${m}/services/drafts/[A-Za-z0-9_-]{40,}/steps/1$`))
    return location.replace(/\/steps\/1$/, '')
  }

  describe('the catalogue', () => {
    it('is linked from the front page and groups services by life situation in each language', async () => {
      expect((await app.inject(`/${DK.slug}`)).body).toContain(`href="/${DK.slug}/services"`)
      const da = await app.inject(`/${DK.slug}/services`)
      expect(da.statusCode).toBe(200)
      expect(da.body).toContain('Sundhed og sygesikring')
      expect(da.body).toContain('Bestil EU-sygesikringskort')
      expect(da.body).toContain('Lovgrundlag')
      expect(da.body).toContain('Digitalt: 0 arbejdsdage')
      const sv = await app.inject(`/${SE.slug}/services`)
      expect(sv.body).toContain('Ansök om förskoleplats')
      expect(sv.body).toContain('Felanmälan gata och park')
      expect((await app.inject(`/${SE.slug}/services?lang=en`)).body).toContain('Apply for a preschool place')
    })

    it('finds the EU card by "eu kort" and "sygesikring"', async () => {
      for (const q of ['eu kort', 'sygesikring']) {
        const res = await app.inject(`/${DK.slug}/services?q=${encodeURIComponent(q)}`)
        expect(res.statusCode).toBe(200)
        expect(res.body).toContain(`/${DK.slug}/services/eu-health-card`)
      }
    })
  })

  describe('the form', () => {
    it('walks three steps with errors and kept values, a refused attachment, a check page and an instant approval with a PDF receipt', async () => {
      const browser = new TestBrowser(app)
      const draft = await start(browser, 'eu-health-card')
      const step1 = await browser.get(`${draft}/steps/1`)
      expect(step1.body).toContain('Trin 1 af 3')
      const version = step1.body.match(/name="_version" value="(\d+)"/)?.[1] as string

      const bad = await browser.post(`${draft}/steps/1`, {
        _version: version,
        _step: '1',
        _action: 'next',
        name: 'Jens Hansen',
        birth_date: '1985-02-30',
        email: 'jens',
      })
      expect(bad.statusCode).toBe(400)
      expect(bad.body).toContain('alert-error')
      expect(bad.body).toContain('Skriv en rigtig dato som ÅÅÅÅ-MM-DD.')
      expect(bad.body).toContain('value="Jens Hansen"')

      const ok1 = await browser.post(`${draft}/steps/1`, {
        _version: version,
        _step: '1',
        _action: 'next',
        name: 'Jens Hansen',
        birth_date: '1985-04-23',
        email: 'jens@example.dk',
      })
      expect(ok1.headers.location).toBe(`${draft}/steps/2`)
      const ok2 = await browser.post(`${draft}/steps/2`, {
        _version: version,
        _step: '2',
        _action: 'next',
        address: 'Birkevej 4',
        postcode: '7100',
      })
      expect(ok2.headers.location).toBe(`${draft}/steps/3`)

      await browser.get(`${draft}/steps/3`)
      const exe = await postMultipart(
        app,
        browser,
        `${draft}/steps/3`,
        { _version: version, _step: '3', _action: 'next', insured: 'yes' },
        [{ name: 'virus.pdf', content: EXE }],
      )
      expect(exe.statusCode).toBe(400)
      expect(exe.body).toContain('virus.pdf blev ikke vedhæftet')
      const png = await postMultipart(
        app,
        browser,
        `${draft}/steps/3`,
        { _version: version, _step: '3', _action: 'next', insured: 'yes' },
        [{ name: 'bevis.png', content: PNG }],
      )
      expect(png.statusCode).toBe(303)
      expect(png.headers.location).toBe(`${draft}/check`)

      const check = await browser.get(`${draft}/check`)
      expect(check.body).toContain('Tjek dine svar')
      expect(check.body).toContain('Birkevej 4')
      expect(check.body).toContain('bevis.png')
      const sent = await browser.post(`${draft}/check`, { _version: version })
      expect(sent.statusCode).toBe(303)
      const receiptPath = sent.headers.location as string
      expect(receiptPath).toMatch(/^\/demo-kommune\/services\/s\/[A-Za-z0-9_-]{40,}\/receipt$/)
      const receipt = await browser.get(receiptPath)
      expect(receipt.body).toContain('Din ansøgning er godkendt.')
      expect(receipt.body).toContain('PDF-kvitteringen bliver lavet')
      expect(receipt.body).toMatch(/SHA-256 [0-9a-f]{64}/)
      // The draft is gone once sent.
      expect((await browser.get(`${draft}/check`)).statusCode).toBe(404)

      await runDueJobs(db, JOB_HANDLERS)
      const statusPath = receiptPath.replace(/\/receipt$/, '')
      const status = await browser.get(statusPath)
      expect(status.body).toContain(`href="${statusPath}/receipt.pdf"`)
      const pdf = await app.inject(`${statusPath}/receipt.pdf`)
      expect(pdf.statusCode).toBe(200)
      expect(pdf.headers['content-type']).toBe('application/pdf')
      const text = pdfText(pdf.rawPayload)
      expect(text).toContain('bevis.png')
      expect(text).toContain('Birkevej 4')

      const mail = await browser.get('/demo-kommune/staff/mail')
      expect(mail.statusCode).not.toBe(500)
    })

    it('refuses tampered hidden fields and unknown fields with a clear 4xx', async () => {
      const browser = new TestBrowser(app)
      const draft = await start(browser, 'eu-health-card')
      const page = await browser.get(`${draft}/steps/1`)
      const version = page.body.match(/name="_version" value="(\d+)"/)?.[1] as string
      const wrongVersion = await browser.post(`${draft}/steps/1`, { _version: '999', _step: '1', name: 'x' })
      expect(wrongVersion.statusCode).toBe(409)
      expect(wrongVersion.body).toContain('en anden version af blanketten')
      const wrongStep = await browser.post(`${draft}/steps/1`, { _version: version, _step: '2', name: 'x' })
      expect(wrongStep.statusCode).toBe(400)
      const unknown = await browser.post(`${draft}/steps/1`, {
        _version: version,
        _step: '1',
        name: 'x',
        approved: 'yes',
      })
      expect(unknown.statusCode).toBe(400)
      expect(unknown.body).toContain('Formularen sendte felter, den ikke har')
      const option = await browser.post(`${draft}/steps/1`, {
        _version: version,
        _step: '1',
        _action: 'next',
        name: 'Jens',
        birth_date: '2200-01-01',
        email: 'a@b.dk',
      })
      expect(option.statusCode).toBe(400)
      expect(option.body).toContain('Datoen skal være')
      const sneak = await browser.post(`${draft}/check`, { _version: version })
      expect(sneak.statusCode).toBe(400)
    })

    it('keeps a saved draft on its version when the definition changes, resumable by its link', async () => {
      const browser = new TestBrowser(app)
      const draft = await start(browser, 'bulky-waste')
      const page = await browser.get(`${draft}/steps/1`)
      const version = page.body.match(/name="_version" value="(\d+)"/)?.[1] as string
      const saved = await browser.post(`${draft}/steps/1`, {
        _version: version,
        _step: '1',
        _action: 'save',
        address: 'Birkevej 4',
        postcode: '',
      })
      expect(saved.headers.location).toBe(`${draft}/saved`)
      expect((await browser.get(`${draft}/saved`)).body).toContain(`http://localhost:3000${draft}`)

      // An admin adds a required field to step 1 as a new version.
      const admin = await signedInAs(app, 'admin')
      const service = await findService(db, dk.id, 'bulky-waste')
      const changed = structuredClone(service.definition)
      changed.steps[0]?.fields.push({
        id: 'floor',
        type: 'text',
        label: { da: 'Etage', sv: 'Våning', en: 'Floor' },
        required: true,
      })
      await admin.get(`/${DK.slug}/staff/services/${service.row.id}/edit`)
      const preview = await admin.post(`/${DK.slug}/staff/services/${service.row.id}/edit`, {
        _action: 'preview',
        based_on: String(service.version),
        definition: JSON.stringify(changed),
      })
      expect(preview.statusCode).toBe(200)
      expect(preview.body).toContain('Etage')
      const broken = await admin.post(`/${DK.slug}/staff/services/${service.row.id}/edit`, {
        _action: 'save',
        based_on: String(service.version),
        definition: '{"title": 1}',
      })
      expect(broken.statusCode).toBe(400)
      expect(broken.body).toContain('Definitionen kan ikke gemmes endnu')
      const save = await admin.post(`/${DK.slug}/staff/services/${service.row.id}/edit`, {
        _action: 'save',
        based_on: String(service.version),
        definition: JSON.stringify(changed),
      })
      expect(save.statusCode).toBe(303)

      // The citizen resumes: the old version's step, no new field, and it can be sent.
      const resumed = await browser.get(`${draft}/steps/1`)
      expect(resumed.body).toContain('value="Birkevej 4"')
      expect(resumed.body).not.toContain('Etage')
      expect(resumed.body).toContain(`name="_version" value="${version}"`)
      await browser.post(`${draft}/steps/1`, {
        _version: version,
        _step: '1',
        _action: 'next',
        address: 'Birkevej 4',
        postcode: '7100',
      })
      await browser.post(`${draft}/steps/2`, {
        _version: version,
        _step: '2',
        _action: 'next',
        items: 'Sofa',
        pickup_date: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
      })
      await browser.post(`${draft}/steps/3`, {
        _version: version,
        _step: '3',
        _action: 'next',
        name: 'Jens',
        email: 'jens@example.dk',
      })
      const sent = await browser.post(`${draft}/check`, { _version: version })
      expect(sent.statusCode).toBe(303)
      const receipt = await browser.get(sent.headers.location as string)
      expect(receipt.body).toContain('Din ansøgning er godkendt.')
    })

    it('puts an application that needs a person in the department’s queue, where staff see it', async () => {
      const browser = new TestBrowser(app)
      const draft = await start(browser, 'report-rats')
      const v = (await browser.get(`${draft}/steps/1`)).body.match(/name="_version" value="(\d+)"/)?.[1] as string
      await browser.post(`${draft}/steps/1`, {
        _version: v,
        _step: '1',
        _action: 'next',
        address: RATS_ANSWERS.address,
        postcode: '7100',
        where: 'outside',
      })
      // The owner is asked about only for rats indoors.
      expect((await browser.get(`${draft}/steps/2`)).body).not.toContain('id="field-owner"')
      await postMultipart(
        app,
        browser,
        `${draft}/steps/2`,
        {
          _version: v,
          _step: '2',
          _action: 'next',
          description: `${RATS_ANSWERS.description} Mit CPR-nummer er 070761-4285.`,
        },
        [],
      )
      await browser.post(`${draft}/steps/3`, {
        _version: v,
        _step: '3',
        _action: 'next',
        name: 'Mette Larsen',
        email: 'mette@example.dk',
        phone: '',
      })
      const sent = await browser.post(`${draft}/check`, { _version: v })
      const receipt = await browser.get(sent.headers.location as string)
      expect(receipt.body).toContain('Din ansøgning er hos en sagsbehandler')
      // A receipt gets printed and a link forwarded: the identity number is masked there.
      expect(receipt.body).toContain('To rotter ved skraldespandene')
      expect(receipt.body).not.toContain('070761-4285')
      const caseRef = receipt.body.match(/Sagsnummer: (DEMO-\d{4}-\d{6})/)?.[1] as string
      expect(caseRef).toBeTruthy()
      const agent = await signedInAs(app, 'caseworker')
      const inbox = await agent.get(`/${DK.slug}/staff/inbox?q=${caseRef}`)
      expect(inbox.body).toContain('Mette Larsen')
    })

    it('offers a human review of a refusal with the complaint guidance', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/services/${(await findService(db, dk.id, 'parking-permit')).row.id}/submissions`,
        payload: {
          answers: {
            address: 'Birkevej 4',
            postcode: '7100',
            zone: 'none',
            registration: 'AB 12 345',
            owner: true,
            name: 'Jens',
            email: 'jens@example.dk',
          },
        },
      })
      expect(res.statusCode).toBe(201)
      expect(res.json().outcome).toBe('refused')
      const statusPath = new URL(res.json().statusUrl).pathname
      const browser = new TestBrowser(app)
      const status = await browser.get(statusPath)
      expect(status.body).toContain('Klagevejledning')
      expect(status.body).toContain('Ankestyrelsen')
      const review = await browser.post(`${statusPath}/review`, {})
      expect(review.statusCode).toBe(303)
      expect((await browser.get(statusPath)).body).toMatch(/Sagsnummer: DEMO-\d{4}-\d{6}/)
    })

    it('lets an agent fill in a form for a citizen, recorded as assisted', async () => {
      const agent = await signedInAs(app, 'agent')
      const list = await agent.get(`/${DK.slug}/staff/services`)
      expect(list.statusCode).toBe(200)
      const res = await agent.post(`/${DK.slug}/staff/services/health-card/assist`, {})
      expect(res.statusCode).toBe(303)
      const draft = (res.headers.location as string).replace(/\/steps\/1$/, '')
      const page = await agent.get(`${draft}/steps/1`)
      expect(page.body).toContain('på en borgers vegne')
      // The link is the agent's: a citizen (or anyone else) cannot use it.
      expect((await new TestBrowser(app).get(`${draft}/steps/1`)).statusCode).toBe(403)
      const v = page.body.match(/name="_version" value="(\d+)"/)?.[1] as string
      await agent.post(`${draft}/steps/1`, {
        _version: v,
        _step: '1',
        _action: 'next',
        name: 'Ole Olsen',
        birth_date: '1950-01-01',
        email: 'ole@example.dk',
      })
      await agent.post(`${draft}/steps/2`, {
        _version: v,
        _step: '2',
        _action: 'next',
        address: 'Vejen 1',
        postcode: '7100',
        reason: 'lost',
      })
      const sent = await agent.post(`${draft}/check`, { _version: v })
      const receipt = await agent.get(sent.headers.location as string)
      expect(receipt.body).toContain('Af en medarbejder på borgerens vegne')
    })
  })

  describe('campaigns', () => {
    it('an editor runs a campaign: banner on the front page and catalogue, uptake per channel', async () => {
      const editor = await signedInAs(app, 'editor')
      expect((await editor.get(`/${DK.slug}/staff/campaigns`)).statusCode).toBe(200)
      await editor.get(`/${DK.slug}/staff/campaigns/new`)
      const bad = await editor.post(`/${DK.slug}/staff/campaigns/new`, {
        service: 'eu-health-card',
        title_da: '',
        message_da: '',
        starts_on: '2026-06-01',
        ends_on: '2026-05-01',
      })
      expect(bad.statusCode).toBe(400)
      expect(bad.body).toContain('alert-error')
      // The campaign's days are the municipality's days (at 23:30 UTC it is tomorrow in Copenhagen).
      const today = localDate(new Date(), DK.timeZone)
      const res = await editor.post(`/${DK.slug}/staff/campaigns/new`, {
        service: 'eu-health-card',
        title_da: 'Skal du på ferie?',
        message_da: 'Husk det blå EU-sygesikringskort.',
        title_en: 'Going on holiday?',
        message_en: 'Remember the blue EU card.',
        starts_on: localDate(new Date(Date.now() - 86_400_000), DK.timeZone),
        ends_on: today,
      })
      expect(res.statusCode).toBe(303)
      expect((await app.inject(`/${DK.slug}`)).body).toContain('Skal du på ferie?')
      expect((await app.inject(`/${DK.slug}/services?lang=en`)).body).toContain('Going on holiday?')
      expect((await app.inject(`/${DK.slug}/services?lang=sv`)).body).toContain('Skal du på ferie?')
      const page = await editor.get(res.headers.location as string)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('Digitalt af borgeren')
      expect(page.body).toContain('Af en medarbejder på borgerens vegne')
      expect(page.body).toMatch(/<th scope="row">Digitalt af borgeren<\/th><td>\d+<\/td>/)
      expect((await (await signedInAs(app, 'agent')).get(`/${DK.slug}/staff/campaigns`)).statusCode).toBe(403)
    })
  })

  describe('the API', () => {
    it('lists services, gives a definition, and takes a submission with an attachment', async () => {
      const list = await app.inject(`/api/v1/services?municipality=${DK.slug}`)
      expect(list.statusCode).toBe(200)
      const eu = list.json().services.find((s: { slug: string }) => s.slug === 'eu-health-card')
      expect(eu.handling).toBe('instant')
      const one = await app.inject(`/api/v1/services/${eu.id}`)
      expect(one.json().definition.steps).toHaveLength(3)
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/services/${eu.id}/submissions`,
        payload: {
          answers: { ...EU_CARD_ANSWERS, insured: true },
          attachments: [{ field: 'documents', fileName: 'bevis.png', content: PNG.toString('base64') }],
          language: 'en',
        },
      })
      expect(res.statusCode).toBe(201)
      expect(res.json()).toMatchObject({ outcome: 'approved', channel: 'digital', reasons: [] })
      const openapi = (await app.inject('/api/openapi.json')).json()
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining(['/api/v1/services', '/api/v1/services/{id}', '/api/v1/services/{id}/submissions']),
      )
    })

    it('answers bad input with problem+json naming the fields', async () => {
      const id = (await findService(db, dk.id, 'eu-health-card')).row.id
      const post = (payload: unknown) =>
        app.inject({ method: 'POST', url: `/api/v1/services/${id}/submissions`, payload: payload as object })
      const unknown = await post({ answers: { ...EU_CARD_ANSWERS, approved: true } })
      expect(unknown.statusCode).toBe(400)
      expect(unknown.headers['content-type']).toContain('application/problem+json')
      expect(unknown.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'approved' })]))
      const range = await post({ answers: { ...EU_CARD_ANSWERS, travel_date: '1999-01-01' } })
      expect(range.statusCode).toBe(400)
      expect(range.json().errors[0].field).toBe('travel_date')
      const exe = await post({
        answers: EU_CARD_ANSWERS,
        attachments: [{ field: 'documents', fileName: 'x.pdf', content: EXE.toString('base64') }],
      })
      expect(exe.statusCode).toBe(400)
      expect(exe.json().errors[0].field).toBe('attachments.0')
      const extra = await post({ answers: EU_CARD_ANSWERS, sneaky: 1 })
      expect(extra.statusCode).toBe(400)
      const stale = await post({ answers: EU_CARD_ANSWERS, version: 999 })
      expect(stale.statusCode).toBe(409)
      expect((await app.inject('/api/v1/services/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
      expect((await app.inject('/api/v1/services?municipality=nowhere')).statusCode).toBe(400)
    })
  })
})
