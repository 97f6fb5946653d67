#!/usr/bin/env node
// The inbox with 100,000 inquiries: first page and full-text search, p95 latency (issue target < 50 ms each).
// Never a pass/fail test; the numbers go in the note.
//
//   node bench/inbox.mjs                       # SQLite, fresh database in a temporary folder
//   node bench/inbox.mjs --seconds 5 --count 20000
//   node bench/inbox.mjs --postgres postgres://postgres@127.0.0.1:5432/postgres   # also a fresh database there
//   node bench/inbox.mjs --postgres-only postgres://postgres@127.0.0.1:5432/postgres
//   node bench/inbox.mjs --reuse sqlite:/tmp/radhus-bench-inbox-…/radhus.db   # measure a kept database again
//
// Seeding goes straight through the inquiries store in big transactions (the search index is kept by
// the migration's triggers as in production): two years of inquiries, those older than 45 days closed (so about
// 6% are open, as in a working contact centre), texts from 30 Danish and Swedish sentences. It writes no journal entries: the journal would hold one
// `inquiry.received` per inquiry in real life, which the inbox never reads. Loopback only; bounded in time.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { sql } from 'kysely'
import pg from 'pg'
import { register } from 'tsx/esm/api'
import { buildBundle, cpuMsPerRequest, cpuSeconds, option, startRadhus, stop, waitFor } from './lib.mjs'

register()
const args = process.argv.slice(2)
const seconds = Number(option('--seconds', 10))
const count = Number(option('--count', 100_000))
const postgresAdmin = option('--postgres', undefined) ?? option('--postgres-only', undefined)
const sqlite = !args.includes('--postgres-only')
// --keep leaves the SQLite database and prints where; --seed-only stops after seeding (for EXPLAIN and the like).
const keep = args.includes('--keep') || args.includes('--seed-only')
const seedOnly = args.includes('--seed-only')
const port = 3311
const BATCH = 5_000
if (!seedOnly) buildBundle()

const { newId, openDb } = await import('../src/db/index.ts')
const { migrateToLatest } = await import('../src/db/migrate.ts')
const { seedDemo } = await import('../src/demo/seed.ts')
const store = await import('../src/inquiries/store.ts')

const FIRST = [
  'Mette',
  'Lars',
  'Sven',
  'Karin',
  'Ib',
  'Åsa',
  'Søren',
  'Björn',
  'Maja',
  'Jens',
  'Ingrid',
  'Ole',
  'Freja',
  'Anders',
  'Linnea',
  'Mikkel',
  'Astrid',
  'Henrik',
  'Elsa',
  'Niels',
  'Greta',
  'Rasmus',
  'Ebba',
  'Torben',
  'Signe',
  'Gustav',
  'Nanna',
  'Erik',
  'Sofie',
  'Kasper',
]
const LAST = [
  'Hansen',
  'Nielsen',
  'Ångström',
  'Johansson',
  'Kjær',
  'Lindqvist',
  'Østergaard',
  'Berg',
  'Dahl',
  'Madsen',
  'Andersson',
  'Karlsson',
  'Thomsen',
  'Nyström',
  'Holm',
  'Sørensen',
  'Eriksson',
  'Lund',
  'Bergström',
  'Poulsen',
  'Wikström',
  'Christensen',
  'Larsson',
  'Møller',
  'Sjöberg',
  'Jepsen',
  'Åberg',
  'Frandsen',
  'Hedlund',
  'Kristiansen',
]
const STREETS = [
  'Møllevej',
  'Kirkegade',
  'Storgatan',
  'Skolevej',
  'Åvägen',
  'Strandvejen',
  'Ringvägen',
  'Bøgevej',
  'Lindealléen',
  'Torvet',
  'Havnegade',
  'Björkvägen',
  'Engvej',
  'Kungsgatan',
  'Rosenvænget',
  'Skovbrynet',
]
const SENTENCES = [
  'Der står storskrald på fortovet ud for {street} {n}.',
  'Mitt kylskåp är trasigt och behöver hämtas från {street} {n}.',
  'Jeg har et gammelt køleskab og en sofa, der skal afhentes.',
  'Hullet i vejen ved {street} er blevet større siden sidst.',
  'Vi väntar fortfarande på besked om förskoleplats för vår dotter.',
  'Hvornår bliver der ryddet sne på cykelstien ved {street}?',
  'Parkeringsautomaten på {street} tager ikke kort.',
  'Gatlyktan utanför {street} {n} har varit släckt i två veckor.',
  'Kan jeg få en ny beholder til haveaffald?',
  'Bygglovet för altanen, hur lång tid tar handläggningen?',
  'Min søn skal starte i vuggestue til august, hvordan skriver jeg ham op?',
  'Träden vid {street} behöver beskäras, grenarna hänger över gångvägen.',
  'Der er rotter i gården bag {street} {n}.',
  'Jag vill klaga på bullret från byggarbetsplatsen vid {street}.',
  'Hvorfor er der ikke tømt skraldespand i denne uge?',
  'Kan ni skicka en ny parkeringstillstånd till {street} {n}?',
  'Bussen kører ikke længere forbi {street}, er det midlertidigt?',
  'Snöröjningen har missat vår gata, {street}, tre gånger.',
  'Jeg vil gerne søge om tilskud til ældrebolig.',
  'Vattnet i lekplatsen vid {street} står kvar efter regnet.',
  'Kan kommunen fjerne graffiti på muren ved {street}?',
  'Jag behöver hjälp med ansökan om färdtjänst.',
  'Hvornår åbner genbrugspladsen efter ombygningen?',
  'Skolan vid {street} saknar övergångsställe, det är farligt.',
  'Jeg har mistet mit sundhedskort, hvad gør jeg?',
  'Var kan jag lämna farligt avfall som färgburkar?',
  'Der mangler et vejskilt ved krydset {street}.',
  'Hur ansöker jag om plats på äldreboende för min mor?',
  'Vandet fra tagrenden løber ud på fortovet ved {street} {n}.',
  'Cykelstället vid stationen är fullt av övergivna cyklar.',
]
const STATUSES = ['new', 'new', 'open', 'open', 'open', 'answered', 'closed']
const pick = (list, i) => list[i % list.length]

