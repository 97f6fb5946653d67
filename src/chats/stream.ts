/**
 * The public event stream of a live chat (`/{slug}/live/{id}/events`), built to hold thousands of
 * viewers in one process. The kernel's pub/sub (in-process on SQLite, LISTEN/NOTIFY on PostgreSQL) only
 * says "chat X has a new event"; each process then reads the new rows of `chat_events` once and writes
 * the same pre-formatted frame to all its viewers. Events are numbered per chat, so a viewer that
 * reconnects with `Last-Event-ID` (or is served by another process) gets exactly what it missed, in order.
 *
 * Per chat, work is serialised through one promise chain: a viewer's catch-up and the fan-out of new
 * events never interleave, so no viewer sees an event twice or out of order.
 */
import type { ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../db/index.ts'
import type { ChatEventRow } from '../db/tables/chats.ts'
import { lastEventId, openEventStream, subscribe } from '../web/live.ts'
import { chatTopic } from './questions.ts'
import * as store from './store.ts'

interface Viewer {
  res: ServerResponse
  last: number
  /** Caught up with what it missed; until then the fan-out leaves it to its catch-up. */
  ready: boolean
}

interface ChatHub {
  viewers: Set<Viewer>
  chain: Promise<void>
  /** A fan-out is queued and has not started: further notices ride on it. */
  fanOutQueued: boolean
  unsubscribe: () => void
}

const hubs = new Map<string, ChatHub>()

/** One SSE frame per event, formatted once for every viewer. */
const frame = (e: ChatEventRow) => `id: ${e.seq}\nevent: ${e.kind}\ndata: ${e.data}\n\n`

function enqueue(hub: ChatHub, work: () => Promise<void>) {
  hub.chain = hub.chain.then(work).catch(() => {
    // A failed read (database restarting) must not stop the chain; the next event or reconnect catches up.
  })
}

async function catchUp(db: Db, chatId: string, viewer: Viewer) {
  for (;;) {
    const events = await store.eventsAfter(db, chatId, viewer.last)
    for (const e of events) viewer.res.write(frame(e))
    if (events.length) viewer.last = Number(events[events.length - 1]?.seq)
    if (events.length < 1000) return
  }
}

async function fanOut(db: Db, chatId: string, hub: ChatHub) {
  hub.fanOutQueued = false
  if (hub.viewers.size === 0) return
  let from = Number.POSITIVE_INFINITY
  for (const v of hub.viewers) if (v.ready) from = Math.min(from, v.last)
  if (from === Number.POSITIVE_INFINITY) return
  const events = await store.eventsAfter(db, chatId, from)
  for (const e of events) {
    const seq = Number(e.seq)
    const text = frame(e)
    for (const v of hub.viewers) {
      if (v.ready && seq > v.last) {
        v.res.write(text)
        v.last = seq
      }
    }
  }
}

function hubFor(db: Db, municipalityId: string, chatId: string): ChatHub {
  let hub = hubs.get(chatId)
  if (hub) return hub
  const created: ChatHub = { viewers: new Set(), chain: Promise.resolve(), fanOutQueued: false, unsubscribe: () => {} }
  created.unsubscribe = subscribe(municipalityId, chatTopic(chatId), (event) => {
    if (event.kind !== 'published' || created.fanOutQueued) return
    created.fanOutQueued = true
    enqueue(created, () => fanOut(db, chatId, created))
  })
  hubs.set(chatId, created)
  hub = created
  return hub
}

/** Serve one viewer: what it missed since its last event id, then every new event as it is published. */
export function streamChat(db: Db, req: FastifyRequest, reply: FastifyReply, municipalityId: string, chatId: string) {
  const hub = hubFor(db, municipalityId, chatId)
  const viewer: Viewer = { res: reply.raw, last: lastEventId(req), ready: false }
  hub.viewers.add(viewer)
  openEventStream(req, reply, () => {
    hub.viewers.delete(viewer)
    if (hub.viewers.size === 0 && hubs.get(chatId) === hub) {
      // Let go of a chat nobody watches; queued work finishes harmlessly on an empty set.
      hub.unsubscribe()
      hubs.delete(chatId)
    }
  })
  viewer.res.write('retry: 3000\n\n')
  enqueue(hub, async () => {
    if (!hub.viewers.has(viewer)) return
    await catchUp(db, chatId, viewer)
    viewer.ready = true
  })
}

/** How many viewers this process is serving (for the benchmark and health of a big chat). */
export const viewerCount = (chatId?: string) =>
  chatId ? (hubs.get(chatId)?.viewers.size ?? 0) : [...hubs.values()].reduce((n, h) => n + h.viewers.size, 0)
