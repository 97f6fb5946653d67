#!/usr/bin/env node
// Self-service speed: submitting the three-step EU health insurance card form (all three steps' answers
// at once) with one 1 MB attachment, via POST /api/v1/services/{id}/submissions on SQLite at 16
// connections, beside the machine's limit (../shared/bench/limit-server.mjs storing the same body with
// one insert) in the same run with the same tool. Each Rådhus request does the whole submission: schema
// and form validation, the attachment checked by content and hashed, the reference, the instant
// decision with its rules, the answers and attachment as journal documents, the receipt mail in the
// outbox, and the receipt PDF job; the PDF itself is made by the background worker, whose progress is
// reported after the load.
//
// Every request carries a different file (a counter written into its bytes), as real citizens' files are:
// storage is content-addressed, so the same file sent again would be stored once. `--same-file` also
// measures that case, to show what the storage of 1 MB per submission costs.
//
// `--answers-only` also measures the same submission without the file (beside the limit with that body),
// to show what the form itself costs apart from moving and storing a megabyte.
//
// The target is a rate, not a concurrency: 200 submissions per second with p99 under 50 ms. At 16
// connections as fast as they go, latency is simply 16 / throughput (16 connections at 200/s wait 80 ms
// on average whatever the server does), so each run also offers exactly `--rate` submissions per second
// (default 200) and reports the p99 at that pace, and what the server reached. Both servers' CPU time per
// request (from /proc) is reported too: a busy shared machine disturbs it far less than throughput.
//
//   node bench/selfservice.mjs [--seconds 10] [--runs 3] [--rate 200] [--same-file] [--answers-only]
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import {
  buildBundle,
  cpuSeconds,
  flag,
  median,
  numberOption,
  root,
  sleep,
  startLimitServer,
  startRadhus,
  stop,
  waitFor,
} from './lib.mjs'

const require = createRequire(path.join(root, 'package.json'))
const Database = require('better-sqlite3')
const seconds = numberOption('--seconds', 10)
const runs = numberOption('--runs', 3)
const connections = 16
const rate = numberOption('--rate', 200)
buildBundle()

/** A server left over from an earlier run would be measured instead of this one. */
async function portFree(port) {
  const answered = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  )
  if (answered) throw new Error(`port ${port} is in use; stop what runs there first`)
}

/** CPU milliseconds a child process has used (user + system); NaN where /proc is not there. */
const cpuMs = (pid) => (cpuSeconds(pid) ?? Number.NaN) * 1000

/**
 * The body as autocannon sends it: with `parts`, each request gets its own counter inside the file.
 * With `pace`, exactly that many requests per second are offered (over the same connections).
 */
async function load(url, body, parts, pid, pace) {
  let n = 0
  const requests = parts
    ? [
        {
          setupRequest: (req) => ({
            ...req,
            body: `${parts[0]}${Buffer.from(String(++n).padStart(9, '0')).toString('base64')}${parts[1]}`,
          }),
        },
      ]
    : undefined
  const cpuBefore = cpuMs(pid)
  const r = await autocannon({
    url,
    connections,
    ...(pace ? { overallRate: pace } : {}),
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    ...(requests ? { requests } : {}),
  })
  const cpu = (cpuMs(pid) - cpuBefore) / r.requests.total
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, cpu }
}

/** A 1 MB PNG as the content check reads it: signature, IHDR, one large IDAT of random bytes, IEND. */
const chunk = (type, data) => {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  return Buffer.concat([length, Buffer.from(type), data, Buffer.alloc(4)])
}
const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const ihdr = chunk('IHDR', Buffer.from([0, 0, 2, 0, 0, 0, 2, 0, 8, 6, 0, 0, 0]))
const attachment = Buffer.concat([
  signature,
  ihdr,
  chunk('IDAT', randomBytes(1024 * 1024 - signature.length - ihdr.length - 24)),
  chunk('IEND', Buffer.alloc(0)),
])

