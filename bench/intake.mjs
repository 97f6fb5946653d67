#!/usr/bin/env node
// Intake speed: POST /api/v1/inquiries on SQLite at 16 connections, beside the machine's limit
// (../shared/bench/limit-server.mjs doing one insert per POST), in the same run with the same tool.
// Each Rådhus request does the whole intake: validation, reference counter, inquiry + message rows,
// the journal entry with its document, the receipt mail in the outbox and its job, in one transaction.
//
//   node bench/intake.mjs [--seconds 10] [--runs 3]
//
// With --runs N both servers are loaded N times, alternately (the machine may be shared: alternating spreads
// other load over both), and the median of each is reported beside every run.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const seconds = (args.includes('--seconds') && Number(args[args.indexOf('--seconds') + 1])) || 10
const runs = (args.includes('--runs') && Number(args[args.indexOf('--runs') + 1])) || 1
const connections = 16
// Measure what `npm start` runs: the bundle.
execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' })

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

async function waitFor(url, child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {}
    await sleep(50)
  }
  throw new Error(`${url} did not answer`)
}

async function stop(child) {
  if (child.exitCode !== null) return
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
}

/** CPU seconds a child process has used (user + system), from /proc on Linux; undefined elsewhere. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command's closing parenthesis.
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

/**
 * Load a server; besides throughput and latency, the server's CPU time per request, which a busy shared
 * machine disturbs far less than throughput (the server gets fewer cycles, but each request costs the same).
 */
async function load(title, url, body, pid) {
  const cpuBefore = cpuSeconds(pid)
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const cpuAfter = cpuSeconds(pid)
  const cpuMs =
    cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : (1000 * (cpuAfter - cpuBefore)) / r.requests.total
  return {
    title,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    cpuMs,
  }
}

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
  const radhus = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '3311',
      HOST: '127.0.0.1',
      RADHUS_DATA_DIR: dir,
      LOG_LEVEL: 'warn',
      RATE_LIMITS: 'off',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  await waitFor('http://127.0.0.1:3311/healthz', radhus)
  // Warm up (JIT, statement cache) and let the start-up's jobs (demo mail, digests) finish before measuring.
  await autocannon({ url: 'http://127.0.0.1:3311/healthz', connections, duration: 2 })
  await sleep(3000)
  const own = await load('radhus POST /api/v1/inquiries', 'http://127.0.0.1:3311/api/v1/inquiries', inquiry, radhus.pid)
  await stop(radhus)

  const limit = spawn(
    process.execPath,
    [
      path.join(root, '..', 'shared', 'bench', 'limit-server.mjs'),
      '--port',
      '3312',
      '--db',
      path.join(dir, 'limit.db'),
    ],
    { cwd: root, stdio: 'ignore' },
  )
  await waitFor('http://127.0.0.1:3312/', limit)
  const bare = await load('limit POST /records (one insert)', 'http://127.0.0.1:3312/records', inquiry, limit.pid)
  await stop(limit)
  return [own, bare]
}

const line = (r) =>
  `  ${r.title.padEnd(36)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  CPU ${r.cpuMs.toFixed(3)} ms/req`
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const all = []
for (let run = 1; run <= runs; run++) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'radhus-bench-intake-'))
  try {
    const [own, bare] = await once(dir)
    all.push({ own, bare })
    console.log(`run ${run} of ${runs}, ${connections} connections, ${seconds} s each:`)
    console.log(line(own))
    console.log(line(bare))
    console.log(
      `  intake is ${((100 * own.rps) / bare.rps).toFixed(1)}% of the limit's throughput (target ≥ 25%, p99 < 20 ms); by CPU per request ${((100 * bare.cpuMs) / own.cpuMs).toFixed(1)}%`,
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
    `  radhus ${median(own.map((r) => r.rps))} req/s, p50 ${median(own.map((r) => r.p50))} ms, p99 ${median(own.map((r) => r.p99))} ms; limit ${median(bare.map((r) => r.rps))} req/s; share ${median(all.map((r) => (100 * r.own.rps) / r.bare.rps)).toFixed(1)}%; CPU ${median(own.map((r) => r.cpuMs)).toFixed(3)} vs ${median(bare.map((r) => r.cpuMs)).toFixed(3)} ms/req (${median(all.map((r) => (100 * r.bare.cpuMs) / r.own.cpuMs)).toFixed(1)}%)`,
  )
}