async function seed(url) {
  const db = openDb(url)
  await migrateToLatest(db)
  await seedDemo(db)
  const municipality = await db
    .selectFrom('municipalities')
    .selectAll()
    .where('slug', '=', 'demo-kommune')
    .executeTakeFirstOrThrow()
  const topics = await store.listTopics(db, municipality.id)
  const agents = await db.selectFrom('users').select('id').where('email', 'like', '%@demo-kommune.test').execute()
  const started = performance.now()
  const now = Date.now()
  const day = 86_400_000
  for (let start = 0; start < count; start += BATCH) {
    await db.transaction().execute(async (trx) => {
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        const topic = pick(topics, i * 7)
        // Two years of inquiries, the newest first in number order; older than 45 days means handled and closed.
        const age = ((count - i) / count) * 730 * day + ((i * 104_729) % day)
        const received = new Date(now - age)
        const status = age > 45 * day ? 'closed' : pick(STATUSES, i * 3)
        const words = (j) =>
          pick(SENTENCES, j)
            .replace('{street}', pick(STREETS, i * 13 + j))
            .replace('{n}', String(i % 97))
        const id = newId()
        await store.insertInquiry(trx, {
          id,
          municipality_id: municipality.id,
          reference: `DEMO-2025-${String(i + 1).padStart(6, '0')}`,
          channel: pick(['web', 'email', 'phone', 'desk', 'api'], i),
          topic_id: topic.id,
          department_id: topic.department_id,
          status,
          citizen_name: `${pick(FIRST, i)} ${pick(LAST, Math.floor(i / 30) + i * 7)}`,
          citizen_email: `borger${i}@example.dk`,
          citizen_phone: null,
          language: pick(['da', 'sv', 'en'], i),
          received_at: received.toISOString(),
          due_at: new Date(received.getTime() + 14 * day).toISOString(),
          status_token_hash: randomBytes(16).toString('hex'),
          reply_token: randomBytes(16).toString('hex'),
          assignee_id: status === 'new' ? null : pick(agents, i).id,
          registered_by: null,
          closed_at: status === 'closed' ? received.toISOString() : null,
          resolution: status === 'closed' ? 'answered' : null,
          resolution_reason: null,
          updated_at: received.toISOString(),
        })
        await store.insertMessage(trx, {
          id: newId(),
          inquiry_id: id,
          municipality_id: municipality.id,
          direction: 'in',
          channel: 'web',
          body: `${words(Math.floor(i / 7) * 31 + i)}\n${words(i * 17 + 5)}\nVenlig hilsen`,
          author_id: null,
          created_at: received.toISOString(),
          document_hash: '0'.repeat(64),
          email_message_id: null,
          delivery: null,
        })
      }
    })
  }
  const seededMs = performance.now() - started
  // PostgreSQL plans from statistics; autovacuum would gather them soon after a bulk load like this one.
  if (db.dialectName === 'postgres') await sql`analyze`.execute(db)
  await db.destroy()
  return seededMs
}

