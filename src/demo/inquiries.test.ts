import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Db } from '../db/index.ts'
import { sniffContentType } from '../inquiries/attachments.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { DK, SE, seededApp, signedInAs } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { DEMO_INQUIRIES, seedDemoInquiries, tinyPdf } from './inquiries.ts'

it('makes a PDF that is recognised as one', async () => {
  const pdf = new TextDecoder().decode(tinyPdf('Hello (demo)'))
  expect(await sniffContentType(tinyPdf('Hello'))).toBe('application/pdf')
  // The cross-reference table points at each object.
  const offsets = [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]))
  expect(offsets).toHaveLength(5)
  for (const [i, offset] of offsets.entries()) expect(pdf.slice(offset)).toMatch(new RegExp(`^${i + 1} 0 obj`))
  expect(pdf.slice(Number(pdf.match(/startxref\n(\d+)/)?.[1]))).toMatch(/^xref/)
})

forEachDialect('demo inquiries', (current) => {
  let app: FastifyInstance
  let db: Db

  beforeAll(async () => {
    db = current().db
    app = await seededApp(db)
    await seedDemoInquiries(db, { baseUrl: 'http://localhost:3000', mailDomain: 'radhus.test' })
  })
  afterAll(() => app.close())

  it('fills each demo inbox through the intake and the case service, journaled and mailed', async () => {
    const now = new Date().toISOString()
    for (const demo of [DK, SE]) {
      const municipality = await findMunicipalityBySlug(db, demo.slug)
      const rows = await db
        .selectFrom('inquiries')
        .selectAll()
        .where('municipality_id', '=', municipality?.id as string)
        .execute()
      expect(rows).toHaveLength(DEMO_INQUIRIES[demo.slug]?.length ?? -1)
      expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['web', 'email', 'phone', 'desk']))
      expect(new Set(rows.map((r) => r.language))).toEqual(new Set([demo.defaultLanguage, 'en']))
      expect(rows.filter((r) => r.status === 'closed')).toHaveLength(1)
      expect(rows.filter((r) => r.status === 'answered').length).toBeGreaterThanOrEqual(3)
      expect(rows.filter((r) => ['new', 'open'].includes(r.status) && r.due_at < now)).toHaveLength(2)
      expect(rows.every((r) => r.received_at < now)).toBe(true)

      const actions = await db
        .selectFrom('journal')
        .select(['action', 'subject_id'])
        .where('municipality_id', '=', municipality?.id as string)
        .where('subject_type', '=', 'inquiry')
        .execute()
      const count = (action: string) => actions.filter((a) => a.action === action).length
      expect(count('inquiry.received')).toBe(rows.length)
      expect(count('inquiry.answered')).toBe(4)
      expect(count('inquiry.closed')).toBe(1)
      expect(count('inquiry.taken')).toBe(1)
      const answers = await db
        .selectFrom('mail_outbox')
        .select('id')
        .where('municipality_id', '=', municipality?.id as string)
        .where('purpose', '=', 'inquiry.answer')
        .execute()
      // Four answers, one of them given by phone.
      expect(answers).toHaveLength(3)
    }
  })

  it('shows the agent an inbox with overdue inquiries, a group of five, a masked number and a PDF', async () => {
    for (const [demo, masked, pdfName] of [
      [DK, '150624-4123', 'carport-tegning.pdf'],
      [SE, '20240615-3128', 'attefallshus-ritning.pdf'],
    ] as const) {
      const agent = await signedInAs(app, 'agent', demo)
      const inbox = await agent.get(`/${demo.slug}/staff/inbox`)
      expect(inbox.statusCode).toBe(200)
      expect(inbox.body).not.toContain(masked)
      const overdue = await agent.get(`/${demo.slug}/staff/inbox?overdue=1`)
      expect(overdue.body.match(/href="\/[a-z-]+\/staff\/inquiries\/[0-9a-f-]{36}"/g)).toHaveLength(2)

      const bulk = await agent.get(`/${demo.slug}/staff/inbox/bulk`)
      expect(bulk.statusCode).toBe(200)
      // One suggested group, of the five bulky-waste questions; its link selects all five.
      const groups = bulk.body.match(/<li class="bulk-group">.*?<\/li>/gs) ?? []
      expect(groups).toHaveLength(1)
      expect(groups[0]?.match(/ids=[0-9a-f-]{36}/g)).toHaveLength(5)

      const withPdf = await db
        .selectFrom('inquiry_attachments')
        .innerJoin('municipalities', 'municipalities.id', 'inquiry_attachments.municipality_id')
        .select(['inquiry_attachments.inquiry_id', 'inquiry_attachments.content_type'])
        .where('municipalities.slug', '=', demo.slug)
        .where('inquiry_attachments.file_name', '=', pdfName)
        .executeTakeFirstOrThrow()
      expect(withPdf.content_type).toBe('application/pdf')
      const page = await agent.get(`/${demo.slug}/staff/inquiries/${withPdf.inquiry_id}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain(pdfName)
    }
  })
})
