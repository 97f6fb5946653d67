/**
 * IMAP polling without an IMAP server (none runs in the tests): a stand-in with imapflow's method
 * shapes proves the fetch-to-ingest mapping: unseen messages are ingested, flagged \Seen only after
 * they are committed, fetched twice they make one entry, and the job schedules its next run.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Db } from '../../db/index.ts'
import type { MunicipalityRow } from '../../db/schema.ts'
import { runDueJobs } from '../../jobs/service.ts'
import { SYSTEM } from '../../journal/service.ts'
import { fixture } from '../../mail/inbound/fixture-world.ts'
import { forEachDialect } from '../../testing/db.ts'
import { seededWorld } from '../testing.ts'
import { IMAP_POLL_JOB, imapPollHandler, type MailboxClient } from './imap-job.ts'
import { open, seal } from './secret-box.ts'
import { saveSettings } from './settings.ts'
import { BLANK_SETTINGS } from './testing.ts'

/** A mailbox holding raw messages by UID, recording what the poller does to it. */
function fakeMailbox(messages: Map<number, Buffer>, seen: Set<number>, calls: string[]): MailboxClient {
  const client = {
    async connect() {
      calls.push('connect')
    },
    async getMailboxLock(path: string) {
      calls.push(`lock ${path}`)
      return { path, release: () => calls.push('release') }
    },
    async search() {
      return [...messages.keys()].filter((uid) => !seen.has(uid))
    },
    async fetchOne(uid: string) {
      calls.push(`fetch ${uid}`)
      return { seq: Number(uid), uid: Number(uid), source: messages.get(Number(uid)) }
    },
    async messageFlagsAdd(uid: string, flags: string[]) {
      calls.push(`flag ${uid} ${flags.join(' ')}`)
      seen.add(Number(uid))
      return true
    },
    async logout() {
      calls.push('logout')
    },
  }
  return client as unknown as MailboxClient
}

forEachDialect('IMAP polling', (current) => {
  let app: FastifyInstance
  let db: Db
  let dk: MunicipalityRow

  beforeAll(async () => {
    db = current().db
    ;({ app, dk } = await seededWorld(db, { RATE_LIMITS: 'off' }))
  })
  afterAll(() => app.close())

  it('ingests unseen mail for the mailbox’s municipality, marks it seen, and schedules the next poll', async () => {
    await saveSettings(db, app.config, SYSTEM, dk, {
      ...BLANK_SETTINGS,
      imapEnabled: true,
      imapHost: 'imap.kommune.example',
      imapUser: 'borgerservice',
      imapPassword: 'kodeord',
      imapMailbox: 'Borgerservice',
    })
    const messages = new Map([
      [7, fixture('04-iso-8859-1.eml')],
      [8, fixture('05-windows-1252.eml')],
    ])
    const seen = new Set<number>()
    const calls: string[] = []
    const passwords: string[] = []
    const handler = imapPollHandler({
      config: () => app.config,
      client: (_settings, password) => {
        passwords.push(password)
        return fakeMailbox(messages, seen, calls)
      },
    })
    await runDueJobs(db, { [IMAP_POLL_JOB]: handler })
    expect(passwords).toEqual(['kodeord'])
    expect(calls).toEqual([
      'connect',
      'lock Borgerservice',
      'fetch 7',
      'flag 7 \\Seen',
      'fetch 8',
      'flag 8 \\Seen',
      'release',
      'logout',
    ])
    const rows = await db
      .selectFrom('inbound_mails')
      .selectAll()
      .where('source', '=', 'imap')
      .orderBy('dedupe_key')
      .execute()
    expect(rows.map((r) => [r.dedupe_key, r.outcome, r.municipality_id])).toEqual([
      ['<cp1252-0005@example.se>', 'created', dk.id],
      ['<latin1-0004@example.org>', 'created', dk.id],
    ])
    const queued = await db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', IMAP_POLL_JOB)
      .where('status', '=', 'queued')
      .execute()
    expect(queued).toHaveLength(1)
    expect(new Date(queued[0]?.run_at as string).getTime()).toBeGreaterThan(Date.now())

    // A re-sync that shows the same message again changes nothing.
    seen.delete(7)
    await db
      .updateTable('jobs')
      .set({ run_at: new Date(0).toISOString() })
      .where('status', '=', 'queued')
      .execute()
    await runDueJobs(db, { [IMAP_POLL_JOB]: handler })
    expect(await db.selectFrom('inbound_mails').select('id').where('source', '=', 'imap').execute()).toHaveLength(2)
  })

  it('seals passwords so that only the same secret opens them', () => {
    const sealed = seal('kodeord', app.config.secret)
    expect(sealed).not.toContain('kodeord')
    expect(open(sealed, app.config.secret)).toBe('kodeord')
    expect(open(sealed, 'another-secret-another-secret-1234')).toBeUndefined()
    expect(open(`${sealed.slice(0, -2)}xx`, app.config.secret)).toBeUndefined()
  })
})
