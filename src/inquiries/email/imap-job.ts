/**
 * IMAP polling: a municipality's mailbox is read by a job in the job queue, which schedules its own
 * next run. Unseen messages are fetched one by one, handed to `ingestRawMail`, and flagged \Seen only
 * after they are committed; a crash in between fetches the message again, and its dedupe key makes
 * that harmless. Runs are aligned to slots of the poll interval and keyed by slot, so saving the
 * settings twice (or two processes) never starts two chains.
 */
import { ImapFlow } from 'imapflow'
import { type Config, loadConfig } from '../../config.ts'
import type { Db, Executor } from '../../db/index.ts'
import type { EmailSettingsRow } from '../../db/schema.ts'
import { enqueue, type JobHandler } from '../../jobs/service.ts'
import { ingestRawMail } from './ingest.ts'
import { open } from './secret-box.ts'
import * as store from './store.ts'

export const IMAP_POLL_JOB = 'email.imap.poll'
const DEFAULT_MINUTES = 5

export interface ImapPollPayload {
  municipalityId: string
}

/** The part of imapflow's client that polling uses, so a test can stand in for a server. */
export type MailboxClient = Pick<
  ImapFlow,
  'connect' | 'getMailboxLock' | 'search' | 'fetchOne' | 'messageFlagsAdd' | 'logout'
>

/** Queue the poll of the slot that contains `at` (now: it runs at once). */
export async function scheduleImapPoll(db: Executor, municipalityId: string, at: Date, minutes = DEFAULT_MINUTES) {
  const interval = Math.max(1, minutes) * 60_000
  const slot = Math.floor(at.getTime() / interval)
  await enqueue(db, {
    kind: IMAP_POLL_JOB,
    payload: { municipalityId } satisfies ImapPollPayload,
    municipalityId,
    runAt: new Date(Math.max(slot * interval, Date.now())),
    dedupeKey: `${IMAP_POLL_JOB}:${municipalityId}:${minutes}m:${slot}`,
    // A failed poll is not retried: the next slot polls again, and the failure stays visible on the job.
    maxAttempts: 1,
  })
}

/**
 * Fetch the mailbox's unseen messages and deliver each; returns how many were delivered.
 * @example await fetchNewMail(new ImapFlow({ host, port, secure, auth }), 'INBOX', (raw) => ingest(raw))
 */
export async function fetchNewMail(
  client: MailboxClient,
  mailbox: string,
  deliver: (raw: Buffer) => Promise<unknown>,
): Promise<number> {
  await client.connect()
  let delivered = 0
  try {
    const lock = await client.getMailboxLock(mailbox)
    try {
      const uids = (await client.search({ seen: false }, { uid: true })) || []
      for (const uid of uids) {
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true })
        const source = message ? message.source : undefined
        if (!source) continue
        await deliver(source)
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true })
        delivered++
      }
    } finally {
      lock.release()
    }
  } finally {
    await client.logout()
  }
  return delivered
}

const imapClient = (settings: EmailSettingsRow, password: string): MailboxClient =>
  new ImapFlow({
    host: settings.imap_host ?? '',
    port: settings.imap_port ?? 993,
    secure: settings.imap_secure === 1,
    auth: { user: settings.imap_user ?? '', pass: password },
    logger: false,
  })

/** The job handler; the configuration and the client are injectable for tests. */
export function imapPollHandler(options: {
  config: () => Config
  client?: (settings: EmailSettingsRow, password: string) => MailboxClient
}): JobHandler<ImapPollPayload> {
  return async ({ db, payload }) => {
    const settings = await store.findSettings(db, payload.municipalityId)
    // Switched off (or never on): the chain ends here.
    if (!settings?.imap_enabled) return
    const config = options.config()
    const minutes = settings.imap_poll_minutes ?? DEFAULT_MINUTES
    try {
      const password = settings.imap_password ? open(settings.imap_password, config.secret) : undefined
      if (password === undefined)
        throw new Error('The IMAP password cannot be read: save it again in the e-mail settings.')
      await fetchNewMail((options.client ?? imapClient)(settings, password), settings.imap_mailbox ?? 'INBOX', (raw) =>
        ingestRawMail(db as Db, config, raw, { source: 'imap', municipalityId: payload.municipalityId }),
      )
    } finally {
      await scheduleImapPoll(db, payload.municipalityId, new Date(Date.now() + minutes * 60_000), minutes)
    }
  }
}

let configured: Config | undefined
export const imapPollJob = imapPollHandler({
  config: () => {
    configured ??= loadConfig()
    return configured
  },
})
