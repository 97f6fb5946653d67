import { sql } from 'kysely'
import { expect, it, vi } from 'vitest'
import { forEachDialect } from '../testing/db.ts'
import { isPostgres } from './dialect.ts'
import { atCommit, inGroupTransaction } from './group-commit.ts'
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
    // All ten arrived in the same turn of the event loop, so on SQLite they share one commit. (Before the batcher
    // waited for the turn to end, the first ran alone and committed before the others were queued.)
    expect(transactions).toHaveBeenCalledTimes(isPostgres(db) ? 10 : 1)
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

forEachDialect('atCommit', (current) => {
  it('runs a flush once with every item of a shared transaction, before the commit, and at once elsewhere', async () => {
    const { db } = current()
    await sql`create table at_commit_probe (id text primary key)`.execute(db)
    const flushed: string[][] = []
    const flush = async (trx: Trx, items: string[]) => {
      flushed.push(items)
      for (const id of items) await sql`insert into at_commit_probe (id) values (${id})`.execute(trx)
    }
    await Promise.all(['c0', 'c1', 'c2'].map((id) => inGroupTransaction(db, (trx) => atCommit(trx, flush, id))))
    // SQLite: one shared transaction, one flush; PostgreSQL: a transaction (and a flush) each, in whatever order the
    // pool's connections get to them.
    const byFirst = [...flushed].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
    expect(byFirst).toEqual(isPostgres(db) ? [['c0'], ['c1'], ['c2']] : [['c0', 'c1', 'c2']])
    await db.transaction().execute((trx) => atCommit(trx, flush, 'c3'))
    expect(flushed.at(-1)).toEqual(['c3'])
    const stored = (await sql<{ id: string }>`select id from at_commit_probe order by id`.execute(db)).rows
    expect(stored.map((r) => r.id)).toEqual(['c0', 'c1', 'c2', 'c3'])
  })

  it('runs the work a flush hands on, even to a flush that has already run', async () => {
    const { db } = current()
    const ran: string[] = []
    const later = async (_trx: Trx, items: string[]) => {
      ran.push(`later:${items.join(',')}`)
    }
    // Like the journal: an earlier flush may record an entry, whose head is written by a flush of its own.
    const handsOn = async (trx: Trx, items: string[]) => {
      ran.push(`hands-on:${items.join(',')}`)
      await atCommit(trx, later, 'from-flush')
    }
    await inGroupTransaction(db, async (trx) => {
      await atCommit(trx, later, 'from-work')
      await atCommit(trx, handsOn, 'x')
    })
    expect(ran).toEqual(['later:from-work', 'hands-on:x', 'later:from-flush'])
  })
})
