#!/usr/bin/env node
// Intake speed: POST /api/v1/inquiries on SQLite at 16 connections, beside the machine's limit
// (../shared/bench/limit-server.mjs doing one insert per POST), in the same run with the same tool.
// Each Rådhus request does the whole intake: validation, reference counter, inquiry + message rows,
// the journal entry with its document, the receipt mail in the outbox and its job, in one transaction.
//
//   node bench/intake.mjs [--seconds 10]
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const seconds = Number(args[args.indexOf('--seconds') + 1]) || 10
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

async function load(title, url, body) {
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { title, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'radhus-bench-intake-'))
const results = []
try {
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
  const inquiry = {
    municipality: 'demo-kommune',
    topic: 'roads',
    message: 'Der er et hul i cykelstien på Nørrebrogade ud for nr. 40. Kan I udbedre det?',
    name: 'Søren Jørgensen',
    email: 'soren@example.dk',
    language: 'da',
  }
  results.push(await load('radhus POST /api/v1/inquiries', 'http://127.0.0.1:3311/api/v1/inquiries', inquiry))
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
    {
      cwd: root,
      stdio: 'ignore',
    },
  )
  await waitFor('http://127.0.0.1:3312/', limit)
  results.push(await load('limit POST /records (one insert)', 'http://127.0.0.1:3312/records', inquiry))
  await stop(limit)
} finally {
  rmSync(dir, { recursive: true, force: true })
}

console.log(`${connections} connections, ${seconds} s each:`)
for (const r of results) {
  console.log(
    `  ${r.title.padEnd(36)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}`,
  )
}
const [radhusResult, limitResult] = results
if (radhusResult && limitResult) {
  console.log(
    `  intake is ${Math.round((100 * radhusResult.rps) / limitResult.rps)}% of the limit (target ≥ 25%, p99 < 20 ms)`,
  )
}
