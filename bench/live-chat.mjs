#!/usr/bin/env node
// Live chat fan-out: one Rådhus process on SQLite holding N concurrent SSE viewers of one chat
// (`/{slug}/live/{id}/events`), while a politician publishes answers through the real HTTP form. For each
// answer, the time from sending the publish request to its frame arriving at EVERY viewer; p50/p99/max
// over all (viewer, answer) pairs, and the server's memory per viewer (RSS growth / viewers). Beside it,
// in the same run, the same viewers and answers on a bare node:http broadcaster (no database, no auth):
// the machine's limit for this fan-out. Viewers are raw HTTP clients (no browser), in this process.
//
//   ulimit -n 20000   # each viewer is a socket on both sides
//   node bench/live-chat.mjs [--viewers 5000] [--answers 20] [--runs 3]
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

// --serve-limit: this script is the bare broadcaster (the limit), started by the benchmark below.
if (process.argv.includes('--serve-limit')) {
  const viewers = new Set()
  let seq = 0
  http
    .createServer((req, res) => {
      if (req.url === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
        res.write(': connected\n\n')
        viewers.add(res)
        req.on('close', () => viewers.delete(res))
        return
      }
      if (req.method === 'POST' && req.url === '/publish') {
        const chunks = []
        req.on('data', (c) => chunks.push(c))
        req.on('end', () => {
          seq += 1
          const frame = `id: ${seq}\nevent: pair\ndata: ${JSON.stringify({ seq, answer: Buffer.concat(chunks).toString() })}\n\n`
          for (const v of viewers) v.write(frame)
          res.writeHead(201).end(String(seq))
        })
        return
      }
      res.writeHead(200).end('ok')
    })
    .listen(arg('port', 3322), '127.0.0.1')
} else {
  await main()
}

