/** Test helpers for the board: read what the outbox holds for an address, follow a citizen's link, run due jobs. */
import { simpleParser } from 'mailparser'
import type { Db } from '../db/index.ts'
import { freshAddress } from '../inquiries/testing.ts'
import { JOB_HANDLERS } from '../jobs/registry.ts'
import { runOneJob } from '../jobs/service.ts'
import { TestBrowser } from '../testing/app.ts'

export interface SentMail {
  purpose: string
  subject: string
  text: string
  /** Each header's value as sent (unfolded), by its lower-case name. */
  headers: Record<string, string>
}

/** Mail queued for an address, oldest first, decoded as the recipient reads it. */
export async function mailsTo(db: Db, address: string): Promise<SentMail[]> {
  const rows = await db
    .selectFrom('mail_outbox as o')
    .innerJoin('documents as d', (join) =>
      join.onRef('d.hash', '=', 'o.document_hash').onRef('d.municipality_id', '=', 'o.municipality_id'),
    )
    .select(['o.purpose', 'o.subject_line', 'd.body'])
    .where('o.to_address', '=', address)
    .orderBy('o.queued_at')
    .orderBy('o.id')
    .execute()
  return Promise.all(
    rows.map(async (r) => {
      const parsed = await simpleParser(Buffer.from(r.body as Uint8Array))
      const headers = Object.fromEntries(
        parsed.headerLines.map(({ key, line }) => [
          key,
          line
            .slice(line.indexOf(':') + 1)
            .replace(/\r?\n\s+/g, ' ')
            .trim(),
        ]),
      )
      return { purpose: r.purpose, subject: r.subject_line, text: parsed.text ?? '', headers }
    }),
  )
}

/** The path of the last one-time link mailed to the address. */
export async function lastLinkTo(db: Db, address: string): Promise<string> {
  const mails = (await mailsTo(db, address)).filter((m) => m.purpose.startsWith('citizen.'))
  const path = mails.at(-1)?.text.match(/https?:\/\/[^/\s]+(\/[a-z0-9-]+\/link\/[A-Za-z0-9_-]+)/)?.[1]
  if (!path) throw new Error(`no link mailed to ${address}`)
  return path
}

/** Open the last link mailed to the address and confirm it, as the citizen does; returns the redirect. */
export async function confirmLink(browser: TestBrowser, db: Db, address: string) {
  const path = await lastLinkTo(db, address)
  await browser.get(path)
  return browser.post(path, {})
}

/** Run every job that is due (the follower e-mails, closing a handed-off question's public inquiry, sending mail). */
export async function runDueJobs(db: Db): Promise<void> {
  for (let i = 0; i < 100 && (await runOneJob(db, JOB_HANDLERS)); i++);
}

/** A browser that posts from a fresh client address each time, so the per-address rate limits count only where a test means them to. */
export class CitizenBrowser extends TestBrowser {
  override post(url: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    return super.post(url, form, { 'x-forwarded-for': freshAddress(), ...headers })
  }
}
