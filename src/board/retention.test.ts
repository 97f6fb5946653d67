import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Db } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { seededWorld } from '../inquiries/testing.ts'
import { runDueJobs } from '../jobs/service.ts'
import { verifyChain } from '../journal/verify.ts'
import { sendMailHandler } from '../mail/outbox/send.ts'
import { SEND_JOB } from '../mail/outbox/service.ts'
import { captureTransport } from '../mail/transport.ts'
import { forEachDialect } from '../testing/db.ts'
import { DISCARD_JOB, discardUnconfirmedPosts, scheduleDiscards, UNCONFIRMED_POST_DAYS } from './retention.ts'
import { CitizenBrowser, confirmLink } from './testing.ts'

let seq = 0
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${seq++}`

forEachDialect('unconfirmed board posts', (current) => {
  let app: FastifyInstance
  let db: Db
  let dk: MunicipalityRow
  beforeAll(async () => {
    db = current().db
    ;({ app, dk } = await seededWorld(db))
  })
  afterAll(() => app.close())

  /** Ask as someone not signed in; the post waits for the mailed link. Returns the question's id. */
  async function ask(browser: CitizenBrowser, email: string, title: string, body: string): Promise<string> {
    const topic = await db.selectFrom('inquiry_topics').select('id').where('municipality_id', '=', dk.id).execute()
    await browser.get('/demo-kommune/questions/ask')
    const res = await browser.post('/demo-kommune/questions/ask', {
      topic: topic[0]?.id as string,
      title,
      body,
      name: 'Kim',
      email,
      confirmed: '1',
    })
    expect(res.statusCode).toBe(200)
    const rows = await db.selectFrom('board_questions').select('id').where('title', '=', title).execute()
    return rows.at(-1)?.id as string
  }
  const age = (id: string, days: number) =>
    db
      .updateTable('board_questions')
      .set({ created_at: new Date(Date.now() - days * 86_400_000).toISOString() })
      .where('id', '=', id)
      .execute()
  const citizenOf = (email: string) =>
    db.selectFrom('citizens').selectAll().where('email', '=', email).executeTakeFirst()
  const documentOf = async (subjectId: string, action: string) => {
    const entry = await db
      .selectFrom('journal')
      .select('documents')
      .where('subject_id', '=', subjectId)
      .where('action', '=', action)
      .executeTakeFirstOrThrow()
    const hash = (JSON.parse(entry.documents) as string[])[0] as string
    return db.selectFrom('documents').selectAll().where('hash', '=', hash).executeTakeFirstOrThrow()
  }

  it('discards posts unconfirmed for 30 days with their text and forgets their author; keeps the rest and the chain', async () => {
    const gone = `${unique('glemt')}@example.dk`
    const waiting = `${unique('venter')}@example.dk`
    const confirmed = `${unique('bekraeftet')}@example.dk`
    const shared = { title: unique('Fælles tekst'), body: 'Hvornår åbner svømmehallen igen?' }
    // Someone confirms and is published; the same words, sent by another who never confirms, share one document.
    const publisher = new CitizenBrowser(app)
    const published = await ask(publisher, confirmed, shared.title, shared.body)
    expect((await confirmLink(publisher, db, confirmed)).statusCode).toBe(303)
    const forgotten = new CitizenBrowser(app)
    const old = await ask(forgotten, gone, unique('Gammelt spørgsmål'), 'Hvor kan jeg aflevere haveaffald?')
    const oldShared = await ask(forgotten, gone, shared.title, shared.body)
    const recent = await ask(new CitizenBrowser(app), waiting, unique('Nyt spørgsmål'), 'Er der åbent i påsken?')
    // The confirmation mails go out, to the development capture.
    await runDueJobs(db, { [SEND_JOB]: sendMailHandler(captureTransport) })
    const capturedBefore = await db
      .selectFrom('mail_captures')
      .select('id')
      .where('envelope_to', 'like', `%${gone}%`)
      .execute()
    expect(capturedBefore.length).toBeGreaterThan(0)
    await age(old, UNCONFIRMED_POST_DAYS + 1)
    await age(oldShared, UNCONFIRMED_POST_DAYS + 1)
    await age(recent, UNCONFIRMED_POST_DAYS - 1)
    const author = await citizenOf(gone)
    const oldText = await documentOf(old, 'board.question.asked')

    expect(await discardUnconfirmedPosts(db)).toBe(2)

    const left = await db
      .selectFrom('board_questions')
      .select('id')
      .where('id', 'in', [old, oldShared, recent, published])
      .execute()
    expect(left.map((r) => r.id).sort()).toEqual([published, recent].sort())
    // The text is purged, but the entries that refer to it stay.
    expect((await documentOf(old, 'board.question.asked')).body).toBeNull()
    expect(oldText.body).not.toBeNull()
    const sharedText = await documentOf(oldShared, 'board.question.asked')
    expect(sharedText.purged_at).toBeNull()
    expect(Buffer.from(sharedText.body as Uint8Array).toString()).toContain(shared.body)
    const discarded = await db
      .selectFrom('journal')
      .select(['action', 'actor_type'])
      .where('subject_id', 'in', [old, oldShared])
      .where('action', '=', 'board.question.discarded')
      .execute()
    expect(discarded).toEqual([
      { action: 'board.question.discarded', actor_type: 'system' },
      { action: 'board.question.discarded', actor_type: 'system' },
    ])
    // The author is forgotten, with their links and the confirmation mail's text; the others stay.
    expect(await citizenOf(gone)).toBeUndefined()
    const links = await db
      .selectFrom('citizen_links')
      .select('token_hash')
      .where('citizen_id', '=', author?.id as string)
      .execute()
    expect(links).toEqual([])
    expect((await documentOf(author?.id as string, 'mail.queued')).body).toBeNull()
    const outbox = await db
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('subject_id', '=', author?.id as string)
      .execute()
    expect(outbox.length).toBeGreaterThan(0)
    expect(outbox.map((row) => row.to_address)).toEqual(outbox.map(() => ''))
    const captures = await db
      .selectFrom('mail_captures')
      .select('id')
      .where('envelope_to', 'like', `%${gone}%`)
      .execute()
    expect(captures).toEqual([])
    expect(await citizenOf(waiting)).toBeDefined()
    expect((await citizenOf(confirmed))?.verified_at).not.toBeNull()
    expect(await verifyChain(db, dk.id)).toMatchObject({ ok: true })

    // Nothing more to do the next day.
    expect(await discardUnconfirmedPosts(db)).toBe(0)
  })

  it('runs daily as a job that a restart does not duplicate', async () => {
    const today = new Date()
    await scheduleDiscards(db, today)
    await scheduleDiscards(db, today)
    const jobs = await db.selectFrom('jobs').select('dedupe_key').where('kind', '=', DISCARD_JOB).execute()
    expect(jobs.map((j) => j.dedupe_key)).toEqual([`${DISCARD_JOB}:${today.toISOString().slice(0, 10)}`])
  })
})
