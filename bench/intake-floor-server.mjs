#!/usr/bin/env node
// The intake's floor as a server: bare node:http (as the limit server) in front of an intake's writes
// (`intake-writes.mjs`) on a database Rådhus has migrated and seeded, committed together per turn of the event
// loop as Rådhus' group commit does, with the WAL checkpoints in a worker thread as Rådhus'. No validation, no
// framework, no Kysely, no journal or receipt code: the request body is read and parsed but the rows written are
// the script's own. What a server doing this work on this schema costs at the least; `intake.mjs` loads it in the
// same run as Rådhus and the limit server.
//
//   node bench/intake-floor-server.mjs --port 3314 --db /path/to/radhus.db [--without search,job] [--drop-indexes]
//
//   POST /inquiries   JSON body -> one intake -> 201 {"id", "reference"}
//   GET  /            -> 200 "ok"
import http from 'node:http'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { intakeWrites, partsLeftOut } from './intake-writes.mjs'
import { numberOption, option } from './lib.mjs'

const file = option('--db')
const db = new Database(file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.pragma('foreign_keys = ON')
db.pragma('mmap_size = 268435456')
db.pragma('wal_autocheckpoint = 20000')
// PASSIVE checkpoints every 250 ms in a thread of their own, as Rådhus' db/checkpointer.ts.
const checkpointer = new Worker(
  `const { workerData } = require('node:worker_threads')
  const db = new (require(workerData.driver))(workerData.file)
  db.pragma('busy_timeout = 0')
  setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)') } catch {} }, 250)`,
  { eval: true, workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file } },
)
checkpointer.unref()

const { commit } = intakeWrites(db, {
  without: partsLeftOut(option('--without')),
  dropIndexes: process.argv.includes('--drop-indexes'),
})
let waiting = []
function commitWaiting() {
  const replies = waiting
  waiting = []
  const made = commit(replies.length)
  replies.forEach((res, i) => {
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(made[i]))
  })
}

http
  .createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/inquiries') {
      const chunks = []
      req.on('data', (c) => chunks.push(c))
      req.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'))
        if (waiting.length === 0) setImmediate(commitWaiting)
        waiting.push(res)
      })
      return
    }
    if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    res.writeHead(404).end()
  })
  .listen(numberOption('--port', 3314), '127.0.0.1')
