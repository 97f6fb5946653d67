/**
 * Live updates for open pages (Server-Sent Events). A service publishes a change *after* its
 * transaction commits; every app process hears it: on PostgreSQL through NOTIFY/LISTEN (several
 * processes may share the database), on SQLite within the one process that owns the file.
 * Events carry ids only, never personal data: a page re-fetches what it is allowed to see.
 */
import { EventEmitter } from 'node:events'
import type { ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import type { Db } from '../db/index.ts'

export interface LiveEvent {
  municipalityId: string
  /** What changed, e.g. 'inquiries'; a page subscribes to the topics it shows. */
  topic: string
  id?: string
  /** A short, non-personal verb: 'received', 'routed', 'answered' ... */
  kind?: string
}

const CHANNEL = 'radhus_live'
const emitter = new EventEmitter()
emitter.setMaxListeners(0)

/** Publish a change to every process; call after the change's transaction has committed. */
export async function publish(db: Db, event: LiveEvent): Promise<void> {
  if (db.dialectName === 'postgres') {
    await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`.execute(db)
    return
  }
  emitter.emit('event', event)
}

/** Listen for changes in one municipality; returns the function that stops listening. */
export function subscribe(municipalityId: string, topic: string, listener: (event: LiveEvent) => void): () => void {
  const handler = (event: LiveEvent) => {
    if (event.municipalityId === municipalityId && event.topic === topic) listener(event)
  }
  emitter.on('event', handler)
  return () => emitter.off('event', handler)
}

/**
 * On PostgreSQL, hold one LISTEN connection per process and re-emit what arrives locally.
 * Returns a stop function; on SQLite there is nothing to listen to.
 */
export async function startLiveListener(
  db: Db,
  connectionString: string,
  schema?: string,
): Promise<() => Promise<void>> {
  if (db.dialectName !== 'postgres') return async () => {}
  const client = new pg.Client({ connectionString, ...(schema ? { options: `-c search_path=${schema}` } : {}) })
  client.on('error', () => {})
  await client.connect()
  client.on('notification', (message) => {
    if (message.channel !== CHANNEL || !message.payload) return
    try {
      emitter.emit('event', JSON.parse(message.payload) as LiveEvent)
    } catch {
      // A malformed payload cannot come from us; ignore it rather than crash the listener.
    }
  })
  await client.query(`LISTEN ${CHANNEL}`)
  return async () => {
    await client.end().catch(() => {})
  }
}

/**
 * Open a Server-Sent Events response and hand back the raw stream: headers, a comment every 25 s that
 * keeps proxies from closing it, and `onClose` once the client goes. Resumable streams write `id:` lines
 * and read `lastEventId` on reconnect.
 */
export function openEventStream(req: FastifyRequest, reply: FastifyReply, onClose: () => void): ServerResponse {
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  res.write(': connected\n\n')
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000)
  keepAlive.unref()
  req.raw.on('close', () => {
    clearInterval(keepAlive)
    onClose()
  })
  return res
}

/**
 * The last event id a client has seen: the `Last-Event-ID` an EventSource sends when it reconnects,
 * else the page's own `?after=` (the newest event it was rendered with); 0 when neither is a whole number.
 */
export function lastEventId(req: FastifyRequest): number {
  const header = req.headers['last-event-id']
  const query = (req.query as Record<string, unknown> | undefined)?.after
  for (const value of [header, query]) {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
    if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim())) return Number(value.trim())
  }
  return 0
}

/**
 * Turn a request into an SSE stream of one municipality's events on a topic. The page's htmx
 * (sse extension) or a small script reacts to `event: <topic>`; a comment every 25 s keeps proxies open.
 */
export function streamEvents(req: FastifyRequest, reply: FastifyReply, municipalityId: string, topic: string): void {
  let unsubscribe = () => {}
  const res = openEventStream(req, reply, () => unsubscribe())
  unsubscribe = subscribe(municipalityId, topic, (event) => {
    res.write(`event: ${topic}\ndata: ${JSON.stringify({ id: event.id, kind: event.kind })}\n\n`)
  })
}
