#!/usr/bin/env node
// Dialogs on SQLite, two measurements (issue targets in brackets):
//  1. An idea storm's public page with 2,000 published ideas and 20,000 comments, read by an anonymous
//     visitor at 16 connections through the bundle `npm start` runs [p95 < 50 ms], beside the machine's limit
//     (../shared/bench/limit-server.mjs reading one row by id) loaded the same way in the same run.
//  2. Supports at a paced 200 per second through the service (`supportIdea`: lock, one-per-person insert,
//     counter, journal entry), each from a different verified citizen, for --seconds [p99 < 20 ms, no backlog].
//
//   node bench/dialogs.mjs [--seconds 10] [--ideas 2000] [--comments 20000]
//
// Loopback only; bounded in time. Never a pass/fail test; the numbers go in the note.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { register } from 'tsx/esm/api'
import { buildBundle, freePort, option, sleep, startLimitServer, startRadhus, stop, waitFor } from './lib.mjs'

register()
const seconds = Number(option('--seconds', 10))
const ideas = Number(option('--ideas', 2_000))
const comments = Number(option('--comments', 20_000))
const connections = 16

const { openDb } = await import('../src/db/index.ts')
const { migrateToLatest } = await import('../src/db/migrate.ts')
const { seedDemo } = await import('../src/demo/seed.ts')
const { createDialog, publishDialog } = await import('../src/dialogs/service.ts')
const { supportIdea } = await import('../src/dialogs/contributions.ts')
const { completeInput, staffContext } = await import('../src/dialogs/testing.ts')

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function seed(db) {
  await migrateToLatest(db)
  await seedDemo(db)
  const m = await db
    .selectFrom('municipalities')
    .selectAll()
    .where('slug', '=', 'demo-kommune')
    .executeTakeFirstOrThrow()
  const ctx = staffContext(m)
  const dialog = await publishDialog(
    db,
    ctx,
    (await createDialog(db, ctx, await completeInput(db, m, 'idea_storm'))).id,
  )
  const now = Date.now()
  const row = (kind, i, parent) => {
    const at = new Date(now - (ideas + comments - i) * 1000).toISOString()
    return {
      id: randomUUID(),
      dialog_id: dialog.id,
      municipality_id: m.id,
      kind,
      parent_id: parent,
      citizen_id: randomUUID(),
      author_name: `Borger ${i}`,
      author_email: `borger${i}@example.dk`,
      represents: 'self',
      organisation: '',
      address: '',
      hide_address: 1,
      language: 'da',
      title: kind === 'idea' ? `Idé nummer ${i}: flere bænke ved stien` : '',
      body: 'En længere beskrivelse af idéen, med begrundelse og et forslag til, hvor det kunne ligge.',
      public_body: 'En længere beskrivelse af idéen, med begrundelse og et forslag til, hvor det kunne ligge.',
      state: 'published',
      moderation_item_id: null,
      status: 'new',
      status_note: '',
      response: '',
      cost: 0,
      pledge_goal: 0,
      supports_count: (i * 7919) % 300,
      created_at: at,
      updated_at: at,
    }
  }
  const ideaRows = Array.from({ length: ideas }, (_, i) => row('idea', i, null))
  const commentRows = Array.from({ length: comments }, (_, i) => row('comment', ideas + i, ideaRows[i % ideas].id))
  const all = [...ideaRows, ...commentRows]
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < all.length; i += 500)
      await trx
        .insertInto('dialog_contributions')
        .values(all.slice(i, i + 500))
        .execute()
  })
  return { m, dialog, ideaRows }
}

async function load(url, duration = seconds) {
  const r = await autocannon({ url, connections, duration })
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p97: r.latency.p97_5,
    p99: r.latency.p99,
    non2xx: r.non2xx,
  }
}

buildBundle()
const dir = mkdtempSync(path.join(os.tmpdir(), 'radhus-bench-dialogs-'))
try {
  const db = openDb(`sqlite:${path.join(dir, 'radhus.db')}`)
  const started = performance.now()
  const { m, dialog, ideaRows } = await seed(db)
  console.log(`seeded ${ideas} ideas and ${comments} comments in ${Math.round(performance.now() - started)} ms`)

  // 2. Paced supports through the service, in this process (the server is not running yet).
  const latencies = []
  const ctx = staffContext(m)
  const total = 200 * seconds
  const t0 = performance.now()
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / 200
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    const citizen = { id: randomUUID(), email: `s${i}@example.dk`, display_name: `S ${i}`, language: 'da' }
    const s = performance.now()
    await supportIdea(db, ctx, citizen, dialog.id, ideaRows[i % ideaRows.length].id)
    latencies.push(performance.now() - s)
  }
  const elapsed = (performance.now() - t0) / 1000
  await db.destroy()
  console.log(
    `supports: ${total} in ${elapsed.toFixed(1)} s (${Math.round(total / elapsed)}/s paced at 200/s): ` +
      `p50 ${percentile(latencies, 50).toFixed(2)} ms p99 ${percentile(latencies, 99).toFixed(2)} ms max ${Math.max(...latencies).toFixed(1)} ms   (target p99 < 20 ms)`,
  )

  // 1. The page over HTTP.
  const [port, limitPort] = [await freePort(), await freePort()]
  const radhus = startRadhus({ port, dataDir: dir })
  const limit = startLimitServer({ port: limitPort, dataDir: dir })
  try {
    await waitFor(`http://127.0.0.1:${port}/healthz`, radhus)
    await waitFor(`http://127.0.0.1:${limitPort}/`, limit)
    await fetch(`http://127.0.0.1:${limitPort}/records`, { method: 'POST', body: '{"title":"Idé"}' })
    const page = `http://127.0.0.1:${port}/demo-kommune/dialogs/${dialog.id}`
    await load(page, 2)
    const first = await load(page)
    const later = await load(`${page}?page=30`)
    const contact = await load(`http://127.0.0.1:${port}/demo-kommune/contact`)
    const lim = await load(`http://127.0.0.1:${limitPort}/records/1`)
    console.log(`\n${connections} connections, ${seconds} s each:`)
    console.log(
      `  idea storm page 1     ${first.rps} req/s  p50 ${first.p50} ms  p97.5 ${first.p97} ms  p99 ${first.p99} ms  non-2xx ${first.non2xx}   (target p95 < 50 ms)`,
    )
    console.log(
      `  idea storm page 30    ${later.rps} req/s  p50 ${later.p50} ms  p97.5 ${later.p97} ms  p99 ${later.p99} ms`,
    )
    console.log(`  contact form (baseline) ${contact.rps} req/s  p50 ${contact.p50} ms  p99 ${contact.p99} ms`)
    console.log(`  limit GET /records/1  ${lim.rps} req/s  p99 ${lim.p99} ms`)
  } finally {
    await stop(radhus)
    await stop(limit)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
