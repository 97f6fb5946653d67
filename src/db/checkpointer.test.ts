import { mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { startCheckpointer } from './checkpointer.ts'
import { openDb, sqliteHandle } from './index.ts'
import { migrateToLatest } from './migrate.ts'

it('copies committed pages into the database file from its own thread, while the server thread only commits', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'radhus-checkpoint-'))
  const file = path.join(dir, 'test.db')
  const db = openDb(`sqlite:${file}`)
  try {
    await migrateToLatest(db)
    const checkpointer = startCheckpointer(db, { intervalMs: 20 })
    expect(sqliteHandle(db)?.pragma('wal_autocheckpoint', { simple: true })).toBe(20_000)
    const before = statSync(file).size
    await sql`create table checkpoint_probe (body blob not null)`.execute(db)
    const body = Buffer.alloc(1024 * 1024, 7)
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 3; i++) await sql`insert into checkpoint_probe (body) values (${body})`.execute(trx)
    })
    // 3 MB in the WAL, far below the server connection's own threshold: only the checkpointer moves it over.
    for (let waited = 0; statSync(file).size < before + 3 * 1024 * 1024 && waited < 10_000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(statSync(file).size).toBeGreaterThanOrEqual(before + 3 * 1024 * 1024)
    await checkpointer.stop()
    expect(sqliteHandle(db)?.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
  } finally {
    await db.destroy()
    rmSync(dir, { recursive: true, force: true })
  }
})
