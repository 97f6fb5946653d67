import { expect, it } from 'vitest'
import { forEachDialect } from '../testing/db.ts'
import { type LiveEvent, publish, startLiveListener, subscribe } from './live.ts'

forEachDialect('live events', (current) => {
  it('delivers a published change to subscribers of that municipality and topic only', async () => {
    const { db, url, schema } = current()
    const stop = await startLiveListener(db, url, schema)
    const seen: LiveEvent[] = []
    const unsubscribe = subscribe('m1', 'inquiries', (e) => seen.push(e))
    await publish(db, { municipalityId: 'm2', topic: 'inquiries', id: 'x' })
    await publish(db, { municipalityId: 'm1', topic: 'board', id: 'y' })
    await publish(db, { municipalityId: 'm1', topic: 'inquiries', id: 'z', kind: 'received' })
    for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    unsubscribe()
    await stop()
    expect(seen).toEqual([{ municipalityId: 'm1', topic: 'inquiries', id: 'z', kind: 'received' }])
  })
})
