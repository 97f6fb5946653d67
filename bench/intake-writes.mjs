// An intake's writes as raw prepared better-sqlite3 statements on Rådhus' own schema (a database the server has
// migrated and seeded): the inquiry and its search key, the message, the journal's document and entry, the
// receipt's job; the reference counter, the journal's head and the search index once per transaction, as the
// product does (db/held-in-transaction.ts, db/group-commit.ts). No HTTP, no validation, no Kysely: what is left
// when everything above the database is taken away. Used by `intake-sql.mjs` (the writes alone) and
// `intake-floor-server.mjs` (the writes behind bare node:http).
import { createHash, randomBytes } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'

/** What `without` may leave out, to see what each part costs (`--without` of intake-sql and the floor). */
export const PARTS = ['search', 'document', 'message', 'job', 'journal']

/** The inquiries' secondary indexes other than the inbox's open-by-due-date one (`--drop-indexes`). */
const SECONDARY_INDEXES = [
  'queue_due',
  'status_due',
  'status_queue',
  'assignee',
  'topic',
  'channel',
  'received',
  'citizen_email',
  'due',
].map((name) => `inquiries_${name}`)

/** The parts named in a `--without a,b` option; refuses an unknown one. */
export function partsLeftOut(list) {
  const names = (list ?? '').split(',').filter(Boolean)
  for (const name of names) if (!PARTS.includes(name)) throw new Error(`--without: one of ${PARTS.join(', ')}`)
  return names
}

/**
 * Prepare the statements on `db`; `commit(n)` writes `n` intakes in one transaction and returns their references.
 * `without` leaves parts out and `dropIndexes` drops the inquiries' secondary indexes: not what Rådhus may do,
 * but where the cost lies (what an intake could cost if it stored less).
 */
export function intakeWrites(db, { without = [], dropIndexes = false } = {}) {
  if (dropIndexes) for (const index of SECONDARY_INDEXES) db.exec(`drop index ${index}`)
  const leaves = (part) => without.includes(part)
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
  // `held` is what the transaction holds of the counter and the journal's head.
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
    if (!leaves('search')) stmt.key.run(id, m, now, now)
    const hash = sha(body)
    if (!leaves('document')) stmt.document.run(m, hash, Buffer.byteLength(body), Buffer.from(body), now)
    if (!leaves('journal')) {
      const seq = ++held.seq
      const entryHash = sha(`${held.hash}${id}${hash}`)
      stmt.entry.run(m, seq, now, id, `Inquiry ${reference} received`, JSON.stringify([hash]), held.hash, entryHash)
      held.hash = entryHash
    }
    if (!leaves('message')) stmt.message.run(uuidv7(), id, m, body, now, hash)
    if (!leaves('job')) stmt.job.run(uuidv7(), m, JSON.stringify({ inquiryId: id }), now, `receipt:${id}`, now)
    return { id, reference }
  }
  const commit = db.transaction((size) => {
    stmt.counterRow.run(m, year)
    stmt.counter.run(m, year)
    stmt.headSeq.run(m)
    const head = stmt.head.get(m)
    const held = { counter: stmt.counterRead.get(m, year).value - 1, seq: head.seq - 1, hash: head.hash }
    const made = Array.from({ length: size }, () => intake(held))
    if (!leaves('search'))
      db.prepare(
        `insert into inquiry_search (rowid, text) select search_id, text from inquiry_search_source
       where inquiry_id in (${made.map(() => '?').join(', ')})`,
      ).run(...made.map((i) => i.id))
    stmt.counterSet.run(held.counter, m, year)
    stmt.headSet.run(held.seq, held.hash, m)
    return made
  })
  return { commit }
}
