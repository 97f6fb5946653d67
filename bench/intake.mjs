#!/usr/bin/env node
// Intake speed: POST /api/v1/inquiries on SQLite at 16 connections, beside the machine's limit
// (../shared/bench/limit-server.mjs doing one insert per POST), in the same run with the same tool.
// Each Rådhus request does the whole intake: validation, reference counter, inquiry + message rows, the search
// index, the journal entry with its document and the receipt's job, in one transaction; the worker then composes
// and sends the receipts (yielding to requests while the load lasts), and the script reports how long that takes.
// Between them, the floor (intake-floor-server.mjs): the same writes on the same schema behind bare node:http, what
// any server doing this work costs on this machine.
//
//   node bench/intake.mjs [--seconds 10] [--runs 3] [--floor-without search,job] [--floor-drop-indexes]
//
// --floor-without and --floor-drop-indexes give the floor less to store (see intake-writes.mjs): what an intake
// that stored less could reach, beside the limit.
//
// With --runs N the servers are loaded N times, alternately (the machine may be shared: alternating spreads
// other load over both), and the median of each is reported beside every run.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import {
  buildBundle,
  loadJson,
  median,
  numberOption,
  option,
  root,
  sleep,
  startLimitServer,
  startRadhus,
  stop,
  waitFor,
} from './lib.mjs'

const seconds = numberOption('--seconds', 10)
const runs = numberOption('--runs', 1)
const connections = 16
const floorWithout = option('--floor-without')
const floorDropsIndexes = process.argv.includes('--floor-drop-indexes')
const floorArgs = [
  ...(floorWithout ? ['--without', floorWithout] : []),
  ...(floorDropsIndexes ? ['--drop-indexes'] : []),
]
buildBundle()

/** Due jobs not yet done (receipts to compose, mail to send), read from Rådhus' SQLite file beside the server. */
function pendingJobs(dir) {
  const db = new Database(path.join(dir, 'radhus.db'), { readonly: true })
  try {
    db.pragma('busy_timeout = 5000')
    // Due ones only: the daily digests wait for their hour.
    const due = "select count(*) as n from jobs where status in ('queued', 'running') and run_at <= ?"
    return db.prepare(due).get(new Date().toISOString()).n
  } finally {
    db.close()
  }
}

const load = (title, url, body, pid) => loadJson({ title, url, body, pid, connections, seconds })

const inquiry = {
  municipality: 'demo-kommune',
  topic: 'roads',
  message: 'Der er et hul i cykelstien på Nørrebrogade ud for nr. 40. Kan I udbedre det?',
  name: 'Søren Jørgensen',
  email: 'soren@example.dk',
  language: 'da',
}

/** One run of each: Rådhus on a fresh database (migrated and seeded at start), then the limit server. */
async function once(dir) {
  const radhus = startRadhus({ port: 3311, dataDir: dir })
  await waitFor('http://127.0.0.1:3311/healthz', radhus)
  // Warm up (JIT, statement cache) and let the start-up's jobs (demo mail, digests) finish before measuring.
  await autocannon({ url: 'http://127.0.0.1:3311/healthz', connections, duration: 2 })
  await sleep(3000)
  // Everything an intake does except its writes (HTTP, hooks, schema, municipality and topic look-ups, the
  // translated problem+json): the same body with a topic the municipality does not have, refused with 400.
  const refused = await load(
    'radhus POST, refused (no writes)',
    'http://127.0.0.1:3311/api/v1/inquiries',
    { ...inquiry, topic: 'no-such-topic' },
    radhus.pid,
  )
  const own = await load('radhus POST /api/v1/inquiries', 'http://127.0.0.1:3311/api/v1/inquiries', inquiry, radhus.pid)
  // The receipts are composed and sent by the job worker, which yields to requests during the load: report how
  // many were still waiting when the load stopped and how long the idle server then took to send them all.
  own.receiptsWaiting = pendingJobs(dir)
  const drainStarted = performance.now()
  while (pendingJobs(dir) > 0 && performance.now() - drainStarted < 600_000) await sleep(250)
  own.drainSeconds = (performance.now() - drainStarted) / 1000
  own.receiptsLeft = pendingJobs(dir)
  await stop(radhus)

  const floor = await loadFloor(path.join(dir, 'floor'))

  const limit = startLimitServer({ port: 3312, dataDir: dir })
  await waitFor('http://127.0.0.1:3312/', limit)
  const bare = await load('limit POST /records (one insert)', 'http://127.0.0.1:3312/records', inquiry, limit.pid)
  await stop(limit)
  return [own, bare, refused, floor]
}

