#!/usr/bin/env node
// Benchmarks for Rådhus, reported beside the machine's limit measured in the same run
// (../shared/bench/limit-server.mjs: bare node:http + better-sqlite3). Never a pass/fail test.
//
//   npm run bench                 # start-up, idle memory, and HTTP throughput at 16 connections
//   npm run bench -- --seconds 5  # shorter load phases
//
// Loopback only; every load phase is bounded in time and stops by itself.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { buildBundle, limitScript, numberOption, sleep, startLimitServer, startRadhus, stop, waitFor } from './lib.mjs'

const seconds = numberOption('--seconds', 10)
const connections = 16
buildBundle()

const rssMb = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Math.round(Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024)
}

async function load(url, title) {
  const result = await autocannon({ url, connections, duration: seconds, title })
  return {
    title,
    rps: Math.round(result.requests.average),
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  }
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'radhus-bench-'))
const results = []
try {
  // Start-up: first start migrates and seeds; the second start finds a ready database.
  let radhus = startRadhus({ port: 3301, dataDir })
  const coldMs = await waitFor('http://127.0.0.1:3301/healthz', radhus)
  await stop(radhus)
  radhus = startRadhus({ port: 3301, dataDir })
  const warmMs = await waitFor('http://127.0.0.1:3301/healthz', radhus)
  await sleep(3000)
  const idleRss = rssMb(radhus.pid)
  console.log(
    `start-up to first served request: ${Math.round(coldMs)} ms on an empty database (migrate + seed), ${Math.round(warmMs)} ms on an existing one`,
  )
  console.log(`idle memory (RSS) after start: ${idleRss} MiB`)

  results.push(await load('http://127.0.0.1:3301/healthz', 'radhus GET /healthz'))
  results.push(await load('http://127.0.0.1:3301/demo-kommune', 'radhus GET /demo-kommune (page)'))
  console.log(`RSS after load: ${rssMb(radhus.pid)} MiB`)
  await stop(radhus)

  if (existsSync(limitScript)) {
    const limit = startLimitServer({ port: 3302, dataDir })
    await waitFor('http://127.0.0.1:3302/', limit)
    results.push(await load('http://127.0.0.1:3302/', 'limit GET / (raw HTTP)'))
    await fetch('http://127.0.0.1:3302/records', { method: 'POST', body: '{"x":1}' })
    results.push(await load('http://127.0.0.1:3302/records/1', 'limit GET /records/1 (one select)'))
    await stop(limit)
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}

console.log(`\n${connections} connections, ${seconds} s each:`)
for (const r of results) {
  console.log(
    `  ${r.title.padEnd(40)} ${String(r.rps).padStart(7)} req/s  p99 ${r.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
  )
}
const limitRead = results.find((r) => r.title.startsWith('limit GET /records'))
if (limitRead) {
  for (const r of results.filter((x) => x.title.startsWith('radhus'))) {
    console.log(`  ${r.title}: ${Math.round((100 * r.rps) / limitRead.rps)}% of the limit's one-select read`)
  }
}
