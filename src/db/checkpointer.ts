/**
 * SQLite's WAL checkpoints in a thread of their own. In WAL mode every commit appends pages to the WAL, and
 * every 1,000 pages the committing connection copies them back into the database file and syncs it to disk,
 * on the thread that committed: the server's only thread, so a request waits for the disk. Measured on the
 * intake, those checkpoints were about half of a commit's cost. The server (`main.ts`) starts this
 * checkpointer: a worker thread with its own connection runs a PASSIVE checkpoint (it never blocks a writer or a
 * reader) every `intervalMs`, and the server's connection only checkpoints itself as a safety net, when the WAL
 * has grown to `SAFETY_NET_PAGES` because this thread fell behind or stopped.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Db } from './index.ts'
import { sqliteHandle } from './index.ts'

/** The server's own connection checkpoints only when the WAL is this long (pages of 4 KiB: about 80 MB). */
export const SAFETY_NET_PAGES = 20_000

// CommonJS, evaluated in the worker: the path of better-sqlite3 comes in, resolved here, so the bundle and the
// sources find the same module.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 0')
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
}, workerData.intervalMs)
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close() })
`

export interface Checkpointer {
  stop(): Promise<void>
}

/** Start checkpointing `db`'s file in a worker thread; nothing to do (a no-op) for PostgreSQL or `:memory:`. */
export function startCheckpointer(db: Db, { intervalMs = 250 } = {}): Checkpointer {
  const handle = sqliteHandle(db)
  if (!handle || handle.memory) return { stop: async () => {} }
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: handle.name, intervalMs },
  })
  handle.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`)
  worker.unref()
  return {
    async stop() {
      handle.pragma('wal_autocheckpoint = 1000')
      const exited = new Promise((resolve) => worker.once('exit', resolve))
      worker.postMessage('stop')
      await exited
    },
  }
}
