#!/usr/bin/env node
// The floor of an intake's writes: the statements one intake makes (inquiry and its search key, message, journal
// document and entry, the receipt's job; the reference counter, the journal's head and the search index once per batch) as raw prepared
// better-sqlite3 statements on Rådhus' own schema, 16 intakes per transaction, no HTTP, no Kysely, no checkpoints
// (the server runs them in a worker thread). What no change above the database can make cheaper on this machine.
//
//   node bench/intake-sql.mjs [--count 20000] [--batch 16]
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import { buildBundle, numberOption, startRadhus, stop, waitFor } from './lib.mjs'

const count = numberOption('--count', 20_000)
const batch = numberOption('--batch', 16)
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
  const m = db.prepare("select id from municipalities where slug = 'demo-kommune'").get().id
  const topic = db.prepare('select id from inquiry_topics where municipality_id = ? limit 1').get(m).id
  const year = new Date().getUTCFullYear()
  const stmt = {
    counterRow: db.prepare('insert into inquiry_counters values (?, ?, 0) on conflict do nothing'),
    counter: db.prepare('update inquiry_counters set value = value + 1 where municipality_id = ? and year = ?'),
    counterRead: db.prepare('select value from inquiry_counters where municipality_id = ? and year = ?'),
    inquiry:
      db.prepare(`insert into inquiries (id, municipality_id, reference, channel, topic_id, department_id, status,
      citizen_name, citizen_email, citizen_phone, language, received_at, due_at, status_token_hash, reply_token,
      assignee_id, registered_by, closed_at, resolution, resolution_reason, updated_at)
      values (?, ?, ?, 'api', ?, null, 'new', ?, ?, null, 'da', ?, ?, ?, ?, null, null, null, null, null, ?)`),
    key: db.prepare(`insert into inquiry_search_keys (inquiry_id, municipality_id, status, due_at, received_at)
      values (?, ?, 'new', ?, ?)`),
    document: db.prepare(`insert into documents (municipality_id, hash, media_type, size, body, created_at)
      values (?, ?, 'text/plain; charset=utf-8', ?, ?, ?) on conflict do nothing`),
    headSeq: db.prepare('update journal_heads set seq = seq + 1 where municipality_id = ?'),
    head: db.prepare('select seq, hash from journal_heads where municipality_id = ?'),
    headSet: db.prepare('update journal_heads set seq = ?, hash = ? where municipality_id = ?'),
    counterSet: db.prepare('update inquiry_counters set value = ? where municipality_id = ? and year = ?'),
    entry: db.prepare(`insert into journal (municipality_id, seq, at, actor_type, actor_id, action, subject_type,
      subject_id, summary, documents, prev_hash, hash) values (?, ?, ?, 'citizen', null, 'inquiry.received', 'inquiry', ?, ?, ?, ?, ?)`),
    message: db.prepare(`insert into inquiry_messages (id, inquiry_id, municipality_id, direction, channel, body,
      author_id, created_at, document_hash, email_message_id, delivery) values (?, ?, ?, 'in', 'api', ?, null, ?, ?, null, null)`),
    job: db.prepare(`insert into jobs (id, municipality_id, kind, payload, status, run_at, attempts, max_attempts,
      locked_until, last_error, dedupe_key, created_at, finished_at) values (?, ?, 'inquiries.receipt', ?, 'queued', ?, 0, 8, null, null, ?, ?, null)`),
  }
  const hex = (bytes) => randomBytes(bytes).toString('hex')
  const sha = (text) => createHash('sha256').update(text).digest('hex')
  // Status secrets and reply tokens begin with the clock, as the product's (identity/tokens.ts).
  const clock = () => Date.now().toString(16).padStart(12, '0')
  let n = 0
  // The counter and the journal head are claimed once per transaction and written once before its commit, as the
  // product's (db/held-in-transaction.ts); `held` is what the transaction holds.
  const intake = (held) => {
    n++
    const id = uuidv7()
    const now = new Date().toISOString()
    const body = `Der er et hul i cykelstien på Nørrebrogade ud for nr. ${n}. Kan I udbedre det?`
    const reference = `DEMO-${year}-${String(++held.counter).padStart(6, '0')}`
    const secret = `${clock()}${randomBytes(32).toString('base64url')}`
    const statusKey = `${secret.slice(0, 12)}${sha(secret)}`
    stmt.inquiry.run(
      id,
      m,
      reference,
      topic,
      'Søren Jørgensen',
      'soren@example.dk',
      now,
      now,
      statusKey,
      `${clock()}${hex(10)}`,
      now,
    )
    stmt.key.run(id, m, now, now)
    const hash = sha(body)
    stmt.document.run(m, hash, Buffer.byteLength(body), Buffer.from(body), now)
    const seq = ++held.seq
    const entryHash = sha(`${held.hash}${id}${hash}`)
    stmt.entry.run(m, seq, now, id, `Inquiry ${reference} received`, JSON.stringify([hash]), held.hash, entryHash)
    held.hash = entryHash
    stmt.message.run(uuidv7(), id, m, body, now, hash)
    stmt.job.run(uuidv7(), m, JSON.stringify({ inquiryId: id }), now, `receipt:${id}`, now)
    return id
  }
  const commitBatch = db.transaction((size) => {
    stmt.counterRow.run(m, year)
    stmt.counter.run(m, year)
    stmt.headSeq.run(m)
    const head = stmt.head.get(m)
    const held = { counter: stmt.counterRead.get(m, year).value - 1, seq: head.seq - 1, hash: head.hash }
    const ids = Array.from({ length: size }, () => intake(held))
    db.prepare(
      `insert into inquiry_search (rowid, text) select search_id, text from inquiry_search_source
       where inquiry_id in (${ids.map(() => '?').join(', ')})`,
    ).run(...ids)
    stmt.counterSet.run(held.counter, m, year)
    stmt.headSet.run(held.seq, held.hash, m)
  })
  for (let i = 0; i < 50; i++) commitBatch(batch) // warm up
  const walBefore = statSync(`${file}-wal`).size
  const started = process.hrtime.bigint()
  for (let done = 0; done < count; done += batch) commitBatch(batch)
  const micros = Number(process.hrtime.bigint() - started) / 1000 / count
  const pages = (statSync(`${file}-wal`).size - walBefore) / db.pragma('page_size', { simple: true }) / count
  console.log(
    `${count} intakes, ${batch} per transaction: ${micros.toFixed(1)} µs per intake, ${pages.toFixed(1)} WAL pages per intake`,
  )
  db.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
