/**
 * The daily digest: at 07:00 in the municipality's time zone, on business days, each queue's staff get one
 * e-mail listing what is overdue, due today and due on the next business day (references, topics, due
 * dates; never a citizen's name or words). Department queues go to the department's address, the contact
 * centre's to the municipality's agents.
 *
 * Scheduling is a chain of small `inquiries.digest.schedule` jobs, one per municipality and local day,
 * each enqueuing that day's digest (on business days) and the next day's schedule. Dedupe keys make every
 * link unique, so restarts and several processes never send a day's digest twice.
 */

import { endOfLocalDay, isBusinessDay, type LocalDate, localDate } from '../../calendar/business-days.ts'
import { loadConfig } from '../../config.ts'
import type { Executor } from '../../db/index.ts'
import type { Language, MunicipalityRow } from '../../db/schema.ts'
import { translator } from '../../i18n/index.ts'
import { listStaff } from '../../identity/service.ts'
import type { JobHandler } from '../../jobs/service.ts'
import { enqueue } from '../../jobs/service.ts'
import { listEntries, record, SYSTEM } from '../../journal/service.ts'
import { inTransaction, type MailAddress, municipalitySender, queueMail } from '../../mail/outbox/service.ts'
import {
  departmentName,
  findMunicipalityById,
  listDepartments,
  listMunicipalities,
} from '../../municipalities/service.ts'
import { formatDueDate } from '../format.ts'
import { type DueInquiry, listDueBy } from './digest-store.ts'

export const DIGEST_JOB = 'inquiries.digest'
export const DIGEST_SCHEDULE_JOB = 'inquiries.digest.schedule'
/** The local hour the digest goes out. */
export const DIGEST_HOUR = 7

export interface DigestPayload {
  municipalityId: string
  date: LocalDate
}

export function nextDate(date: LocalDate): LocalDate {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

const previousDate = (date: LocalDate): LocalDate => {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}

/** The instant a local date reaches `hour` o'clock in a time zone (corrected on the days clocks change). */
export function localHourInstant(date: LocalDate, hour: number, timeZone: string): Date {
  const midnight = endOfLocalDay(previousDate(date), timeZone).getTime()
  const guess = new Date(midnight + hour * 3_600_000)
  const shown = Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(guess))
  return new Date(guess.getTime() + (hour - shown) * 3_600_000)
}

const scheduleKey = (p: DigestPayload) => `${DIGEST_SCHEDULE_JOB}:${p.municipalityId}:${p.date}`
const digestKey = (p: DigestPayload) => `${DIGEST_JOB}:${p.municipalityId}:${p.date}`

async function enqueueSchedule(db: Executor, payload: DigestPayload, timeZone: string): Promise<void> {
  await enqueue(db, {
    kind: DIGEST_SCHEDULE_JOB,
    payload,
    municipalityId: payload.municipalityId,
    runAt: localHourInstant(payload.date, DIGEST_HOUR, timeZone),
    dedupeKey: scheduleKey(payload),
  })
}

/**
 * Start every municipality's chain at today's 07:00 (already past: it runs at once, unless today's digest
 * was scheduled before), and the hourly sweep that does the same again, so a municipality created while the
 * server runs gets its chain within the hour instead of at the next restart. Called when the server
 * starts; safe to call any number of times (dedupe keys).
 * @example await scheduleDigests(db) // after startWorker(...)
 */
export async function scheduleDigests(db: Executor, now = new Date()): Promise<void> {
  for (const municipality of await listMunicipalities(db)) {
    const date = localDate(now, municipality.time_zone)
    await enqueueSchedule(db, { municipalityId: municipality.id, date }, municipality.time_zone)
  }
  await enqueueSweep(db, now)
}

const SWEEP_MS = 3_600_000

/** The sweep rides on the schedule job's kind (no payload date): `{ sweep: true }`. */
export interface SweepPayload {
  sweep: true
}

/** The next sweep, at the next whole hour after `now`. */
async function enqueueSweep(db: Executor, now: Date): Promise<void> {
  const runAt = new Date((Math.floor(now.getTime() / SWEEP_MS) + 1) * SWEEP_MS)
  await enqueue(db, {
    kind: DIGEST_SCHEDULE_JOB,
    payload: { sweep: true } satisfies SweepPayload,
    runAt,
    dedupeKey: `${DIGEST_SCHEDULE_JOB}:sweep:${runAt.toISOString()}`,
  })
}

/**
 * `inquiries.digest.schedule`: enqueue the day's digest on a business day, and tomorrow's schedule; or, for
 * the hourly sweep, start the chain of every municipality that has none (as of the sweep's own hour).
 */
export const scheduleDigestJob: JobHandler<DigestPayload | SweepPayload> = async ({ db, job, payload }) => {
  if ('sweep' in payload) {
    await scheduleDigests(db, new Date(job.run_at))
    return
  }
  const municipality = await findMunicipalityById(db, payload.municipalityId)
  if (!municipality) return
  await inTransaction(db, async (trx) => {
    if (isBusinessDay(payload.date, municipality.country)) {
      await enqueue(trx, {
        kind: DIGEST_JOB,
        payload,
        municipalityId: municipality.id,
        runAt: localHourInstant(payload.date, DIGEST_HOUR, municipality.time_zone),
        dedupeKey: digestKey(payload),
      })
    }
    await enqueueSchedule(trx, { ...payload, date: nextDate(payload.date) }, municipality.time_zone)
  })
}

export interface DigestSections {
  overdue: DueInquiry[]
  today: DueInquiry[]
  next: DueInquiry[]
  /** The next business day after the digest's date. */
  nextDate: LocalDate
}

