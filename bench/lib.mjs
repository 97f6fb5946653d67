// What the benchmarks share: reading options, building the bundle `npm start` runs, starting Rådhus and the
// machine's limit server (../shared/bench/limit-server.mjs) on loopback, waiting for them, stopping them, and the
// server's CPU time, which a busy shared machine disturbs far less than throughput.
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
export const limitScript = path.join(root, '..', 'shared', 'bench', 'limit-server.mjs')

const args = process.argv.slice(2)
/** The value after `--name` on the command line, or the fallback. */
export const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
/** A numeric option; a missing or unreadable value is the fallback. */
export const numberOption = (name, fallback) => Number(option(name, fallback)) || fallback
export const flag = (name) => args.includes(name)

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Measure what `npm start` runs: the bundle. */
export function buildBundle() {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' })
}

/** A loopback port nobody listens on. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

/** Wait until `url` answers 2xx and return how long that took (ms); fail at once when the server exits. */
export async function waitFor(url, child, timeoutMs = 60_000) {
  const started = performance.now()
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      if ((await fetch(url)).ok) return performance.now() - started
    } catch {}
    await sleep(10)
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`)
}

export async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
}

/** The bundled server on a data directory (migrated and seeded at start), quiet logs, no rate limits. */
export function startRadhus({ port, dataDir, env = {} }) {
  return spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      RADHUS_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_LIMITS: 'off',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}

/** The machine's limit: bare node:http + better-sqlite3 (WAL), its database in `dataDir`. */
export function startLimitServer({ port, dataDir }) {
  return spawn(process.execPath, [limitScript, '--port', String(port), '--db', path.join(dataDir, 'limit.db')], {
    cwd: root,
    stdio: 'ignore',
  })
}

/** CPU seconds a child process has used (user + system), from /proc on Linux; undefined elsewhere. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command's closing parenthesis.
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

/** CPU milliseconds per request between two `cpuSeconds` readings; NaN where /proc is not there. */
export const cpuMsPerRequest = (before, after, requests) =>
  before === undefined || after === undefined ? Number.NaN : (1000 * (after - before)) / requests

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * POST the same JSON body to a server for `seconds` at `connections`; besides throughput and latency, the
 * server's CPU time per request (the server gets fewer cycles on a busy machine, but each request costs the same).
 */
export async function loadJson({ title, url, body, pid, connections, seconds, headers = {} }) {
  const cpuBefore = cpuSeconds(pid)
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return {
    title,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    cpuMs: cpuMsPerRequest(cpuBefore, cpuSeconds(pid), r.requests.total),
  }
}
