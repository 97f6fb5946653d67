/**
 * Scale-out: two app processes on one PostgreSQL database, as behind a load balancer. An answer published
 * by one process reaches a viewer connected to the other (LISTEN/NOTIFY says "new event", the viewer's
 * process reads it from `chat_events`). Skipped without TEST_DATABASE_URL: SQLite is one process by design.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { MunicipalityRow } from '../db/schema.ts'
import { seedDemo } from '../demo/seed.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { DK } from '../testing/app.ts'
import { createTestDatabase, type TestDatabase } from '../testing/db.ts'
import * as service from './service.ts'
import { openSse, type SseClient } from './testing/sse.ts'
import { seedChat } from './testing.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

interface AppProcess {
  child: ChildProcessWithoutNullStreams
  output: () => string
  printed: (pattern: RegExp) => Promise<RegExpMatchArray>
}

function startApp(database: TestDatabase): AppProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/chats/testing/server.ts', database.url, database.schema ?? '-'],
    { cwd: ROOT },
  )
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  const printed = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const deadline = Date.now() + 60_000
      const check = () => {
        const match = out.match(pattern)
        if (match) return resolve(match)
        if (child.exitCode !== null || Date.now() > deadline) return reject(new Error(`app process: ${out}`))
        setTimeout(check, 20)
      }
      check()
    })
  return { child, output: () => out, printed }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('live chat on two app processes [postgres]', () => {
  const processes: AppProcess[] = []
  const clients: SseClient[] = []
  let database: TestDatabase | undefined

  afterAll(async () => {
    for (const c of clients) c.close()
    for (const p of processes) p.child.kill('SIGTERM')
    await database?.cleanup()
  })

  it('an answer published on one process reaches an SSE viewer on the other', { timeout: 120_000 }, async () => {
    database = await createTestDatabase('postgres')
    const { db } = database
    await seedDemo(db)
    const dk = (await findMunicipalityBySlug(db, DK.slug)) as MunicipalityRow
    const world = await seedChat(db, dk, DK)
    const pia = world.politicians[0] as service.StaffActor
    const q = await service.askQuestion(db, { municipality: dk, mailDomain: 'x.test' }, world.chat, {
      name: 'Eva',
      email: '',
      question: 'Når svaret frem til den anden proces?',
    })
    await service.assignQuestion(db, world.chat, world.moderator, q.id, { politicianId: pia.id, version: 1 })

    const [a, b] = [startApp(database), startApp(database)] as [AppProcess, AppProcess]
    processes.push(a, b)
    const [portA, portB] = [(await a.printed(/^port (\d+)$/m))[1], (await b.printed(/^port (\d+)$/m))[1]]
    expect(portA).not.toBe(portB)

    const viewer = await openSse(`http://127.0.0.1:${portB}`, `/${DK.slug}/live/${world.chat.id}/events`)
    clients.push(viewer)
    // Let the viewer's catch-up finish so the pair arrives live, not as backlog.
    await new Promise((r) => setTimeout(r, 300))
    a.child.stdin.write(`publish ${world.chat.id} ${q.id} ${pia.id} Ja, via LISTEN og NOTIFY.\n`)
    await a.printed(/^(published|failed) .*$/m)
    expect(a.output()).toContain('published 1')
    await viewer.waitFor(1)
    expect(viewer.frames.map((f) => [f.id, f.event, JSON.parse(f.data).answer])).toEqual([
      ['1', 'pair', 'Ja, via LISTEN og NOTIFY.'],
    ])
  })
})