const dir = mkdtempSync(path.join(os.tmpdir(), 'radhus-bench-selfservice-'))
const sameFile = flag('--same-file')
const answersOnly = flag('--answers-only')
const results = { radhus: [], paced: [], same: [], limit: [], limitPaced: [], small: [], smallLimit: [] }
let smallBody
let receipts = ''
let parts
const children = []
try {
  await portFree(3321)
  const radhus = startRadhus({ port: 3321, dataDir: dir })
  children.push(radhus)
  await waitFor('http://127.0.0.1:3321/healthz', radhus)
  const { services } = await (await fetch('http://127.0.0.1:3321/api/v1/services?municipality=demo-kommune')).json()
  const eu = services.find((s) => s.slug === 'eu-health-card')
  const travel = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
  const body = JSON.stringify({
    answers: {
      name: 'Søren Jørgensen',
      birth_date: '1985-04-23',
      email: 'soren@example.dk',
      address: 'Birkevej 4',
      postcode: '7100',
      insured: true,
      travel_date: travel,
    },
    attachments: [{ field: 'documents', fileName: 'studiebevis.png', content: attachment.toString('base64') }],
    language: 'da',
  })
  const probe = await fetch(`http://127.0.0.1:3321/api/v1/services/${eu.id}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })
  if (probe.status !== 201) throw new Error(`a submission failed: ${probe.status} ${await probe.text()}`)
  // Twelve base64 characters from the 25th on are bytes 18–26 of the file, inside IHDR's data: the counter's place.
  const at = body.indexOf('"content":"') + '"content":"'.length + 24
  parts = [body.slice(0, at), body.slice(at + 12)]
  const url = `http://127.0.0.1:3321/api/v1/services/${eu.id}/submissions`
  const cpuStart = cpuMs(radhus.pid)
  let submitted = 0
  for (let i = 0; i < runs; i++) {
    results.radhus.push(await load(url, body, parts, radhus.pid))
    results.paced.push(await load(url, body, parts, radhus.pid, rate))
  }
  if (sameFile) for (let i = 0; i < runs; i++) results.same.push(await load(url, body, undefined, radhus.pid))
  smallBody = JSON.stringify({ ...JSON.parse(body), attachments: [] })
  if (answersOnly) for (let i = 0; i < runs; i++) results.small.push(await load(url, smallBody, undefined, radhus.pid))

  // The receipts are made in the background: how far the worker got, and how long it needs for the rest.
  const db = new Database(path.join(dir, 'radhus.db'), { readonly: true, fileMustExist: true })
  const count = () => db.prepare('select count(*) n, count(receipt_hash) ready from selfservice_submissions').get()
  const atEnd = count()
  const started = Date.now()
  let now = atEnd
  while (now.ready < now.n && Date.now() - started < 120_000) {
    await sleep(500)
    now = count()
  }
  submitted = now.n
  const allCpu = (cpuMs(radhus.pid) - cpuStart) / submitted
  receipts = `receipt PDFs: ${atEnd.ready} of ${atEnd.n} ready when the load stopped, all ${now.ready} of ${now.n} ${Math.round((Date.now() - started) / 100) / 10} s later; CPU per submission with its PDF ${allCpu.toFixed(2)} ms`
  db.close()
  await stop(radhus)

  await portFree(3322)
  const limit = startLimitServer({ port: 3322, dataDir: dir })
  children.push(limit)
  await waitFor('http://127.0.0.1:3322/', limit)
  for (let i = 0; i < runs; i++) {
    results.limit.push(await load('http://127.0.0.1:3322/records', body, parts, limit.pid))
    results.limitPaced.push(await load('http://127.0.0.1:3322/records', body, parts, limit.pid, rate))
  }
  if (answersOnly)
    for (let i = 0; i < runs; i++)
      results.smallLimit.push(await load('http://127.0.0.1:3322/records', smallBody, undefined, limit.pid))
  await stop(limit)
} finally {
  // A failed run must not leave a server holding the port for the next one.
  for (const child of children) await stop(child)
  rmSync(dir, { recursive: true, force: true })
}

const summary = (list) => ({
  rps: Math.round(median(list.map((r) => r.rps))),
  p50: median(list.map((r) => r.p50)),
  p99: median(list.map((r) => r.p99)),
  non2xx: list.reduce((s, r) => s + r.non2xx + r.errors, 0),
  cpu: median(list.map((r) => r.cpu)).toFixed(2),
})
const r = summary(results.radhus)
const l = summary(results.limit)
const pr = summary(results.paced)
const pl = summary(results.limitPaced)
console.log(`${connections} connections, ${runs} runs of ${seconds} s each, 1 MB attachment (median of runs):`)
console.log(
  `  radhus POST /api/v1/services/{id}/submissions ${String(r.rps).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  CPU ${r.cpu} ms/req`,
)
console.log(
  `  radhus offered ${rate}/s                        ${String(pr.rps).padStart(6)} req/s  p50 ${pr.p50} ms  p99 ${pr.p99} ms  non-2xx ${pr.non2xx}`,
)
if (sameFile) {
  const f = summary(results.same)
  console.log(
    `  radhus, the same file every time (kept once)  ${String(f.rps).padStart(6)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms  non-2xx ${f.non2xx}`,
  )
}
console.log(
  `  limit  POST /records (one insert, same body)   ${String(l.rps).padStart(6)} req/s  p50 ${l.p50} ms  p99 ${l.p99} ms  non-2xx ${l.non2xx}  CPU ${l.cpu} ms/req`,
)
console.log(
  `  limit  offered ${rate}/s                        ${String(pl.rps).padStart(6)} req/s  p50 ${pl.p50} ms  p99 ${pl.p99} ms  non-2xx ${pl.non2xx}`,
)
if (answersOnly) {
  const a = summary(results.small)
  const b = summary(results.smallLimit)
  console.log(
    `  without the file: radhus ${a.rps} req/s p50 ${a.p50} ms p99 ${a.p99} ms non-2xx ${a.non2xx} CPU ${a.cpu} ms/req; limit ${b.rps} req/s p99 ${b.p99} ms CPU ${b.cpu} ms/req`,
  )
}
console.log(`  per run: ${results.radhus.map((x) => `${Math.round(x.rps)} req/s p99 ${x.p99} ms`).join(' · ')}`)
console.log(`  paced runs: ${results.paced.map((x) => `${Math.round(x.rps)} req/s p99 ${x.p99} ms`).join(' · ')}`)
console.log(
  `  self-service is ${Math.round((100 * r.rps) / l.rps)}% of the limit's throughput, ${Math.round((100 * Number(l.cpu)) / Number(r.cpu))}% by CPU per request (target 200 req/s with p99 < 50 ms: ${pr.rps >= rate * 0.98 && pr.p99 < 50 ? 'met' : 'not met'} in this run)`,
)
console.log(`  ${receipts}`)