function nextBusinessDay(date: LocalDate, country: MunicipalityRow['country']): LocalDate {
  let day = nextDate(date)
  while (!isBusinessDay(day, country)) day = nextDate(day)
  return day
}

/** Split what is due by the end of the next business day into overdue, due today and due next. */
function sections(rows: readonly DueInquiry[], municipality: MunicipalityRow, date: LocalDate): DigestSections {
  const startOfToday = endOfLocalDay(previousDate(date), municipality.time_zone).toISOString()
  const endOfToday = endOfLocalDay(date, municipality.time_zone).toISOString()
  return {
    overdue: rows.filter((r) => r.due_at <= startOfToday),
    today: rows.filter((r) => r.due_at > startOfToday && r.due_at <= endOfToday),
    next: rows.filter((r) => r.due_at > endOfToday),
    nextDate: nextBusinessDay(date, municipality.country),
  }
}

const topicIn = (row: DueInquiry, language: Language) =>
  ({ da: row.name_da, sv: row.name_sv, en: row.name_en })[language] ?? '—'

/** The digest's subject and text for one queue, in the municipality's language. */
export function composeDigest(
  municipality: MunicipalityRow,
  queueName: string,
  date: LocalDate,
  digest: DigestSections,
): { subject: string; text: string } {
  const language = municipality.default_language
  const t = translator(language)
  const line = (r: DueInquiry) =>
    `- ${r.reference} · ${topicIn(r, language)} · ${t('routing.digest.due', { date: formatDueDate(r.due_at, language, municipality.time_zone) })}`
  const block = (heading: string, rows: DueInquiry[]) => (rows.length ? [heading, ...rows.map(line), ''] : [])
  const day = (d: LocalDate) =>
    formatDueDate(endOfLocalDay(d, municipality.time_zone).toISOString(), language, municipality.time_zone)
  const nextHeading = t('routing.digest.next', { date: day(digest.nextDate) })
  const count = digest.overdue.length + digest.today.length + digest.next.length
  const text = [
    t('routing.digest.intro', { queue: queueName, date: day(date) }),
    '',
    ...block(t('routing.digest.overdue', { count: digest.overdue.length }), digest.overdue),
    ...block(t('routing.digest.today', { count: digest.today.length }), digest.today),
    ...block(nextHeading, digest.next),
    t('routing.digest.outro'),
    municipality.name,
  ].join('\n')
  return { subject: t('routing.digest.subject', { queue: queueName, count }), text }
}

interface Queue {
  id: string | null
  name: string
  recipients: MailAddress[]
}

async function queuesOf(db: Executor, municipality: MunicipalityRow): Promise<Queue[]> {
  const language = municipality.default_language
  const departments = await listDepartments(db, municipality.id)
  const agents = (await listStaff(db as Parameters<typeof listStaff>[0], municipality.id)).filter(
    (p) => !p.disabled && p.roles.includes('agent'),
  )
  return [
    {
      id: null,
      name: translator(language)('routing.queue.contact_centre'),
      recipients: agents.map((a) => ({ address: a.email, name: a.name })),
    },
    ...departments.map((d) => ({
      id: d.id,
      name: departmentName(d, language),
      recipients: [{ address: d.email, name: departmentName(d, language) }],
    })),
  ]
}

const DIGEST_SUBJECT = 'inquiry_digest'

/**
 * `inquiries.digest`: queue the day's digests, one transaction, journaled as `inquiry.digest.sent` for the
 * municipality and date; a second run of the same day (the queue delivers at least once) sends nothing.
 */
export function digestJob(mailDomain: () => string): JobHandler<DigestPayload> {
  return async ({ db, payload }) => {
    const municipality = await findMunicipalityById(db, payload.municipalityId)
    if (!municipality) return
    const subjectId = `${municipality.id}:${payload.date}`
    const dueBy = endOfLocalDay(nextBusinessDay(payload.date, municipality.country), municipality.time_zone)
    const rows = await listDueBy(db, municipality.id, dueBy.toISOString())
    const queues = await queuesOf(db, municipality)
    await inTransaction(db, async (trx) => {
      const done = await listEntries(
        trx,
        municipality.id,
        { subjectType: DIGEST_SUBJECT, subjectId },
        { limit: 1, offset: 0 },
      )
      if (done.total > 0) return
      let mails = 0
      for (const queue of queues) {
        const digest = sections(
          rows.filter((r) => r.department_id === queue.id),
          municipality,
          payload.date,
        )
        if (digest.overdue.length + digest.today.length + digest.next.length === 0) continue
        const { subject, text } = composeDigest(municipality, queue.name, payload.date, digest)
        for (const to of queue.recipients) {
          await queueMail(trx, {
            municipalityId: municipality.id,
            to,
            from: municipalitySender(municipality, mailDomain()),
            subject,
            text,
            regarding: { type: DIGEST_SUBJECT, id: subjectId },
            purpose: 'inquiry.digest',
            autoSubmitted: 'auto-generated',
          })
          mails++
        }
      }
      await record(trx, {
        municipalityId: municipality.id,
        actor: SYSTEM,
        action: 'inquiry.digest.sent',
        subject: { type: DIGEST_SUBJECT, id: subjectId },
        summary: `Daily digest of ${payload.date}: ${rows.length} inquiries due, ${mails} e-mails`,
      })
    })
  }
}

let configuredDomain: string | undefined
/** The digest as the server's worker runs it, with the mail domain the server was started with. */
export const configuredDigestJob = digestJob(() => {
  configuredDomain ??= loadConfig().mailDomain
  return configuredDomain
})