const cookiesOf = (res, jar) => {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';')
    const [name, ...value] = pair.split('=')
    jar.set(name, value.join('='))
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
}

async function signIn(base) {
  const jar = new Map()
  const form = await fetch(`${base}/login`)
  let cookie = cookiesOf(form, jar)
  const csrf = (await form.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? ''
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      _csrf: csrf,
      email: 'agent@demo-kommune.test',
      password: 'radhus-demo',
      next: '/staff',
    }),
  })
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`)
  cookie = cookiesOf(res, jar)
  return cookie
}

/**
 * Latency percentiles from every response (autocannon's own table has no p95), and the server's CPU time
 * per request (for PostgreSQL only the Node side), which a busy shared machine disturbs far less than latency.
 */
async function measure(url, cookie, connections, pid) {
  const cpuBefore = cpuSeconds(pid)
  const times = []
  const instance = autocannon({ url, connections, duration: seconds, headers: { cookie } })
  instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime))
  const result = await instance
  times.sort((a, b) => a - b)
  const at = (p) =>
    Math.round(10 * (times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? Number.NaN)) / 10
  const cpuMs = cpuMsPerRequest(cpuBefore, cpuSeconds(pid), result.requests.total)
  return {
    rps: Math.round(result.requests.average),
    p50: at(50),
    p95: at(95),
    p99: at(99),
    non2xx: result.non2xx,
    cpuMs,
  }
}

async function run(label, databaseUrl, dataDir, seeded = false) {
  if (!seeded) {
    console.log(`${label}: seeding ${count.toLocaleString('en')} inquiries ...`)
    const seededMs = await seed(databaseUrl)
    console.log(
      `${label}: seeded in ${(seededMs / 1000).toFixed(1)} s (${Math.round(count / (seededMs / 1000))} inquiries/s)`,
    )
  }
  if (seedOnly) return
  // What `npm start` runs (the bundle), on the seeded database.
  const server = startRadhus({ port, dataDir, env: { DATABASE_URL: databaseUrl } })
  const rows = []
  try {
    const base = `http://127.0.0.1:${port}`
    await waitFor(`${base}/healthz`, server)
    const cookie = await signIn(base)
    const inbox = `${base}/demo-kommune/staff/inbox`
    const cases = [
      ['inbox, first page (due date)', inbox],
      ['overdue view', `${inbox}?overdue=1`],
      ['search "storskr" (open)', `${inbox}?q=storskr`],
      ['search "kylsk" (all statuses)', `${inbox}?q=kylsk&status=all`],
      ['search "lindqv" (all statuses)', `${inbox}?q=lindqv&status=all`],
      ['search reference (all statuses)', `${inbox}?q=DEMO-2025-004711&status=all`],
    ]
    for (const [title, url] of cases) {
      const check = await fetch(url, { headers: { cookie } })
      const total = (await check.text()).match(/<p role="status">([^<]*)</)?.[1]
      for (const connections of [1, 8]) {
        const r = await measure(url, cookie, connections, server.pid)
        rows.push({ title, connections, ...r, total })
      }
    }
  } finally {
    await stop(server)
  }
  console.log(`\n${label}, ${count.toLocaleString('en')} inquiries, ${seconds} s per run:`)
  for (const r of rows) {
    console.log(
      `  ${r.title.padEnd(32)} ${String(r.connections).padStart(2)} conn ${String(r.rps).padStart(6)} req/s  p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  CPU ${r.cpuMs.toFixed(1)} ms/req  (${r.total})`,
    )
  }
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'radhus-bench-inbox-'))
// --reuse <database URL>: measure a database seeded before (kept with --keep or --seed-only), migrated to the latest first.
const reuse = option('--reuse', undefined)
try {
  if (reuse) {
    const db = openDb(reuse)
    await migrateToLatest(db)
    await db.destroy()
    await run(`${reuse.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL'} (reused)`, reuse, dataDir, true)
  } else if (sqlite) await run('SQLite', `sqlite:${path.join(dataDir, 'radhus.db')}`, dataDir)
  if (postgresAdmin) {
    const name = `radhus_bench_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: postgresAdmin })
    await admin.connect()
    await admin.query(`create database ${name}`)
    try {
      const url = new URL(postgresAdmin)
      url.pathname = `/${name}`
      await run('PostgreSQL', url.toString(), dataDir)
    } finally {
      if (keep) console.log(`kept PostgreSQL database ${name}`)
      else await admin.query(`drop database ${name} with (force)`)
      await admin.end()
    }
  }
} finally {
  if (keep) console.log(`kept ${dataDir}`)
  else rmSync(dataDir, { recursive: true, force: true })
}