async function main() {
  const viewers = arg('viewers', 5000)
  const answers = arg('answers', 20)
  const runs = arg('runs', 3)
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
  const fdLimit = Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim())
  if (fdLimit < viewers * 2 + 500) {
    console.error(`The open-file limit is ${fdLimit}; run \`ulimit -n ${viewers * 2 + 2000}\` first.`)
    process.exit(1)
  }
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' })

  const progress = (text) => process.stderr.write(`  · ${text}\n`)
  const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024
  const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

  const freePort = () =>
    new Promise((resolve, reject) => {
      const probe = net.createServer()
      probe.once('error', reject)
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address()
        probe.close(() => resolve(port))
      })
    })

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
  const stop = async (child) => {
    if (child.exitCode !== null) return
    child.kill('SIGTERM')
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await new Promise((r) => child.once('exit', r))
    clearTimeout(killer)
  }

  /** A browser-like session: cookies kept, the CSRF token of the last page read. */
  function session(base) {
    const jar = new Map()
    let csrf = ''
    const remember = (res) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';')
        const i = pair.indexOf('=')
        jar.set(pair.slice(0, i), pair.slice(i + 1))
      }
    }
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    return {
      async get(p) {
        const res = await fetch(base + p, { headers: { cookie: cookie() }, redirect: 'manual' })
        remember(res)
        const body = await res.text()
        csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? csrf
        return body
      },
      async post(p, form) {
        const res = await fetch(base + p, {
          method: 'POST',
          headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
          redirect: 'manual',
        })
        remember(res)
        await res.text()
        return res.status
      },
    }
  }

  /**
   * N raw SSE viewers, connected in batches (a listen backlog is finite) and retried on a reset;
   * `arrived` records when each viewer saw each event id.
   */
  async function connectViewers(url, n) {
    const arrived = new Map()
    const sockets = []
    const one = (attempt = 0) =>
      new Promise((resolve, reject) => {
        const req = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
          if (res.statusCode !== 200) return reject(new Error(`viewer got ${res.statusCode}`))
          res.setEncoding('utf8')
          let buffer = ''
          res.on('data', (chunk) => {
            const now = performance.now()
            buffer += chunk
            let at = buffer.indexOf('\n\n')
            while (at >= 0) {
              const id = /^id: (\d+)$/m.exec(buffer.slice(0, at))?.[1]
              if (id) {
                const list = arrived.get(id) ?? []
                list.push(now)
                arrived.set(id, list)
              }
              buffer = buffer.slice(at + 2)
              at = buffer.indexOf('\n\n')
            }
          })
          res.on('error', () => {})
          sockets.push(req)
          resolve()
        })
        req.on('error', (error) => {
          if (attempt < 5 && !sockets.includes(req)) setTimeout(() => one(attempt + 1).then(resolve, reject), 200)
          else if (!sockets.includes(req)) reject(error)
        })
      })
    for (let i = 0; i < n; i += 250) {
      await Promise.all(Array.from({ length: Math.min(250, n - i) }, () => one()))
    }
    return {
      arrived,
      close: () => {
        for (const s of sockets) s.destroy()
      },
    }
  }

  /** Publish `answers` one by one (every 300 ms); latency = arrival at each viewer − request sent. */
  async function measure(viewerSet, publish) {
    const latencies = []
    for (let i = 0; i < answers; i++) {
      const sent = performance.now()
      const id = await publish(i)
      for (let w = 0; w < 400; w++) {
        if ((viewerSet.arrived.get(id)?.length ?? 0) >= viewers) break
        await sleep(10)
      }
      const got = viewerSet.arrived.get(id) ?? []
      if (got.length < viewers) throw new Error(`event ${id} reached ${got.length} of ${viewers} viewers`)
      for (const t of got) latencies.push(t - sent)
      await sleep(300)
    }
    latencies.sort((a, b) => a - b)
    return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies[latencies.length - 1] }
  }

  async function radhusRun() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'radhus-bench-chat-'))
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    let set
    const server = spawn(process.execPath, ['dist/main.js'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        RADHUS_DATA_DIR: dir,
        LOG_LEVEL: 'warn',
        RATE_LIMITS: 'off',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    try {
      await waitFor(`${base}/healthz`, server)
      progress('rådhus is up; asking, assigning')
      // The demo's upcoming chat: already open for questions, with a panel and a moderator.
      const citizen = session(base)
      const list = await citizen.get('/demo-kommune/live')
      const chatId = /\/demo-kommune\/live\/([0-9a-f-]{36})/.exec(list)?.[1]
      if (!chatId) throw new Error(`no chat on the list page:\n${list.slice(0, 500)}`)
      const chatPath = `/demo-kommune/live/${chatId}`
      await citizen.get(chatPath)
      for (let i = 0; i < answers; i++) {
        await citizen.post(`${chatPath}/questions`, {
          name: `Viewer ${i}`,
          email: '',
          question: `Spørgsmål nummer ${i + 1} om budgettet?`,
        })
      }
      const moderator = session(base)
      await moderator.get('/login')
      await moderator.post('/login', { email: 'moderator@demo-kommune.test', password: 'radhus-demo', next: '/staff' })
      const consolePath = `/demo-kommune/staff/chats/${chatId}/moderate`
      const consolePage = await moderator.get(consolePath)
      const pia = /name="politician"><option value="([0-9a-f-]{36})"/.exec(consolePage)?.[1]
      const questions = [
        ...consolePage.matchAll(/id="q-([0-9a-f-]{36})" class="chat-card" data-question data-version="(\d+)"/g),
      ]
      for (const [, qid, version] of questions) {
        await moderator.post(`/demo-kommune/staff/chats/${chatId}/questions/${qid}/assign`, {
          politician: pia,
          version,
        })
      }
      const politician = session(base)
      await politician.get('/login')
      await politician.post('/login', {
        email: 'politician@demo-kommune.test',
        password: 'radhus-demo',
        next: '/staff',
      })
      await politician.get(`/demo-kommune/staff/chats/${chatId}/answer`)
      const mine = questions.map(([, qid]) => qid)

      progress(`${questions.length} questions assigned; connecting ${viewers} viewers`)
      const before = rssOf(server.pid)
      const started = performance.now()
      // The demo's upcoming chat has published nothing yet: viewers get exactly what is published from now on.
      set = await connectViewers(`${base}${chatPath}/events`, viewers)
      const connectMs = performance.now() - started
      await sleep(1000)
      const perViewer = (rssOf(server.pid) - before) / viewers
      progress(`viewers connected in ${Math.round(connectMs)} ms; publishing`)
      let seq = 0
      const result = await measure(set, async (i) => {
        const status = await politician.post(`/demo-kommune/staff/chats/${chatId}/questions/${mine[i]}/answer`, {
          answer: `Svar nummer ${i + 1}: vi prioriterer skolerne og ældreplejen i budgettet for næste år.`,
        })
        if (status !== 303) throw new Error(`publish answered ${status}`)
        seq += 1
        return String(seq)
      })
      return { ...result, perViewer, connectMs }
    } finally {
      set?.close()
      await stop(server)
      rmSync(dir, { recursive: true, force: true })
    }
  }

  async function limitRun() {
    const port = await freePort()
    const server = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve-limit', '--port', String(port)], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    let set
    try {
      await waitFor(`http://127.0.0.1:${port}/`, server)
      const before = rssOf(server.pid)
      set = await connectViewers(`http://127.0.0.1:${port}/events`, viewers)
      await sleep(1000)
      const perViewer = (rssOf(server.pid) - before) / viewers
      const result = await measure(set, async (i) => {
        const res = await fetch(`http://127.0.0.1:${port}/publish`, { method: 'POST', body: `Svar nummer ${i + 1}` })
        return await res.text()
      })
      return { ...result, perViewer }
    } finally {
      set?.close()
      await stop(server)
    }
  }

  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
  console.log(
    `live chat fan-out: ${viewers} SSE viewers, ${answers} answers per run, ${runs} runs; load average ${load}, ${os.cpus().length} cores`,
  )
  const rows = { radhus: [], limit: [] }
  for (let r = 0; r < runs; r++) {
    rows.radhus.push(await radhusRun())
    rows.limit.push(await limitRun())
    const last = (k) => rows[k][rows[k].length - 1]
    console.log(
      `run ${r + 1}: radhus p50 ${last('radhus').p50.toFixed(1)} ms p99 ${last('radhus').p99.toFixed(1)} ms max ${last('radhus').max.toFixed(1)} ms, ` +
        `${(last('radhus').perViewer / 1024).toFixed(1)} KiB/viewer (connected in ${Math.round(last('radhus').connectMs)} ms) | ` +
        `limit p50 ${last('limit').p50.toFixed(1)} ms p99 ${last('limit').p99.toFixed(1)} ms, ${(last('limit').perViewer / 1024).toFixed(1)} KiB/viewer`,
    )
  }
  const summary = (k) => ({
    p50: median(rows[k].map((x) => x.p50)).toFixed(1),
    p99: median(rows[k].map((x) => x.p99)).toFixed(1),
    max: median(rows[k].map((x) => x.max)).toFixed(1),
    kibPerViewer: (median(rows[k].map((x) => x.perViewer)) / 1024).toFixed(1),
  })
  console.log('median of runs (ms from sending the publish to arrival at each viewer):')
  console.table({ radhus: summary('radhus'), 'limit (bare node:http broadcast)': summary('limit') })
  console.log(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
}
