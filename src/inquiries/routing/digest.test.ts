import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { endOfLocalDay, isBusinessDay } from '../../calendar/business-days.ts'
import type { Db } from '../../db/index.ts'
import type { MunicipalityRow } from '../../db/schema.ts'
import { type JobHandlers, listJobs, runDueJobs } from '../../jobs/service.ts'
import { listEntries, SYSTEM } from '../../journal/service.ts'
import { sendMailHandler } from '../../mail/outbox/send.ts'
import { startTestSmtpServer, type TestSmtpServer } from '../../mail/outbox/testing.ts'
import { smtpTransport } from '../../mail/transport.ts'
import { createMunicipality } from '../../municipalities/service.ts'
import { DK } from '../../testing/app.ts'
import { forEachDialect } from '../../testing/db.ts'
import { freshAddress, seededWorld } from '../testing.ts'
import {
  DIGEST_JOB,
  DIGEST_SCHEDULE_JOB,
  digestJob,
  localHourInstant,
  scheduleDigestJob,
  scheduleDigests,
} from './digest.ts'

// A Monday in the future, so nothing the intake creates today is due after it by accident.
const MONDAY = '2031-03-03'
const TUESDAY = '2031-03-04'
const SATURDAY = '2031-03-08'

forEachDialect('daily digest', (current) => {
  let app: FastifyInstance
  let db: Db
  let dk: MunicipalityRow
  let smtp: TestSmtpServer
  let handlers: JobHandlers

  beforeAll(async () => {
    db = current().db
    ;({ app, dk } = await seededWorld(db))
    smtp = await startTestSmtpServer()
    handlers = {
      'mail.send': sendMailHandler(() => smtpTransport(smtp.url)),
      [DIGEST_JOB]: digestJob(() => 'radhus.test'),
      [DIGEST_SCHEDULE_JOB]: scheduleDigestJob,
    }
  })
  afterAll(async () => {
    await app.close()
    await smtp.stop()
  })

  const submit = async (topic: string, name: string, message: string, due: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/inquiries',
      headers: { 'x-forwarded-for': freshAddress() },
      payload: { municipality: DK.slug, topic, message, name, phone: '+45 70 10 20 30' },
    })
    const { id, reference } = res.json() as { id: string; reference: string }
    await db.updateTable('inquiries').set({ due_at: due }).where('id', '=', id).execute()
    return reference
  }
  const dueOn = (date: string) => endOfLocalDay(date, dk.time_zone).toISOString()
  const at = (date: string, hour: number, minute = 0) =>
    new Date(localHourInstant(date, hour, dk.time_zone).getTime() + minute * 60_000)

  it('mails each queue what is overdue, due today and due next, at 07:00 local time on business days, once', async () => {
    expect(isBusinessDay(MONDAY, 'DK')).toBe(true)
    expect(at(MONDAY, 7).toISOString()).toBe('2031-03-03T06:00:00.000Z')
    const overdue = await submit('roads', 'Jens Hemmelig', 'Hullet i vejen er stadig der', dueOn('2031-02-28'))
    const today = await submit('bulky-waste', 'Karen Skjult', 'Min sofa', dueOn(MONDAY))
    const tomorrow = await submit('parking', 'Ole Anonym', 'Parkering', dueOn(TUESDAY))
    const later = await submit('roads', 'Per Senere', 'Senere', dueOn('2031-03-06'))
    const centre = await submit('other', 'Lise Lukket', 'Andet spørgsmål', dueOn('2031-02-27'))
    await runDueJobs(db, { 'mail.send': handlers['mail.send'] as JobHandlers[string] })
    smtp.received.length = 0

    await scheduleDigests(db, at(MONDAY, 5))
    await scheduleDigests(db, at(MONDAY, 6))
    expect((await listJobs(db, DIGEST_SCHEDULE_JOB)).filter((j) => j.municipality_id === dk.id)).toHaveLength(1)
    await runDueJobs(db, handlers, { now: at(MONDAY, 6, 59) })
    expect(smtp.received).toHaveLength(0)
    await runDueJobs(db, handlers, { now: at(MONDAY, 7, 1) })

    const teknik = smtp.received.filter((m) => m.to.includes('teknik-og-miljo@radhus.test'))
    expect(teknik).toHaveLength(1)
    const raw = teknik[0]?.raw.toString('utf8') as string
    expect(raw).toContain('Auto-Submitted: auto-generated')
    for (const reference of [overdue, today, tomorrow]) expect(raw).toContain(reference)
    expect(raw).not.toContain(later)
    expect(raw).not.toContain(centre)
    expect(raw).toMatch(/Over fristen \(1\)/)
    expect(raw).toMatch(/Frist i dag \(1\)/)
    for (const secret of ['Jens', 'Hemmelig', 'Hullet', 'sofa', 'Karen']) expect(raw).not.toContain(secret)

    const agents = smtp.received.filter((m) => m.to.includes('agent@demo-kommune.test'))
    expect(agents).toHaveLength(1)
    expect(agents[0]?.raw.toString('utf8')).toContain(centre)
    expect(agents[0]?.raw.toString('utf8')).not.toContain(overdue)

    const { rows } = await listEntries(db, dk.id, { subjectType: 'inquiry_digest' }, { limit: 20, offset: 0 })
    expect(rows.filter((r) => r.action === 'inquiry.digest.sent')).toHaveLength(1)

    // Run again the same morning, and start the chain again: nothing is sent twice.
    const count = smtp.received.length
    await scheduleDigests(db, at(MONDAY, 9))
    await runDueJobs(db, handlers, { now: at(MONDAY, 9) })
    expect(smtp.received.length).toBe(count)
    const digests = (await listJobs(db, DIGEST_JOB)).filter((j) => j.municipality_id === dk.id)
    expect(digests.map((j) => JSON.parse(j.payload).date)).toEqual([MONDAY])
    const next = (await listJobs(db, DIGEST_SCHEDULE_JOB)).filter(
      (j) => j.municipality_id === dk.id && j.status === 'queued',
    )
    expect(next.map((j) => [JSON.parse(j.payload).date, j.run_at])).toEqual([[TUESDAY, at(TUESDAY, 7).toISOString()]])
  })

  it('skips days that are not business days but keeps the chain going', async () => {
    for (let day = 4; day <= 10; day++) {
      const date = `2031-03-${String(day).padStart(2, '0')}`
      await runDueJobs(db, handlers, { now: at(date, 7, 5) })
    }
    const dates = (await listJobs(db, DIGEST_JOB))
      .filter((j) => j.municipality_id === dk.id)
      .map((j) => JSON.parse(j.payload).date as string)
    expect(dates).toContain('2031-03-07')
    expect(dates).not.toContain(SATURDAY)
    expect(dates).not.toContain('2031-03-09')
    expect(dates).toContain('2031-03-10')
  })

  it('starts the digests of a municipality created while the server runs, within the hour', async () => {
    await scheduleDigests(db, at('2031-03-11', 9))
    const created = await createMunicipality(db, SYSTEM, {
      slug: 'ny-kommune',
      name: 'Ny Kommune',
      country: 'DK',
      defaultLanguage: 'da',
      timeZone: 'Europe/Copenhagen',
    })
    const ofCreated = async (kind: string) =>
      (await listJobs(db, kind)).filter((j) => j.municipality_id === created.id).map((j) => JSON.parse(j.payload).date)
    expect(await ofCreated(DIGEST_SCHEDULE_JOB)).toEqual([])
    await runDueJobs(db, handlers, { now: at('2031-03-11', 10, 1) })
    // (The earlier tests left sweeps queued from the day before: they start it a day early here.)
    expect(await ofCreated(DIGEST_JOB)).toContain('2031-03-11')
    expect(await ofCreated(DIGEST_SCHEDULE_JOB)).toContain('2031-03-12')
  })
})
