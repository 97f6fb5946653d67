#!/usr/bin/env node
// The floor of an intake's writes: the statements one intake makes (`intake-writes.mjs`) on Rådhus' own schema,
// 16 intakes per transaction, no HTTP, no Kysely, no checkpoints (the server runs them in a worker thread). What
// no change above the database can make cheaper on this machine.
//
//   node bench/intake-sql.mjs [--count 20000] [--batch 16] [--without search,document,message,job,journal]
//                             [--drop-indexes]
//
// --without and --drop-indexes show what each part costs by leaving it out (intake-writes.mjs).
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { intakeWrites, partsLeftOut } from './intake-writes.mjs'
import { buildBundle, numberOption, option, startRadhus, stop, waitFor } from './lib.mjs'

const count = numberOption('--count', 20_000)
const batch = numberOption('--batch', 16)
const without = partsLeftOut(option('--without'))
const dropIndexes = process.argv.includes('--drop-indexes')
buildBundle()
const dir = mkdtempSync(path.join(os.tmpdir(), 'radhus-bench-intake-sql-'))
try {
  // Migrated and seeded by the server itself, so the schema (indexes, triggers) is exactly the product's.
  const radhus = startRadhus({ port: 3313, dataDir: dir })
  await waitFor('http://127.0.0.1:3313/healthz', radhus)
  await stop(radhus)

  const file = path.join(dir, 'radhus.db')
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('wal_autocheckpoint = 0')
  const { commit: commitBatch } = intakeWrites(db, { without, dropIndexes })
  for (let i = 0; i < 50; i++) commitBatch(batch) // warm up
  const walBefore = statSync(`${file}-wal`).size
  const started = process.hrtime.bigint()
  for (let done = 0; done < count; done += batch) commitBatch(batch)
  const micros = Number(process.hrtime.bigint() - started) / 1000 / count
  const pages = (statSync(`${file}-wal`).size - walBefore) / db.pragma('page_size', { simple: true }) / count
  console.log(
    `${count} intakes, ${batch} per transaction${without.length ? `, without ${without.join(', ')}` : ''}${dropIndexes ? ', 9 inquiry indexes dropped' : ''}: ${micros.toFixed(1)} µs per intake, ${pages.toFixed(1)} WAL pages per intake`,
  )
  db.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
