import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { forEachDialect } from '../testing/db.ts'
import type { Executor } from './index.ts'
import { referenceCache } from './reference-cache.ts'

forEachDialect('referenceCache', (current) => {
  it('reads once, shares the entry with transactions, forgets on request and never keeps "not found"', async () => {
    const { db } = current()
    await sql`create table cache_probe (k text primary key, v text not null)`.execute(db)
    await sql`insert into cache_probe (k, v) values ('a', 'first')`.execute(db)
    let loads = 0
    const cache = referenceCache(async (runner: Executor, key: string) => {
      loads++
      const row = (await sql<{ v: string }>`select v from cache_probe where k = ${key}`.execute(runner)).rows[0]
      return row ? { v: row.v } : undefined
    })
    expect(await cache.get(db, 'a')).toEqual({ v: 'first' })
    await sql`update cache_probe set v = 'second' where k = 'a'`.execute(db)
    // Kept: a write that does not say so is seen only after the time to live.
    expect(await db.transaction().execute((trx) => cache.get(trx, 'a'))).toEqual({ v: 'first' })
    expect(loads).toBe(1)
    cache.forget(db, 'a')
    expect(await cache.get(db, 'a')).toEqual({ v: 'second' })
    // An unknown key is asked for again each time, so a row created later is found at once.
    expect(await cache.get(db, 'b')).toBeUndefined()
    await sql`insert into cache_probe (k, v) values ('b', 'new')`.execute(db)
    expect(await cache.get(db, 'b')).toEqual({ v: 'new' })
    expect(loads).toBe(4)
  })
})
