/** SQL for the job queue. */
import { isPostgres } from '../db/dialect.ts'
import type { Executor } from '../db/index.ts'
import { insertRow } from '../db/insert-row.ts'
import type { JobRow, JobTable } from '../db/schema.ts'

export async function insertJob(db: Executor, row: JobTable): Promise<void> {
  await insertRow(db, 'jobs', row, { onConflictDoNothing: ['dedupe_key'] })
}

/**
 * Claim the next due job: a running one whose lease ran out (its process died), else the queued job whose time
 * came first. One UPDATE claims it, so two workers never take the same job; on PostgreSQL SKIP LOCKED lets
 * workers pass each other instead of queueing on the same row. Each candidate is the first row of its own
 * ordered index range: one query for both (an OR) sorted every due job to find the first, which made a backlog
 * of 17,000 receipts drain at about 70 a second.
 */
export async function claimDueJob(db: Executor, now: string, leaseUntil: string): Promise<JobRow | undefined> {
  const postgres = isPostgres(db)
  return db
    .updateTable('jobs')
    .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), locked_until: leaseUntil }))
    .where((eb) => {
      // The first job of one status whose time has come, in run order.
      const first = (status: 'running' | 'queued', time: 'locked_until' | 'run_at', before: '<' | '<=') => {
        const query = eb
          .selectFrom('jobs')
          .select('id')
          .where('status', '=', status)
          .where(time, before, now)
          .orderBy('run_at')
          .limit(1)
        return postgres ? query.forUpdate().skipLocked() : query
      }
      const expired = first('running', 'locked_until', '<')
      const due = first('queued', 'run_at', '<=')
      return eb('id', '=', eb.fn.coalesce(expired, due))
    })
    .returningAll()
    .executeTakeFirst()
}

export const markDone = (db: Executor, id: string, at: string) =>
  db.updateTable('jobs').set({ status: 'done', finished_at: at, locked_until: null }).where('id', '=', id).execute()

export const markRetry = (db: Executor, id: string, runAt: string, error: string) =>
  db
    .updateTable('jobs')
    .set({ status: 'queued', run_at: runAt, locked_until: null, last_error: error })
    .where('id', '=', id)
    .execute()

export const markFailed = (db: Executor, id: string, at: string, error: string) =>
  db
    .updateTable('jobs')
    .set({ status: 'failed', finished_at: at, locked_until: null, last_error: error })
    .where('id', '=', id)
    .execute()

export const findJob = (db: Executor, id: string) =>
  db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst()

export const listJobs = (db: Executor, kind: string) =>
  db.selectFrom('jobs').selectAll().where('kind', '=', kind).orderBy('created_at').execute()
