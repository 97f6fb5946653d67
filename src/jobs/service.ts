/**
 * The job queue: background work stored in the database, so it survives a restart and needs no
 * extra server. Enqueue inside the transaction that makes the change (an answer and the job that
 * mails it commit together); a worker in each app process runs due jobs with retries and back-off.
 * Delivery is at least once: a handler must be safe to run again after a crash mid-way.
 */
import { performance } from 'node:perf_hooks'
import type { Executor } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { JobRow } from '../db/schema.ts'
import { eventLoopLoad, type LoadMeter } from './load.ts'
import * as store from './store.ts'

export interface EnqueueOptions {
  kind: string
  payload: unknown
  municipalityId?: string | null
  /** Earliest time to run; now when omitted. */
  runAt?: Date
  /** A second enqueue with the same key is ignored (e.g. one digest per queue per day). */
  dedupeKey?: string
  maxAttempts?: number
}

/**
 * Queue a job, in the caller's transaction when given one.
 * @example await enqueue(trx, { kind: 'mail.send', payload: { messageId }, municipalityId })
 */
export async function enqueue(db: Executor, options: EnqueueOptions): Promise<string> {
  const id = newId()
  await store.insertJob(db, {
    id,
    municipality_id: options.municipalityId ?? null,
    kind: options.kind,
    payload: JSON.stringify(options.payload ?? null),
    status: 'queued',
    run_at: (options.runAt ?? new Date()).toISOString(),
    attempts: 0,
    max_attempts: options.maxAttempts ?? 8,
    locked_until: null,
    last_error: null,
    dedupe_key: options.dedupeKey ?? null,
    created_at: nowIso(),
    finished_at: null,
  })
  return id
}

export interface JobContext<P> {
  db: Executor
  job: JobRow
  payload: P
}
export type JobHandler<P = unknown> = (context: JobContext<P>) => Promise<void>
export type JobHandlers = Record<string, JobHandler<never>>

/** Exponential back-off: 30 s, 1 min, 2 min, … capped at 1 hour, with ±20 % jitter so retries spread out. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000)
  return Math.round(base * (0.8 + 0.4 * random()))
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2000)

/** Claim and run one due job; returns false when none was due. */
export async function runOneJob(
  db: Executor,
  handlers: JobHandlers,
  options: { now?: Date; leaseMs?: number } = {},
): Promise<boolean> {
  const now = options.now ?? new Date()
  const job = await store.claimDueJob(
    db,
    now.toISOString(),
    new Date(now.getTime() + (options.leaseMs ?? 120_000)).toISOString(),
  )
  if (!job) return false
  const handler = handlers[job.kind] as JobHandler | undefined
  if (!handler) {
    await store.markFailed(db, job.id, nowIso(), `no handler for job kind ${job.kind}`)
    return true
  }
  try {
    await handler({ db, job, payload: JSON.parse(job.payload) })
    await store.markDone(db, job.id, nowIso())
  } catch (error) {
    if (job.attempts >= job.max_attempts) await store.markFailed(db, job.id, nowIso(), errorText(error))
    else
      await store.markRetry(
        db,
        job.id,
        new Date(now.getTime() + backoffMs(job.attempts)).toISOString(),
        errorText(error),
      )
  }
  return true
}

/** Run every job that is due now (tests and the CLI use this; the server runs a worker). */
export async function runDueJobs(db: Executor, handlers: JobHandlers, options: { now?: Date } = {}): Promise<number> {
  let count = 0
  while (await runOneJob(db, handlers, options)) count++
  return count
}

export interface Worker {
  stop: () => Promise<void>
}

export interface WorkerOptions {
  /** How long to wait when no job is due. Default 1 s. */
  pollMs?: number
  onError?: (error: unknown) => void
  /** The event loop's utilization by other work (0–1) above which the worker paces itself. Default 0.5. */
  busyUtilization?: number
  /** While the loop is busy, at most one job per this many milliseconds. Default 100. */
  busyIntervalMs?: number
  /** The window the utilization is measured over. Default 200 ms. */
  loadWindowMs?: number
  /** Tests: the load, a clock in milliseconds and a sleep, in place of the event loop's and the timers'. */
  load?: LoadMeter
  clock?: () => number
  sleep?: (ms: number) => Promise<void>
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Poll for due jobs until stopped; an error in the loop is logged and the loop goes on.
 *
 * The worker shares the web server's thread. Background work (receipts, digests, notifications) is durable
 * in the database, so during a burst of requests it can wait; the requests are what a citizen is waiting
 * for. So while the event loop is busy with other work (above `busyUtilization` over the last window), the
 * worker runs at most one job per `busyIntervalMs`: mail still flows at that minimum rate through a long
 * burst and never starves. Otherwise it runs jobs back to back, letting the loop turn between two jobs so
 * requests that arrived meanwhile are not held up behind a queue of them.
 * @example const worker = startWorker(db, JOB_HANDLERS, { onError: (e) => log.error(e) }); await worker.stop()
 */
export function startWorker(db: Executor, handlers: JobHandlers, options: WorkerOptions = {}): Worker {
  const busyUtilization = options.busyUtilization ?? 0.5
  const busyIntervalMs = options.busyIntervalMs ?? 100
  const load = options.load ?? eventLoopLoad(options.loadWindowMs ?? 200)
  const clock = options.clock ?? (() => performance.now())
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()))
  let running = true
  let wake: () => void = () => {}
  const stopped = new Promise<void>((resolve) => {
    wake = resolve
  })
  const pause = (ms: number) => Promise.race([sleep(ms), stopped])
  const loop = (async () => {
    while (running) {
      const started = clock()
      let worked = false
      try {
        worked = await load.measure(() => runOneJob(db, handlers))
      } catch (error) {
        options.onError?.(error)
      }
      if (!running) break
      if (!worked) await pause(options.pollMs ?? 1000)
      else if (load.utilization() > busyUtilization) await pause(Math.max(0, started + busyIntervalMs - clock()))
      else await nextTurn()
    }
  })()
  return {
    stop: async () => {
      running = false
      wake()
      await loop
    },
  }
}

export const findJob = store.findJob
export const listJobs = store.listJobs
