import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Db } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { listEntries } from '../journal/service.ts'
import { verifyChain } from '../journal/verify.ts'
import { forEachDialect } from '../testing/db.ts'
import { listInbox } from './inbox/store.ts'
import { type IntakeContext, receiveInquiry } from './service.ts'
import { citizenIntake, runJobs, seededWorld } from './testing.ts'

// Intakes arriving together (on SQLite they share one commit: db/group-commit.ts) stay separate inquiries.
forEachDialect('intake under concurrency', (current) => {
  let app: FastifyInstance
  let db: Db
  let dk: MunicipalityRow

  beforeAll(async () => {
    db = current().db
    ;({ app, dk } = await seededWorld(db, { RATE_LIMITS: 'off' }))
  })
  afterAll(() => app.close())

  const context = () => citizenIntake(dk)
  const input = (i: number) => ({
    topic: 'roads',
    message: `Vejhullet ved Kvædevej ${i} er blevet større`,
    name: `Borger Nummer${i}`,
    email: `borger${i}@example.dk`,
    language: 'da' as const,
    channel: 'api' as const,
  })

  it('gives concurrent intakes their own reference, journal entry, receipt and search entry', async () => {
    const received = await Promise.all(Array.from({ length: 20 }, (_, i) => receiveInquiry(db, context(), input(i))))
    const references = received.map((r) => r.inquiry.reference)
    expect(new Set(references).size).toBe(20)
    await runJobs(db)
    const entries = await listEntries(db, dk.id, {}, { limit: 200, offset: 0 })
    for (const { inquiry } of received) {
      const mine = entries.rows.filter((e) => e.subject_id === inquiry.id).map((e) => e.action)
      expect(mine).toEqual(expect.arrayContaining(['inquiry.received', 'mail.queued']))
    }
    // Found by a part of a word of the message, and by the name: indexed once, with its first message.
    const found = await listInbox(
      db,
      { municipalityId: dk.id, status: 'all', search: { kind: 'text', terms: ['kvædev', 'nummer7'] } },
      'due',
      { limit: 50, offset: 0 },
    )
    expect(found.map((r) => r.id)).toEqual([received[7]?.inquiry.id])
  })

  it('numbers intakes sharing a commit one after another; the next intake and journal entry go on from there', async () => {
    const batch = await Promise.all(Array.from({ length: 6 }, (_, i) => receiveInquiry(db, context(), input(50 + i))))
    const numbers = batch.map((r) => Number(r.inquiry.reference.split('-').at(-1)))
    const first = Math.min(...numbers)
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 6 }, (_, i) => first + i))
    // A later transaction reads the counter and the journal's head as the shared one left them.
    const next = await receiveInquiry(db, context(), input(60))
    expect(Number(next.inquiry.reference.split('-').at(-1))).toBe(first + 6)
    // The chain verifies: no gap, each entry on its predecessor, and the head row on the last entry.
    expect(await verifyChain(db, dk.id)).toMatchObject({ ok: true })
  })

  it('fails only the intake that fails when others arrive with it', async () => {
    const before = await listEntries(db, dk.id, {}, { limit: 1, offset: 0 })
    const failing: IntakeContext = {
      ...context(),
      mail: {
        evidence: { body: new TextEncoder().encode('From: x@example.dk\r\n\r\nx'), mediaType: 'message/rfc822' },
        emailMessageId: null,
        sendReceipt: false,
        within: async () => {
          throw new Error('the channel could not keep its row')
        },
      },
    }
    const outcomes = await Promise.allSettled(
      Array.from({ length: 9 }, (_, i) => receiveInquiry(db, i === 4 ? failing : context(), input(100 + i))),
    )
    expect(outcomes.map((o) => o.status)).toEqual([
      ...Array(4).fill('fulfilled'),
      'rejected',
      ...Array(4).fill('fulfilled'),
    ])
    const after = await listEntries(db, dk.id, {}, { limit: 100, offset: 0 })
    const added = after.rows.filter((e) => e.seq > (before.rows[0]?.seq ?? 0))
    // Eight inquiries, each with its receipt: nothing of the failed one, and a chain with no gap.
    expect(added.filter((e) => e.action === 'inquiry.received')).toHaveLength(8)
    expect(added.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: added.length }, (_, i) => (before.rows[0]?.seq ?? 0) + i + 1),
    )
    const failed = await listInbox(
      db,
      { municipalityId: dk.id, status: 'all', search: { kind: 'text', terms: ['nummer104'] } },
      'due',
      { limit: 5, offset: 0 },
    )
    expect(failed).toEqual([])
  })
})
