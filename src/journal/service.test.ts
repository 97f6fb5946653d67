import { expect, it } from 'vitest'
import { createMunicipality } from '../municipalities/service.ts'
import { forEachDialect } from '../testing/db.ts'
import { record, SYSTEM } from './service.ts'
import { seedChain } from './testing.ts'
import { verifyChain } from './verify.ts'

forEachDialect('journal.record', (current) => {
  it('chains entries and stores documents by hash in the same transaction', async () => {
    const { db } = current()
    const m = await createMunicipality(db, SYSTEM, {
      slug: 'chain',
      name: 'Chain',
      country: 'DK',
      defaultLanguage: 'da',
      timeZone: 'Europe/Copenhagen',
    })
    const entry = await db.transaction().execute((trx) =>
      record(trx, {
        municipalityId: m.id,
        actor: SYSTEM,
        action: 'test.thing.done',
        subject: { type: 'thing', id: '1' },
        summary: 'Done',
        documents: [{ body: 'Hej æøå', mediaType: 'text/plain' }],
      }),
    )
    expect(entry.seq).toBe(2)
    expect(await verifyChain(db, m.id)).toMatchObject({ ok: true, checked: 2, documentsChecked: 1 })
  })

  it('chains several entries of one transaction and leaves the head on the last; refuses one outside a transaction', async () => {
    const { db } = current()
    // A municipality whose chain holds only its creation entry (seq 1).
    const m = await seedChain(db, 'chain-many', 0)
    const entry = (id: string) => ({
      municipalityId: m.id,
      actor: SYSTEM,
      action: 'test.thing.done',
      subject: { type: 'thing', id },
      summary: `Done ${id}`,
    })
    const seqs = await db.transaction().execute(async (trx) => {
      const done = []
      for (const id of ['a', 'b', 'c']) done.push((await record(trx, entry(id))).seq)
      return done
    })
    expect(seqs).toEqual([2, 3, 4])
    await expect(record(db as never, entry('e'))).rejects.toThrow(/transaction of its change/)
    expect(await verifyChain(db, m.id)).toMatchObject({ ok: true, checked: 4 })
  })
})
