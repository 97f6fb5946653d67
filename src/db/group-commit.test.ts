import { sql } from 'kysely'
import { expect, it, vi } from 'vitest'
import { forEachDialect } from '../testing/db.ts'
import { isPostgres } from './dialect.ts'
import { inGroupTransaction } from './group-commit.ts'
import type { Db, Trx } from './index.ts'

const insert = (trx: Trx, id: string) => sql`insert into group_commit_probe (id) values (${id})`.execute(trx)
const ids = async (db: Db) =>
  (await sql<{ id: string }>`select id from group_commit_probe order by id`.execute(db)).rows.map((r) => r.id)

forEachDialect('inGroupTransaction', (current) => {
  it('stores every concurrent call, sharing commits on SQLite only', async () => {
    const { db } = current()
    await sql`create table group_commit_probe (id text primary key)`.execute(db)
    const transactions = vi.spyOn(db, 'transaction')
    const names = Array.from({ length: 10 }, (_, i) => `a${i}`)
    const results = await Promise.all(
      names.map((id) =>
        inGroupTransaction(db, async (trx) => {
          await insert(trx, id)
          return id
        }),
      ),
    )
    expect(results).toEqual(names)
    expect(await ids(db)).toEqual(names)
    // The first call starts a transaction alone; the nine arriving meanwhile share the next (SQLite).
    expect(transactions).toHaveBeenCalledTimes(isPostgres(db) ? 10 : 2)
    transactions.mockRestore()
  })

  it('fails only the failing call of a shared transaction, and none of its writes are kept', async () => {
    const { db } = current()
    const calls = ['b0', 'b1', 'b2', 'b3'].map((id) =>
      inGroupTransaction(db, async (trx) => {
        await insert(trx, id)
        if (id === 'b2') await insert(trx, 'a0') // already there: this call fails
        return id
      }),
    )
    const settled = await Promise.allSettled(calls)
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled'])
    expect((await ids(db)).filter((id) => id.startsWith('b'))).toEqual(['b0', 'b1', 'b3'])
  })
})
