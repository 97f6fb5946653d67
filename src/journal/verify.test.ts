import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { forEachDialect } from '../testing/db.ts'
import { DOCUMENT_PURGED, purgeDocument } from './purge.ts'
import { SYSTEM } from './service.ts'
import { allowJournalRewrites, flipDocumentByte, flipFirstByte, seedChain } from './testing.ts'
import { verifyChain } from './verify.ts'

forEachDialect('journal append-only guard', (current) => {
  it('the database itself refuses UPDATE and DELETE on the journal', async () => {
    const { db } = current()
    const m = await seedChain(db, 'guarded', 2)
    await expect(
      db.updateTable('journal').set({ summary: 'rewritten' }).where('municipality_id', '=', m.id).execute(),
    ).rejects.toThrow(/append-only/)
    await expect(db.deleteFrom('journal').where('municipality_id', '=', m.id).execute()).rejects.toThrow(/append-only/)
    if (db.dialectName === 'postgres') await expect(sql`TRUNCATE journal`.execute(db)).rejects.toThrow(/append-only/)
    const rows = await db.selectFrom('journal').select('summary').where('municipality_id', '=', m.id).execute()
    expect(rows).toHaveLength(3)
    expect(rows.map((r) => r.summary)).not.toContain('rewritten')
    expect(await verifyChain(db, m.id)).toMatchObject({ ok: true, checked: 3 })
  })
})

forEachDialect('verifyChain finds tampering', (current) => {
  beforeAll(async () => {
    await allowJournalRewrites(current().db)
  })

  const entry = (municipalityId: string, seq: number) =>
    current()
      .db.selectFrom('journal')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .where('seq', '=', seq)
      .executeTakeFirstOrThrow()

  it('passes an untouched chain, counting entries and documents', async () => {
    const m = await seedChain(current().db, 'untouched', 9)
    expect(await verifyChain(current().db, m.id)).toMatchObject({ ok: true, checked: 10, documentsChecked: 3 })
  })

  it('names the entry whose summary changed by one byte', async () => {
    const { db } = current()
    const m = await seedChain(db, 'summary', 6)
    const target = await entry(m.id, 4)
    await db
      .updateTable('journal')
      .set({ summary: flipFirstByte(target.summary) })
      .where('municipality_id', '=', m.id)
      .where('seq', '=', 4)
      .execute()
    expect(await verifyChain(db, m.id)).toMatchObject({
      ok: false,
      checked: 3,
      problem: { seq: 4, reason: 'its content does not match its hash' },
    })
  })

  it('names the entry whose document body changed by one byte', async () => {
    const { db } = current()
    const m = await seedChain(db, 'document', 7)
    const target = await entry(m.id, 7) // test entry 6 refers to a document
    const [hash] = JSON.parse(target.documents) as string[]
    await flipDocumentByte(db, m.id, hash as string)
    const result = await verifyChain(db, m.id)
    expect(result).toMatchObject({ ok: false, problem: { seq: 7 } })
    expect(result.problem?.reason).toBe(`document ${hash} has been altered`)
  })

  it('catches entries deleted from the end through the head', async () => {
    const { db } = current()
    const m = await seedChain(db, 'tail', 5)
    await db.deleteFrom('journal').where('municipality_id', '=', m.id).where('seq', '>=', 5).execute()
    expect(await verifyChain(db, m.id)).toMatchObject({
      ok: false,
      checked: 4,
      problem: { seq: 5, reason: 'entries 5 to 6 have been removed' },
    })
  })

  it('catches an entry deleted from the middle', async () => {
    const { db } = current()
    const m = await seedChain(db, 'middle', 5)
    await db.deleteFrom('journal').where('municipality_id', '=', m.id).where('seq', '=', 3).execute()
    expect(await verifyChain(db, m.id)).toMatchObject({ ok: false, problem: { seq: 3, reason: 'entry 3 is missing' } })
  })

  it('names the entry whose prev_hash was changed', async () => {
    const { db } = current()
    const m = await seedChain(db, 'prev', 5)
    const target = await entry(m.id, 3)
    await db
      .updateTable('journal')
      .set({ prev_hash: flipFirstByte(target.prev_hash) })
      .where('municipality_id', '=', m.id)
      .where('seq', '=', 3)
      .execute()
    expect(await verifyChain(db, m.id)).toMatchObject({
      ok: false,
      problem: { seq: 3, reason: 'does not link to the entry before it' },
    })
  })

  it('catches an entry re-hashed to hide a change, at the next link', async () => {
    const { db } = current()
    const m = await seedChain(db, 'rehash', 4)
    const target = await entry(m.id, 2)
    await db
      .updateTable('journal')
      .set({ hash: flipFirstByte(target.hash) })
      .where('municipality_id', '=', m.id)
      .where('seq', '=', 2)
      .execute()
    expect(await verifyChain(db, m.id)).toMatchObject({ ok: false, problem: { seq: 2 } })
  })
})

forEachDialect('purgeDocument', (current) => {
  it('drops the body, journals the purge, and the chain still verifies', async () => {
    const { db } = current()
    const m = await seedChain(db, 'purge', 6)
    const before = await verifyChain(db, m.id)
    const row = await db
      .selectFrom('journal')
      .select('documents')
      .where('municipality_id', '=', m.id)
      .where('seq', '=', 4)
      .executeTakeFirstOrThrow()
    const [hash] = JSON.parse(row.documents) as string[]
    expect(await purgeDocument(db, SYSTEM, m.id, hash as string, 'retention ended')).toBe(true)
    expect(await purgeDocument(db, SYSTEM, m.id, hash as string, 'again')).toBe(false)

    const doc = await db
      .selectFrom('documents')
      .selectAll()
      .where('hash', '=', hash as string)
      .executeTakeFirst()
    expect(doc).toMatchObject({ body: null })
    expect(doc?.purged_at).toBeTruthy()
    const last = await db
      .selectFrom('journal')
      .selectAll()
      .where('municipality_id', '=', m.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    expect(last).toMatchObject({ action: DOCUMENT_PURGED, subject_type: 'document', subject_id: hash, seq: 8 })
    expect(await verifyChain(db, m.id)).toMatchObject({
      ok: true,
      checked: 8,
      documentsChecked: before.documentsChecked - 1,
    })
  })

  it('does not accept a body blanked out without a purge entry', async () => {
    const { db } = current()
    const m = await seedChain(db, 'blanked', 3)
    const row = await db
      .selectFrom('journal')
      .select('documents')
      .where('municipality_id', '=', m.id)
      .where('seq', '=', 4)
      .executeTakeFirstOrThrow()
    const [hash] = JSON.parse(row.documents) as string[]
    await db
      .updateTable('documents')
      .set({ body: null, purged_at: new Date().toISOString() })
      .where('hash', '=', hash as string)
      .execute()
    expect(await verifyChain(db, m.id)).toMatchObject({
      ok: false,
      problem: { seq: 4, reason: `document ${hash} was emptied without a purge entry` },
    })
  })
})

describe('flipFirstByte', () => {
  it('changes exactly one byte', () => {
    const text = 'Entry number 4'
    const flipped = new TextEncoder().encode(flipFirstByte(text))
    const original = new TextEncoder().encode(text)
    expect(flipped.length).toBe(original.length)
    expect(flipped.filter((b, i) => b !== original[i])).toHaveLength(1)
  })
})