/**
 * The floor: the intake's writes behind bare node:http (intake-floor-server.mjs), on a database of its own that
 * Rådhus has migrated and seeded, so that the schema is the product's.
 */
async function loadFloor(dir) {
  mkdirSync(dir)
  const migrating = startRadhus({ port: 3315, dataDir: dir })
  await waitFor('http://127.0.0.1:3315/healthz', migrating)
  await stop(migrating)
  const script = path.join(root, 'bench', 'intake-floor-server.mjs')
  const server = spawn(
    process.execPath,
    [script, '--port', '3314', '--db', path.join(dir, 'radhus.db'), ...floorArgs],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  await waitFor('http://127.0.0.1:3314/', server)
  const floor = await load(
    floorArgs.length ? `floor ${floorArgs.join(' ')}` : 'floor: its writes on bare node:http',
    'http://127.0.0.1:3314/inquiries',
    inquiry,
    server.pid,
  )
  await stop(server)
  return floor
}

const line = (r) =>
  `  ${r.title.padEnd(36)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  CPU ${r.cpuMs.toFixed(3)} ms/req`
const all = []
for (let run = 1; run <= runs; run++) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'radhus-bench-intake-'))
  try {
    const [own, bare, refused, floor] = await once(dir)
    all.push({ own, bare, floor })
    console.log(`run ${run} of ${runs}, ${connections} connections, ${seconds} s each:`)
    console.log(line(own))
    console.log(line(refused))
    console.log(line(floor))
    console.log(line(bare))
    console.log(
      `  receipts waiting when the load stopped: ${own.receiptsWaiting}; all sent ${own.drainSeconds.toFixed(1)} s later (${own.receiptsLeft} left)`,
    )
    console.log(
      `  intake is ${((100 * own.rps) / bare.rps).toFixed(1)}% of the limit's throughput (target ≥ 25%, p99 < 20 ms); by CPU per request ${((100 * bare.cpuMs) / own.cpuMs).toFixed(1)}%`,
    )
    console.log(
      `  the floor is ${((100 * floor.rps) / bare.rps).toFixed(1)}% of the limit; Rådhus does ${((100 * own.rps) / floor.rps).toFixed(1)}% of the floor's throughput`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
if (runs > 1) {
  const own = all.map((r) => r.own)
  const bare = all.map((r) => r.bare)
  console.log(`median of ${runs} runs:`)
  console.log(
    `  floor ${median(all.map((r) => r.floor.rps))} req/s, ${median(all.map((r) => (100 * r.floor.rps) / r.bare.rps)).toFixed(1)}% of the limit, CPU ${median(all.map((r) => r.floor.cpuMs)).toFixed(3)} ms/req`,
  )
  console.log(
    `  radhus ${median(own.map((r) => r.rps))} req/s, p50 ${median(own.map((r) => r.p50))} ms, p99 ${median(own.map((r) => r.p99))} ms; limit ${median(bare.map((r) => r.rps))} req/s; share ${median(all.map((r) => (100 * r.own.rps) / r.bare.rps)).toFixed(1)}%; CPU ${median(own.map((r) => r.cpuMs)).toFixed(3)} vs ${median(bare.map((r) => r.cpuMs)).toFixed(3)} ms/req (${median(all.map((r) => (100 * r.bare.cpuMs) / r.own.cpuMs)).toFixed(1)}%)`,
  )
}
