import type { FastifyInstance } from 'fastify'
import { beforeAll, expect, it } from 'vitest'
import { sendLink, startCitizen } from '../citizens/service.ts'
import type { Db } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { EXE, freshAddress, PDF, postMultipart, seededWorld } from '../inquiries/testing.ts'
import { JOB_HANDLERS } from '../jobs/registry.ts'
import { runOneJob } from '../jobs/service.ts'
import { signedInAs, TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { publishDueResults } from './budget.ts'
import { sendDigests } from './digest.ts'
import { addDays } from './mandate.ts'
import { today } from './service.ts'
import * as store from './store.ts'
import { closeDialog, mailsTo, mailText, openDialog } from './testing.ts'

/** A browser signed in as a verified citizen, through the one-time link mailed to the address. */
async function citizenBrowser(app: FastifyInstance, db: Db, m: MunicipalityRow, email: string) {
  await db.transaction().execute(async (trx) => {
    const citizen = await startCitizen(trx, m, { email, name: email.split('@')[0] as string, language: 'da' })
    await sendLink(
      trx,
      { municipality: m, baseUrl: 'http://localhost:3000', mailDomain: 'radhus.test' },
      citizen,
      'verify',
      null,
    )
  })
  const mails = (await mailsTo(db, email)).filter((mail) => mail.purpose.startsWith('citizen.'))
  const text = await mailText(db, mails.at(-1)?.document_hash as string)
  const path = text.match(/\/[a-z0-9-]+\/link\/[A-Za-z0-9_-]+/)?.[0] as string
  const browser = new TestBrowser(app)
  await browser.get(path)
  await browser.post(path, {})
  return browser
}

const runJobs = async (db: Db) => {
  for (let i = 0; i < 50 && (await runOneJob(db, JOB_HANDLERS)); i++);
}

const mandateForm = {
  kind: 'consultation',
  title_da: 'Lokalplan for Stationsvej',
  summary_da: 'Nye boliger ved stationen.',
  purpose_da: 'Vi vil høre jer før byrådet beslutter.',
  decides_da: 'Byrådet',
  open_for_da: 'Stier og grønne områder.',
  not_open_for_da: 'At der bygges boliger.',
  input_use_da: 'Svarene samles i en hvidbog.',
  contact_name: 'Lone',
  contact_email: 'lone@example.test',
  moderation_mode: 'post',
  consultation_type: 'local_plan',
  location: '55.67,12.56',
  support_threshold: '0',
  budget_total: '0',
  max_choices: '0',
}

forEachDialect('dialogs over HTTP', (ctx) => {
  let app: FastifyInstance
  let dk: MunicipalityRow
  beforeAll(async () => {
    const world = await seededWorld(ctx().db)
    app = world.app
    dk = world.dk
    return () => app.close()
  })

  it('lets an editor write a mandate, refuses to publish it incomplete, warns of a short period and publishes it', async () => {
    const editor = await signedInAs(app, 'editor')
    expect((await editor.get('/demo-kommune/staff/dialogs/new')).statusCode).toBe(200)
    const created = await editor.post('/demo-kommune/staff/dialogs/new', { ...mandateForm, purpose_da: '' })
    expect(created.statusCode).toBe(303)
    const path = created.headers.location?.split('?')[0] as string
    await editor.get(path)
    const refused = await editor.post(`${path}/publish`, {})
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('href="#field-purpose_da"')
    expect(refused.body).toContain('href="#field-department_id"')
    // The first department offered in the form's select.
    const department = refused.body.match(/<option value="([0-9a-f-]{36})"/)?.[1]
    const day = today(dk)
    const saved = await editor.post(path, {
      ...mandateForm,
      department_id: department as string,
      starts_on: addDays(day, -1),
      ends_on: addDays(day, 10),
      feedback_due_on: addDays(day, 40),
    })
    expect(saved.statusCode).toBe(303)
    const page = await editor.get(path)
    expect(page.body).toContain('Kortere end lovens minimum')
    const preview = await editor.get(`${path}/preview`)
    expect(preview.body).toContain('Forhåndsvisning')
    expect((await editor.post(`${path}/publish`, {})).statusCode).toBe(303)
    const id = path.split('/').at(-1) as string
    const list = await app.inject('/demo-kommune/dialogs')
    expect(list.body).toContain('Lokalplan for Stationsvej')
    const shown = await app.inject(`/demo-kommune/dialogs/${id}`)
    expect(shown.body).toContain('Rammerne for dialogen')
    expect(shown.body).toContain('Byrådet')
    expect(shown.body).toContain('Åben for input')
  })

  it('takes a reply with attachments checked up front, and refuses one after the deadline with the deadline shown', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'consultation')
    const browser = new TestBrowser(app)
    await browser.get(`/demo-kommune/dialogs/${dialog.id}`)
    const fields = {
      name: 'Grethe',
      email: 'grethe.http@example.test',
      represents: 'organisation',
      organisation: 'Grundejerforeningen',
      text: 'Vi ønsker en sti.',
      hide_address: '1',
    }
    const refused = await postMultipart(app, browser, `/demo-kommune/dialogs/${dialog.id}/replies`, fields, [
      { name: 'virus.pdf', content: EXE },
    ])
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('virus.pdf')
    expect(refused.body).toContain('Grundejerforeningen')
    const sent = await postMultipart(app, browser, `/demo-kommune/dialogs/${dialog.id}/replies`, fields, [
      { name: 'skitse.pdf', content: PDF, type: 'application/pdf' },
    ])
    expect(sent.statusCode).toBe(303)
    const page = await browser.get(sent.headers.location as string)
    expect(page.body).toContain('på vegne af Grundejerforeningen')
    expect(page.body).toContain('skitse.pdf')
    expect((await mailsTo(db, 'grethe.http@example.test')).map((m) => m.purpose)).toEqual(['dialogs.reply.receipt'])
    await closeDialog(db, dk, dialog.id)
    const late = await postMultipart(app, browser, `/demo-kommune/dialogs/${dialog.id}/replies`, fields)
    expect(late.statusCode).toBe(409)
    expect(late.body).toContain(addDays(today(dk), -1))
  })

  it('publishes feedback; the participant’s e-mail links to the response to their own reply; the hvidbog lists it', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'consultation')
    const browser = new TestBrowser(app)
    await browser.get(`/demo-kommune/dialogs/${dialog.id}`)
    await postMultipart(app, browser, `/demo-kommune/dialogs/${dialog.id}/replies`, {
      name: 'Karl',
      email: 'karl@example.test',
      represents: 'self',
      text: 'Plant flere træer.',
    })
    const [replyRow] = await store.listContributions(db, dialog.id)
    await closeDialog(db, dk, dialog.id)
    const editor = await signedInAs(app, 'editor')
    const input = await editor.get(`/demo-kommune/staff/dialogs/${dialog.id}/input`)
    expect(input.body).toContain('Plant flere træer.')
    const early = await editor.post(`/demo-kommune/staff/dialogs/${dialog.id}/feedback`, { feedback_da: 'Tak.' })
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('mangler stadig et svar')
    const responded = await editor.post(`/demo-kommune/staff/dialogs/${dialog.id}/contributions/${replyRow?.id}`, {
      [`response-${replyRow?.id}`]: 'Der plantes 40 træer.',
    })
    expect(responded.statusCode).toBe(303)
    expect(
      (await editor.post(`/demo-kommune/staff/dialogs/${dialog.id}/feedback`, { feedback_da: 'Tak for jeres svar.' }))
        .statusCode,
    ).toBe(303)
    await runJobs(db)
    const feedback = (await mailsTo(db, 'karl@example.test')).find((m) => m.purpose === 'dialogs.feedback')
    const text = await mailText(db, feedback?.document_hash as string)
    const link = text.match(/http:\/\/localhost:3000(\/demo-kommune\/dialogs\/[^\s]+\/contributions\/[0-9a-f-]+)/)?.[1]
    expect(link).toBe(`/demo-kommune/dialogs/${dialog.id}/contributions/${replyRow?.id}`)
    const own = await app.inject(link as string)
    expect(own.body).toContain('Der plantes 40 træer.')
    const hvidbog = await app.inject(`/demo-kommune/dialogs/${dialog.id}/hvidbog`)
    expect(hvidbog.body).not.toContain('blev modtaget, men ikke offentliggjort')
    expect(hvidbog.body).toContain('Plant flere træer.')
    expect(hvidbog.body).toContain('Der plantes 40 træer.')
    const pdf = await app.inject(`/demo-kommune/dialogs/${dialog.id}/hvidbog.pdf`)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    const api = await app.inject(`/api/v1/dialogs/${dialog.id}/contributions?format=csv`)
    expect(api.body).toContain('Der plantes 40 træer.')
    expect(api.body).not.toContain('karl@example.test')
    const one = (await app.inject(`/api/v1/dialogs/${dialog.id}`)).json() as { phase: string; contributions: unknown[] }
    expect(one.phase).toBe('concluded')
    expect(one.contributions).toHaveLength(1)
  })

  it('asks a citizen to sign in to propose, then takes one support per person', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'idea_storm')
    const anonymous = new TestBrowser(app)
    const page = await anonymous.get(`/demo-kommune/dialogs/${dialog.id}`)
    expect(page.body).toContain(
      `/demo-kommune/sign-in?next=${encodeURIComponent(`/demo-kommune/dialogs/${dialog.id}`)}`,
    )
    expect(page.body).not.toContain(`action="/demo-kommune/dialogs/${dialog.id}/ideas"`)
    const citizen = await citizenBrowser(app, db, dk, 'ida@example.test')
    await citizen.get(`/demo-kommune/dialogs/${dialog.id}`)
    const proposed = await citizen.post(
      `/demo-kommune/dialogs/${dialog.id}/ideas`,
      { title: 'Hundeskov', body: 'En hundeskov i parken.' },
      { 'x-forwarded-for': freshAddress() },
    )
    expect(proposed.statusCode).toBe(303)
    const [idea] = await store.listContributions(db, dialog.id)
    const first = await citizen.post(`/demo-kommune/dialogs/${dialog.id}/ideas/${idea?.id}/support`, {})
    expect(first.statusCode).toBe(303)
    const second = await citizen.post(`/demo-kommune/dialogs/${dialog.id}/ideas/${idea?.id}/support`, {})
    expect(second.statusCode).toBe(409)
    expect(second.body).toContain('Du støtter allerede idéen')
    await citizenBrowser(app, db, dk, 'fie@example.test').then(async (other) => {
      await other.get(`/demo-kommune/dialogs/${dialog.id}`)
      await other.post(`/demo-kommune/dialogs/${dialog.id}/ideas/${idea?.id}/support`, {})
    })
    // The test dialog's threshold is two supports.
    expect((await app.inject(`/demo-kommune/dialogs/${dialog.id}`)).body).toContain('Grænsen er nået')
    const mine = await citizen.get('/demo-kommune/me')
    expect(mine.body).toContain('Dit input til dialoger')
    expect(mine.body).toContain('Hundeskov')
  })

  it('refuses a ballot over the budget before storing it, takes one ballot per person', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'budget')
    const now = new Date().toISOString()
    const projects = ['Legeplads', 'Bænke'].map((title, i) => ({
      id: crypto.randomUUID(),
      title,
      cost: i === 0 ? 800 : 300,
    }))
    await db.transaction().execute(async (trx) => {
      for (const p of projects) {
        await store.insertContribution(trx, {
          id: p.id,
          dialog_id: dialog.id,
          municipality_id: dk.id,
          kind: 'project',
          parent_id: null,
          citizen_id: null,
          author_name: 'Demo Kommune',
          author_email: null,
          represents: 'self',
          organisation: '',
          address: '',
          hide_address: 1,
          language: 'da',
          title: p.title,
          body: p.title,
          public_body: p.title,
          state: 'published',
          moderation_item_id: null,
          status: 'new',
          status_note: '',
          response: '',
          cost: p.cost,
          pledge_goal: 0,
          supports_count: 0,
          created_at: now,
          updated_at: now,
        })
      }
    })
    const citizen = await citizenBrowser(app, db, dk, 'vote@example.test')
    await citizen.get(`/demo-kommune/dialogs/${dialog.id}`)
    const over = await citizen.post(`/demo-kommune/dialogs/${dialog.id}/ballot`, {
      projects: projects.map((p) => p.id),
    })
    expect(over.statusCode).toBe(400)
    expect(over.body).toContain('mere end budgettet')
    expect(await store.listBallots(db, dialog.id)).toHaveLength(0)
    expect(
      (await citizen.post(`/demo-kommune/dialogs/${dialog.id}/ballot`, { projects: [projects[1]?.id as string] }))
        .statusCode,
    ).toBe(303)
    expect(
      (await citizen.post(`/demo-kommune/dialogs/${dialog.id}/ballot`, { projects: [projects[1]?.id as string] }))
        .statusCode,
    ).toBe(409)
    expect((await app.inject(`/api/v1/dialogs/${dialog.id}/ballots`)).statusCode).toBe(404)
    await closeDialog(db, dk, dialog.id)
    expect(await publishDueResults(db)).toBeGreaterThanOrEqual(1)
    const page = await app.inject(`/demo-kommune/dialogs/${dialog.id}`)
    expect(page.body).toContain('Resultat')
    expect(page.body).toContain('finansieret')
    const file = (await app.inject(`/api/v1/dialogs/${dialog.id}/ballots`)).json() as { ballots: string[][] }
    expect(file.ballots).toEqual([[projects[1]?.id]])
    expect(JSON.stringify(file)).not.toContain('vote@example.test')
  })

  it('stops a follower’s digest with one click from its e-mail, also from the mail program', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'idea_storm')
    const email = 'ulf@example.test'
    const citizen = await citizenBrowser(app, db, dk, email)
    await citizen.get(`/demo-kommune/dialogs/${dialog.id}`)
    const followed = await citizen.post(`/demo-kommune/dialogs/${dialog.id}/follow`, { frequency: 'daily' })
    expect(followed.statusCode).toBe(303)
    await citizen.post(
      `/demo-kommune/dialogs/${dialog.id}/ideas`,
      { title: 'Bænke ved søen', body: 'Flere bænke, tak.' },
      { 'x-forwarded-for': freshAddress() },
    )
    await sendDigests(db, 'http://localhost:3000', 'radhus.test', new Date(Date.now() + 25 * 3_600_000))
    const digest = (await mailsTo(db, email)).find((mail) => mail.purpose === 'dialogs.digest')
    const raw = await mailText(db, digest?.document_hash as string)
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    const path = raw.match(
      /http:\/\/localhost:3000(\/demo-kommune\/unsubscribe\/dialog\.[A-Za-z0-9_.-]+)/,
    )?.[1] as string
    expect(raw).toContain(`List-Unsubscribe:\r\n <http://localhost:3000${path}>`)
    const [{ id: citizenId } = { id: '' }] = await db
      .selectFrom('citizens')
      .select('id')
      .where('email', '=', email)
      .execute()
    expect(await store.findFollower(db, dialog.id, citizenId)).toBeDefined()
    expect((await app.inject(path)).body).toContain('Tryk på knappen for at stoppe dem')
    const stopped = await app.inject({
      method: 'POST',
      url: path,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(stopped.statusCode).toBe(200)
    expect(await store.findFollower(db, dialog.id, citizenId)).toBeUndefined()
    expect((await app.inject(path)).body).toContain('Du får ikke længere e-mails')
  })

  it('lists dialogs in the open-data API and the OpenAPI document, without drafts', async () => {
    const list = (await app.inject('/api/v1/dialogs?municipality=demo-kommune')).json() as {
      dialogs: { phase: string }[]
    }
    expect(list.dialogs.length).toBeGreaterThan(0)
    expect(list.dialogs.every((d) => d.phase !== 'draft')).toBe(true)
    const doc = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, unknown> }
    expect(doc.paths).toHaveProperty('/api/v1/dialogs')
    expect(doc.paths).toHaveProperty('/api/v1/dialogs/{id}/contributions')
  })

  it('keeps the editor pages from other roles and shows overdue dialogs on the staff overview', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'consultation')
    await closeDialog(db, dk, dialog.id, true)
    const agent = await signedInAs(app, 'agent')
    expect((await agent.get('/demo-kommune/staff/dialogs/new')).statusCode).toBe(403)
    const overview = await agent.get('/demo-kommune/staff/dialogs')
    expect(overview.statusCode).toBe(200)
    expect(overview.body).toContain('Tilbagemelding forsinket')
    expect(overview.body).toContain(`href="/demo-kommune/dialogs/${dialog.id}"`)
    expect(overview.body).not.toContain(`href="/demo-kommune/staff/dialogs/${dialog.id}"`)
  })
})
