#!/usr/bin/env node
// The automatic checks as a service: POST /api/v1/moderation/checks (staff token) on SQLite at 16 connections,
// beside the machine's limit (../shared/bench/limit-server.mjs doing one insert per POST) in the same run with
// the same tool. Each Rådhus request authenticates the token, checks the policy, validates the body, reads the
// municipality's settings and house rules, and runs every check (identity numbers, e-mail, phone, capitals,
// length, links, blocklist) on a 600-character post that has something for most of them.
//
//   node bench/moderation-checks.mjs [--seconds 10]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import {
  buildBundle,
  loadJson,
  numberOption,
  root,
  sleep,
  startLimitServer,
  startRadhus,
  stop,
  waitFor,
} from './lib.mjs'

const seconds = numberOption('--seconds', 10)
const connections = 16
buildBundle()

const load = (title, url, body, pid, headers = {}) => loadJson({ title, url, body, pid, connections, seconds, headers })

const post = {
  language: 'da',
  text: [
    'Hej kommune. Jeg har et spørgsmål om haveaffald og storskrald på Birkevej, som ikke er blevet hentet i tre uger.',
    'Mit CPR-nummer er 070761-4285, og I kan ringe til mig på 20 30 40 50 eller skrive til borger@example.dk.',
    'Naboen siger, at I har skrevet om det på www.example.dk/affald, men jeg kan ikke finde det. HVORFOR ER DET SÅ SVÆRT?',
    'Kan I også fortælle, hvornår containerne ved skolen bliver tømt, og om man kan bestille en ekstra afhentning?',
    'På forhånd tak for hjælpen, og undskyld det lange indlæg. Med venlig hilsen en borger fra Nordby.',
  ].join('\n\n'),
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'radhus-bench-checks-'))
try {
  const radhus = startRadhus({ port: 3321, dataDir: dir })
  // The CLI reads the same settings as the server: the same data directory.
  const env = { ...process.env, RADHUS_DATA_DIR: dir }
  await waitFor('http://127.0.0.1:3321/healthz', radhus)
  const printed = execFileSync(
    process.execPath,
    ['bin/radhus.mjs', 'token', 'create', '--municipality', 'demo-kommune', '--email', 'moderator@demo-kommune.test'],
    { cwd: root, env, encoding: 'utf8' },
  )
  const token = printed.trim().split('\n').at(-1)
  // Warm up (JIT, statement cache) and let the start-up's jobs finish before measuring.
  await autocannon({ url: 'http://127.0.0.1:3321/healthz', connections, duration: 2 })
  await sleep(3000)
  const own = await load(
    'radhus POST /api/v1/moderation/checks',
    'http://127.0.0.1:3321/api/v1/moderation/checks',
    post,
    radhus.pid,
    {
      authorization: `Bearer ${token}`,
    },
  )
  await stop(radhus)

  const limit = startLimitServer({ port: 3322, dataDir: dir })
  await waitFor('http://127.0.0.1:3322/', limit)
  const bare = await load('limit POST /records (one insert)', 'http://127.0.0.1:3322/records', post, limit.pid)
  await stop(limit)

  const line = (r) =>
    `  ${r.title.padEnd(40)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  CPU ${r.cpuMs.toFixed(3)} ms/req`
  console.log(`${connections} connections, ${seconds} s each, a ${post.text.length}-character post:`)
  console.log(line(own))
  console.log(line(bare))
  console.log(`  the checks API is ${((100 * own.rps) / bare.rps).toFixed(1)}% of the limit's throughput`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
